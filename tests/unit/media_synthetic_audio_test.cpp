// The simulated media server's audio: real WAV bytes that libsndfile reads,
// generated range by range, and judged by the validator like any recording.
#include <sndfile.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstring>
#include <vector>

#include "core/crypto/digest.hpp"
#include "core/media/media_validator.hpp"
#include "mocks/media/synthetic_audio.hpp"
#include "support/sndfile_memory_file.hpp"

using namespace recguard;
using media::MediaFormat;
using mocks::SyntheticContent;
using mocks::SyntheticWav;

namespace {

constexpr MediaFormat kFormats[] = {MediaFormat::wav_pcm16_8k, MediaFormat::wav_pcm16_16k, MediaFormat::wav_ulaw_8k,
                                    MediaFormat::wav_alaw_8k};

using testing::Decoded;
using testing::sndfile_read;

media::MediaVerdict validate(const SyntheticWav& wav, std::int64_t length = -1, media::MediaExpectation expect = {},
                             std::int64_t chunk_bytes = 1 << 20) {
  if (length < 0) length = wav.size();
  media::MediaValidator v(std::move(expect));
  for (std::int64_t at = 0; at < length; at += chunk_bytes) {
    const ByteVec chunk = wav.read(at, std::min(chunk_bytes, length - at));
    v.feed(ByteView(chunk));
  }
  return v.finish();
}

// splitmix64: the test's own fixed PRNG for picking ranges.
std::uint64_t next(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

}  // namespace

TEST_CASE("SyntheticWav size is wav_file_size", "[media][synthetic]") {
  for (auto f : kFormats) {
    for (int channels : {1, 2}) {
      for (std::int64_t ms : {0, 1, 999, 1000, 61234}) {
        CHECK(SyntheticWav(f, channels, ms, 1).size() == media::wav_file_size(f, channels, ms));
      }
    }
  }
}

TEST_CASE("libsndfile decodes SyntheticWav with the right frames, rate and channels", "[media][synthetic][sndfile]") {
  for (auto f : kFormats) {
    for (int channels : {1, 2}) {
      INFO(media::to_string(f) << " x" << channels);
      const SyntheticWav wav(f, channels, 2500, 77);
      const ByteVec bytes = wav.read(0, wav.size());
      const Decoded d = sndfile_read(ByteView(bytes));
      CHECK(d.info.samplerate == media::sample_rate(f));
      CHECK(d.info.channels == channels);
      CHECK(d.info.frames == 2500 * media::sample_rate(f) / 1000);
      CHECK(d.info.frames == wav.frames());
      const int expected_subtype = f == MediaFormat::wav_ulaw_8k   ? SF_FORMAT_ULAW
                                   : f == MediaFormat::wav_alaw_8k ? SF_FORMAT_ALAW
                                                                   : SF_FORMAT_PCM_16;
      CHECK(d.info.format == (SF_FORMAT_WAV | expected_subtype));
      // Real audio, not zeros: some sample is loud.
      const auto loudest = std::max_element(d.samples.begin(), d.samples.end(),
                                            [](auto a, auto b) { return std::abs(a) < std::abs(b); });
      CHECK(std::abs(*loudest) > 2000);
    }
  }
}

TEST_CASE("any range of a SyntheticWav equals that slice of the whole file", "[media][synthetic]") {
  std::uint64_t rng = 2024;
  for (auto f : kFormats) {
    for (int channels : {1, 2}) {
      for (auto content : {SyntheticContent::speech_like, SyntheticContent::hum, SyntheticContent::silence}) {
        const SyntheticWav wav(f, channels, 3000, 99, content);
        const ByteVec whole = wav.read(0, wav.size());
        for (int i = 0; i < 40; ++i) {
          const auto offset = static_cast<std::int64_t>(next(rng) % static_cast<std::uint64_t>(wav.size()));
          const auto max_len = wav.size() - offset;
          // Mostly short ranges (odd offsets, mid-sample starts), some long.
          const auto length = static_cast<std::int64_t>(
              next(rng) %
              static_cast<std::uint64_t>(i % 4 == 0 ? max_len + 1 : std::min<std::int64_t>(max_len, 97) + 1));
          INFO(media::to_string(f) << " x" << channels << " [" << offset << ", +" << length << ")");
          const ByteVec part = wav.read(offset, length);
          REQUIRE(static_cast<std::int64_t>(part.size()) == length);
          CHECK(std::equal(part.begin(), part.end(), whole.begin() + offset));
        }
      }
    }
  }
}

TEST_CASE("SyntheticWav is a pure function of its seed", "[media][synthetic]") {
  const SyntheticWav a(MediaFormat::wav_ulaw_8k, 2, 2000, 5), b(MediaFormat::wav_ulaw_8k, 2, 2000, 5),
      c(MediaFormat::wav_ulaw_8k, 2, 2000, 6);
  CHECK(a.read(0, a.size()) == b.read(0, b.size()));
  CHECK(a.read(0, a.size()) != c.read(0, c.size()));
  // Length only cuts the file: the audio of a longer recording starts the same.
  const SyntheticWav longer(MediaFormat::wav_ulaw_8k, 2, 5000, 5);
  CHECK(a.read(58, a.size() - 58) == longer.read(58, a.size() - 58));
}

TEST_CASE("sha256_hex streams the same hash as the bytes", "[media][synthetic]") {
  const SyntheticWav wav(MediaFormat::wav_pcm16_16k, 2, 40000, 3);  // 2.5 MB: several 1 MiB chunks
  const ByteVec bytes = wav.read(0, wav.size());
  CHECK(wav.sha256_hex() == crypto::to_hex(crypto::sha256(ByteView(bytes))));
  CHECK(wav.sha256_hex(1234567) == crypto::to_hex(crypto::sha256(ByteView(bytes).first(1234567))));
  CHECK(wav.sha256_hex(0) == crypto::to_hex(crypto::sha256(ByteView())));
}

TEST_CASE("speech_like passes validation at every duration from 1 s", "[media][synthetic][validator]") {
  for (auto f : kFormats) {
    for (int channels : {1, 2}) {
      for (std::int64_t ms : {1000, 1100, 1500, 2000, 2750, 4000, 9000, 17000, 65000}) {
        for (std::uint64_t seed : {1ULL, 2ULL, 42ULL, 0xDEADBEEFULL}) {
          const SyntheticWav wav(f, channels, ms, seed);
          const auto v = validate(wav, -1, {ms, wav.size(), wav.sha256_hex()});
          INFO(media::to_string(f) << " x" << channels << " " << ms << " ms seed " << seed << ": " << v.reason << " "
                                   << v.detail);
          CHECK(v.valid);
          CHECK(v.format == media::to_string(f));
          CHECK(v.channels == channels);
          CHECK(v.duration_data_ms == ms);
        }
      }
    }
  }
}

TEST_CASE("speech_like passes over many seeds at the shortest durations", "[media][synthetic][validator]") {
  for (std::uint64_t seed = 100; seed < 400; ++seed) {
    const auto f = kFormats[seed % 4];
    const int channels = 1 + static_cast<int>(seed % 2);
    const std::int64_t ms = 1000 + static_cast<std::int64_t>(seed % 7) * 250;
    const auto v = validate(SyntheticWav(f, channels, ms, seed));
    INFO(media::to_string(f) << " x" << channels << " " << ms << " ms seed " << seed << ": " << v.detail);
    CHECK(v.reason == "");
  }
}

TEST_CASE("a long recording validates through many pieces", "[media][synthetic][validator]") {
  // 10 minutes of 16 kHz stereo: 38 MB, decoded in 1 MiB pieces.
  const SyntheticWav wav(MediaFormat::wav_pcm16_16k, 2, 600000, 11);
  const auto v = validate(wav);
  CHECK(v.valid);
  CHECK(v.duration_data_ms == 600000);
  CHECK(v.size_bytes == wav.size());
}

TEST_CASE("piece boundaries do not change the verdict", "[media][synthetic][validator]") {
  // Chunks smaller than a piece, just over one (mid-frame remainders carry
  // over), and several pieces at once (decoded in place).
  const SyntheticWav wav(MediaFormat::wav_alaw_8k, 2, 150000, 12);
  const auto reference = media::verdict_to_json(validate(wav, -1, {}, 1 << 20));
  CHECK(reference.at("valid") == true);
  for (std::int64_t chunk : {std::int64_t{65536}, std::int64_t{(1 << 20) + 3}, std::int64_t{3 << 20}}) {
    INFO("chunks of " << chunk << " bytes");
    CHECK(media::verdict_to_json(validate(wav, -1, {}, chunk)) == reference);
  }
  const SyntheticWav hum(MediaFormat::wav_pcm16_16k, 1, 70000, 12, SyntheticContent::hum);
  CHECK(validate(hum, -1, {}, (1 << 20) + 1).reason == "constant_tone");
}

TEST_CASE("silence and hum are caught", "[media][synthetic][validator]") {
  for (auto f : kFormats) {
    for (int channels : {1, 2}) {
      INFO(media::to_string(f) << " x" << channels);
      CHECK(validate(SyntheticWav(f, channels, 5000, 8, SyntheticContent::silence)).reason == "silence");
      CHECK(validate(SyntheticWav(f, channels, 5000, 8, SyntheticContent::hum)).reason == "constant_tone");
      CHECK(validate(SyntheticWav(f, channels, 1000, 9, SyntheticContent::hum)).reason == "constant_tone");
    }
  }
}

TEST_CASE("a truncated prefix of a synthetic recording is truncated", "[media][synthetic][validator]") {
  const SyntheticWav wav(MediaFormat::wav_ulaw_8k, 2, 30000, 21);
  for (std::int64_t keep : {wav.size() / 2, wav.size() - 1, std::int64_t{58}, std::int64_t{100}}) {
    const auto v = validate(wav, keep);
    INFO("keep " << keep << " bytes: " << v.detail);
    CHECK(v.reason == "truncated");
    CHECK(v.duration_header_ms == 30000);
    CHECK(v.duration_data_ms < 30000);
  }
  const auto cut_in_header = validate(wav, 40);
  CHECK(cut_in_header.reason == "truncated");
}

TEST_CASE("wrong platform expectations on a synthetic recording", "[media][synthetic][validator]") {
  const SyntheticWav wav(MediaFormat::wav_pcm16_8k, 1, 20000, 31);
  const std::string sha = wav.sha256_hex();
  CHECK(validate(wav, -1, {20000, wav.size(), sha}).valid);
  CHECK(validate(wav, -1, {23000, wav.size(), sha}).reason == "duration_mismatch");
  CHECK(validate(wav, -1, {17000, wav.size(), sha}).reason == "duration_mismatch");
  CHECK(validate(wav, -1, {20000, wav.size() + 2, sha}).reason == "size_mismatch");
  CHECK(validate(wav, -1, {20000, wav.size(), SyntheticWav(MediaFormat::wav_pcm16_8k, 1, 20000, 32).sha256_hex()})
            .reason == "sha256_mismatch");
}
