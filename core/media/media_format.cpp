#include "core/media/media_format.hpp"

#include <array>
#include <cassert>
#include <cstdlib>

namespace recguard::media {

namespace {

struct FormatRow {
  MediaFormat format;
  std::string_view name;
  int sample_rate_hz;
  int bytes_per_sample;
  std::int64_t header_bytes;
};

constexpr std::array<FormatRow, 4> kFormats{{
    {MediaFormat::wav_pcm16_8k, "wav_pcm16_8k", 8000, 2, 44},
    {MediaFormat::wav_pcm16_16k, "wav_pcm16_16k", 16000, 2, 44},
    {MediaFormat::wav_ulaw_8k, "wav_ulaw_8k", 8000, 1, 58},
    {MediaFormat::wav_alaw_8k, "wav_alaw_8k", 8000, 1, 58},
}};

const FormatRow& row(MediaFormat f) {
  const auto i = static_cast<std::size_t>(f);
  assert(i < kFormats.size());
  assert(kFormats[i].format == f);
  return kFormats[i];
}

}  // namespace

std::string_view to_string(MediaFormat f) { return row(f).name; }

std::optional<MediaFormat> media_format_from_string(std::string_view name) {
  for (const auto& r : kFormats) {
    if (r.name == name) return r.format;
  }
  return std::nullopt;
}

int sample_rate(MediaFormat f) { return row(f).sample_rate_hz; }

int bytes_per_sample(MediaFormat f) { return row(f).bytes_per_sample; }

std::int64_t bytes_per_second(MediaFormat f, int channels) {
  assert(channels >= 1);
  return std::int64_t{row(f).sample_rate_hz} * row(f).bytes_per_sample * channels;
}

std::int64_t wav_header_size(MediaFormat f) { return row(f).header_bytes; }

std::int64_t wav_file_size(MediaFormat f, int channels, std::int64_t duration_ms) {
  assert(channels >= 1);
  assert(duration_ms >= 0);
  const std::int64_t frames = duration_ms * row(f).sample_rate_hz / 1000;
  return row(f).header_bytes + frames * row(f).bytes_per_sample * channels;
}

bool size_fits_codec(MediaFormat f, int channels, std::int64_t duration_ms, std::int64_t size_bytes) {
  assert(channels >= 1);
  assert(duration_ms >= 0);
  if (size_bytes < 0) return false;
  const std::int64_t tolerance_bytes = 2 * bytes_per_second(f, channels) + wav_header_size(f);
  return std::llabs(size_bytes - wav_file_size(f, channels, duration_ms)) <= tolerance_bytes;
}

}  // namespace recguard::media
