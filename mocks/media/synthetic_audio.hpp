#pragma once
// A simulated recording: a real WAV file (canonical header, PCM or G.711
// audio) generated from the seed, byte range by byte range, never whole.
#include <cstdint>
#include <span>
#include <string>

#include "core/media/media_format.hpp"
#include "core/types/bytes.hpp"
#include "mocks/media/synthetic_signal.hpp"

namespace recguard::mocks {

class SyntheticWav {
 public:
  SyntheticWav(media::MediaFormat fmt, int channels, std::int64_t duration_ms, std::uint64_t seed,
               SyntheticContent content = SyntheticContent::speech_like);

  std::int64_t size() const;  // == media::wav_file_size(fmt, channels, duration_ms)

  // Fills out with bytes [offset, offset + out.size()) of the file, which
  // must lie inside it. Deterministic: any range of any length gives the
  // same bytes as generating the whole file; cost O(out.size()).
  void read(std::int64_t offset, std::span<std::uint8_t> out) const;
  ByteVec read(std::int64_t offset, std::int64_t length) const;

  // SHA-256 (lower-case hex) of the first `length` bytes, all if -1,
  // streamed in 1 MiB chunks.
  std::string sha256_hex(std::int64_t length = -1) const;

  media::MediaFormat format() const { return format_; }
  int channels() const { return channels_; }
  std::int64_t frames() const { return frames_; }

 private:
  void read_audio(std::int64_t data_offset, std::span<std::uint8_t> out) const;

  media::MediaFormat format_;
  int channels_;
  std::int64_t frames_;
  std::int64_t block_align_;
  ByteVec header_;
  SyntheticSignal signal_;
};

}  // namespace recguard::mocks
