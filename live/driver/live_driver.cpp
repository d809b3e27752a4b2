#include "live/driver/live_driver.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <deque>
#include <stdexcept>
#include <unordered_map>

#include "core/journal/sqlite_journal.hpp"
#include "live/driver/endpoint_routes.hpp"
#include "live/driver/journal_thread.hpp"
#include "live/driver/wall_clock.hpp"
#include "live/net/http_client.hpp"

namespace recguard::live {
namespace asio = boost::asio;

struct LiveDriver::Impl : std::enable_shared_from_this<LiveDriver::Impl> {
  Impl(asio::io_context& io, const LiveConfig& cfg, const PlatformTokens& tokens, DriverOptions options)
      : io_(io), options_(options), routes_(cfg), client_(io, cfg.http), timer_(io) {
    auto opened = SqliteJournal::open(cfg.journal_path);
    if (!opened) throw std::runtime_error("journal " + cfg.journal_path + ": " + opened.error().message);
    // Recovery: every journalled row back in memory before the first event.
    auto rows = opened.value()->load_all();
    recovered_ = rows.size();
    auto pcfg = pipeline_config_from(cfg, tokens);
    // One webhook per commit: a window would only add its wait to each.
    if (!options_.group_commit) pcfg.commit_window = Duration{};
    pipeline_ = std::make_unique<pipeline::Pipeline>(std::move(pcfg), std::move(rows), wall_now());
    journal_ = std::make_unique<JournalThread>(io, std::move(opened.value()));
  }

  // ---- events in ----

  void on_request(http::Request req, Respond respond) {
    if (req.path() != kWebhookPath) {
      return respond(http::make_response(404, "not found\n", "text/plain"));
    }
    if (req.method != "POST") {
      auto resp = http::make_response(405, "POST only\n", "text/plain");
      resp.headers.set("Allow", "POST");
      return respond(resp);
    }
    if (stopping_) return respond(unavailable());
    if (!options_.group_commit && (!pending_.empty() || commits_in_flight_ > 0 || !waiting_.empty())) {
      waiting_.emplace_back(std::move(req), std::move(respond));
      return;
    }
    admit(std::move(req), std::move(respond));
    drain();
  }

  void admit(http::Request req, Respond respond) {
    std::string id = "w" + std::to_string(++next_delivery_);
    pending_.emplace(id, std::move(respond));
    ++stats_.webhooks_in;
    pipeline_->handle(pipeline::WebhookReceived{DeliveryId{std::move(id)}, std::move(req)}, wall_now());
  }

  void on_http(std::uint64_t request_id, ClientResult r) {
    if (stopped_) return;
    pipeline_->handle(pipeline::HttpCompleted{request_id, std::move(r.response), std::move(r.transport_error)},
                      wall_now());
    drain();
  }

  void on_committed(std::uint64_t batch_id, std::size_t rows, Result<Committed> r) {
    --commits_in_flight_;
    if (stopped_) return;
    if (r) {
      stats_.rows_committed += rows;
    } else {
      ++stats_.commit_failures;
    }
    pipeline::JournalCommitted c;
    c.batch_id = batch_id;
    c.ok = r.ok();
    if (r) c.refused = std::move(r->refused);
    else c.error = r.error().message;
    pipeline_->handle(std::move(c), wall_now());
    drain();
  }

  void on_row_loaded(std::uint64_t lookup_id, std::optional<RecordingRow> row) {
    if (stopped_) return;
    pipeline_->handle(pipeline::JournalRowLoaded{lookup_id, std::move(row)}, wall_now());
    drain();
  }

  void on_timer() {
    if (stopped_) return;
    armed_.reset();
    pipeline_->handle_timeout(wall_now());
    drain();
  }

  // ---- commands out ----

  void drain() {
    // An answer may arrive inline while a command runs; the outer loop then
    // picks up what it produced instead of recursing.
    if (draining_) {
      again_ = true;
      return;
    }
    draining_ = true;
    do {
      again_ = false;
      while (auto cmd = pipeline_->poll_command()) {
        std::visit([this](auto&& c) { execute(std::move(c)); }, std::move(*cmd));
      }
      admit_waiting();
    } while (again_);
    draining_ = false;
    arm_timer();
    maybe_finish();
  }

  // Commit-per-request mode: the next webhook goes in once the previous one
  // is answered and no commit is in flight.
  void admit_waiting() {
    if (options_.group_commit || stopping_) return;
    if (!pending_.empty() || commits_in_flight_ > 0 || waiting_.empty()) return;
    auto [req, respond] = std::move(waiting_.front());
    waiting_.pop_front();
    admit(std::move(req), std::move(respond));
    again_ = true;
  }

  void execute(pipeline::AckWebhook a) {
    auto it = pending_.find(a.delivery.str());
    if (it == pending_.end()) return;
    Respond respond = std::move(it->second);
    pending_.erase(it);
    if (a.status >= 200 && a.status < 300) ++stats_.webhooks_acked_2xx;
    auto resp = http::make_response(a.status, a.body + "\n", "text/plain");
    // A refusal the relay should retry (journal failure, another orchestrator's lease).
    if (a.status == 503) resp.headers.set("Retry-After", "1");
    respond(std::move(resp));
  }

  void execute(pipeline::SendHttp s) {
    const auto origin = routes_.origin_for(s.endpoint, s.request);
    if (!origin) {
      ++stats_.http_unroutable;
      pipeline_->handle(pipeline::HttpCompleted{s.request_id, std::nullopt, "no route for this request"}, wall_now());
      again_ = true;
      return;
    }
    ++stats_.http_sent;
    client_.send(*origin, std::move(s.request), [weak = weak_from_this(), id = s.request_id](ClientResult r) {
      if (auto self = weak.lock()) self->on_http(id, std::move(r));
    });
  }

  void execute(pipeline::CommitJournal c) {
    ++commits_in_flight_;
    ++stats_.commits;
    const std::size_t rows = c.batch.rows.size();
    journal_->commit(std::move(c.batch), [weak = weak_from_this(), id = c.batch_id, rows](Result<Committed> r) {
      if (auto self = weak.lock()) self->on_committed(id, rows, std::move(r));
    });
  }

  void execute(pipeline::LoadJournalRow l) {
    journal_->load(l.recording, [weak = weak_from_this(), id = l.lookup_id](std::optional<RecordingRow> row) {
      if (auto self = weak.lock()) self->on_row_loaded(id, std::move(row));
    });
  }

  // The core's next deadline on a steady timer. Re-armed only when it moves:
  // at thousands of webhooks a second most events leave it where it was.
  void arm_timer() {
    if (stopped_) return;
    const auto d = pipeline_->next_deadline();
    if (d == armed_) return;
    armed_ = d;
    const std::uint64_t gen = ++timer_generation_;
    if (!d) {
      timer_.cancel();
      return;
    }
    const std::int64_t wait_us = std::max<std::int64_t>(0, (*d - wall_now()).us);
    timer_.expires_after(std::chrono::microseconds(wait_us));
    timer_.async_wait([weak = weak_from_this(), gen](boost::system::error_code ec) {
      auto self = weak.lock();
      if (ec || !self || gen != self->timer_generation_) return;
      self->on_timer();
    });
  }

  // ---- shutdown ----

  static http::Response unavailable() {
    auto resp = http::make_response(503, "shutting down\n", "text/plain");
    resp.headers.set("Retry-After", "5");
    return resp;
  }

  void shutdown(std::function<void()> done) {
    stopping_ = true;
    on_stopped_ = std::move(done);
    // No new outgoing requests: what they would find out is redone after a
    // restart (the rows say where each recording was). Commits still run.
    client_.close();
    // Never handed to the core: nothing of them is journalled; the relay retries.
    for (auto& [req, respond] : waiting_) respond(unavailable());
    waiting_.clear();
    maybe_finish();
  }

  void maybe_finish() {
    if (!stopping_ || stopped_ || !on_stopped_) return;
    // The final commit: every row the core dirtied (a webhook's or a
    // workflow's progress) is durable before the journal closes.
    if (!pending_.empty() || commits_in_flight_ > 0 || draining_ || pipeline_->has_uncommitted()) return;
    stop();
    asio::post(io_, std::move(on_stopped_));
    on_stopped_ = nullptr;
  }

  void stop() {
    if (stopped_) return;
    stopped_ = true;
    ++timer_generation_;
    timer_.cancel();
    if (!stopping_) client_.close();
    journal_->stop();  // finishes a commit already queued, so what was acknowledged stays acknowledged
  }

  asio::io_context& io_;
  DriverOptions options_;
  EndpointRoutes routes_;
  HttpClient client_;
  asio::steady_timer timer_;
  std::unique_ptr<pipeline::Pipeline> pipeline_;
  std::unique_ptr<JournalThread> journal_;
  std::size_t recovered_ = 0;
  // Deliveries handed to the core and not answered yet. Looked up by id only,
  // never iterated into output, so an unordered map is fine.
  std::unordered_map<std::string, Respond> pending_;
  std::deque<std::pair<http::Request, Respond>> waiting_;
  std::uint64_t next_delivery_ = 0;
  int commits_in_flight_ = 0;
  std::optional<Instant> armed_;
  std::uint64_t timer_generation_ = 0;
  bool draining_ = false;
  bool again_ = false;
  bool stopping_ = false;
  bool stopped_ = false;
  std::function<void()> on_stopped_;
  DriverStats stats_;
};

LiveDriver::LiveDriver(asio::io_context& io, const LiveConfig& cfg, const PlatformTokens& tokens,
                       DriverOptions options)
    : impl_(std::make_shared<Impl>(io, cfg, tokens, options)) {}

LiveDriver::~LiveDriver() { impl_->stop(); }

void LiveDriver::on_request(http::Request req, Respond respond) { impl_->on_request(std::move(req), std::move(respond)); }

Handler LiveDriver::handler() {
  return [weak = std::weak_ptr<Impl>(impl_)](http::Request req, Respond respond) {
    if (auto self = weak.lock()) {
      self->on_request(std::move(req), std::move(respond));
    } else {
      respond(Impl::unavailable());
    }
  };
}

void LiveDriver::token_refreshed(Platform platform, std::string token) {
  if (impl_->stopped_) return;
  impl_->pipeline_->handle(pipeline::PlatformTokenRefreshed{platform, std::move(token)}, wall_now());
  impl_->drain();
}

void LiveDriver::shutdown(std::function<void()> done) { impl_->shutdown(std::move(done)); }

const pipeline::Stats& LiveDriver::pipeline_stats() const { return impl_->pipeline_->stats(); }
const DriverStats& LiveDriver::stats() const { return impl_->stats_; }
std::size_t LiveDriver::recovered_rows() const { return impl_->recovered_; }

}  // namespace recguard::live
