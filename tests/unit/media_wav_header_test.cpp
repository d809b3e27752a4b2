// RIFF/WAVE headers: what we write, and what we read from real files.
#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>
#include <string>

#include "core/media/wav_header.hpp"

using namespace recguard;
using media::MediaFormat;
using media::WavCodec;

namespace {

ByteVec shared_file(const std::string& name) {
  std::ifstream in(std::string(RECGUARD_SHARED_MEDIA_DIR) + "/" + name, std::ios::binary);
  REQUIRE(in.good());
  return ByteVec(std::istreambuf_iterator<char>(in), {});
}

media::WavInfo parse_ok(const ByteVec& bytes) {
  auto r = media::parse_wav_header(ByteView(bytes));
  REQUIRE(r.ok());
  return *r;
}

}  // namespace

TEST_CASE("build_wav_header writes the canonical PCM header", "[media][wav]") {
  const ByteVec h = media::build_wav_header(MediaFormat::wav_pcm16_8k, 1, 226844);
  // Byte for byte the header of the shared 8 kHz mono file (written by libsndfile).
  const ByteVec real = shared_file("mono_8k_pcm16.wav");
  REQUIRE(h.size() == 44);
  CHECK(h == ByteVec(real.begin(), real.begin() + 44));
}

TEST_CASE("build_wav_header writes G.711 with an 18-byte fmt chunk and a fact chunk", "[media][wav]") {
  const ByteVec h = media::build_wav_header(MediaFormat::wav_ulaw_8k, 1, 113422);
  const ByteVec real = shared_file("mono_8k_ulaw.wav");
  REQUIRE(h.size() == 58);
  CHECK(h == ByteVec(real.begin(), real.begin() + 58));

  const auto info = parse_ok(media::build_wav_header(MediaFormat::wav_alaw_8k, 2, 16000));
  CHECK(info.codec == WavCodec::alaw);
  CHECK(info.format_tag == media::kWaveFormatAlaw);
  CHECK(info.channels == 2);
  CHECK(info.block_align == 2);
  CHECK(info.bits_per_sample == 8);
  CHECK(info.fact_offset == 46);
  CHECK(info.data_offset == 58);
  CHECK(info.data_size_claimed == 16000);
}

TEST_CASE("build_wav_header round-trips through the parser for every format", "[media][wav]") {
  for (auto f :
       {MediaFormat::wav_pcm16_8k, MediaFormat::wav_pcm16_16k, MediaFormat::wav_ulaw_8k, MediaFormat::wav_alaw_8k}) {
    for (int channels : {1, 2}) {
      const auto info = parse_ok(media::build_wav_header(f, channels, 3200));
      CHECK_FALSE(info.need_more);
      CHECK(info.sample_rate == media::sample_rate(f));
      CHECK(info.channels == channels);
      CHECK(info.data_offset == media::wav_header_size(f));
      CHECK(info.data_size_claimed == 3200);
      REQUIRE(media::media_format_of(info).has_value());
      CHECK(*media::media_format_of(info) == f);
      CHECK(media::format_label(info) == media::to_string(f));
    }
  }
}

TEST_CASE("parse_wav_header on the shared media files", "[media][wav]") {
  SECTION("mono 8 kHz PCM") {
    const auto info = parse_ok(shared_file("mono_8k_pcm16.wav"));
    CHECK(info.codec == WavCodec::pcm16);
    CHECK(info.sample_rate == 8000);
    CHECK(info.channels == 1);
    CHECK(info.bits_per_sample == 16);
    CHECK(info.block_align == 2);
    CHECK(info.data_offset == 44);
    CHECK(info.data_size_claimed == 226844);
  }
  SECTION("mono 8 kHz u-law") {
    const auto info = parse_ok(shared_file("mono_8k_ulaw.wav"));
    CHECK(info.codec == WavCodec::ulaw);
    CHECK(info.format_tag == 7);
    CHECK(info.bits_per_sample == 8);
    CHECK(info.data_offset == 58);
    CHECK(info.data_size_claimed == 113422);
  }
  SECTION("stereo agent/customer") {
    const auto info = parse_ok(shared_file("stereo_agent_customer_8k_pcm16.wav"));
    CHECK(info.channels == 2);
    CHECK(info.block_align == 4);
    CHECK(info.data_size_claimed == 453688);
  }
  SECTION("a truncated file's header still claims the full length") {
    const ByteVec bytes = shared_file("truncated_half_8k_pcm16.wav");
    const auto info = parse_ok(bytes);
    CHECK(info.data_size_claimed == 226844);
    CHECK(static_cast<std::int64_t>(bytes.size()) - info.data_offset == 113400);
  }
  SECTION("header only") {
    const auto info = parse_ok(shared_file("header_only_8k_pcm16.wav"));
    CHECK_FALSE(info.need_more);
    CHECK(info.data_offset == 44);
    CHECK(info.data_size_claimed == 226844);
  }
  SECTION("RIFX magic is corrupt") {
    auto r = media::parse_wav_header(ByteView(shared_file("corrupt_riff_magic.wav")));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("RIFX") != std::string::npos);
  }
  SECTION("zero bytes needs more") {
    const auto info = parse_ok(shared_file("zero_bytes.wav"));
    CHECK(info.need_more);
    CHECK(info.min_prefix_bytes == 12);
  }
}

TEST_CASE("parse_wav_header tells 'need more bytes' from 'corrupt'", "[media][wav]") {
  const ByteVec full = media::build_wav_header(MediaFormat::wav_ulaw_8k, 1, 800);
  for (std::size_t n = 0; n < full.size(); ++n) {
    INFO("prefix of " << n << " bytes");
    auto r = media::parse_wav_header(ByteView(full).first(n));
    REQUIRE(r.ok());
    CHECK(r->need_more);
    CHECK(r->min_prefix_bytes > static_cast<std::int64_t>(n));
    CHECK(r->min_prefix_bytes <= static_cast<std::int64_t>(full.size()));
  }
  // A wrong first byte is corrupt at once, without waiting for 12 bytes.
  const ByteVec garbage{'I', 'D', '3'};
  CHECK_FALSE(media::parse_wav_header(ByteView(garbage)).ok());
  ByteVec not_wave = full;
  not_wave[8] = 'A';
  CHECK_FALSE(media::parse_wav_header(ByteView(not_wave)).ok());
}

TEST_CASE("parse_wav_header skips LIST chunks and rejects malformed ones", "[media][wav]") {
  ByteVec pcm = media::build_wav_header(MediaFormat::wav_pcm16_16k, 2, 6400);
  // Insert a LIST chunk of odd length (padded) between fmt and data.
  const ByteVec list{'L', 'I', 'S', 'T', 5, 0, 0, 0, 'I', 'N', 'F', 'O', 'x', 0};
  ByteVec with_list(pcm.begin(), pcm.begin() + 36);
  with_list.insert(with_list.end(), list.begin(), list.end());
  with_list.insert(with_list.end(), pcm.begin() + 36, pcm.end());
  auto info = parse_ok(with_list);
  CHECK_FALSE(info.need_more);
  CHECK(info.data_offset == 44 + 14);
  CHECK(info.data_size_claimed == 6400);
  CHECK(info.sample_rate == 16000);

  // 'data' before 'fmt '.
  ByteVec data_first{'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'A', 'V', 'E', 'd', 'a', 't', 'a', 0, 0, 0, 0};
  CHECK_FALSE(media::parse_wav_header(ByteView(data_first)).ok());

  // Binary noise where a chunk id should be.
  ByteVec noisy = pcm;
  noisy[36] = 0x01;
  CHECK_FALSE(media::parse_wav_header(ByteView(noisy)).ok());

  // PCM block align that contradicts channels x bits.
  ByteVec bad_align = pcm;
  bad_align[32] = 3;
  CHECK_FALSE(media::parse_wav_header(ByteView(bad_align)).ok());
}

TEST_CASE("format_label names formats we do not accept", "[media][wav]") {
  media::WavInfo info;
  info.format_tag = media::kWaveFormatPcm;
  info.bits_per_sample = 24;
  info.sample_rate = 44100;
  CHECK(media::format_label(info) == "wav_pcm24_44100");
  CHECK_FALSE(media::media_format_of(info).has_value());
  info.codec = WavCodec::ulaw;
  info.format_tag = media::kWaveFormatMulaw;
  info.bits_per_sample = 8;
  info.sample_rate = 16000;
  CHECK(media::format_label(info) == "wav_ulaw_16000");
  info.format_tag = 0x55;
  CHECK(media::format_label(info) == "wav_tag85_16000");
}
