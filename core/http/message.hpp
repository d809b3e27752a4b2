#pragma once
// HTTP requests and responses as plain values. The core builds real requests
// (real paths, headers and signatures) and parses real responses; a driver
// carries them: over simulated links in sim/, over sockets in live/. The mocks
// take the same values, so what passes in simulation speaks the real wire API.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/types/bytes.hpp"

namespace recguard::http {

// Header names compare case-insensitively (RFC 9110); order is kept because
// signing canonicalises it and the trace prints it.
class Headers {
 public:
  void set(std::string name, std::string value);   // replaces any existing field
  void add(std::string name, std::string value);   // appends
  std::optional<std::string> get(std::string_view name) const;
  bool has(std::string_view name) const { return get(name).has_value(); }
  void remove(std::string_view name);
  const std::vector<std::pair<std::string, std::string>>& fields() const { return fields_; }

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

bool iequals(std::string_view a, std::string_view b);
std::string to_lower(std::string s);

struct Request {
  std::string method;   // "GET", "PUT", ...
  std::string target;   // origin-form: "/path?query"
  Headers headers;      // includes "Host"
  SharedBytes body;     // may be null for an empty body

  std::size_t body_size() const { return body ? body->size() : 0; }
  std::string_view body_view() const {
    return body ? as_string_view(*body) : std::string_view{};
  }
  std::string path() const;   // target without the query
  std::string query() const;  // after '?', or empty
};

struct Response {
  int status = 0;
  Headers headers;
  SharedBytes body;

  std::size_t body_size() const { return body ? body->size() : 0; }
  std::string_view body_view() const {
    return body ? as_string_view(*body) : std::string_view{};
  }
};

Response make_response(int status, std::string body = {}, std::string content_type = {});

// Percent-encoding as RFC 3986 unreserved set (what SigV4 and URL queries need).
std::string uri_encode(std::string_view s, bool encode_slash);
std::string uri_decode(std::string_view s);
// Splits "a=1&b=2" into decoded pairs, in order.
std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query);
// The first value of one query parameter of a request, decoded; nullopt when absent.
std::optional<std::string> query_param(const Request& req, std::string_view name);

// The complete length from a Content-Range "bytes first-last/total"; -1
// when absent, unreadable or "*" (RFC 9110 14.4).
std::int64_t content_range_total(const Response& resp);

// An absolute URL split into its parts (only what the pipeline needs).
struct Url {
  std::string scheme;  // "https"
  std::string host;    // "cdn.example" (with ":port" when given)
  std::string target;  // "/path?query"
};
std::optional<Url> parse_url(std::string_view url);

}  // namespace recguard::http
