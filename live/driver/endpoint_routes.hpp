#pragma once
// Where each pipeline::Endpoint goes in live mode: the platform and store
// origins come from the configuration; a CDN request goes where its Host
// header says (the media URI the platform handed out), over TLS unless the
// configuration says otherwise (a test's loopback CDN).
#include <optional>

#include "core/pipeline/pipeline_io.hpp"
#include "live/config/live_config.hpp"
#include "live/net/http_client.hpp"

namespace recguard::live {

class EndpointRoutes {
 public:
  // Throws std::runtime_error naming the field whose URL cannot be read.
  explicit EndpointRoutes(const LiveConfig& cfg);
  // nullopt: a CDN request without a readable Host, or CXone when not configured.
  std::optional<Origin> origin_for(pipeline::Endpoint ep, const http::Request& req) const;

 private:
  Origin genesys_;
  std::optional<Origin> cxone_;
  Origin primary_;
  Origin backup_;
  bool cdn_tls_ = true;
};

// "host:port" (or "host") of a URL: what the core puts in Host headers and signs.
std::string host_of_url(const std::string& url);

}  // namespace recguard::live
