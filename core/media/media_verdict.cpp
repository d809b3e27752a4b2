#include "core/media/media_verdict.hpp"

namespace recguard::media {

nlohmann::json verdict_to_json(const MediaVerdict& v) {
  nlohmann::json j;
  j["valid"] = v.valid;
  j["reason"] = v.reason;
  j["detail"] = v.detail;
  j["format"] = v.format;
  j["channels"] = v.channels;
  j["sample_rate"] = v.sample_rate;
  j["duration_header_ms"] = v.duration_header_ms;
  j["duration_data_ms"] = v.duration_data_ms;
  j["size_bytes"] = v.size_bytes;
  j["sha256_hex"] = v.sha256_hex;
  return j;
}

}  // namespace recguard::media
