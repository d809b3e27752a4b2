// Media formats: names, rates and the sizes a codec's bitrate implies.
#include "core/media/media_format.hpp"

#include <catch2/catch.hpp>

using namespace recguard;
using media::MediaFormat;

TEST_CASE("media format names round-trip exactly", "[media][format]") {
  for (auto f :
       {MediaFormat::wav_pcm16_8k, MediaFormat::wav_pcm16_16k, MediaFormat::wav_ulaw_8k, MediaFormat::wav_alaw_8k}) {
    const auto parsed = media::media_format_from_string(media::to_string(f));
    REQUIRE(parsed.has_value());
    CHECK(*parsed == f);
  }
  CHECK(media::to_string(MediaFormat::wav_ulaw_8k) == "wav_ulaw_8k");
  CHECK_FALSE(media::media_format_from_string("WAV_PCM16_8K").has_value());
  CHECK_FALSE(media::media_format_from_string("wav_pcm16_8k ").has_value());
  CHECK_FALSE(media::media_format_from_string("").has_value());
}

TEST_CASE("rates, sample sizes and header sizes per format", "[media][format]") {
  CHECK(media::sample_rate(MediaFormat::wav_pcm16_8k) == 8000);
  CHECK(media::sample_rate(MediaFormat::wav_pcm16_16k) == 16000);
  CHECK(media::sample_rate(MediaFormat::wav_ulaw_8k) == 8000);
  CHECK(media::bytes_per_sample(MediaFormat::wav_pcm16_16k) == 2);
  CHECK(media::bytes_per_sample(MediaFormat::wav_alaw_8k) == 1);
  CHECK(media::bytes_per_second(MediaFormat::wav_pcm16_8k, 2) == 32000);
  CHECK(media::bytes_per_second(MediaFormat::wav_pcm16_16k, 1) == 32000);
  CHECK(media::bytes_per_second(MediaFormat::wav_ulaw_8k, 1) == 8000);
  CHECK(media::wav_header_size(MediaFormat::wav_pcm16_8k) == 44);
  CHECK(media::wav_header_size(MediaFormat::wav_alaw_8k) == 58);
  CHECK(media::wav_file_size(MediaFormat::wav_pcm16_8k, 1, 1000) == 44 + 16000);
  CHECK(media::wav_file_size(MediaFormat::wav_ulaw_8k, 2, 2500) == 58 + 40000);
  CHECK(media::wav_file_size(MediaFormat::wav_pcm16_16k, 1, 0) == 44);
}

TEST_CASE("size_fits_codec derives the expected size from the codec's bitrate", "[media][format]") {
  // A 60 s G.711 call is 480 KB; a fixed "150 KB minimum" would pass a
  // truncated PCM file and judge short G.711 calls wrongly. The bitrate rule
  // accepts both valid files and rejects the cut-short one.
  const std::int64_t ulaw_60s = media::wav_file_size(MediaFormat::wav_ulaw_8k, 1, 60000);
  CHECK(media::size_fits_codec(MediaFormat::wav_ulaw_8k, 1, 60000, ulaw_60s));
  const std::int64_t ulaw_10s = media::wav_file_size(MediaFormat::wav_ulaw_8k, 1, 10000);
  CHECK(ulaw_10s < 150 * 1024);
  CHECK(media::size_fits_codec(MediaFormat::wav_ulaw_8k, 1, 10000, ulaw_10s));
  CHECK_FALSE(media::size_fits_codec(MediaFormat::wav_pcm16_8k, 1, 60000, 200 * 1024));

  // Tolerance: 2 s of audio plus one header, either side.
  const std::int64_t pcm = media::wav_file_size(MediaFormat::wav_pcm16_8k, 2, 30000);
  const std::int64_t slack = 2 * 32000 + 44;
  CHECK(media::size_fits_codec(MediaFormat::wav_pcm16_8k, 2, 30000, pcm + slack));
  CHECK(media::size_fits_codec(MediaFormat::wav_pcm16_8k, 2, 30000, pcm - slack));
  CHECK_FALSE(media::size_fits_codec(MediaFormat::wav_pcm16_8k, 2, 30000, pcm + slack + 1));
  CHECK_FALSE(media::size_fits_codec(MediaFormat::wav_pcm16_8k, 2, 30000, pcm - slack - 1));
  CHECK_FALSE(media::size_fits_codec(MediaFormat::wav_pcm16_8k, 2, 30000, -1));
  // The same bytes are far too few for stereo 16 kHz of the same duration.
  CHECK_FALSE(media::size_fits_codec(MediaFormat::wav_pcm16_16k, 2, 30000, pcm));
}
