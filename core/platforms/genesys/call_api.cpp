#include "core/platforms/genesys/call_api.hpp"

#include <nlohmann/json.hpp>

namespace recguard::genesys {

using nlohmann::json;

namespace {

http::Request base(const ApiConfig& cfg, std::string method, std::string target) {
  http::Request r;
  r.method = std::move(method);
  r.target = std::move(target);
  r.headers.set("Host", cfg.host);
  r.headers.set("Authorization", "Bearer " + cfg.bearer_token);
  r.headers.set("Accept", "application/json");
  return r;
}

std::string enc(const std::string& s) { return http::uri_encode(s, true); }

std::string str_of(const json& doc, const char* key) {
  auto it = doc.find(key);
  return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

}  // namespace

bool is_live(const CallInfo& call) {
  if (!call.end_time.empty()) return false;
  for (const auto& p : call.participants) {
    if (p.purpose == "customer" && p.state != "disconnected" && p.state != "terminated") return true;
  }
  return false;
}

const Participant* acd_participant(const CallInfo& call) {
  for (const auto& p : call.participants) {
    if (p.purpose == "acd" && (!p.queue_id.empty() || !p.queue_name.empty())) return &p;
  }
  return nullptr;
}

http::Request build_get_call(const ApiConfig& cfg, const CallId& call) {
  return base(cfg, "GET", "/api/v2/conversations/calls/" + enc(call.str()));
}

Result<CallInfo> parse_call(std::string_view json_body) {
  json doc = json::parse(json_body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return Error{"CallConversation is not a JSON object"};
  CallInfo c;
  c.id = CallId{str_of(doc, "id")};
  c.recording_state = str_of(doc, "recordingState");
  c.end_time = str_of(doc, "endTime");
  auto it = doc.find("participants");
  if (c.id.empty() || it == doc.end() || !it->is_array()) return Error{"CallConversation needs id and participants"};
  for (const auto& p : *it) {
    if (!p.is_object()) return Error{"CallConversation participant is not an object"};
    c.participants.push_back(Participant{str_of(p, "id"), str_of(p, "purpose"), str_of(p, "state"),
                                         str_of(p, "queueId"), str_of(p, "queueName")});
  }
  return c;
}

std::string call_to_json(const CallInfo& call) {
  json parts = json::array();
  for (const auto& p : call.participants) {
    json part = {{"id", p.id}, {"purpose", p.purpose}, {"state", p.state}};
    if (!p.queue_id.empty()) part["queueId"] = p.queue_id;
    if (!p.queue_name.empty()) part["queueName"] = p.queue_name;
    parts.push_back(std::move(part));
  }
  json doc = {{"id", call.id.str()}, {"participants", parts}, {"recordingState", call.recording_state}};
  if (!call.end_time.empty()) doc["endTime"] = call.end_time;
  return doc.dump();
}

http::Request build_start_recording(const ApiConfig& cfg, const CallId& call, std::string_view idempotency_key) {
  auto r = base(cfg, "PUT", "/api/v2/conversations/calls/" + enc(call.str()) + "/recordingstate");
  r.headers.set("Content-Type", "application/json");
  r.headers.set("Idempotency-Key", std::string(idempotency_key));
  r.body = share(json{{"recordingState", "ACTIVE"}}.dump());
  return r;
}

std::string parse_recording_state_body(std::string_view json_body) {
  json doc = json::parse(json_body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return {};
  return str_of(doc, "recordingState");
}

http::Request build_list_recordings(const ApiConfig& cfg, const CallId& call) {
  return base(cfg, "GET", "/api/v2/conversations/" + enc(call.str()) + "/recordings?formatId=NONE");
}

Result<std::vector<RecordingMetadata>> parse_recording_list(std::string_view json_body) {
  json doc = json::parse(json_body, nullptr, false);
  if (doc.is_discarded() || !doc.is_array()) return Error{"recording list is not a JSON array"};
  std::vector<RecordingMetadata> out;
  for (const auto& item : doc) {
    auto md = parse_recording(item.dump());
    if (!md) return md.error();
    out.push_back(std::move(*md));
  }
  return out;
}

std::string recording_list_to_json(const std::vector<RecordingMetadata>& list) {
  json arr = json::array();
  for (const auto& md : list) arr.push_back(json::parse(recording_to_json(md)));
  return arr.dump();
}

http::Request build_annotation(const ApiConfig& cfg, const CallId& call, const RecordingId& rec,
                               std::string_view name, std::string_view description) {
  auto r = base(cfg, "POST",
                "/api/v2/conversations/" + enc(call.str()) + "/recordings/" + enc(rec.str()) + "/annotations");
  r.headers.set("Content-Type", "application/json");
  r.body = share(json{{"name", name}, {"description", description}}.dump());
  return r;
}

Result<Annotation> parse_annotation(std::string_view json_body) {
  json doc = json::parse(json_body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return Error{"annotation is not a JSON object"};
  Annotation a{str_of(doc, "name"), str_of(doc, "description")};
  if (a.name.empty()) return Error{"annotation needs a name"};
  return a;
}

}  // namespace recguard::genesys
