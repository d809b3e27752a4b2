#pragma once
// The live driver: runs the pipeline core on real time against real
// endpoints. It feeds the core webhooks from the HTTP server, HTTP answers
// from the client, journal commits from the journal thread and timer
// expiries, and executes what the core asks (SendHttp, CommitJournal,
// LoadJournalRow, AckWebhook) on one io thread; only the journal's fsync runs
// on a thread of its own (journal_thread.hpp).
#include <cstdint>
#include <functional>
#include <memory>

#include "core/pipeline/pipeline.hpp"
#include "live/config/live_config.hpp"
#include "live/driver/pipeline_config.hpp"
#include "live/net/http_server.hpp"

namespace boost::asio {
class io_context;
}

namespace recguard::live {

// The webhook endpoint: the operator's relay POSTs Genesys notifications here,
// signed with X-Recguard-Signature (core/ingress/webhook_signature.hpp).
inline constexpr const char* kWebhookPath = "/webhooks/genesys";

struct DriverOptions {
  // true (the product): the core keeps one commit in flight and every webhook
  // that arrives meanwhile rides the next one, many per fsync.
  // false: each webhook is handed to the core only once the previous one is
  // answered and no commit is in flight, and the commit window is 0, so every
  // commit (and fsync) carries one webhook. The benchmark's baseline
  // (`recguard serve --commit-every-request`).
  bool group_commit = true;
};

struct DriverStats {
  std::uint64_t webhooks_in = 0;      // handed to the core
  std::uint64_t webhooks_acked_2xx = 0;
  std::uint64_t commits = 0;
  std::uint64_t commit_failures = 0;
  std::uint64_t rows_committed = 0;
  std::uint64_t http_sent = 0;
  std::uint64_t http_unroutable = 0;
};

class LiveDriver {
 public:
  // Opens (or creates) the journal at cfg.journal_path and recovers its rows;
  // throws std::runtime_error naming the file when it cannot.
  LiveDriver(boost::asio::io_context& io, const LiveConfig& cfg, const PlatformTokens& tokens,
             DriverOptions options = {});
  ~LiveDriver();
  LiveDriver(const LiveDriver&) = delete;
  LiveDriver& operator=(const LiveDriver&) = delete;

  // The HTTP server's handler: POST kWebhookPath goes to the core and is
  // answered once its event is durable; another method there is 405, any
  // other path 404; during shutdown 503.
  void on_request(http::Request req, Respond respond);
  Handler handler();

  // A renewed OAuth token (oauth_token.hpp's TokenKeeper).
  void token_refreshed(Platform platform, std::string token);

  // Graceful stop: refuses new webhooks and closes the HTTP client (outgoing
  // requests in flight are abandoned: their recordings are journalled and
  // resume after a restart), waits until every webhook handed to the core is
  // answered and every dirty row is committed, then stops the journal thread
  // and calls `done` (on the io thread).
  void shutdown(std::function<void()> done);

  const pipeline::Stats& pipeline_stats() const;
  const DriverStats& stats() const;
  std::size_t recovered_rows() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace recguard::live
