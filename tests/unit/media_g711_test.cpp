// G.711: the reference algorithms, checked against themselves and against
// libsndfile, which decodes every G.711 recording the validator sees.
#include <sndfile.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstring>
#include <vector>

#include "core/media/g711.hpp"
#include "core/media/wav_header.hpp"
#include "support/sndfile_memory_file.hpp"

using namespace recguard;

namespace {

std::vector<std::int16_t> sndfile_decode(const ByteVec& file) { return testing::sndfile_read(ByteView(file)).samples; }

// Encodes with libsndfile; returns the audio payload bytes.
ByteVec sndfile_encode_g711(int subformat, const std::vector<std::int16_t>& samples) {
  testing::MemFile mem;
  SF_VIRTUAL_IO io = testing::mem_io();
  SF_INFO info{};
  info.samplerate = 8000;
  info.channels = 1;
  info.format = SF_FORMAT_WAV | subformat;
  SNDFILE* snd = sf_open_virtual(&io, SFM_WRITE, &info, &mem);
  REQUIRE(snd != nullptr);
  CHECK(sf_writef_short(snd, samples.data(), static_cast<sf_count_t>(samples.size())) ==
        static_cast<sf_count_t>(samples.size()));
  sf_close(snd);
  auto parsed = media::parse_wav_header(ByteView(mem.data));
  REQUIRE(parsed.ok());
  REQUIRE_FALSE(parsed->need_more);
  const auto at = static_cast<std::size_t>(parsed->data_offset);
  return ByteVec(mem.data.begin() + static_cast<std::ptrdiff_t>(at),
                 mem.data.begin() + static_cast<std::ptrdiff_t>(at + samples.size()));
}

ByteVec all_codes_wav(media::MediaFormat fmt) {
  ByteVec file = media::build_wav_header(fmt, 1, 256);
  for (int c = 0; c < 256; ++c) file.push_back(static_cast<std::uint8_t>(c));
  return file;
}

std::vector<std::int16_t> every_int16() {
  std::vector<std::int16_t> v;
  for (int s = -32768; s <= 32767; ++s) v.push_back(static_cast<std::int16_t>(s));
  return v;
}

}  // namespace

TEST_CASE("G.711 reference values", "[media][g711]") {
  CHECK(media::ulaw_to_linear(0xFF) == 0);
  CHECK(media::ulaw_to_linear(0x7F) == 0);
  CHECK(media::ulaw_to_linear(0x00) == -32124);
  CHECK(media::ulaw_to_linear(0x80) == 32124);
  CHECK(media::linear_to_ulaw(0) == 0xFF);
  CHECK(media::linear_to_ulaw(32767) == 0x80);
  CHECK(media::linear_to_ulaw(-32768) == 0x00);
  CHECK(media::alaw_to_linear(0xD5) == 8);
  CHECK(media::alaw_to_linear(0x55) == -8);
  CHECK(media::alaw_to_linear(0xAA) == 32256);
  CHECK(media::alaw_to_linear(0x2A) == -32256);
  CHECK(media::linear_to_alaw(0) == 0xD5);
  CHECK(media::linear_to_alaw(32767) == 0xAA);
  CHECK(media::linear_to_alaw(-32768) == 0x2A);
}

TEST_CASE("G.711 code -> linear -> code round-trips for every code", "[media][g711]") {
  for (int c = 0; c < 256; ++c) {
    const auto code = static_cast<std::uint8_t>(c);
    // mu-law has two zeros (0x7F and 0xFF); both decode to 0, which encodes as 0xFF.
    const std::uint8_t ulaw_expected = code == 0x7F ? 0xFF : code;
    CHECK(media::linear_to_ulaw(media::ulaw_to_linear(code)) == ulaw_expected);
    CHECK(media::linear_to_alaw(media::alaw_to_linear(code)) == code);
  }
}

TEST_CASE("G.711 linear -> code -> linear keeps the error within one quantisation step", "[media][g711]") {
  std::int16_t prev_ulaw = -32768, prev_alaw = -32768;
  for (std::int16_t s : every_int16()) {
    const std::int16_t u = media::ulaw_to_linear(media::linear_to_ulaw(s));
    const std::int16_t a = media::alaw_to_linear(media::linear_to_alaw(s));
    // Step sizes grow with the segment: at most 1024 (mu-law) / 1024 (A-law) at full scale.
    const int mag = std::abs(static_cast<int>(s));
    const int ulaw_step = mag < 32124 ? std::max(4, (mag + 132) / 16) : 1024 + 700;
    CHECK(std::abs(u - s) <= ulaw_step);
    CHECK(std::abs(a - s) <= std::max(16, mag / 16 + 16));
    // Companding is monotonic: a louder input never decodes quieter.
    CHECK(u >= prev_ulaw);
    CHECK(a >= prev_alaw);
    prev_ulaw = u;
    prev_alaw = a;
  }
}

TEST_CASE("G.711 decoding agrees with libsndfile for all 256 codes", "[media][g711][sndfile]") {
  const auto ulaw = sndfile_decode(all_codes_wav(media::MediaFormat::wav_ulaw_8k));
  const auto alaw = sndfile_decode(all_codes_wav(media::MediaFormat::wav_alaw_8k));
  REQUIRE(ulaw.size() == 256);
  REQUIRE(alaw.size() == 256);
  for (int c = 0; c < 256; ++c) {
    INFO("code " << c);
    CHECK(media::ulaw_to_linear(static_cast<std::uint8_t>(c)) == ulaw[static_cast<std::size_t>(c)]);
    CHECK(media::alaw_to_linear(static_cast<std::uint8_t>(c)) == alaw[static_cast<std::size_t>(c)]);
  }
}

// libsndfile rounds a negative input's magnitude where the Sun/CCITT
// reference shifts the signed value first, so the two may pick the adjacent
// code for a negative input sitting on a decision boundary; never otherwise.
TEST_CASE("G.711 encoding agrees with libsndfile up to the reference's negative rounding", "[media][g711][sndfile]") {
  const auto input = every_int16();
  const ByteVec ulaw = sndfile_encode_g711(SF_FORMAT_ULAW, input);
  const ByteVec alaw = sndfile_encode_g711(SF_FORMAT_ALAW, input);
  std::size_t ulaw_diff = 0, alaw_diff = 0;
  for (std::size_t i = 0; i < input.size(); ++i) {
    const int ours_u = media::linear_to_ulaw(input[i]), theirs_u = ulaw[i];
    const int ours_a = media::linear_to_alaw(input[i]), theirs_a = alaw[i];
    if (input[i] >= 0) {
      if (ours_u != theirs_u || ours_a != theirs_a)
        FAIL_CHECK("non-negative input " << input[i] << " encodes differently");
      continue;
    }
    if (ours_u != theirs_u) {
      ++ulaw_diff;
      // Adjacent codes: neighbouring quantisation levels.
      CHECK(std::abs(ours_u - theirs_u) == 1);
    }
    if (ours_a != theirs_a) {
      ++alaw_diff;
      // A-law inverts the even bits: undo that to compare sign and level.
      const int ours_level = (ours_a ^ 0x55), theirs_level = (theirs_a ^ 0x55);
      CHECK((ours_level & 0x80) == (theirs_level & 0x80));
      CHECK(std::abs((ours_level & 0x7F) - (theirs_level & 0x7F)) == 1);
    }
  }
  // Boundaries only: a handful of the 32768 negative inputs per segment step.
  CHECK(ulaw_diff < 512);
  CHECK(alaw_diff < 256);
}
