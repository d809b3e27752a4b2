#include "mocks/stores/model_wire.hpp"

#include <algorithm>
#include <charconv>

#include "core/crypto/digest.hpp"
#include "core/stores/xml.hpp"

namespace recguard::mocks {

using stores::xml_escape;

http::Response s3_error(int status, std::string_view code, std::string_view message, std::string_view resource,
                        std::string_view request_id) {
  http::Response r = http::make_response(
      status, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + xml_escape(code) + "</Code><Message>" +
                  xml_escape(message) + "</Message><Resource>" + xml_escape(resource) + "</Resource><RequestId>" +
                  xml_escape(request_id) + "</RequestId></Error>",
      "application/xml");
  r.headers.set("x-amz-request-id", std::string(request_id));
  return r;
}

http::Response azure_error(int status, std::string_view code, std::string_view message, std::string_view request_id,
                           bool with_body) {
  http::Response r =
      with_body ? http::make_response(status,
                                      "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>" + xml_escape(code) +
                                          "</Code><Message>" + xml_escape(message) + "</Message></Error>",
                                      "application/xml")
                : http::make_response(status);
  r.headers.set("x-ms-error-code", std::string(code));
  r.headers.set("x-ms-request-id", std::string(request_id));
  return r;
}

std::optional<ByteRange> parse_byte_range(std::string_view header, std::int64_t size) {
  constexpr std::string_view unit = "bytes=";
  if (header.substr(0, unit.size()) != unit) return std::nullopt;
  const std::string_view spec = header.substr(unit.size());
  const auto dash = spec.find('-');
  if (dash == std::string_view::npos || spec.find(',') != std::string_view::npos) return std::nullopt;
  auto number = [](std::string_view s) -> std::optional<std::int64_t> {
    std::int64_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc{} || end != s.data() + s.size() || v < 0) return std::nullopt;
    return v;
  };
  const auto first_text = spec.substr(0, dash), last_text = spec.substr(dash + 1);
  ByteRange r;
  if (first_text.empty()) {  // suffix: the last N bytes
    const auto n = number(last_text);
    if (!n) return std::nullopt;
    if (*n == 0 || size == 0) return ByteRange{false, 0, 0};
    r.first = *n >= size ? 0 : size - *n;
    r.last = size - 1;
    return r;
  }
  const auto first = number(first_text);
  if (!first) return std::nullopt;
  std::int64_t last = size - 1;  // "first-": to the end
  if (!last_text.empty()) {
    const auto given = number(last_text);
    if (!given || *given < *first) return std::nullopt;  // invalid syntax: ignored, whole object
    last = std::min(*given, size - 1);
  }
  if (*first >= size) return ByteRange{false, 0, 0};
  r.first = *first;
  r.last = last;
  return r;
}

std::string decode_path(std::string_view path) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(path.size());
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '%' && i + 2 < path.size() && hex(path[i + 1]) >= 0 && hex(path[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(path[i + 1]) * 16 + hex(path[i + 2])));
      i += 2;
    } else {
      out.push_back(path[i]);
    }
  }
  return out;
}

std::map<std::string, std::string> metadata_headers(const http::Headers& headers, std::string_view prefix) {
  std::map<std::string, std::string> out;
  for (const auto& [k, v] : headers.fields()) {
    const std::string n = http::to_lower(k);
    if (n.size() > prefix.size() && n.compare(0, prefix.size(), prefix) == 0) out[n.substr(prefix.size())] = v;
  }
  return out;
}

std::string listing_token(std::string_view last_name) { return crypto::base64_encode(last_name); }

std::optional<std::string> listing_token_name(std::string_view token) {
  std::string name;
  if (token.empty() || !crypto::base64_decode(token, name)) return std::nullopt;
  return name;
}


}  // namespace recguard::mocks
