#include "mocks/media/synthetic_audio.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <cstring>

#include "core/crypto/digest.hpp"
#include "core/media/g711.hpp"
#include "core/media/wav_header.hpp"

namespace recguard::mocks {

namespace {

constexpr int kMaxChannels = 16;
constexpr std::size_t kBatchSamples = 4096;  // per render batch, all channels together
// Whole-range reads render into a buffer this size (stays in L1/L2) and
// append it to the result.
constexpr std::int64_t kAppendChunkBytes = 32 * 1024;

// G.711 encoders as lookup tables: mu-law depends only on pcm >> 2 and A-law
// on pcm >> 3, so 16 KiB and 8 KiB tables replace the segment search on
// the generator's hot path.
struct G711Tables {
  std::array<std::uint8_t, 1 << 14> ulaw{};
  std::array<std::uint8_t, 1 << 13> alaw{};
};

const G711Tables& g711_tables() {
  static const G711Tables t = [] {
    G711Tables r;
    for (std::size_t i = 0; i < r.ulaw.size(); ++i) {
      r.ulaw[i] = media::linear_to_ulaw(static_cast<std::int16_t>(static_cast<std::uint16_t>(i << 2)));
    }
    for (std::size_t i = 0; i < r.alaw.size(); ++i) {
      r.alaw[i] = media::linear_to_alaw(static_cast<std::int16_t>(static_cast<std::uint16_t>(i << 3)));
    }
    return r;
  }();
  return t;
}

void encode(media::MediaFormat fmt, std::span<const std::int16_t> samples, std::uint8_t* out) {
  switch (fmt) {
    case media::MediaFormat::wav_pcm16_8k:
    case media::MediaFormat::wav_pcm16_16k:
      for (std::size_t i = 0; i < samples.size(); ++i) {
        const auto u = static_cast<std::uint16_t>(samples[i]);
        out[2 * i] = static_cast<std::uint8_t>(u & 0xFF);
        out[2 * i + 1] = static_cast<std::uint8_t>(u >> 8);
      }
      return;
    case media::MediaFormat::wav_ulaw_8k: {
      const auto& table = g711_tables().ulaw;
      for (std::size_t i = 0; i < samples.size(); ++i) out[i] = table[static_cast<std::uint16_t>(samples[i]) >> 2];
      return;
    }
    case media::MediaFormat::wav_alaw_8k: {
      const auto& table = g711_tables().alaw;
      for (std::size_t i = 0; i < samples.size(); ++i) out[i] = table[static_cast<std::uint16_t>(samples[i]) >> 3];
      return;
    }
  }
}

}  // namespace

SyntheticWav::SyntheticWav(media::MediaFormat fmt, int channels, std::int64_t duration_ms, std::uint64_t seed,
                           SyntheticContent content)
    : format_(fmt),
      channels_(channels),
      frames_(duration_ms * media::sample_rate(fmt) / 1000),
      block_align_(std::int64_t{media::bytes_per_sample(fmt)} * channels),
      signal_(media::sample_rate(fmt), channels, seed, content) {
  assert(channels >= 1);
  assert(channels <= kMaxChannels);
  assert(duration_ms >= 0);
  header_ = media::build_wav_header(fmt, channels, static_cast<std::uint32_t>(frames_ * block_align_));
  assert(size() == media::wav_file_size(fmt, channels, duration_ms));
  (void)g711_tables();
}

std::int64_t SyntheticWav::size() const { return static_cast<std::int64_t>(header_.size()) + frames_ * block_align_; }

void SyntheticWav::read(std::int64_t offset, std::span<std::uint8_t> out) const {
  assert(offset >= 0);
  assert(offset + static_cast<std::int64_t>(out.size()) <= size());
  const auto header_bytes = static_cast<std::int64_t>(header_.size());
  if (offset < header_bytes) {
    const auto n =
        static_cast<std::size_t>(std::min<std::int64_t>(header_bytes - offset, static_cast<std::int64_t>(out.size())));
    std::memcpy(out.data(), header_.data() + offset, n);
    out = out.subspan(n);
    offset += static_cast<std::int64_t>(n);
  }
  if (!out.empty()) read_audio(offset - header_bytes, out);
}

// Renders whole frames in batches and copies out the bytes asked for, so
// that a range starting or ending mid-sample still matches the whole file.
void SyntheticWav::read_audio(std::int64_t data_offset, std::span<std::uint8_t> out) const {
  std::array<std::int16_t, kBatchSamples> samples;
  std::array<std::uint8_t, kBatchSamples * 2> bytes;
  const auto channels = static_cast<std::size_t>(channels_);
  const std::int64_t batch_frames = static_cast<std::int64_t>(kBatchSamples / channels);

  while (!out.empty()) {
    const std::int64_t frame = data_offset / block_align_;
    const std::int64_t skip = data_offset % block_align_;
    const std::int64_t frames_wanted = (skip + static_cast<std::int64_t>(out.size()) + block_align_ - 1) / block_align_;
    const std::int64_t n_frames = std::min(batch_frames, frames_wanted);
    for (int c = 0; c < channels_; ++c) {
      signal_.render(c, frame, n_frames, samples.data() + c, channels);
    }
    const auto n_samples = static_cast<std::size_t>(n_frames) * channels;
    encode(format_, std::span<const std::int16_t>(samples.data(), n_samples), bytes.data());
    const auto available = static_cast<std::size_t>(n_frames * block_align_ - skip);
    const std::size_t n = std::min(available, out.size());
    std::memcpy(out.data(), bytes.data() + skip, n);
    out = out.subspan(n);
    data_offset += static_cast<std::int64_t>(n);
  }
}

ByteVec SyntheticWav::read(std::int64_t offset, std::int64_t length) const {
  assert(length >= 0);
  // Appended chunk by chunk from a small buffer rather than sized up front:
  // ByteVec(n) zero-fills megabytes only for the render to overwrite them.
  ByteVec out;
  out.reserve(static_cast<std::size_t>(length));
  std::array<std::uint8_t, kAppendChunkBytes> chunk;
  for (std::int64_t done = 0; done < length;) {
    const auto n = static_cast<std::size_t>(std::min<std::int64_t>(length - done, kAppendChunkBytes));
    read(offset + done, std::span<std::uint8_t>(chunk.data(), n));
    out.insert(out.end(), chunk.begin(), chunk.begin() + static_cast<std::ptrdiff_t>(n));
    done += static_cast<std::int64_t>(n);
  }
  return out;
}

std::string SyntheticWav::sha256_hex(std::int64_t length) const {
  if (length < 0) length = size();
  assert(length <= size());
  crypto::Hasher hasher(crypto::Hasher::Algo::sha256);
  ByteVec chunk(static_cast<std::size_t>(std::min<std::int64_t>(length, 1 << 20)));
  for (std::int64_t pos = 0; pos < length;) {
    const auto n =
        static_cast<std::size_t>(std::min<std::int64_t>(length - pos, static_cast<std::int64_t>(chunk.size())));
    read(pos, std::span<std::uint8_t>(chunk.data(), n));
    hasher.update(ByteView(chunk.data(), n));
    pos += static_cast<std::int64_t>(n);
  }
  return crypto::to_hex(view(hasher.finish()));
}

}  // namespace recguard::mocks
