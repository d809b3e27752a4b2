#include "core/stores/store_client.hpp"

#include <charconv>

#include "core/signing/http_date.hpp"

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

std::int64_t content_length(const http::Response& resp) {
  const auto v = resp.headers.get("Content-Length");
  std::int64_t n = -1;
  if (v) std::from_chars(v->data(), v->data() + v->size(), n);
  return n;
}

std::int64_t retry_after_seconds(const http::Response& resp) {
  const auto v = resp.headers.get("Retry-After");
  if (!v || v->empty()) return -1;
  std::int64_t s = -1;
  const auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), s);
  if (ec == std::errc{} && end == v->data() + v->size()) return s >= 0 ? s : -1;
  // The HTTP-date form: measured against the server's own Date, so neither
  // side's clock offset matters and the core needs no clock.
  const auto at = signing::parse_rfc1123_date(*v);
  const auto date = resp.headers.get("Date");
  const auto now = date ? signing::parse_rfc1123_date(*date) : std::nullopt;
  if (!at || !now) return -1;
  return *at > *now ? *at - *now : 0;
}

}  // namespace recguard::stores
