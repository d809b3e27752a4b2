#include "core/platforms/genesys/recording_api.hpp"

#include <nlohmann/json.hpp>

namespace recguard::genesys {

using nlohmann::json;

http::Request build_get_recording(const ApiConfig& cfg, const CallId& call, const RecordingId& rec) {
  http::Request r;
  r.method = "GET";
  r.target = "/api/v2/conversations/" + http::uri_encode(call.str(), true) + "/recordings/" +
             http::uri_encode(rec.str(), true) + "?formatId=WAV&download=true";
  r.headers.set("Host", cfg.host);
  r.headers.set("Authorization", "Bearer " + cfg.bearer_token);
  r.headers.set("Accept", "application/json");
  return r;
}

Result<RecordingMetadata> parse_recording(std::string_view json_body) {
  json doc = json::parse(json_body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return Error{"Recording is not a JSON object"};
  auto str = [&](const char* key) -> std::string {
    auto it = doc.find(key);
    return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string{};
  };
  auto num = [&](const char* key) -> std::int64_t {
    auto it = doc.find(key);
    return it != doc.end() && it->is_number_integer() ? it->get<std::int64_t>() : -1;
  };
  RecordingMetadata md;
  md.id = RecordingId{str("id")};
  md.call = CallId{str("conversationId")};
  md.file_state = str("fileState");
  md.output_duration_ms = num("outputDurationMs");
  md.output_size_bytes = num("outputSizeInBytes");
  md.start_time = str("startTime");
  md.end_time = str("endTime");
  // mediaUris is a map keyed by channel/role: {"S": {"mediaUri": "..."}}.
  if (auto it = doc.find("mediaUris"); it != doc.end() && it->is_object()) {
    for (const auto& [role, m] : it->items()) {
      (void)role;
      if (m.is_object() && m.contains("mediaUri") && m["mediaUri"].is_string()) {
        md.media_uri = m["mediaUri"].get<std::string>();
        break;
      }
    }
  }
  if (md.id.empty() || md.file_state.empty()) return Error{"Recording needs id and fileState"};
  return md;
}

std::string recording_to_json(const RecordingMetadata& md) {
  json doc = {{"id", md.id.str()},
              {"conversationId", md.call.str()},
              {"fileState", md.file_state},
              {"startTime", md.start_time},
              {"endTime", md.end_time},
              {"media", "audio"},
              {"recordingFileRole", "CUSTOMER_EXPERIENCE"}};
  if (md.output_duration_ms >= 0) doc["outputDurationMs"] = md.output_duration_ms;
  if (md.output_size_bytes >= 0) doc["outputSizeInBytes"] = md.output_size_bytes;
  if (!md.media_uri.empty()) doc["mediaUris"] = {{"S", {{"mediaUri", md.media_uri}}}};
  return doc.dump();
}

std::string error_body(int status, std::string_view code, std::string_view message) {
  return json{{"message", message}, {"code", code}, {"status", status}, {"contextId", "sim"},
              {"details", json::array()}, {"errors", json::array()}}
      .dump();
}

}  // namespace recguard::genesys
