#include "core/platforms/cxone/cxone_api.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace recguard::cxone {

using nlohmann::json;

namespace {

std::string enc(std::string_view s) { return http::uri_encode(s, true); }

http::Request base(const ApiConfig& cfg, const char* method, std::string target) {
  http::Request r;
  r.method = method;
  r.target = std::move(target);
  r.headers.set("Host", cfg.host);
  r.headers.set("Authorization", "Bearer " + cfg.bearer_token);
  r.headers.set("Accept", "application/json");
  return r;
}

json parse_object(std::string_view body) {
  json doc = json::parse(body, nullptr, /*allow_exceptions=*/false);
  return doc.is_object() ? doc : json{};  // null stands for "not an object"
}

// CXone's contactId is a number; simulated ids ("call-0001") are not. Digits
// go out as a number so the model speaks the real type; anything else stays a
// string. Leading zeros and long ids stay strings so they round-trip exactly.
json id_json(const std::string& id) {
  const bool numeric = !id.empty() && id.size() <= 18 && std::all_of(id.begin(), id.end(), [](char c) {
    return c >= '0' && c <= '9';
  }) && (id == "0" || id[0] != '0');
  return numeric ? json(std::stoll(id)) : json(id);
}

// The id as text whether the wire gave a number or a string; empty if neither.
std::string id_text(const json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end()) return {};
  if (it->is_number_unsigned()) return std::to_string(it->get<std::uint64_t>());
  if (it->is_number_integer()) return std::to_string(it->get<std::int64_t>());
  if (it->is_string()) return it->get<std::string>();
  return {};
}

std::string str_of(const json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

Error missing(std::string_view what, const std::string& field) {
  return Error{std::string(what) + ": " + field + " is missing or empty"};
}

constexpr std::string_view kRecordingStatuses[] = {"Recording", "Stopped", "RecordingFailure", "NoRecording",
                                                   "PoorRecordingQuality"};

}  // namespace

// ---- contact states

http::Request build_contact_states(const ApiConfig& cfg, std::string_view updated_since_iso8601) {
  std::string target(kContactStatesPath);
  if (!updated_since_iso8601.empty()) target += "?updatedSince=" + enc(updated_since_iso8601);
  return base(cfg, "GET", std::move(target));
}

Result<std::vector<ContactState>> parse_contact_states(std::string_view body) {
  constexpr std::string_view what = "contacts/states";
  std::vector<ContactState> out;
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return out;
  const json doc = parse_object(body);
  if (doc.is_null()) return Error{"contacts/states: body is not a JSON object"};
  auto list = doc.find("contactStates");
  if (list == doc.end() || !list->is_array()) return Error{"contacts/states: contactStates is missing or not an array"};
  for (std::size_t i = 0; i < list->size(); ++i) {
    const json& item = (*list)[i];
    const std::string at = "contactStates[" + std::to_string(i) + "]";
    if (!item.is_object()) return Error{"contacts/states: " + at + " is not an object"};
    ContactState s{CallId{id_text(item, "contactId")}, str_of(item, "contactStateName"), str_of(item, "lastUpdateTime")};
    if (s.contact.empty()) return missing(what, at + ".contactId");
    if (s.state.empty()) return missing(what, at + ".contactStateName");
    if (s.last_update_time.empty()) return missing(what, at + ".lastUpdateTime");
    s.skill_id = id_text(item, "skillId");
    s.skill_name = str_of(item, "skillName");
    out.push_back(std::move(s));
  }
  return out;
}

std::string contact_states_to_json(const std::vector<ContactState>& states) {
  json list = json::array();
  for (const auto& s : states) {
    json item = {{"contactId", id_json(s.contact.str())},
                 {"contactStateName", s.state},
                 {"lastUpdateTime", s.last_update_time}};
    if (!s.skill_id.empty()) item["skillId"] = id_json(s.skill_id);
    if (!s.skill_name.empty()) item["skillName"] = s.skill_name;
    list.push_back(std::move(item));
  }
  return json{{"totalRecords", states.size()}, {"contactStates", list}}.dump();
}

// ---- recording status

http::Request build_recording_status(const ApiConfig& cfg, const CallId& contact) {
  std::string target(kRecordingStatusPath);
  target += "?";
  if (!cfg.user_id.empty()) target += "userId=" + enc(cfg.user_id) + "&";
  target += "contactId=" + enc(contact.str());
  return base(cfg, "GET", std::move(target));
}

Result<std::string> parse_recording_status(std::string_view body) {
  const json doc = parse_object(body);
  if (doc.is_null()) return Error{"get-recording-status: body is not a JSON object"};
  std::string status = str_of(doc, "recordingStatusToAgent");
  if (status.empty()) return missing("get-recording-status", "recordingStatusToAgent");
  if (std::find(std::begin(kRecordingStatuses), std::end(kRecordingStatuses), status) == std::end(kRecordingStatuses)) {
    return Error{"get-recording-status: recordingStatusToAgent '" + status + "' is not a documented value"};
  }
  return status;
}

std::string recording_status_to_json(const CallId& contact, std::string_view status_to_agent,
                                     std::string_view status_reason) {
  json doc = {{"contactId", contact.str()}, {"recordingStatusToAgent", status_to_agent}};
  // A mono call reports the same status on both channels; the from-agent
  // channel has no PoorRecordingQuality value, so that one is left out.
  if (status_to_agent != "PoorRecordingQuality") doc["recordingStatusFromAgent"] = status_to_agent;
  if (!status_reason.empty()) doc["statusReason"] = status_reason;
  return doc.dump();
}

// ---- media playback

http::Request build_media_playback(const ApiConfig& cfg, const CallId& acd_call_id) {
  return base(cfg, "GET", std::string(kMediaPlaybackPath) + "?acd-call-id=" + enc(acd_call_id.str()) +
                              "&media-type=voice-only");
}

Result<std::vector<PlaybackInfo>> parse_media_playback(std::string_view body) {
  const json doc = parse_object(body);
  if (doc.is_null()) return Error{"media-playback: body is not a JSON object"};
  auto list = doc.find("interactions");
  if (list == doc.end() || !list->is_array()) return Error{"media-playback: interactions is missing or not an array"};
  std::vector<PlaybackInfo> out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const json& item = (*list)[i];
    const std::string at = "interactions[" + std::to_string(i) + "]";
    if (!item.is_object()) return Error{"media-playback: " + at + " is not an object"};
    auto data = item.find("data");
    if (data == item.end() || !data->is_object()) return missing("media-playback", at + ".data");
    PlaybackInfo p;
    p.file_to_play_url = str_of(*data, "fileToPlayUrl");
    if (p.file_to_play_url.empty()) return missing("media-playback", at + ".data.fileToPlayUrl");
    // The times sit on the data and on the interaction itself; prefer the data's.
    p.start_time = str_of(*data, "startTime");
    p.end_time = str_of(*data, "endTime");
    if (p.start_time.empty()) p.start_time = str_of(item, "startTime");
    if (p.end_time.empty()) p.end_time = str_of(item, "endTime");
    out.push_back(std::move(p));
  }
  return out;
}

std::string media_playback_to_json(const CallId& acd_call_id, const std::vector<PlaybackInfo>& items) {
  json list = json::array();
  for (const auto& p : items) {
    list.push_back({{"mediaType", "voice-only"},
                    {"startTime", p.start_time},
                    {"endTime", p.end_time},
                    {"data", {{"fileToPlayUrl", p.file_to_play_url}, {"startTime", p.start_time}, {"endTime", p.end_time}}}});
  }
  // The real top-level contactId is the recording system's own id (a UUID);
  // the model has none, so it repeats the ACD id there.
  return json{{"contactId", acd_call_id.str()}, {"acdcontactId", id_json(acd_call_id.str())}, {"interactions", list}}
      .dump();
}

// ---- start recording on demand

http::Request build_start_recording(const ApiConfig& cfg, const CallId& contact, std::string_view idempotency_key) {
  auto r = base(cfg, "POST", std::string(kStartRecordingPath) + "?userId=" + enc(cfg.user_id));
  r.headers.set("Content-Type", "application/json");
  r.headers.set("Idempotency-Key", std::string(idempotency_key));
  r.body = share(json{{"contactId", id_json(contact.str())}}.dump());
  return r;
}

Result<CallId> parse_start_recording_body(std::string_view body) {
  const json doc = parse_object(body);
  if (doc.is_null()) return Error{"start-recording-on-demand: body is not a JSON object"};
  CallId contact{id_text(doc, "contactId")};
  if (contact.empty()) return missing("start-recording-on-demand", "contactId");
  return contact;
}

std::string start_recording_response(const CallId& contact, std::string_view description) {
  // httpStatus's values are not published; "ACCEPTED" matches the 202 (assumed).
  return json{{"description", description}, {"contactId", id_json(contact.str())}, {"httpStatus", "ACCEPTED"}}.dump();
}

std::string error_body(std::string_view internal_code, std::string_view message) {
  return json{{"internalCode", internal_code}, {"message", message}}.dump();
}

}  // namespace recguard::cxone
