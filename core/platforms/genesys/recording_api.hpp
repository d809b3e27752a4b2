#pragma once
// Genesys Cloud REST for recordings (REFERENCE.md): request builders and
// response parsers. The core never invents endpoints; these are the real paths.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/http/message.hpp"
#include "core/types/ids.hpp"
#include "core/types/result.hpp"

namespace recguard::genesys {

struct ApiConfig {
  std::string host;          // "api.mypurecloud.com"
  std::string bearer_token;  // from OAuth client credentials (live) or the simulated platform
};

// The Recording resource, only the fields the pipeline uses.
struct RecordingMetadata {
  RecordingId id;
  CallId call;
  std::string file_state;
  std::string media_uri;             // empty while transcoding
  std::int64_t output_duration_ms = -1;
  std::int64_t output_size_bytes = -1;
  std::string start_time;            // ISO 8601 as given
  std::string end_time;
};

// GET /api/v2/conversations/{cid}/recordings/{rid}?formatId=WAV&download=true
http::Request build_get_recording(const ApiConfig& cfg, const CallId& call, const RecordingId& rec);
Result<RecordingMetadata> parse_recording(std::string_view json_body);
std::string recording_to_json(const RecordingMetadata& md);

// The error body every Genesys endpoint answers with.
std::string error_body(int status, std::string_view code, std::string_view message);

}  // namespace recguard::genesys
