#pragma once
// `recguard serve` without the command line: fetch the platforms' OAuth
// tokens, open the journal, start the webhook server and the driver, run
// until SIGINT or SIGTERM, then stop gracefully (stop accepting, answer the
// webhooks in flight once their commit is durable, close). Asio lives here,
// not in app/ (only live/*.cpp files include it).
#include <functional>
#include <string>

#include "live/config/live_config.hpp"
#include "live/driver/live_driver.hpp"

namespace recguard::live {

struct ServiceOptions {
  bool allow_plain_http = false;  // --http: serve without TLS (tests and benchmarks only)
  DriverOptions driver;
  // Called once the server listens, with "http://127.0.0.1:8080" (or https).
  std::function<void(const std::string& url)> on_listening;
};

// Exit codes as the command line has them: 0 a clean stop, 1 a failure at
// run time (a token refused, the journal or the port unavailable), 2 a
// configuration that cannot be served (plain HTTP not allowed, ...).
int run_live_service(const LiveConfig& cfg, const ServiceOptions& options);

}  // namespace recguard::live
