#include "mocks/platforms/genesys_model.hpp"

#include <algorithm>

#include "core/media/media_format.hpp"
#include "core/platforms/genesys/call_api.hpp"
#include "core/platforms/genesys/notification_codec.hpp"
#include "core/platforms/genesys/recording_api.hpp"
#include "core/types/civil_time.hpp"

namespace recguard::mocks {

namespace {

http::Response error(int status, const char* code, const std::string& msg) {
  return http::make_response(status, genesys::error_body(status, code, msg), "application/json");
}

}  // namespace

GenesysModel::GenesysModel(std::string org, std::string cdn_host, std::string bearer_token,
                           std::int64_t epoch_unix_s, ArtifactFactory factory)
    : org_(std::move(org)),
      cdn_host_(std::move(cdn_host)),
      bearer_token_(std::move(bearer_token)),
      epoch_unix_s_(epoch_unix_s),
      factory_(std::move(factory)) {}

SimRecording* GenesysModel::recording(const RecordingId& id) {
  auto it = recordings_.find(id);
  return it == recordings_.end() ? nullptr : &it->second;
}

std::string GenesysModel::media_folder() const { return "/recordings/" + org_ + "/"; }

const SimRecording* GenesysModel::recording_at_media_path(std::string_view path) const {
  const auto id = recording_in_media_path(path, media_folder());
  if (!id) return nullptr;
  auto it = recordings_.find(*id);
  return it == recordings_.end() ? nullptr : &it->second;
}

bool GenesysModel::call_live(const CallId& call) const {
  auto it = calls_.find(call);
  return it != calls_.end() && !it->second.ended;
}

void GenesysModel::set_stale_metadata(const RecordingId& rec) {
  if (auto* r = recording(rec)) r->stale_metadata = true;
}

void GenesysModel::start_call(const CallId& call, const RecordingId& rec, Instant now, const std::string& queue) {
  SimRecording r;
  r.id = rec;
  r.call = call;
  r.started = now;
  recordings_.emplace(rec, std::move(r));
  calls_[call] = Call{now, std::nullopt, {rec}, queue};
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

// The capture stops: its bytes now exist, as long as it ran.
void GenesysModel::finalize_capture(SimRecording& r, Instant now) {
  r.ended = now;
  r.artifact = factory_(r.call, r.id, std::max<std::int64_t>(0, (now - r.started).us / 1000), r.silent);
  r.file_state = "UPLOADING";
}

std::vector<std::string> GenesysModel::end_call(const CallId& call, Instant now) {
  std::vector<std::string> out{genesys::customer_end_notification(call)};
  auto it = calls_.find(call);
  if (it == calls_.end()) return out;
  it->second.ended = now;
  for (const auto& rid : it->second.recordings) {
    auto& r = recordings_.at(rid);
    if (r.file_state != "CAPTURING") continue;
    finalize_capture(r, now);
    out.push_back(notification_for(r));
  }
  return out;
}

std::optional<std::string> GenesysModel::stop_capture(const CallId& call, Instant now) {
  auto it = calls_.find(call);
  if (it == calls_.end() || it->second.ended) return std::nullopt;
  for (const auto& rid : it->second.recordings) {
    auto& r = recordings_.at(rid);
    if (r.file_state != "CAPTURING") continue;
    finalize_capture(r, now);
    return notification_for(r);
  }
  return std::nullopt;
}

std::optional<std::string> GenesysModel::crash_capture(const CallId& call, Instant now) {
  auto it = calls_.find(call);
  if (it == calls_.end() || it->second.ended) return std::nullopt;
  for (const auto& rid : it->second.recordings) {
    auto& r = recordings_.at(rid);
    if (r.file_state != "CAPTURING") continue;
    // The process died: the file never got its final header and Genesys
    // marks the recording ERROR, with no media to download.
    r.crashed = true;
    r.ended = now;
    r.file_state = "ERROR";
    return notification_for(r);
  }
  return std::nullopt;
}

std::vector<std::pair<RecordingId, std::string>> GenesysModel::fail_over_media_server(Instant now) {
  std::vector<std::pair<RecordingId, std::string>> out;
  for (auto& [rid, r] : recordings_) {  // id order: deterministic
    if (r.file_state != "CAPTURING") continue;
    // Nothing marks the file as cut: it is a well-formed WAV of what was
    // captured, and the platform reports it like any other.
    finalize_capture(r, now);
    out.emplace_back(rid, notification_for(r));
  }
  return out;
}

std::vector<std::pair<RecordingId, std::string>> GenesysModel::finish_uploads(const CallId& call, Instant now) {
  std::vector<std::pair<RecordingId, std::string>> out;
  auto it = calls_.find(call);
  if (it == calls_.end()) return out;
  for (const auto& rid : it->second.recordings) {
    auto& r = recordings_.at(rid);
    if (r.file_state != "UPLOADING") continue;
    r.file_state = "AVAILABLE";
    r.available_at = now;
    r.media_path = media_folder() + rid.str() + ".wav";
    out.emplace_back(rid, notification_for(r));
  }
  return out;
}

std::vector<CallId> GenesysModel::take_uploads_started() {
  std::vector<CallId> out;
  out.swap(uploads_started_);
  return out;
}

RecordingId GenesysModel::next_capture_id(const CallId& call) const {
  const auto& first = calls_.at(call).recordings.front();
  return RecordingId{first.str() + "-r" + std::to_string(calls_.at(call).recordings.size())};
}

std::optional<http::Response> GenesysModel::rate_limited(Instant now) {
  while (!window_.empty() && now - window_.front() >= Duration::minutes(1)) window_.pop_front();
  if (static_cast<int>(window_.size()) < requests_per_minute_) {
    window_.push_back(now);
    return std::nullopt;
  }
  const Duration wait = window_.front() + Duration::minutes(1) - now;
  auto r = error(429, "too.many.requests.retry.after", "Rate limit exceeded the maximum. Retry the request in [" +
                                                           std::to_string(wait.us / 1000000 + 1) + "] seconds");
  r.headers.set("Retry-After", std::to_string(wait.us / 1000000 + 1));
  return r;
}

http::Response GenesysModel::handle(const http::Request& req, Instant now) {
  ++api_requests_;
  request_times_.push_back(now);
  if (req.headers.get("Authorization") != "Bearer " + bearer_token_) {
    return error(401, "authentication.required", "No authentication bearer token specified");
  }
  if (auto limited = rate_limited(now)) return *limited;
  const std::string path = req.path();
  constexpr std::string_view calls_prefix = "/api/v2/conversations/calls/";
  constexpr std::string_view conv_prefix = "/api/v2/conversations/";
  if (path.rfind(calls_prefix, 0) == 0) {
    const std::string rest = path.substr(calls_prefix.size());
    const auto slash = rest.find('/');
    const std::string cid = http::uri_decode(rest.substr(0, slash));
    if (slash == std::string::npos && req.method == "GET") return get_call(cid);
    if (rest.substr(slash == std::string::npos ? rest.size() : slash) == "/recordingstate" && req.method == "PUT") {
      return start_recording(cid, req, now);
    }
  } else if (path.rfind(conv_prefix, 0) == 0) {
    // {cid}/recordings, {cid}/recordings/{rid}, {cid}/recordings/{rid}/annotations
    const std::string rest = path.substr(conv_prefix.size());
    const auto slash = rest.find("/recordings");
    if (slash != std::string::npos) {
      const std::string cid = http::uri_decode(rest.substr(0, slash));
      std::string tail = rest.substr(slash + 11);
      if (tail.empty() && req.method == "GET") return list_recordings(cid);
      if (!tail.empty() && tail[0] == '/') {
        tail = tail.substr(1);
        const auto ann = tail.find("/annotations");
        if (ann != std::string::npos && req.method == "POST") return annotate(http::uri_decode(tail.substr(0, ann)), req, now);
        if (ann == std::string::npos && req.method == "GET") return get_recording(cid, http::uri_decode(tail));
      }
    }
  }
  return error(404, "not.found", "no such route " + req.method + " " + path);
}

// What every Recording answer carries; a running capture reads as UPLOADING
// to the outside, as Genesys shows no recording state of its own for it.
genesys::RecordingMetadata GenesysModel::metadata_of(const SimRecording& r) const {
  genesys::RecordingMetadata md;
  md.id = r.id;
  md.call = r.call;
  md.file_state = r.file_state == "CAPTURING" ? "UPLOADING" : r.file_state;
  md.start_time = platform_iso(epoch_unix_s_, r.started);
  if (r.ended) md.end_time = platform_iso(epoch_unix_s_, *r.ended);
  return md;
}

http::Response GenesysModel::get_recording(const std::string& call, const std::string& rec) const {
  (void)call;
  auto it = recordings_.find(RecordingId{rec});
  if (it == recordings_.end()) return error(404, "not.found", "recording " + rec + " not found");
  const SimRecording& r = it->second;
  genesys::RecordingMetadata md = metadata_of(r);
  if (r.file_state == "AVAILABLE" && r.artifact) {
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

http::Response GenesysModel::list_recordings(const std::string& call) const {
  auto it = calls_.find(CallId{call});
  if (it == calls_.end()) return error(404, "not.found", "conversation " + call + " not found");
  std::vector<genesys::RecordingMetadata> list;
  for (const auto& rid : it->second.recordings) {
    list.push_back(metadata_of(recordings_.at(rid)));
  }
  return http::make_response(200, genesys::recording_list_to_json(list), "application/json");
}

http::Response GenesysModel::get_call(const std::string& call) const {
  auto it = calls_.find(CallId{call});
  if (it == calls_.end()) return error(404, "not.found", "conversation " + call + " not found");
  genesys::CallInfo info;
  info.id = CallId{call};
  const bool live = !it->second.ended;
  const char* state = live ? "connected" : "disconnected";
  info.participants = {{"p-customer-" + call, "customer", state}, {"p-agent-" + call, "agent", state}};
  if (!it->second.queue.empty()) {
    // The queue that routed the call stays on the conversation as its ACD
    // participant (disconnected once the agent took it), with the queue's id
    // (a GUID in Genesys) and name.
    info.participants.push_back(genesys::Participant{"p-acd-" + call, "acd", "disconnected",
                                                     platform_guid("queue/" + it->second.queue),
                                                     it->second.queue});
  }
  const bool capturing = std::any_of(it->second.recordings.begin(), it->second.recordings.end(),
                                     [&](const RecordingId& r) { return recordings_.at(r).file_state == "CAPTURING"; });
  info.recording_state = capturing ? "active" : "none";
  if (!live) info.end_time = platform_iso(epoch_unix_s_, *it->second.ended);
  return http::make_response(200, genesys::call_to_json(info), "application/json");
}

http::Response GenesysModel::start_recording(const std::string& call, const http::Request& req, Instant now) {
  auto it = calls_.find(CallId{call});
  if (it == calls_.end()) return error(404, "not.found", "conversation " + call + " not found");
  if (genesys::parse_recording_state_body(req.body_view()) != "ACTIVE") {
    return error(400, "bad.request", "recordingState must be ACTIVE, PAUSED or NONE");
  }
  Call& c = it->second;
  StartRecordingLog log;
  log.at = now;
  log.call = CallId{call};
  log.idempotency_key = req.headers.get("Idempotency-Key").value_or("");
  log.call_live = !c.ended;
  log.a_recording_was_uploading = std::any_of(c.recordings.begin(), c.recordings.end(), [&](const RecordingId& r) {
    return recordings_.at(r).file_state == "UPLOADING";
  });
  const bool capturing = std::any_of(c.recordings.begin(), c.recordings.end(),
                                     [&](const RecordingId& r) { return recordings_.at(r).file_state == "CAPTURING"; });
  const bool forced_conflict = std::find(conflict_on_start_.begin(), conflict_on_start_.end(), log.call) !=
                               conflict_on_start_.end();
  http::Response resp;
  if (c.ended && !silent_capture_on_ended_) {
    resp = error(400, "conversation.ended", "conversation " + call + " has ended");
  } else if (capturing || forced_conflict) {
    resp = error(409, "conflict", "recording is already active on conversation " + call);
  } else {
    // A new capture. On an ended call (the guide's trap, with the fault on)
    // it "succeeds" and records a few seconds of silence.
    const RecordingId rid = next_capture_id(log.call);
    SimRecording r;
    r.id = rid;
    r.call = log.call;
    r.started = now;
    r.started_by_key = log.idempotency_key;
    r.silent = c.ended.has_value();
    recordings_.emplace(rid, std::move(r));
    c.recordings.push_back(rid);
    log.capture = rid;
    if (c.ended) {
      finalize_capture(recordings_.at(rid), now + Duration::seconds(5));
      uploads_started_.push_back(log.call);
    }
    resp = http::make_response(202, "", "application/json");
  }
  log.status = resp.status;
  starts_.push_back(std::move(log));
  return resp;
}

http::Response GenesysModel::annotate(const std::string& rec, const http::Request& req, Instant now) {
  if (!recordings_.count(RecordingId{rec})) return error(404, "not.found", "recording " + rec + " not found");
  auto a = genesys::parse_annotation(req.body_view());
  if (!a) return error(400, "bad.request", a.error().message);
  annotations_.push_back(AnnotationLog{now, RecordingId{rec}, a->name, a->description});
  return http::make_response(200, std::string(req.body_view()), "application/json");
}

}  // namespace recguard::mocks
