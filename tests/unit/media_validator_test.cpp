// The streaming media validator on the real shared recordings and on
// hand-made headers: every verdict, however the bytes are chunked.
#include "core/media/media_validator.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <iterator>
#include <numbers>
#include <string>

#include "core/crypto/digest.hpp"

using namespace recguard;
using media::MediaExpectation;
using media::MediaFormat;
using media::MediaVerdict;

namespace {

ByteVec shared_file(const std::string& name) {
  std::ifstream in(std::string(RECGUARD_SHARED_MEDIA_DIR) + "/" + name, std::ios::binary);
  REQUIRE(in.good());
  return ByteVec(std::istreambuf_iterator<char>(in), {});
}

MediaVerdict validate(const ByteVec& bytes, MediaExpectation expect = {}, std::size_t chunk_bytes = 0) {
  media::MediaValidator v(std::move(expect));
  if (chunk_bytes == 0) {
    v.feed(ByteView(bytes));
  } else {
    for (std::size_t at = 0; at < bytes.size(); at += chunk_bytes) {
      v.feed(ByteView(bytes).subspan(at, std::min(chunk_bytes, bytes.size() - at)));
    }
  }
  return v.finish();
}

void put_u16(ByteVec& b, std::size_t at, unsigned v) {
  b[at] = static_cast<std::uint8_t>(v & 0xFF);
  b[at + 1] = static_cast<std::uint8_t>(v >> 8);
}

void put_u32(ByteVec& b, std::size_t at, std::uint32_t v) {
  put_u16(b, at, v & 0xFFFF);
  put_u16(b, at + 2, v >> 16);
}

// A 44-byte canonical header with arbitrary fmt fields, then data_bytes of a
// 440 Hz tone's worth of non-zero bytes.
ByteVec custom_wav(unsigned tag, unsigned channels, std::uint32_t rate, unsigned bits, std::uint32_t data_bytes) {
  ByteVec b = media::build_wav_header(MediaFormat::wav_pcm16_8k, 1, data_bytes);
  const unsigned block_align = channels * bits / 8;
  put_u16(b, 20, tag);
  put_u16(b, 22, channels);
  put_u32(b, 24, rate);
  put_u32(b, 28, rate * block_align);
  put_u16(b, 32, block_align);
  put_u16(b, 34, bits);
  for (std::uint32_t i = 0; i < data_bytes; ++i) b.push_back(static_cast<std::uint8_t>((i * 37) & 0xFF));
  return b;
}

// Mono PCM16 at 8 kHz of one sine: amplitude in dBFS (peak), frequency in Hz.
ByteVec sine_wav(double peak_dbfs, double frequency_hz, std::int64_t duration_ms) {
  const std::int64_t frames = duration_ms * 8;
  ByteVec b = media::build_wav_header(MediaFormat::wav_pcm16_8k, 1, static_cast<std::uint32_t>(frames * 2));
  const double amplitude = 32767.0 * std::pow(10.0, peak_dbfs / 20.0);
  for (std::int64_t n = 0; n < frames; ++n) {
    const auto s = static_cast<std::int16_t>(
        std::lround(amplitude * std::sin(2 * std::numbers::pi * frequency_hz * static_cast<double>(n) / 8000.0)));
    const auto u = static_cast<std::uint16_t>(s);
    b.push_back(static_cast<std::uint8_t>(u & 0xFF));
    b.push_back(static_cast<std::uint8_t>(u >> 8));
  }
  return b;
}

// WAVE_FORMAT_EXTENSIBLE mono PCM16 at 8 kHz around the audio of `pcm_file`
// (a canonical 44-byte PCM16 mono file). guid_tail: the sub-format GUID's
// last 14 bytes, the standard KSDATAFORMAT_SUBTYPE_PCM tail unless changed.
ByteVec extensible(const ByteVec& pcm_file, ByteVec guid_tail) {
  const std::uint32_t data_bytes = static_cast<std::uint32_t>(pcm_file.size() - 44);
  ByteVec b{'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'A', 'V', 'E', 'f', 'm', 't', ' ', 40, 0, 0, 0};
  b.resize(20 + 40);
  put_u16(b, 20, 0xFFFE);
  put_u16(b, 22, 1);
  put_u32(b, 24, 8000);
  put_u32(b, 28, 16000);
  put_u16(b, 32, 2);
  put_u16(b, 34, 16);
  put_u16(b, 36, 22);  // cbSize
  put_u16(b, 38, 16);  // valid bits
  put_u32(b, 40, 4);   // channel mask: front centre
  put_u16(b, 44, 1);   // sub-format: PCM
  std::copy(guid_tail.begin(), guid_tail.end(), b.begin() + 46);
  const ByteVec data{'d', 'a', 't', 'a'};
  b.insert(b.end(), data.begin(), data.end());
  b.resize(b.size() + 4);
  put_u32(b, b.size() - 4, data_bytes);
  put_u32(b, 4, static_cast<std::uint32_t>(b.size() - 8 + data_bytes));
  b.insert(b.end(), pcm_file.begin() + 44, pcm_file.end());
  return b;
}

const ByteVec kPcmGuidTail{0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xAA, 0, 0x38, 0x9B, 0x71};

std::string sha256_hex(const ByteVec& b) { return crypto::to_hex(crypto::sha256(ByteView(b))); }

}  // namespace

TEST_CASE("validator verdict for every shared media file", "[media][validator]") {
  SECTION("mono 8 kHz PCM speech is valid") {
    const ByteVec bytes = shared_file("mono_8k_pcm16.wav");
    const auto v = validate(bytes);
    CHECK(v.valid);
    CHECK(v.reason.empty());
    CHECK(v.detail.empty());
    CHECK(v.format == "wav_pcm16_8k");
    CHECK(v.channels == 1);
    CHECK(v.sample_rate == 8000);
    CHECK(v.duration_header_ms == 14177);
    CHECK(v.duration_data_ms == 14177);
    CHECK(v.size_bytes == 226888);
    CHECK(v.sha256_hex == sha256_hex(bytes));
  }
  SECTION("mono 8 kHz u-law speech is valid") {
    const ByteVec bytes = shared_file("mono_8k_ulaw.wav");
    const auto v = validate(bytes);
    CHECK(v.valid);
    CHECK(v.format == "wav_ulaw_8k");
    CHECK(v.duration_data_ms == 14177);
    CHECK(v.sha256_hex == sha256_hex(bytes));
  }
  SECTION("stereo agent/customer speech is valid, though one side starts silent") {
    const auto v = validate(shared_file("stereo_agent_customer_8k_pcm16.wav"));
    CHECK(v.valid);
    CHECK(v.format == "wav_pcm16_8k");
    CHECK(v.channels == 2);
    CHECK(v.duration_data_ms == 14177);
  }
  SECTION("60 s of (dithered) digital silence is silence") {
    const auto v = validate(shared_file("digital_silence_8k_60s.wav"));
    CHECK_FALSE(v.valid);
    CHECK(v.reason == "silence");
    CHECK(v.duration_data_ms == 60000);
    CHECK(v.format == "wav_pcm16_8k");
  }
  SECTION("half a file is truncated") {
    const auto v = validate(shared_file("truncated_half_8k_pcm16.wav"));
    CHECK_FALSE(v.valid);
    CHECK(v.reason == "truncated");
    CHECK(v.detail == "header claims 14.2 s but data holds 7.1 s");
    CHECK(v.duration_header_ms == 14177);
    CHECK(v.duration_data_ms == 7087);
  }
  SECTION("a header with no data is truncated") {
    const auto v = validate(shared_file("header_only_8k_pcm16.wav"));
    CHECK_FALSE(v.valid);
    CHECK(v.reason == "truncated");
    CHECK(v.duration_data_ms == 0);
    CHECK(v.size_bytes == 44);
  }
  SECTION("RIFX magic is a corrupt header") {
    const auto v = validate(shared_file("corrupt_riff_magic.wav"));
    CHECK_FALSE(v.valid);
    CHECK(v.reason == "corrupt_header");
    CHECK(v.format == "unknown");
    CHECK(v.size_bytes == 226888);
  }
  SECTION("an empty file is zero_bytes") {
    const auto v = validate(shared_file("zero_bytes.wav"));
    CHECK_FALSE(v.valid);
    CHECK(v.reason == "zero_bytes");
    CHECK(v.size_bytes == 0);
    CHECK(v.sha256_hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }
}

TEST_CASE("chunked feeding gives the same verdict as one feed", "[media][validator]") {
  for (const char* name :
       {"corrupt_riff_magic.wav", "digital_silence_8k_60s.wav", "header_only_8k_pcm16.wav", "mono_8k_pcm16.wav",
        "mono_8k_ulaw.wav", "stereo_agent_customer_8k_pcm16.wav", "truncated_half_8k_pcm16.wav", "zero_bytes.wav"}) {
    const ByteVec bytes = shared_file(name);
    const auto whole = media::verdict_to_json(validate(bytes));
    for (std::size_t chunk : {std::size_t{1}, std::size_t{7}, std::size_t{64 * 1024}}) {
      INFO(name << " in chunks of " << chunk << " bytes");
      CHECK(media::verdict_to_json(validate(bytes, {}, chunk)) == whole);
    }
  }
}

TEST_CASE("verdict_to_json has one key per verdict field", "[media][validator]") {
  const auto j = media::verdict_to_json(validate(shared_file("mono_8k_ulaw.wav")));
  CHECK(j.size() == 10);
  CHECK(j.at("valid") == true);
  CHECK(j.at("reason") == "");
  CHECK(j.at("detail") == "");
  CHECK(j.at("format") == "wav_ulaw_8k");
  CHECK(j.at("channels") == 1);
  CHECK(j.at("sample_rate") == 8000);
  CHECK(j.at("duration_header_ms") == 14177);
  CHECK(j.at("duration_data_ms") == 14177);
  CHECK(j.at("size_bytes") == 113480);
  CHECK(j.at("sha256_hex").get<std::string>().size() == 64);
}

TEST_CASE("platform expectations: size, SHA-256 and duration", "[media][validator]") {
  const ByteVec bytes = shared_file("mono_8k_pcm16.wav");
  const std::string sha = sha256_hex(bytes);

  SECTION("all right, with an upper-case hash and a duration rounded to whole seconds") {
    std::string upper = sha;
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    CHECK(validate(bytes, {14000, 226888, upper}).valid);
  }
  SECTION("size mismatch") {
    const auto v = validate(bytes, {-1, 226889, ""});
    CHECK(v.reason == "size_mismatch");
    CHECK(v.detail == "platform says 226889 bytes, received 226888");
  }
  SECTION("sha256 mismatch") {
    std::string wrong = sha;
    wrong[0] = wrong[0] == '0' ? '1' : '0';
    CHECK(validate(bytes, {-1, -1, wrong}).reason == "sha256_mismatch");
  }
  SECTION("duration tolerance is 2 s either way") {
    CHECK(validate(bytes, {14177 + 2000, -1, ""}).valid);
    CHECK(validate(bytes, {14177 - 2000, -1, ""}).valid);
    CHECK(validate(bytes, {14177 + 2001, -1, ""}).reason == "duration_mismatch");
    const auto v = validate(bytes, {60000, -1, ""});
    CHECK(v.reason == "duration_mismatch");
    CHECK(v.detail == "platform says 60.0 s but the audio holds 14.2 s");
  }
  SECTION("truncation wins over a size the platform got right") {
    const ByteVec cut = shared_file("truncated_half_8k_pcm16.wav");
    CHECK(validate(cut, {7087, 113444, sha256_hex(cut)}).reason == "truncated");
  }
}

TEST_CASE("only PCM16 and G.711 at 8/16 kHz, mono or stereo, are accepted", "[media][validator]") {
  SECTION("PCM16 at 44.1 kHz") {
    const auto v = validate(custom_wav(1, 1, 44100, 16, 88200));
    CHECK(v.reason == "unsupported_codec");
    CHECK(v.format == "wav_pcm16_44100");
    CHECK(v.sample_rate == 44100);
    CHECK(v.duration_data_ms == 1000);
  }
  SECTION("PCM 24-bit") {
    const auto v = validate(custom_wav(1, 1, 8000, 24, 24000));
    CHECK(v.reason == "unsupported_codec");
    CHECK(v.format == "wav_pcm24_8000");
  }
  SECTION("u-law at 16 kHz") { CHECK(validate(custom_wav(7, 1, 16000, 8, 16000)).reason == "unsupported_codec"); }
  SECTION("IEEE float") {
    const auto v = validate(custom_wav(3, 1, 8000, 32, 32000));
    CHECK(v.reason == "unsupported_codec");
    CHECK(v.format == "wav_float32_8000");
  }
  SECTION("three channels") {
    const auto v = validate(custom_wav(1, 3, 8000, 16, 48000));
    CHECK(v.reason == "unsupported_codec");
    CHECK(v.channels == 3);
  }
  SECTION("PCM16 at 16 kHz and A-law at 8 kHz are accepted") {
    CHECK(validate(custom_wav(1, 1, 16000, 16, 64000)).format == "wav_pcm16_16k");
    CHECK(validate(custom_wav(6, 2, 8000, 8, 32000)).format == "wav_alaw_8k");
  }
}

TEST_CASE("header edge cases", "[media][validator]") {
  const ByteVec mono = shared_file("mono_8k_pcm16.wav");

  SECTION("a header that declares an empty data chunk is truncated (no audio at all)") {
    const ByteVec empty = media::build_wav_header(MediaFormat::wav_pcm16_8k, 1, 0);
    const auto v = validate(empty);
    CHECK(v.reason == "truncated");
    CHECK(v.duration_header_ms == 0);
  }
  SECTION("a file cut inside its header is truncated") {
    const auto v = validate(ByteVec(mono.begin(), mono.begin() + 30));
    CHECK(v.reason == "truncated");
    CHECK(v.format == "unknown");
  }
  SECTION("a few bytes of something else are corrupt, not truncated") {
    CHECK(validate(ByteVec{'O', 'g', 'g', 'S'}).reason == "corrupt_header");
    CHECK(validate(ByteVec{'R', 'I'}).reason == "truncated");
  }
  SECTION("a chunk claiming more than 1 MiB before 'data' is corrupt") {
    ByteVec b(mono.begin(), mono.begin() + 36);
    const ByteVec junk{'J', 'U', 'N', 'K', 0, 0, 0x20, 0};  // 2 MiB
    b.insert(b.end(), junk.begin(), junk.end());
    b.resize(b.size() + 100, 0);
    CHECK(validate(b).reason == "corrupt_header");
  }
  SECTION("LIST chunks before and after the audio change nothing") {
    const ByteVec list{'L', 'I', 'S', 'T', 4, 0, 0, 0, 'I', 'N', 'F', 'O'};
    ByteVec b(mono.begin(), mono.begin() + 36);
    b.insert(b.end(), list.begin(), list.end());
    b.insert(b.end(), mono.begin() + 36, mono.end());
    b.insert(b.end(), list.begin(), list.end());
    const auto v = validate(b, {}, 7);
    CHECK(v.valid);
    CHECK(v.duration_data_ms == 14177);
    CHECK(v.size_bytes == static_cast<std::int64_t>(mono.size() + 24));
  }
}

TEST_CASE("silence and constant-tone heuristics on plain sines", "[media][validator]") {
  // One steady sine is the purest constant tone there is; quiet enough, it is silence.
  SECTION("-70 dBFS is silence") { CHECK(validate(sine_wav(-70, 440, 3000)).reason == "silence"); }
  SECTION("a steady 60 Hz hum at -20 dBFS is constant_tone") {
    const auto v = validate(sine_wav(-20, 60, 5000));
    CHECK(v.reason == "constant_tone");
    CHECK(v.detail.find("steady tone") != std::string::npos);
  }
  SECTION("a steady 1 kHz test tone is constant_tone") {
    CHECK(validate(sine_wav(-12, 1000, 2000)).reason == "constant_tone");
  }
  SECTION("under a second nothing is called steady") { CHECK(validate(sine_wav(-20, 60, 900)).valid); }
  SECTION("a tone that stops halfway is not steady") {
    ByteVec b = sine_wav(-20, 60, 4000);
    std::fill(b.begin() + 44 + 32000, b.end(), 0);
    CHECK(validate(b).valid);
  }
}

TEST_CASE("WAVE_FORMAT_EXTENSIBLE PCM is read through its sub-format", "[media][validator]") {
  const ByteVec mono = shared_file("mono_8k_pcm16.wav");
  const auto v = validate(extensible(mono, kPcmGuidTail), {}, 7);
  CHECK(v.valid);
  CHECK(v.format == "wav_pcm16_8k");
  CHECK(v.duration_data_ms == 14177);
}

TEST_CASE("audio libsndfile refuses to decode is decode_error", "[media][validator]") {
  // The sub-format's tag says PCM but the rest of the GUID is no known
  // format: the header parses, libsndfile will not decode it.
  ByteVec bad_tail = kPcmGuidTail;
  bad_tail[13] = 0x00;
  const auto v = validate(extensible(shared_file("mono_8k_pcm16.wav"), bad_tail));
  CHECK_FALSE(v.valid);
  CHECK(v.reason == "decode_error");
  CHECK(v.detail.find("libsndfile") != std::string::npos);
}
