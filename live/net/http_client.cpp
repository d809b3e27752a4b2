#include "live/net/http_client.hpp"

#include <deque>
#include <map>
#include <utility>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include "live/net/client_connection.hpp"
#include "live/net/client_tls_context.hpp"

namespace recguard::live {
namespace asio = boost::asio;

using Done = std::function<void(ClientResult)>;

// Everything below runs on the io_context's thread: send() and close() post
// into it, so the pools need no lock and `done` never runs inside send().
struct HttpClient::Impl : std::enable_shared_from_this<HttpClient::Impl> {
  struct Pending {
    http::Request req;
    Done done;
  };
  struct Pool {
    std::vector<std::shared_ptr<ClientConnection>> idle;  // most recently used last
    std::size_t busy = 0;                                 // connections running an exchange
    std::deque<Pending> queue;                            // waiting for a connection, oldest first
  };

  Impl(asio::io_context& io, ClientOptions options)
      : io_(io), options_(std::move(options)), tls_(make_client_tls_context(options_)) {}

  void submit(const Origin& origin, Pending pending) {
    if (closed_) return pending.done(ClientResult{std::nullopt, "the HTTP client is closed"});
    Pool& pool = pools_[origin];
    pool.queue.push_back(std::move(pending));
    drain(origin, pool);
  }

  // Starts queued requests while a connection is free or may be opened.
  void drain(const Origin& origin, Pool& pool) {
    while (!pool.queue.empty()) {
      std::shared_ptr<ClientConnection> conn = take_idle(pool);
      if (!conn) {
        // The limit counts open connections, idle ones included; take_idle
        // found none alive, so busy is the whole count.
        if (pool.busy >= options_.max_connections_per_origin) return;
        conn = make_client_connection(io_, origin.tls ? tls_ : nullptr, origin, options_);
      }
      Pending next = std::move(pool.queue.front());
      pool.queue.pop_front();
      run(origin, pool, std::move(conn), std::move(next));
    }
  }

  static std::shared_ptr<ClientConnection> take_idle(Pool& pool) {
    while (!pool.idle.empty()) {
      auto conn = std::move(pool.idle.back());
      pool.idle.pop_back();
      if (conn->still_open()) return conn;
      conn->close();  // the server closed it while idle (keep-alive timeout)
    }
    return nullptr;
  }

  void run(const Origin& origin, Pool& pool, std::shared_ptr<ClientConnection> conn, Pending pending) {
    ++pool.busy;
    // Weak: the connection holds this callback until it runs, and a strong
    // reference back would keep both alive if the io_context never ran it.
    std::weak_ptr<ClientConnection> weak = conn;
    conn->exchange(std::move(pending.req), [self = shared_from_this(), origin, weak,
                                            done = std::move(pending.done)](ClientResult result, bool reusable) mutable {
      self->on_exchange_done(origin, weak.lock(), reusable);
      done(std::move(result));
    });
  }

  // Queued requests go first, before `done` can send more: they waited longer.
  void on_exchange_done(const Origin& origin, std::shared_ptr<ClientConnection> conn, bool reusable) {
    Pool& pool = pools_[origin];
    --pool.busy;
    if (conn && reusable && !closed_) {
      pool.idle.push_back(std::move(conn));
    } else if (conn) {
      conn->close();
    }
    drain(origin, pool);
  }

  void close() {
    closed_ = true;
    std::vector<Pending> failed;
    for (auto& [origin, pool] : pools_) {
      for (auto& conn : pool.idle) conn->close();
      pool.idle.clear();
      for (auto& p : pool.queue) failed.push_back(std::move(p));
      pool.queue.clear();
    }
    // Callbacks last: one of them may call send() again, which must see a
    // consistent (closed) client.
    for (auto& p : failed) p.done(ClientResult{std::nullopt, "the HTTP client closed before the request was sent"});
  }

  asio::io_context& io_;
  ClientOptions options_;
  std::shared_ptr<asio::ssl::context> tls_;
  std::map<Origin, Pool> pools_;
  bool closed_ = false;
};

HttpClient::HttpClient(asio::io_context& io, ClientOptions options)
    : impl_(std::make_shared<Impl>(io, std::move(options))) {}

HttpClient::~HttpClient() {
  // Exchanges in flight hold the Impl and finish on their own; what is idle
  // or queued goes now (posted, so ~HttpClient may run on any thread).
  if (impl_) close();
}

void HttpClient::send(const Origin& origin, http::Request req, std::function<void(ClientResult)> done) {
  asio::post(impl_->io_, [impl = impl_, origin, req = std::move(req), done = std::move(done)]() mutable {
    impl->submit(origin, Impl::Pending{std::move(req), std::move(done)});
  });
}

void HttpClient::close() {
  asio::post(impl_->io_, [impl = impl_] { impl->close(); });
}

}  // namespace recguard::live
