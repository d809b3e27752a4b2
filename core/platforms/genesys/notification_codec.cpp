#include "core/platforms/genesys/notification_codec.hpp"

#include <nlohmann/json.hpp>

namespace recguard::genesys {

using nlohmann::json;

namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// "v2.detail.events.conversation.{cid}.customer.end" -> cid
std::string call_from_end_topic(std::string_view topic) {
  constexpr std::string_view prefix = "v2.detail.events.conversation.";
  constexpr std::string_view suffix = ".customer.end";
  return std::string(topic.substr(prefix.size(), topic.size() - prefix.size() - suffix.size()));
}

Result<ingress::PlatformEvent> parse_envelope(const json& env) {
  if (!env.is_object() || !env.contains("topicName") || !env["topicName"].is_string()) {
    return Error{"expected a notification with a string topicName"};
  }
  const std::string topic = env["topicName"].get<std::string>();
  const json* body = env.contains("eventBody") ? &env["eventBody"] : nullptr;

  if (topic.rfind("v2.detail.events.conversation.", 0) == 0 && ends_with(topic, ".customer.end")) {
    ingress::CallEnded e;
    e.call = CallId{call_from_end_topic(topic)};
    if (body && body->is_object() && body->contains("conversationId") && (*body)["conversationId"].is_string()) {
      e.call = CallId{(*body)["conversationId"].get<std::string>()};
    }
    if (e.call.empty()) return Error{"customer.end topic without a conversation id"};
    return ingress::PlatformEvent{e};
  }

  if (topic.rfind("v2.users.", 0) == 0 && ends_with(topic, ".recordings")) {
    if (!body || !body->is_object()) return Error{"recordings notification without an eventBody object"};
    ingress::RecordingUpdate u;
    auto str = [&](const char* key) -> std::string {
      auto it = body->find(key);
      return it != body->end() && it->is_string() ? it->get<std::string>() : std::string{};
    };
    u.recording = RecordingId{str("id")};
    u.call = CallId{str("conversationId")};
    u.file_state = str("fileState");
    if (const std::string media = str("media"); !media.empty()) u.media_type = media;
    if (u.recording.empty() || u.call.empty() || u.file_state.empty()) {
      return Error{"recordings eventBody needs id, conversationId and fileState"};
    }
    if (auto it = body->find("mediaUris"); it != body->end()) {
      // Real payloads carry mediaUris either as a list of strings or as a map
      // of role -> {mediaUri}; take every URI either way.
      if (it->is_array()) {
        for (const auto& m : *it) if (m.is_string()) u.media_uris.push_back(m.get<std::string>());
      } else if (it->is_object()) {
        for (const auto& [role, m] : it->items()) {
          (void)role;
          if (m.is_object() && m.contains("mediaUri") && m["mediaUri"].is_string()) {
            u.media_uris.push_back(m["mediaUri"].get<std::string>());
          }
        }
      }
    }
    if (auto md = env.find("metadata"); md != env.end() && md->is_object() && md->contains("CorrelationId") &&
                                          (*md)["CorrelationId"].is_string()) {
      u.correlation_id = (*md)["CorrelationId"].get<std::string>();
    }
    return ingress::PlatformEvent{u};
  }
  return Error{"unsupported topic '" + topic + "'"};
}

}  // namespace

Result<ingress::PlatformEvent> parse_notification(std::string_view body) {
  json doc = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Error{"body is not valid JSON"};
  // EventBridge wraps the notification: {"version":"0","detail-type",...,"detail":{...}}.
  if (doc.is_object() && doc.contains("detail") && doc.contains("detail-type")) {
    return parse_envelope(doc["detail"]);
  }
  return parse_envelope(doc);
}

std::string recording_notification(std::string_view user_id, const ingress::RecordingUpdate& u) {
  json body = {{"id", u.recording.str()}, {"conversationId", u.call.str()}, {"fileState", u.file_state},
               {"media", u.media_type}};
  if (!u.media_uris.empty()) body["mediaUris"] = u.media_uris;
  json env = {{"topicName", "v2.users." + std::string(user_id) + ".conversations." + u.call.str() + ".recordings"},
              {"version", "2"},
              {"eventBody", body},
              {"metadata", {{"CorrelationId", u.correlation_id}}}};
  return env.dump();
}

std::string customer_end_notification(const CallId& call) {
  json env = {{"topicName", "v2.detail.events.conversation." + call.str() + ".customer.end"},
              {"version", "2"},
              {"eventBody", {{"conversationId", call.str()}}},
              {"metadata", {{"CorrelationId", "end-" + call.str()}}}};
  return env.dump();
}

}  // namespace recguard::genesys
