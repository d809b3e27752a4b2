// One proxied connection: two directions, each a queue of chunks released
// after their latency and the shared link's pacing, with the HTTP framer on
// the client's side for injected answers, and the reset and blackhole faults.
#include <algorithm>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <deque>
#include <optional>
#include <string>

#include "live/proxy/injected_response.hpp"
#include "live/proxy/proxy_state.hpp"
#include "live/proxy/request_framer.hpp"

namespace recguard::live {

namespace {

// Bytes queued in one direction before the proxy stops reading from its
// source: a slow (throttled) sink then pushes back on the sender, as TCP would.
constexpr std::size_t kMaxQueuedBytes = 1024 * 1024;
constexpr std::size_t kReadBytes = 16 * 1024;

ProxyClock::duration to_clock(Duration d) { return std::chrono::microseconds(d.us); }

enum Dir : std::size_t { kUp = 0, kDown = 1 };

struct Chunk {
  std::string bytes;
  ProxyClock::time_point due;
  std::optional<ProxyClock::time_point> ready_at;  // due, then paced by the link
  bool shutdown = false;     // the source sent FIN: pass it on once the queue is written
  bool reset_after = false;  // the reset budget ends with this chunk
  bool close_after = false;  // an injected answer that ends the connection
};

}  // namespace

struct ProxyConnection : std::enable_shared_from_this<ProxyConnection> {
  struct Pipe {
    explicit Pipe(asio::io_context& io) : timer(io) {}
    std::deque<Chunk> queue;  // references stay valid on push_back
    std::size_t queued_bytes = 0;
    bool writing = false;
    bool reading = false;
    bool source_done = false;
    bool sink_shut = false;
    std::array<char, kReadBytes> buf{};
    asio::steady_timer timer;
  };

  ProxyConnection(std::shared_ptr<FaultProxy::Impl> p, std::uint64_t conn_id, tcp::socket socket)
      : proxy(std::move(p)),
        id(conn_id),
        client(std::move(socket)),
        upstream(proxy->io),
        pipes{Pipe(proxy->io), Pipe(proxy->io)} {}
  ~ProxyConnection() { proxy->open.erase(id); }

  tcp::socket& source(std::size_t d) { return d == kUp ? client : upstream; }
  tcp::socket& sink(std::size_t d) { return d == kUp ? upstream : client; }

  void start() {
    const FaultSettings s = proxy->snapshot();
    if (s.blackhole) {
      ++proxy->blackholed;
      discard();
      return;
    }
    if (s.reset_probability > 0 && proxy->draw_connection() < s.reset_probability) {
      reset_at = s.reset_after_bytes;
      if (*reset_at <= 0) {
        reset();
        return;
      }
    }
    upstream.async_connect(proxy->upstream, [self = shared_from_this()](const boost::system::error_code& ec) {
      if (self->dead) return;
      if (ec) {
        ++self->proxy->upstream_connect_failures;
        self->kill();
        return;
      }
      self->read(kUp);
      self->read(kDown);
    });
  }

  // Blackhole: read and drop everything, answer nothing, until the client gives up.
  void discard() {
    client.async_read_some(asio::buffer(pipes[kUp].buf),
                           [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
                             if (ec || self->dead) {
                               self->kill();
                               return;
                             }
                             self->discard();
                           });
  }

  void read(std::size_t d) {
    Pipe& p = pipes[d];
    if (dead || p.reading || p.source_done || p.queued_bytes >= kMaxQueuedBytes) return;
    const FaultSettings s = proxy->snapshot();
    std::size_t n = kReadBytes;
    // Small reads under a low limit, so that pacing is smooth rather than a
    // burst every few seconds.
    if (s.bandwidth_bytes_per_s > 0) {
      n = std::clamp<std::size_t>(static_cast<std::size_t>(s.bandwidth_bytes_per_s / 20), 256, kReadBytes);
    }
    p.reading = true;
    source(d).async_read_some(asio::buffer(p.buf.data(), n),
                              [self = shared_from_this(), d](const boost::system::error_code& ec, std::size_t got) {
                                self->on_read(d, ec, got);
                              });
  }

  void on_read(std::size_t d, const boost::system::error_code& ec, std::size_t got) {
    Pipe& p = pipes[d];
    p.reading = false;
    if (dead) return;
    const auto now = ProxyClock::now();
    if (ec) {
      if (ec != asio::error::eof) {
        kill();
        return;
      }
      p.source_done = true;
      Chunk c;
      c.due = now;
      c.shutdown = true;
      p.queue.push_back(std::move(c));
      write(d);
      return;
    }
    const FaultSettings s = proxy->snapshot();
    (d == kUp ? proxy->bytes_up : proxy->bytes_down) += got;
    std::string_view data(p.buf.data(), got);
    bool reset_now = false;
    if (reset_at) {
      const auto room = static_cast<std::size_t>(std::max<std::int64_t>(0, *reset_at - crossed));
      if (data.size() >= room) {
        data = data.substr(0, room);
        reset_now = true;
      }
      crossed += static_cast<std::int64_t>(data.size());
    }
    const Duration latency = d == kUp ? s.latency_up : s.latency_down;
    std::string forward;
    if (d == kUp) {
      std::vector<int> chosen;
      const auto dropped = framer.feed(
          data,
          [&](const RequestHead&) {
            ++proxy->requests_seen;
            if (s.statuses.empty()) return false;
            const auto pick = pick_injection(s.statuses, proxy->draw_request());
            if (!pick) return false;
            chosen.push_back(s.statuses[*pick].status);
            return true;
          },
          forward);
      for (std::size_t i = 0; i < dropped.size(); ++i) {
        ++proxy->requests_injected;
        Chunk answer;
        answer.close_after = dropped[i].expects_continue;
        answer.bytes = injected_response(chosen[i], dropped[i], s.retry_after, answer.close_after);
        answer.due = now + to_clock(s.latency_up) + to_clock(s.latency_down);
        enqueue(kDown, std::move(answer));
      }
    } else {
      forward.assign(data);
    }
    if (!forward.empty() || reset_now) {
      Chunk c;
      c.bytes = std::move(forward);
      c.due = now + to_clock(latency);
      c.reset_after = reset_now;
      enqueue(d, std::move(c));
    }
    write(kUp);
    write(kDown);
    if (!reset_now) read(d);
  }

  void enqueue(std::size_t d, Chunk c) {
    pipes[d].queued_bytes += c.bytes.size();
    pipes[d].queue.push_back(std::move(c));
  }

  void write(std::size_t d) {
    Pipe& p = pipes[d];
    if (dead || p.writing || p.queue.empty()) return;
    Chunk& c = p.queue.front();
    const auto now = ProxyClock::now();
    if (!c.ready_at) {
      auto at = std::max(now, c.due);
      const auto rate = proxy->snapshot().bandwidth_bytes_per_s;
      if (rate > 0 && !c.bytes.empty()) {
        // The chunk's last byte arrives once the shared link has carried it.
        auto& free_at = proxy->link_free[d];
        const auto start = std::max(at, free_at);
        free_at = start + std::chrono::nanoseconds(static_cast<std::int64_t>(c.bytes.size()) * 1000000000 / rate);
        at = free_at;
      }
      c.ready_at = at;
    }
    p.writing = true;
    if (*c.ready_at > now) {
      p.timer.expires_at(*c.ready_at);
      p.timer.async_wait([self = shared_from_this(), d](const boost::system::error_code& ec) {
        self->pipes[d].writing = false;
        if (ec || self->dead) return;
        self->pipes[d].queue.front().ready_at = ProxyClock::now();
        self->write(d);
      });
      return;
    }
    if (c.shutdown) {
      boost::system::error_code ignored;
      sink(d).shutdown(tcp::socket::shutdown_send, ignored);
      p.sink_shut = true;
      p.queue.pop_front();
      p.writing = false;
      if (pipes[kUp].sink_shut && pipes[kDown].sink_shut) kill();
      return;
    }
    if (c.bytes.empty()) {
      after_write(d);
      return;
    }
    asio::async_write(sink(d), asio::buffer(c.bytes),
                      [self = shared_from_this(), d](const boost::system::error_code& ec, std::size_t) {
                        if (self->dead) return;
                        if (ec) {
                          self->kill();
                          return;
                        }
                        self->after_write(d);
                      });
  }

  void after_write(std::size_t d) {
    Pipe& p = pipes[d];
    p.writing = false;
    Chunk done = std::move(p.queue.front());
    p.queue.pop_front();
    p.queued_bytes -= done.bytes.size();
    if (done.reset_after) {
      reset();
      return;
    }
    if (done.close_after) {
      kill();
      return;
    }
    write(d);
    // Reading may have paused on a full queue; the source whose bytes fill
    // pipe d is read for pipe d.
    read(d);
  }

  // RST rather than FIN: SO_LINGER with a zero timeout makes close() abort.
  void reset() {
    if (dead) return;
    ++proxy->resets;
    boost::system::error_code ignored;
    client.set_option(asio::socket_base::linger(true, 0), ignored);
    if (upstream.is_open()) upstream.set_option(asio::socket_base::linger(true, 0), ignored);
    kill();
  }

  void kill() {
    if (dead) return;
    dead = true;
    boost::system::error_code ignored;
    client.close(ignored);
    upstream.close(ignored);
    for (auto& p : pipes) p.timer.cancel();
  }

  std::shared_ptr<FaultProxy::Impl> proxy;
  std::uint64_t id;
  tcp::socket client;
  tcp::socket upstream;
  std::array<Pipe, 2> pipes;
  RequestFramer framer;
  std::optional<std::int64_t> reset_at;  // bytes (both directions) before the RST
  std::int64_t crossed = 0;
  bool dead = false;
};


std::shared_ptr<ProxyConnection> start_connection(std::shared_ptr<FaultProxy::Impl> proxy, std::uint64_t id,
                                                  tcp::socket client) {
  auto conn = std::make_shared<ProxyConnection>(std::move(proxy), id, std::move(client));
  conn->start();
  return conn;
}

void kill_connection(ProxyConnection& c) { c.kill(); }

}  // namespace recguard::live
