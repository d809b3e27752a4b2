#include "live/driver/live_service.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <iostream>
#include <optional>
#include <vector>

#include "live/driver/oauth_token.hpp"
#include "live/net/http_client.hpp"
#include "live/net/http_server.hpp"

namespace recguard::live {
namespace asio = boost::asio;

namespace {

// The platforms' tokens: the first ones go into the core's configuration,
// renewals to the running driver. Lives for the whole run (the keepers' callbacks point here).
struct TokenState {
  PlatformTokens first;
  int waiting = 0;
  std::string error;
  LiveDriver* driver = nullptr;
};

}  // namespace

int run_live_service(const LiveConfig& cfg, const ServiceOptions& options) {
  const bool tls = cfg.webhook.server.tls.has_value();
  if (!tls && !options.allow_plain_http) {
    std::cerr << "error: " << cfg.source_file
              << ": webhook.tls is not configured; pass --http to serve plain HTTP (tests and benchmarks only)\n";
    return 2;
  }
  if (!tls) std::cerr << "warning: serving webhooks over plain HTTP: for tests and benchmarks only\n";

  asio::io_context io(1);
  HttpClient token_client(io, cfg.http);
  std::vector<std::unique_ptr<TokenKeeper>> keepers;
  TokenState ts;
  // An empty token_url means the platform needs no token (a test double, or
  // a relay that adds its own credentials).
  auto keep = [&](const OAuthClient& oauth, Platform p, const char* label) {
    if (oauth.token_url.empty()) return;
    ++ts.waiting;
    keepers.push_back(std::make_unique<TokenKeeper>(io, token_client, oauth, label));
    keepers.back()->start(
        [&ts, p](const std::string& token) {
          if (ts.driver) return ts.driver->token_refreshed(p, token);
          std::string& slot = p == Platform::genesys ? ts.first.genesys : ts.first.cxone;
          if (slot.empty()) --ts.waiting;
          slot = token;
        },
        [&ts](const std::string& why) {
          ts.error = why;
          ts.waiting = 0;
        });
  };
  keep(cfg.genesys.oauth, Platform::genesys, "genesys");
  if (cfg.cxone) keep(cfg.cxone->oauth, Platform::cxone, "cxone");
  while (ts.waiting > 0 && ts.error.empty() && io.run_one() > 0) {
  }
  io.restart();
  if (!ts.error.empty()) {
    std::cerr << "error: " << ts.error << "\n";
    return 1;
  }

  std::unique_ptr<LiveDriver> driver;
  std::unique_ptr<HttpServer> server;
  try {
    driver = std::make_unique<LiveDriver>(io, cfg, ts.first, options.driver);
    server = std::make_unique<HttpServer>(io, cfg.webhook.server, driver->handler());
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  ts.driver = driver.get();  // renewals go to the running core from now on
  if (driver->recovered_rows() > 0) std::cerr << "recovered " << driver->recovered_rows() << " journal rows\n";

  const std::string url = std::string(tls ? "https" : "http") + "://" + cfg.webhook.server.bind + ":" +
                          std::to_string(server->port());
  std::cout << "listening on " << url << std::endl;
  if (options.on_listening) options.on_listening(url);

  asio::signal_set signals(io, SIGINT, SIGTERM);
  bool stopping = false;
  std::function<void(const boost::system::error_code&, int)> on_signal =
      [&](const boost::system::error_code& ec, int) {
        if (ec) return;
        if (stopping) {
          // A second signal: the operator wants out now. Everything acknowledged is durable.
          std::cerr << "second signal: exiting without waiting\n";
          std::_Exit(1);
        }
        stopping = true;
        std::cerr << "shutting down: answering webhooks in flight\n";
        signals.async_wait(on_signal);
        server->shutdown([&] {
          driver->shutdown([&] {
            for (auto& k : keepers) k->stop();
            token_client.close();
            signals.cancel();
            io.stop();
          });
        });
      };
  signals.async_wait(on_signal);
  io.run();

  const auto& s = driver->stats();
  std::cerr << "stopped: " << s.webhooks_in << " webhooks in, " << s.webhooks_acked_2xx << " acknowledged 2xx, "
            << s.commits << " commits (" << s.rows_committed << " rows), " << s.commit_failures << " failed\n";
  return 0;
}

}  // namespace recguard::live
