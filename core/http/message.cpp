#include "core/http/message.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>

namespace recguard::http {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string to_lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

void Headers::set(std::string name, std::string value) {
  remove(name);
  fields_.emplace_back(std::move(name), std::move(value));
}

void Headers::add(std::string name, std::string value) { fields_.emplace_back(std::move(name), std::move(value)); }

std::optional<std::string> Headers::get(std::string_view name) const {
  for (const auto& [k, v] : fields_) {
    if (iequals(k, name)) return v;
  }
  return std::nullopt;
}

void Headers::remove(std::string_view name) {
  std::erase_if(fields_, [&](const auto& f) { return iequals(f.first, name); });
}

std::string Request::path() const {
  const auto q = target.find('?');
  return q == std::string::npos ? target : target.substr(0, q);
}

std::string Request::query() const {
  const auto q = target.find('?');
  return q == std::string::npos ? std::string{} : target.substr(q + 1);
}

Response make_response(int status, std::string body, std::string content_type) {
  Response r;
  r.status = status;
  if (!content_type.empty()) r.headers.set("Content-Type", std::move(content_type));
  if (!body.empty()) r.body = share(body);
  return r;
}

std::string uri_encode(std::string_view s, bool encode_slash) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || (c == '/' && !encode_slash)) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 0xF]);
    }
  }
  return out;
}

std::string uri_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() &&
        std::isxdigit(static_cast<unsigned char>(s[i + 1])) && std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else if (s[i] == '+') {
      out.push_back(' ');
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t pos = 0;
  while (pos <= query.size() && !query.empty()) {
    const auto amp = query.find('&', pos);
    const auto part = query.substr(pos, amp == std::string_view::npos ? std::string_view::npos : amp - pos);
    if (!part.empty()) {
      const auto eq = part.find('=');
      if (eq == std::string_view::npos) {
        out.emplace_back(uri_decode(part), std::string{});
      } else {
        out.emplace_back(uri_decode(part.substr(0, eq)), uri_decode(part.substr(eq + 1)));
      }
    }
    if (amp == std::string_view::npos) break;
    pos = amp + 1;
  }
  return out;
}

std::optional<std::string> query_param(const Request& req, std::string_view name) {
  for (auto& [k, v] : parse_query(req.query())) {
    if (k == name) return v;
  }
  return std::nullopt;
}

std::int64_t content_range_total(const Response& resp) {
  const auto v = resp.headers.get("Content-Range");
  if (!v) return -1;
  const auto slash = v->rfind('/');
  if (v->rfind("bytes ", 0) != 0 || slash == std::string::npos || slash + 1 >= v->size()) return -1;
  std::int64_t total = 0;
  for (std::size_t i = slash + 1; i < v->size(); ++i) {
    const char c = (*v)[i];
    if (c < '0' || c > '9' || total > (INT64_MAX - 9) / 10) return -1;
    total = total * 10 + (c - '0');
  }
  return total;
}

std::optional<Url> parse_url(std::string_view url) {
  const auto sep = url.find("://");
  if (sep == std::string_view::npos || sep == 0) return std::nullopt;
  Url u;
  u.scheme = std::string(url.substr(0, sep));
  const auto rest = url.substr(sep + 3);
  const auto slash = rest.find('/');
  u.host = std::string(rest.substr(0, slash));
  if (u.host.empty()) return std::nullopt;
  u.target = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  return u;
}

}  // namespace recguard::http
