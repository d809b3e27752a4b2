#include "mocks/platforms/cxone_model.hpp"

#include <algorithm>
#include <cassert>

#include "core/platforms/cxone/cxone_api.hpp"
#include "core/types/civil_time.hpp"

namespace recguard::mocks {

namespace {

http::Response error(int status, std::string_view code, const std::string& message) {
  return http::make_response(status, cxone::error_body(code, message), "application/json");
}

http::Response ok_json(int status, std::string body) {
  return http::make_response(status, std::move(body), "application/json");
}

}  // namespace

CxoneModel::CxoneModel(std::string tenant, std::string cdn_host, std::string bearer_token,
                       std::int64_t epoch_unix_s, ArtifactFactory factory)
    : tenant_(std::move(tenant)),
      cdn_host_(std::move(cdn_host)),
      bearer_token_(std::move(bearer_token)),
      epoch_unix_s_(epoch_unix_s),
      factory_(std::move(factory)) {}

SimRecording* CxoneModel::recording(const RecordingId& id) {
  auto it = recordings_.find(id);
  return it == recordings_.end() ? nullptr : &it->second;
}

std::string CxoneModel::media_folder() const { return "/cxone/" + tenant_ + "/"; }

const SimRecording* CxoneModel::recording_at_media_path(std::string_view path) const {
  const auto id = recording_in_media_path(path, media_folder());
  if (!id) return nullptr;
  auto it = recordings_.find(*id);
  return it == recordings_.end() ? nullptr : &it->second;
}

bool CxoneModel::contact_live(const CallId& contact) const {
  auto it = contacts_.find(contact);
  return it != contacts_.end() && !it->second.ended;
}

std::vector<CallId> CxoneModel::take_uploads_started() {
  std::vector<CallId> out;
  out.swap(uploads_started_);
  return out;
}

void CxoneModel::start_contact(const CallId& id, const RecordingId& rec, Instant now, const std::string& skill) {
  assert(!contacts_.contains(id));
  Contact c;
  c.started = now;
  c.last_update = now;
  c.captures.push_back(rec);
  c.skill = skill;
  contacts_.emplace(id, std::move(c));
  SimRecording r;
  r.id = rec;
  r.call = id;
  r.started = now;
  recordings_.emplace(rec, std::move(r));
}

// The capture stops: its bytes now exist, as long as it ran.
void CxoneModel::stop_capture(SimRecording& r, Instant now) {
  r.ended = now;
  r.artifact = factory_(r.call, r.id, std::max<std::int64_t>(0, (now - r.started).us / 1000), r.silent);
  r.file_state = "UPLOADING";
}

void CxoneModel::end_contact(const CallId& id, Instant now) {
  Contact& c = contacts_.at(id);
  c.state = "Disconnected";
  c.ended = now;
  c.last_update = now;
  // A failed capture stays failed after hang-up: that is what a poller must still see.
  if (c.recording_status == "Recording") c.recording_status = "Stopped";
  for (const auto& rid : c.captures) {
    auto& r = recordings_.at(rid);
    if (r.file_state == "CAPTURING") stop_capture(r, now);
  }
}

std::vector<RecordingId> CxoneModel::finish_uploads(const CallId& id, Instant now) {
  std::vector<RecordingId> out;
  for (const auto& rid : contacts_.at(id).captures) {
    auto& r = recordings_.at(rid);
    if (r.file_state != "UPLOADING") continue;
    r.file_state = "AVAILABLE";
    r.media_path = media_folder() + rid.str() + ".wav";
    r.available_at = now;
    out.push_back(rid);
  }
  return out;
}

bool CxoneModel::fail_capture(const CallId& id, Instant now) {
  Contact& c = contacts_.at(id);
  if (c.ended) return false;
  for (const auto& rid : c.captures) {
    auto& r = recordings_.at(rid);
    if (r.file_state != "CAPTURING") continue;
    // No media survives a crashed capture on this model: it stays ERROR and
    // is never playable, as a Genesys ERROR recording has no mediaUris.
    r.crashed = true;
    r.ended = now;
    r.file_state = "ERROR";
    c.recording_status = "RecordingFailure";
    c.status_reason = "CaptureFailure";
    return true;
  }
  return false;
}

http::Response CxoneModel::handle(const http::Request& req, Instant now) {
  ++api_requests_;
  if (req.headers.get("Authorization") != "Bearer " + bearer_token_) {
    return error(401, "Unauthorized", "missing or invalid bearer token");
  }
  const std::string path = req.path();
  if (req.method == "GET" && path == cxone::kContactStatesPath) return contact_states(req);
  if (req.method == "GET" && path == cxone::kRecordingStatusPath) return recording_status(req);
  if (req.method == "GET" && path == cxone::kMediaPlaybackPath) return media_playback(req, now);
  if (req.method == "POST" && path == cxone::kStartRecordingPath) return start_recording(req, now);
  return error(404, "NotFound", "no such route " + req.method + " " + path);
}

http::Response CxoneModel::contact_states(const http::Request& req) const {
  std::optional<std::int64_t> since_ms;
  if (auto v = http::query_param(req, "updatedSince")) {
    since_ms = parse_iso8601_utc_ms(*v);
    if (!since_ms) return error(400, "InvalidParameter", "updatedSince '" + *v + "' is not an ISO 8601 time");
  }
  std::vector<cxone::ContactState> out;
  for (const auto& [id, c] : contacts_) {  // map order: deterministic output
    // Compared at the millisecond the wire shows, and inclusive (assumed): a
    // poller that passes the last lastUpdateTime it saw gets that row again
    // rather than missing another change in the same millisecond.
    const std::int64_t shown_ms = platform_unix_ms(epoch_unix_s_, c.last_update);
    if (since_ms && shown_ms < *since_ms) continue;
    out.push_back({id, c.state, platform_iso(epoch_unix_s_, c.last_update)});
    if (!c.skill.empty()) {
      out.back().skill_id = platform_number("skill/" + c.skill);
      out.back().skill_name = c.skill;
    }
  }
  if (out.empty()) return http::make_response(204);
  return ok_json(200, cxone::contact_states_to_json(out));
}

http::Response CxoneModel::recording_status(const http::Request& req) const {
  const auto id = http::query_param(req, "contactId");
  if (!id || id->empty()) return error(400, "InvalidParameter", "contactId is required");
  auto it = contacts_.find(CallId{*id});
  if (it == contacts_.end()) return error(404, "ContactNotFound", "contact " + *id + " not found");
  const Contact& c = it->second;
  return ok_json(200, cxone::recording_status_to_json(it->first, c.recording_status, c.status_reason));
}

std::optional<Duration> CxoneModel::playback_throttle(const std::string& token, Instant now) {
  auto& admitted = playback_admitted_[token];
  while (!admitted.empty() && admitted.front() + kPlaybackWindow <= now) admitted.pop_front();
  if (admitted.size() >= static_cast<std::size_t>(kPlaybackLimit)) return (admitted.front() + kPlaybackWindow) - now;
  admitted.push_back(now);
  return std::nullopt;
}

http::Response CxoneModel::media_playback(const http::Request& req, Instant now) {
  playback_times_.push_back(now);
  // Throttled before anything else: a 404 still spends the caller's quota.
  if (auto wait = playback_throttle(*req.headers.get("Authorization"), now)) {
    const std::int64_t seconds = std::max<std::int64_t>(1, (wait->us + 999999) / 1000000);
    auto resp = error(429, "TooManyRequests",
                      "media-playback allows " + std::to_string(kPlaybackLimit) + " requests per 5 minutes");
    resp.headers.set("Retry-After", std::to_string(seconds));
    return resp;
  }
  const auto acd = http::query_param(req, "acd-call-id");
  if (!acd || acd->empty()) return error(400, "InvalidParameter", "acd-call-id is required");
  auto it = contacts_.find(CallId{*acd});
  if (it == contacts_.end()) return error(404, "InteractionNotFound", "interaction " + *acd + " not found");
  // Every playable capture of the contact, in start order. A contact whose
  // uploads have not finished answers an empty list: "not yet".
  std::vector<cxone::PlaybackInfo> items;
  for (const auto& rid : it->second.captures) {
    const SimRecording& r = recordings_.at(rid);
    if (r.file_state != "AVAILABLE") continue;
    cxone::PlaybackInfo p;
    p.file_to_play_url = "https://" + cdn_host_ + r.media_path;
    p.start_time = platform_iso(epoch_unix_s_, r.started);
    p.end_time = platform_iso(epoch_unix_s_, *r.ended);
    items.push_back(std::move(p));
  }
  return ok_json(200, cxone::media_playback_to_json(it->first, items));
}

http::Response CxoneModel::start_recording(const http::Request& req, Instant now) {
  const auto user = http::query_param(req, "userId");
  if (!user || user->empty()) return error(400, "InvalidParameter", "userId is required");
  auto named = cxone::parse_start_recording_body(req.body_view());
  if (!named) return error(400, "InvalidParameter", named.error().message);
  auto it = contacts_.find(*named);
  if (it == contacts_.end()) return error(404, "ContactNotFound", "contact " + named->str() + " not found");
  Contact& c = it->second;
  StartRecordingLog log;
  log.at = now;
  log.call = *named;
  log.idempotency_key = req.headers.get("Idempotency-Key").value_or("");
  log.call_live = !c.ended;
  log.a_recording_was_uploading = std::any_of(c.captures.begin(), c.captures.end(), [&](const RecordingId& r) {
    return recordings_.at(r).file_state == "UPLOADING";
  });
  const bool forced_conflict =
      std::find(conflict_on_start_.begin(), conflict_on_start_.end(), log.call) != conflict_on_start_.end();
  http::Response resp;
  if (c.ended && !silent_capture_on_ended_) {
    resp = error(409, "ContactNotActive", "contact " + log.call.str() + " is " + c.state);
  } else if (c.recording_status == "Recording" || forced_conflict) {
    resp = error(409, "RecordingAlreadyActive", "contact " + log.call.str() + " is already recording");
  } else {
    // A new capture; on an ended contact (the incident, with the fault on) it
    // "succeeds" and captures a few seconds of silence.
    const RecordingId rid{log.call.str() + "-r" + std::to_string(c.captures.size())};
    SimRecording r;
    r.id = rid;
    r.call = log.call;
    r.started = now;
    r.started_by_key = log.idempotency_key;
    r.silent = c.ended.has_value();
    recordings_.emplace(rid, std::move(r));
    c.captures.push_back(rid);
    log.capture = rid;
    if (c.ended) {
      stop_capture(recordings_.at(rid), now + Duration::seconds(5));
      uploads_started_.push_back(log.call);
    } else {
      c.recording_status = "Recording";
      c.status_reason = "RecordOnDemand";
    }
    resp = ok_json(202, cxone::start_recording_response(log.call, "Recording started"));
  }
  log.status = resp.status;
  starts_.push_back(std::move(log));
  return resp;
}

}  // namespace recguard::mocks
