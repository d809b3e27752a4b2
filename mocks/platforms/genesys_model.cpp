#include "mocks/platforms/genesys_model.hpp"

#include "core/media/media_format.hpp"
#include "core/platforms/genesys/notification_codec.hpp"
#include "core/platforms/genesys/recording_api.hpp"

namespace recguard::mocks {

GenesysModel::GenesysModel(std::string org, std::string api_host, std::string cdn_host, std::string bearer_token)
    : org_(std::move(org)),
      api_host_(std::move(api_host)),
      cdn_host_(std::move(cdn_host)),
      bearer_token_(std::move(bearer_token)) {}

SimRecording* GenesysModel::recording(const RecordingId& id) {
  auto it = recordings_.find(id);
  return it == recordings_.end() ? nullptr : &it->second;
}

void GenesysModel::start_call(const CallId& call, const RecordingId& rec, ArtifactPtr artifact, Instant now) {
  SimRecording r;
  r.id = rec;
  r.call = call;
  r.artifact = std::move(artifact);
  r.started = now;
  r.file_state = "UPLOADING";
  recordings_.emplace(rec, std::move(r));
  by_call_.emplace(call, rec);
}

std::string GenesysModel::notification_for(const SimRecording& r) const {
  ingress::RecordingUpdate u;
  u.recording = r.id;
  u.call = r.call;
  u.file_state = r.file_state;
  if (r.file_state == "AVAILABLE") u.media_uris.push_back("https://" + cdn_host_ + r.media_path);
  u.correlation_id = r.id.str() + "-" + r.file_state;
  return genesys::recording_notification("agent-" + org_, u);
}

std::vector<std::string> GenesysModel::end_call(const CallId& call, Instant now) {
  std::vector<std::string> out{genesys::customer_end_notification(call)};
  if (auto it = by_call_.find(call); it != by_call_.end()) {
    auto& r = recordings_.at(it->second);
    r.ended = now;
    r.file_state = "UPLOADING";
    out.push_back(notification_for(r));
  }
  return out;
}

std::string GenesysModel::finish_upload(const RecordingId& rec, Instant now) {
  auto& r = recordings_.at(rec);
  r.file_state = "AVAILABLE";
  r.available_at = now;
  r.media_path = "/recordings/" + org_ + "/" + rec.str() + ".wav";
  return notification_for(r);
}

http::Response GenesysModel::handle(const http::Request& req, Instant now) const {
  (void)now;
  ++api_requests_;
  auto error = [](int status, const char* code, const std::string& msg) {
    return http::make_response(status, genesys::error_body(status, code, msg), "application/json");
  };
  if (req.headers.get("Authorization") != "Bearer " + bearer_token_) {
    return error(401, "authentication.required", "No authentication bearer token specified");
  }
  // /api/v2/conversations/{cid}/recordings/{rid}
  const std::string path = req.path();
  constexpr std::string_view prefix = "/api/v2/conversations/";
  if (req.method != "GET" || path.rfind(prefix, 0) != 0) return error(404, "not.found", "no such route " + path);
  const std::string rest = path.substr(prefix.size());
  const auto slash = rest.find("/recordings/");
  if (slash == std::string::npos) return error(404, "not.found", "no such route " + path);
  const RecordingId rid{http::uri_decode(rest.substr(slash + 12))};
  auto it = recordings_.find(rid);
  if (it == recordings_.end()) return error(404, "not.found", "recording " + rid.str() + " not found");
  const SimRecording& r = it->second;

  genesys::RecordingMetadata md;
  md.id = r.id;
  md.call = r.call;
  md.file_state = r.file_state;
  if (r.file_state == "AVAILABLE") {
    const auto& spec = r.artifact->spec();
    // With stale metadata the platform reports what it meant to record, not
    // what the artifact holds.
    const std::int64_t size = r.stale_metadata ? r.artifact->full_size() : r.artifact->size();
    md.output_size_bytes = size;
    md.output_duration_ms =
        r.stale_metadata
            ? spec.duration_ms
            : std::max<std::int64_t>(0, (size - media::wav_header_size(spec.format)) * 1000 /
                                            media::bytes_per_second(spec.format, spec.channels));
    md.media_uri = "https://" + cdn_host_ + r.media_path;
  }
  return http::make_response(200, genesys::recording_to_json(md), "application/json");
}

}  // namespace recguard::mocks
