#pragma once
// RIFF/WAVE headers: the canonical ones our generator writes, and a parser
// for whatever a platform hands us, fed a growing prefix of the file.
#include <cstdint>
#include <optional>
#include <string>

#include "core/media/media_format.hpp"
#include "core/types/bytes.hpp"
#include "core/types/result.hpp"

namespace recguard::media {

inline constexpr std::uint16_t kWaveFormatPcm = 1;
inline constexpr std::uint16_t kWaveFormatIeeeFloat = 3;
inline constexpr std::uint16_t kWaveFormatAlaw = 6;
inline constexpr std::uint16_t kWaveFormatMulaw = 7;
inline constexpr std::uint16_t kWaveFormatExtensible = 0xFFFE;

// Canonical header, byte for byte what libsndfile writes: PCM has a 16-byte
// fmt chunk (44-byte header); G.711 has an 18-byte fmt chunk with cbSize 0
// and a 'fact' chunk holding the frame count (58-byte header). Asserts that
// the RIFF size still fits in 32 bits.
ByteVec build_wav_header(MediaFormat format, int channels, std::uint32_t data_bytes);

enum class WavCodec { pcm16, ulaw, alaw, other };

struct WavInfo {
  // The prefix ended before the 'data' chunk header. Nothing is wrong yet:
  // parse again once the prefix holds at least min_prefix_bytes (so a caller
  // fed one byte at a time does not re-parse on every byte).
  bool need_more = false;
  std::int64_t min_prefix_bytes = 0;

  WavCodec codec = WavCodec::other;
  std::uint16_t format_tag = 0;  // the effective tag: the sub-format's for WAVE_FORMAT_EXTENSIBLE
  int sample_rate = 0;
  int channels = 0;
  int bits_per_sample = 0;
  int block_align = 0;
  std::int64_t data_offset = -1;        // first byte of the audio payload
  std::int64_t data_size_claimed = -1;  // the 'data' chunk's size field
  std::int64_t fact_offset = -1;        // payload offset of a 'fact' chunk before 'data'; -1 if none
};

// Walks the RIFF chunks of prefix up to the 'data' chunk header, skipping
// LIST, fact, JUNK and the like without needing their bytes. An Error means
// the bytes present already prove the header corrupt (bad RIFF/WAVE magic,
// malformed chunk, 'data' before 'fmt ', an impossible fmt chunk); a prefix
// that is merely short returns need_more.
Result<WavInfo> parse_wav_header(ByteView prefix);

// The accepted format this header describes, if it is one of ours.
std::optional<MediaFormat> media_format_of(const WavInfo& info);
// Our name when accepted ("wav_ulaw_8k"), else a descriptive one such as
// "wav_pcm24_44100", "wav_float32_48000" or "wav_tag85_44100".
std::string format_label(const WavInfo& info);

}  // namespace recguard::media
