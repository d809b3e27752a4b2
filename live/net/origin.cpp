#include <cctype>
#include <string>
#include <tuple>

#include "core/http/message.hpp"
#include "live/net/http_client.hpp"

namespace recguard::live {

bool Origin::operator<(const Origin& o) const { return std::tie(tls, host, port) < std::tie(o.tls, o.host, o.port); }

std::optional<Origin> parse_origin(const std::string& base_url) {
  const auto sep = base_url.find("://");
  if (sep == std::string::npos) return std::nullopt;
  Origin out;
  const std::string scheme = http::to_lower(base_url.substr(0, sep));
  if (scheme == "https") {
    out.tls = true;
    out.port = 443;
  } else if (scheme != "http") {
    return std::nullopt;
  }
  std::string authority = base_url.substr(sep + 3);
  authority = authority.substr(0, authority.find_first_of("/?#"));
  // Credentials in a URL would end up in logs; the config has its own secret references.
  if (authority.empty() || authority.find('@') != std::string::npos) return std::nullopt;

  std::string port_text;
  if (authority.front() == '[') {  // IPv6 literal: [::1]:8443
    const auto close = authority.find(']');
    if (close == std::string::npos || close == 1) return std::nullopt;
    out.host = authority.substr(1, close - 1);
    const std::string rest = authority.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return std::nullopt;
      port_text = rest.substr(1);
      if (port_text.empty()) return std::nullopt;
    }
  } else {
    const auto colon = authority.find(':');
    out.host = authority.substr(0, colon);
    if (colon != std::string::npos) {
      port_text = authority.substr(colon + 1);
      if (port_text.empty()) return std::nullopt;
    }
    if (out.host.empty()) return std::nullopt;
    for (const char c : out.host) {
      const auto u = static_cast<unsigned char>(c);
      if (!std::isalnum(u) && c != '.' && c != '-' && c != '_') return std::nullopt;
    }
  }
  if (!port_text.empty()) {
    if (port_text.size() > 5) return std::nullopt;
    unsigned long port = 0;
    for (const char c : port_text) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
      port = port * 10 + static_cast<unsigned long>(c - '0');
    }
    if (port == 0 || port > 65535) return std::nullopt;
    out.port = static_cast<unsigned short>(port);
  }
  return out;
}

}  // namespace recguard::live
