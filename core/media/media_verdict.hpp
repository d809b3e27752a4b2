#pragma once
// What the platform told us about a recording, and what its bytes say.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace recguard::media {

struct MediaExpectation {
  std::int64_t duration_ms = -1;  // platform metadata; -1 = unknown
  std::int64_t size_bytes = -1;   // platform metadata; -1 = unknown
  std::string sha256_hex;         // platform's hash when it gives one; empty = none
};

struct MediaVerdict {
  bool valid = false;
  // "" when valid; otherwise a stable snake_case code: zero_bytes,
  // corrupt_header, truncated, size_mismatch, duration_mismatch,
  // unsupported_codec, silence, constant_tone, sha256_mismatch, decode_error.
  std::string reason;
  std::string detail;  // a human sentence, e.g. "header claims 14.0 s but data holds 7.0 s"
  std::string format;  // "wav_pcm16_8k" when accepted, else e.g. "wav_pcm24_44100" or "unknown"
  int channels = 0;
  int sample_rate = 0;
  std::int64_t duration_header_ms = -1;  // from the 'data' chunk size the header claims
  std::int64_t duration_data_ms = -1;    // from the audio bytes actually present
  std::int64_t size_bytes = 0;
  std::string sha256_hex;  // of all bytes fed
};

// One JSON object whose keys are the field names above.
nlohmann::json verdict_to_json(const MediaVerdict& v);

}  // namespace recguard::media
