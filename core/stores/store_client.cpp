#include "core/stores/store_client.hpp"

#include <charconv>

namespace recguard::stores {

std::string_view to_string(WriteOutcomeKind k) {
  switch (k) {
    case WriteOutcomeKind::created: return "created";
    case WriteOutcomeKind::already_exists: return "already_exists";
    case WriteOutcomeKind::race_conflict: return "race_conflict";
    case WriteOutcomeKind::throttled: return "throttled";
    case WriteOutcomeKind::server_error: return "server_error";
    case WriteOutcomeKind::rejected_digest: return "rejected_digest";
    case WriteOutcomeKind::auth_error: return "auth_error";
    case WriteOutcomeKind::client_error: return "client_error";
  }
  return "?";
}

std::string xml_error_code(std::string_view body) {
  const auto b = body.find("<Code>");
  const auto e = body.find("</Code>");
  if (b == std::string_view::npos || e == std::string_view::npos || e < b) return {};
  return std::string(body.substr(b + 6, e - b - 6));
}

std::int64_t retry_after_seconds(const http::Response& resp) {
  const auto v = resp.headers.get("Retry-After");
  if (!v) return -1;
  std::int64_t s = -1;
  std::from_chars(v->data(), v->data() + v->size(), s);
  return s;
}

}  // namespace recguard::stores
