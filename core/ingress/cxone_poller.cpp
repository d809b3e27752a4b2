#include "core/ingress/cxone_poller.hpp"

#include <algorithm>

#include "core/types/civil_time.hpp"

namespace recguard::ingress {

namespace {

bool is_ended(const std::string& state) { return state == "Disconnected"; }

}  // namespace

CxonePoller::CxonePoller(cxone::ApiConfig api, Duration poll_interval, Duration status_interval,
                         ComplianceScope scope)
    : api_(std::move(api)),
      poll_interval_(poll_interval),
      status_interval_(status_interval),
      scope_(std::move(scope)) {}

std::vector<CxonePollRequest> CxonePoller::due(Instant now) {
  std::vector<CxonePollRequest> out;
  if (!poll_in_flight_ && next_poll_ <= now) {
    poll_in_flight_ = true;
    out.push_back({CxonePollRequest::Kind::contact_states, CallId{}, cxone::build_contact_states(api_, updated_since_)});
  }
  for (auto& [id, c] : contacts_) {
    if (!(c.live || c.closing_check) || !c.in_scope || c.status_in_flight || c.next_status > now) continue;
    c.status_in_flight = true;
    c.closing_sent = !c.live;
    out.push_back({CxonePollRequest::Kind::recording_status, id, cxone::build_recording_status(api_, id)});
  }
  return out;
}

std::optional<Instant> CxonePoller::next_deadline() const {
  std::optional<Instant> d;
  if (!poll_in_flight_) d = next_poll_;
  for (const auto& [id, c] : contacts_) {
    if ((c.live || c.closing_check) && c.in_scope && !c.status_in_flight && (!d || c.next_status < *d)) {
      d = c.next_status;
    }
  }
  return d;
}

CxonePoller::Contact& CxonePoller::track(const CallId& id, Instant now) {
  auto [it, fresh] = contacts_.try_emplace(id);
  if (fresh) {
    it->second.captures.push_back(RecordingId{id.str()});
    it->second.next_status = now + status_interval_;
  }
  return it->second;
}

RecordingUpdate CxonePoller::update(const CallId& contact, const RecordingId& rec, std::string file_state) const {
  RecordingUpdate u;
  u.platform = Platform::cxone;
  u.recording = rec;
  u.call = contact;
  u.file_state = std::move(file_state);
  u.correlation_id = rec.str() + "-" + u.file_state;
  if (auto it = contacts_.find(contact); it != contacts_.end()) {
    u.queue_id = it->second.skill_id;
    u.queue_name = it->second.skill_name;
  }
  return u;
}

RecordingId CxonePoller::next_capture_id(const CallId& id, const Contact& c) const {
  return RecordingId{id.str() + "-r" + std::to_string(c.captures.size())};
}

std::vector<PlatformEvent> CxonePoller::on_contact_states(int status, std::string_view body, Instant now) {
  poll_in_flight_ = false;
  next_poll_ = now + poll_interval_;
  std::vector<PlatformEvent> out;
  if (status == 204) return out;  // nothing changed since updatedSince
  if (status != 200) return out;  // try again at the next poll, from the same updatedSince
  auto states = cxone::parse_contact_states(body);
  if (!states) return out;
  for (const auto& s : *states) {
    Contact& c = track(s.contact, now);
    c.last_update = s.last_update_time;
    if (!s.skill_id.empty()) c.skill_id = s.skill_id;
    if (!s.skill_name.empty()) c.skill_name = s.skill_name;
    c.in_scope = scope_.admits_queue(c.skill_id, c.skill_name);
    if (const auto ms = parse_iso8601_utc_ms(s.last_update_time); ms && *ms > updated_since_ms_) {
      updated_since_ms_ = *ms;
      updated_since_ = s.last_update_time;
    }
    if (!is_ended(s.state) || !c.live) continue;
    // The customer left: no capture of this contact may be re-recorded from
    // now on. Whether the running capture survived to the end is asked once
    // more (the closing check) before its captures are reported uploading.
    c.live = false;
    c.ended_at = now;
    out.emplace_back(std::in_place_type<CallEnded>, CallEnded{Platform::cxone, s.contact});
    if (c.in_scope) {
      c.closing_check = true;
      c.next_status = now;
    } else {
      report_uploading(s.contact, c, out);
    }
  }
  return out;
}

void CxonePoller::report_uploading(const CallId& id, Contact& c, std::vector<PlatformEvent>& out) const {
  c.closing_check = false;
  for (const auto& rec : c.captures) {
    if (std::find(c.failed.begin(), c.failed.end(), rec) == c.failed.end()) {
      out.emplace_back(std::in_place_type<RecordingUpdate>, update(id, rec, "UPLOADING"));
    }
  }
}

std::vector<PlatformEvent> CxonePoller::on_recording_status(const CallId& contact, int status, std::string_view body,
                                                            Instant now) {
  std::vector<PlatformEvent> out;
  auto it = contacts_.find(contact);
  if (it == contacts_.end()) return out;
  Contact& c = it->second;
  c.status_in_flight = false;
  c.next_status = now + status_interval_;
  if (!c.live && !c.closing_check) return out;
  if (!c.live && !c.closing_sent) {
    // Asked while the contact was still up: it cannot speak for the end.
    c.next_status = now;
    return out;
  }
  auto s = status == 200 ? cxone::parse_recording_status(body) : Result<std::string>(Error{"status"});
  if (!s) {
    if (!c.live && ++c.closing_failures >= kClosingAttempts) report_uploading(contact, c, out);
    return out;
  }
  if (*s == "RecordingFailure" && !c.current_failed) {
    // The running capture died while the contact is up: the same event a
    // Genesys fileState ERROR is, for the capture that was running.
    c.current_failed = true;
    c.failed.push_back(c.captures.back());
    out.emplace_back(std::in_place_type<RecordingUpdate>, update(contact, c.captures.back(), "ERROR"));
  } else if (*s == "Recording" && c.current_failed && c.live) {
    note_capture_started(contact);  // recording again: someone started a capture
  }
  if (!c.live) report_uploading(contact, c, out);
  return out;
}

std::size_t CxonePoller::forget_ended(Instant cutoff) {
  return std::erase_if(contacts_, [&](const auto& kv) { return !kv.second.live && kv.second.ended_at <= cutoff; });
}

void CxonePoller::note_capture_started(const CallId& contact) {
  auto it = contacts_.find(contact);
  if (it == contacts_.end() || !it->second.current_failed) return;  // already counted
  it->second.current_failed = false;
  it->second.captures.push_back(next_capture_id(contact, it->second));
}

std::optional<bool> CxonePoller::known_live(const CallId& contact) const {
  auto it = contacts_.find(contact);
  if (it == contacts_.end()) return std::nullopt;
  return it->second.live;
}

std::string CxonePoller::last_update_of(const CallId& contact) const {
  auto it = contacts_.find(contact);
  return it == contacts_.end() ? std::string{} : it->second.last_update;
}

bool CxonePoller::capture_failed(const CallId& contact, const RecordingId& recording) const {
  auto it = contacts_.find(contact);
  if (it == contacts_.end()) return false;
  const auto& f = it->second.failed;
  return std::find(f.begin(), f.end(), recording) != f.end();
}

std::optional<cxone::PlaybackInfo> CxonePoller::pick(const CallId& contact, const RecordingId& recording,
                                                     const std::vector<cxone::PlaybackInfo>& items) const {
  auto it = contacts_.find(contact);
  if (it == contacts_.end()) return std::nullopt;
  // media-playback lists the playable captures in start order; a failed
  // capture has no media, so the i-th playable capture is the i-th item.
  std::size_t index = 0;
  for (const auto& rec : it->second.captures) {
    if (capture_failed(contact, rec)) continue;
    if (rec == recording) return index < items.size() ? std::optional(items[index]) : std::nullopt;
    ++index;
  }
  return std::nullopt;
}

}  // namespace recguard::ingress
