#pragma once
// Decodes a WAV data chunk one piece at a time with libsndfile, so that a
// recording of any length is decoded with bounded memory. libsndfile wants a
// whole file, so each piece is presented as a small virtual file: the
// recording's own header bytes, with the RIFF, 'fact' and 'data' sizes
// patched to the piece's length, followed by the piece itself. Nothing is
// concatenated: the virtual file reads from the two buffers in place.
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "core/media/wav_header.hpp"
#include "core/types/bytes.hpp"
#include "core/types/result.hpp"

namespace recguard::media {

// Interleaved 16-bit samples of whole frames.
using SampleSink = std::function<void(std::span<const std::int16_t>)>;

class SndfilePieceDecoder {
 public:
  // header: the file's bytes [0, info.data_offset); info: its parse. The
  // codec must be one libsndfile decodes to 16-bit (pcm16, ulaw, alaw).
  SndfilePieceDecoder(ByteVec header, const WavInfo& info);

  // piece: whole blocks (size a multiple of block_align), at most 4 GiB.
  // Calls sink with the decoded samples in batches of kBatchFrames frames or
  // fewer; returns the number of frames decoded, or why libsndfile refused.
  Result<std::int64_t> decode(ByteView piece, const SampleSink& sink);

  static constexpr std::int64_t kBatchFrames = 4096;

 private:
  void patch_sizes(std::uint32_t piece_bytes);

  ByteVec header_;
  WavInfo info_;
  std::vector<std::int16_t> batch_;  // kBatchFrames * channels samples
};

}  // namespace recguard::media
