#include "live/driver/endpoint_routes.hpp"

#include <charconv>
#include <stdexcept>

namespace recguard::live {

namespace {
Origin required(const std::string& url, const char* field) {
  auto o = parse_origin(url);
  if (!o) throw std::runtime_error(std::string(field) + ": cannot read URL '" + url + "'");
  return *o;
}
}  // namespace

std::string host_of_url(const std::string& url) {
  const auto u = http::parse_url(url);
  return u ? u->host : std::string();
}

EndpointRoutes::EndpointRoutes(const LiveConfig& cfg)
    : genesys_(required(cfg.genesys.api_url, "genesys.api_url")),
      primary_(required(cfg.primary.endpoint_url, "primary.endpoint_url")),
      backup_(required(cfg.backup.endpoint_url, "backup.endpoint_url")),
      cdn_tls_(cfg.cdn_tls) {
  if (cfg.cxone) cxone_ = required(cfg.cxone->api_url, "cxone.api_url");
}

std::optional<Origin> EndpointRoutes::origin_for(pipeline::Endpoint ep, const http::Request& req) const {
  switch (ep) {
    case pipeline::Endpoint::genesys_api: return genesys_;
    case pipeline::Endpoint::cxone_api: return cxone_;
    case pipeline::Endpoint::primary_store: return primary_;
    case pipeline::Endpoint::backup_store: return backup_;
    case pipeline::Endpoint::cdn: break;
  }
  const auto host = req.headers.get("Host");
  if (!host || host->empty()) return std::nullopt;
  Origin o;
  o.tls = cdn_tls_;
  o.port = cdn_tls_ ? 443 : 80;
  o.host = *host;
  // "host:port", but not an IPv6 literal's colons ("[::1]:8443" keeps its brackets off).
  if (const auto colon = host->rfind(':'); colon != std::string::npos && host->find(']') == std::string::npos) {
    unsigned port = 0;
    const auto* first = host->data() + colon + 1;
    const auto* last = host->data() + host->size();
    if (auto [p, ec] = std::from_chars(first, last, port); ec != std::errc() || p != last || port == 0 || port > 65535) {
      return std::nullopt;
    }
    o.host = host->substr(0, colon);
    o.port = static_cast<unsigned short>(port);
  } else if (host->front() == '[') {
    const auto close = host->find(']');
    o.host = host->substr(1, close - 1);
    if (close + 1 < host->size() && (*host)[close + 1] == ':') {
      o.port = static_cast<unsigned short>(std::stoul(host->substr(close + 2)));
    }
  }
  return o;
}

}  // namespace recguard::live
