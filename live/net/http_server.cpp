#include "live/net/http_server.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/write.hpp>
#include <openssl/ssl.h>

#include <array>
#include <chrono>
#include <map>
#include <stdexcept>
#include <type_traits>

#include "live/net/beast_message.hpp"

namespace recguard::live {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;

namespace {

std::chrono::microseconds to_chrono(Duration d) { return std::chrono::microseconds(d.us); }

// After an error answer (408, 413, 400, 503) the client may still be sending:
// closing with unread bytes in the kernel's buffer makes it send a reset, and
// the client may lose the answer it has not read yet. So the server half-closes
// and reads what is left for a moment before it closes.
constexpr auto kLingerTime = std::chrono::milliseconds(500);
constexpr std::size_t kHeaderLimit = 16 * 1024;

// A connection's state, from the server's side. Shutdown closes the ones
// that hold no request; the others finish their answer first.
enum class Phase { handshake, idle, reading, handling, writing, closing };

ssl::context make_tls_context(const TlsServerFiles& files) {
  ssl::context ctx(ssl::context::tls_server);
  ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                  ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
  SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_2_VERSION);
  error_code ec;
  ctx.use_certificate_chain_file(files.cert_chain_file, ec);
  if (ec) throw std::runtime_error("TLS certificate chain " + files.cert_chain_file + ": " + ec.message());
  ctx.use_private_key_file(files.private_key_file, ssl::context::pem, ec);
  if (ec) throw std::runtime_error("TLS private key " + files.private_key_file + ": " + ec.message());
  if (!files.client_ca_file.empty()) {
    ctx.load_verify_file(files.client_ca_file, ec);
    if (ec) throw std::runtime_error("TLS client CA " + files.client_ca_file + ": " + ec.message());
    // Tell clients which CAs we accept, so one holding several certificates picks the right one.
    if (STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(files.client_ca_file.c_str())) {
      SSL_CTX_set_client_CA_list(ctx.native_handle(), names);
    }
    ctx.set_verify_mode(ssl::verify_peer | ssl::verify_fail_if_no_peer_cert);
  }
  return ctx;
}

}  // namespace

// ---- the server's shared state ----

class SessionBase;

// Namespace-level (HttpServer::Impl is private): the sessions hold it.
struct HttpServerState : std::enable_shared_from_this<HttpServerState> {
  HttpServerState(asio::io_context& io, ServerOptions options, Handler handler)
      : io_(io), options_(std::move(options)), handler_(std::move(handler)), acceptor_(io) {}

  void open();
  void do_accept();
  void on_accept(error_code ec, tcp::socket socket);
  void start_session(tcp::socket socket);
  void forget(std::uint64_t id);
  void shutdown(std::function<void()> done);
  void stop_now();
  void maybe_done();

  asio::io_context& io_;
  ServerOptions options_;
  Handler handler_;
  tcp::acceptor acceptor_;
  std::optional<ssl::context> tls_;
  unsigned short port_ = 0;
  // Every open connection, by a sequence number (never by pointer, so the
  // shutdown order does not depend on the allocator).
  std::map<std::uint64_t, std::shared_ptr<SessionBase>> sessions_;
  std::uint64_t next_session_id_ = 1;
  bool accepting_ = false;
  bool shutting_down_ = false;
  bool stopped_ = false;  // the HttpServer is gone: no more handler calls
  std::function<void()> on_drained_;
};

// ---- one connection ----

class SessionBase : public std::enable_shared_from_this<SessionBase> {
 public:
  virtual ~SessionBase() = default;
  virtual void start() = 0;
  // The server shuts down: close unless a request is being answered.
  virtual void on_server_shutdown() = 0;
  // The server object is destroyed: close at once.
  virtual void close_now() = 0;
  // A handler's answer to request number `seq` of this connection.
  virtual void answer(std::uint64_t seq, http::Response resp) = 0;
};

namespace {

// What the handler gets: answers once; a second call is ignored, and a
// Respond dropped without being called answers 500 so the client is never
// left waiting (a handler bug must not hang a relay's connection).
class ResponseSlot {
 public:
  ResponseSlot(asio::io_context& io, std::weak_ptr<SessionBase> session, std::uint64_t seq)
      : io_(io), session_(std::move(session)), seq_(seq) {}
  ~ResponseSlot() {
    if (!answered_) deliver(http::make_response(500, "no answer\n", "text/plain"));
  }
  ResponseSlot(const ResponseSlot&) = delete;
  ResponseSlot& operator=(const ResponseSlot&) = delete;

  void answer(http::Response resp) {
    if (answered_) return;
    answered_ = true;
    deliver(std::move(resp));
  }

 private:
  void deliver(http::Response resp) {
    // A session that is gone has nothing to answer; one that lives keeps its
    // io_context alive, so dispatching to it is safe from any thread.
    auto s = session_.lock();
    if (!s) return;
    asio::dispatch(io_, [s, seq = seq_, r = std::move(resp)]() mutable { s->answer(seq, std::move(r)); });
  }

  asio::io_context& io_;
  std::weak_ptr<SessionBase> session_;
  std::uint64_t seq_ = 0;
  bool answered_ = false;
};

// One connection over Stream: tcp::socket (plain) or ssl::stream<tcp::socket>.
// Timeouts are one timer per connection, not tcp_stream's expiry: an expired
// tcp_stream closes its socket, and a slow client must still get its 408.
template <class Stream>
class Session final : public SessionBase {
  static constexpr bool kTls = !std::is_same_v<Stream, tcp::socket>;

 public:
  Session(std::shared_ptr<HttpServerState> server, std::uint64_t id, Stream stream, bool over_limit)
      : server_(std::move(server)), id_(id), stream_(std::move(stream)), timer_(server_->io_), over_limit_(over_limit) {}

  void start() override {
    if constexpr (kTls) {
      do_handshake();
    } else {
      // The first request must arrive within read_timeout, not idle_timeout:
      // a connection that never sends a whole request is the Slowloris attack.
      do_read();
    }
  }

  void on_server_shutdown() override {
    if (phase_ == Phase::idle || phase_ == Phase::handshake ||
        (phase_ == Phase::reading && buffer_.size() == 0 && !parser_->got_some())) {
      close();
    }
    // Reading, handling or writing: the answer goes out with Connection: close.
  }

  void close_now() override { close(); }

  void answer(std::uint64_t seq, http::Response resp) override {
    if (phase_ != Phase::handling || seq != seq_) return;
    write(std::move(resp), !keep_alive_ || server_->shutting_down_ || server_->stopped_);
  }

 private:
  tcp::socket& socket() {
    if constexpr (kTls) {
      return stream_.next_layer();
    } else {
      return stream_;
    }
  }

  // A generation number, not only the error code, tells a stale expiry: a
  // wait that completed just before it was re-armed still runs its handler.
  void arm(std::chrono::microseconds after) {
    timed_out_ = false;
    const std::uint64_t gen = ++timer_generation_;
    timer_.expires_after(after);
    timer_.async_wait([weak = weak_from_this(), this, gen](error_code ec) {
      const auto self = weak.lock();
      if (ec || !self || gen != timer_generation_) return;
      timed_out_ = true;
      error_code ignored;
      socket().cancel(ignored);
    });
  }

  void disarm() {
    ++timer_generation_;
    timer_.cancel();
  }

  // ---- TLS handshake ----
  void do_handshake() {
    phase_ = Phase::handshake;
    arm(to_chrono(server_->options_.read_timeout));
    if constexpr (kTls) {
      stream_.async_handshake(ssl::stream_base::server,
                              [self = shared_from_this(), this](error_code ec) { on_handshake(ec); });
    }
  }
  void on_handshake(error_code ec) {
    disarm();
    if (ec) return close();  // no client certificate, wrong CA, not TLS at all
    do_read();
  }

  // ---- keep-alive: wait for the next request's first bytes ----
  void do_wait() {
    if (server_->shutting_down_) return close();
    if (buffer_.size() > 0) return do_read();  // pipelined: already here
    phase_ = Phase::idle;
    arm(to_chrono(server_->options_.idle_timeout));
    stream_.async_read_some(buffer_.prepare(4096),
                            [self = shared_from_this(), this](error_code ec, std::size_t n) { on_wait(ec, n); });
  }
  void on_wait(error_code ec, std::size_t n) {
    disarm();
    if (ec) return close();  // idle too long, or the client went away
    buffer_.commit(n);
    do_read();
  }

  // ---- one request: header, then body, all within read_timeout ----
  void do_read() {
    phase_ = Phase::reading;
    parser_.emplace();
    parser_->header_limit(kHeaderLimit);
    parser_->body_limit(server_->options_.body_limit);
    arm(to_chrono(server_->options_.read_timeout));
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             [self = shared_from_this(), this](error_code ec, std::size_t) { on_read_header(ec); });
  }
  void on_read_header(error_code ec) {
    if (ec) return on_read_error(ec);
    // Refuse an announced oversize body before reading it.
    if (const auto len = parser_->content_length(); len && *len > server_->options_.body_limit) {
      disarm();
      return reject(413, "body over limit\n");
    }
    const auto& req = parser_->get();
    if (!parser_->is_done() && bhttp::token_list{req[bhttp::field::expect]}.exists("100-continue")) {
      // curl waits for this before sending a large body.
      continue_ = std::make_shared<bhttp::response<bhttp::empty_body>>(bhttp::status::continue_, req.version());
      bhttp::async_write(stream_, *continue_, [self = shared_from_this(), this](error_code wec, std::size_t) {
        if (wec) return on_read_error(wec);
        do_read_body();
      });
      return;
    }
    do_read_body();
  }
  void do_read_body() {
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = shared_from_this(), this](error_code ec, std::size_t) { on_read(ec); });
  }
  void on_read(error_code ec) {
    if (ec) return on_read_error(ec);
    disarm();
    auto wire = parser_->release();
    keep_alive_ = wire.keep_alive();
    version_ = wire.version();
    is_head_ = wire.method() == bhttp::verb::head;
    if (over_limit_) return reject(503, "too many connections\n");
    if (server_->stopped_) return close();
    phase_ = Phase::handling;
    ++seq_;
    auto slot = std::make_shared<ResponseSlot>(server_->io_, weak_from_this(), seq_);
    Respond respond = [slot](http::Response resp) { slot->answer(std::move(resp)); };
    // The handler may answer at once (dispatch runs the answer inline) or later.
    server_->handler_(from_wire(std::move(wire)), std::move(respond));
  }
  void on_read_error(error_code ec) {
    disarm();
    const bool got_bytes = buffer_.size() > 0 || (parser_ && parser_->got_some());
    if (timed_out_) {
      if (got_bytes) return reject(408, "request not received in time\n");
      return close();
    }
    if (ec == bhttp::error::end_of_stream || ec == asio::error::eof || ec == asio::error::connection_reset ||
        ec == asio::error::operation_aborted) {
      return close();
    }
    if (ec == bhttp::error::body_limit) return reject(413, "body over limit\n");
    if (ec == bhttp::error::header_limit) return reject(431, "header over limit\n");
    // The client closed mid-request: nobody is left to read an answer.
    if (ec == bhttp::error::partial_message) return close();
    if (ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category()) {
      return reject(400, "malformed request\n");
    }
    close();  // a socket or TLS error
  }

  // ---- answers ----
  void reject(int status, const char* why) {
    is_head_ = false;
    write(http::make_response(status, why, "text/plain"), true);
  }

  void write(http::Response resp, bool close_after) {
    phase_ = Phase::writing;
    close_after_ = close_after;
    res_ = std::make_unique<WireResponse>(to_wire(resp, version_));
    res_->keep_alive(!close_after);
    sr_ = std::make_unique<bhttp::response_serializer<WireBody>>(*res_);
    arm(to_chrono(server_->options_.read_timeout));  // a client that does not read its answer
    auto on_written = [self = shared_from_this(), this](error_code ec, std::size_t) { on_write(ec); };
    // A response to HEAD says its Content-Length but carries no body.
    if (is_head_) {
      bhttp::async_write_header(stream_, *sr_, std::move(on_written));
    } else {
      bhttp::async_write(stream_, *sr_, std::move(on_written));
    }
  }
  void on_write(error_code ec) {
    disarm();
    sr_.reset();
    res_.reset();
    if (ec) return close();
    if (close_after_) return linger_close();
    do_wait();
  }

  // ---- closing ----
  void linger_close() {
    phase_ = Phase::closing;
    timed_out_ = false;
    const std::uint64_t gen = ++timer_generation_;
    timer_.expires_after(kLingerTime);
    timer_.async_wait([weak = weak_from_this(), this, gen](error_code ec) {
      const auto self = weak.lock();
      if (ec || !self || gen != timer_generation_) return;
      close();
    });
    if constexpr (kTls) {
      // close_notify, then wait (bounded by the timer) for the peer's.
      stream_.async_shutdown([self = shared_from_this(), this](error_code) { close(); });
    } else {
      error_code ignored;
      socket().shutdown(tcp::socket::shutdown_send, ignored);
      drain();
    }
  }
  void drain() {
    socket().async_read_some(asio::buffer(scratch_), [self = shared_from_this(), this](error_code ec, std::size_t) {
      if (ec) return close();
      drain();
    });
  }

  void close() {
    if (closed_) return;
    closed_ = true;
    phase_ = Phase::closing;
    timer_.cancel();
    error_code ignored;
    socket().shutdown(tcp::socket::shutdown_both, ignored);
    socket().close(ignored);
    // Last: the server's map may hold the last reference to this session.
    auto server = server_;
    server->forget(id_);
  }

  std::shared_ptr<HttpServerState> server_;
  std::uint64_t id_ = 0;
  Stream stream_;
  asio::steady_timer timer_;
  bool over_limit_ = false;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<WireBody>> parser_;
  std::shared_ptr<bhttp::response<bhttp::empty_body>> continue_;
  std::unique_ptr<WireResponse> res_;
  std::unique_ptr<bhttp::response_serializer<WireBody>> sr_;
  std::array<char, 4096> scratch_{};
  Phase phase_ = Phase::handshake;
  std::uint64_t seq_ = 0;
  unsigned version_ = 11;
  bool keep_alive_ = true;
  bool is_head_ = false;
  bool close_after_ = false;
  std::uint64_t timer_generation_ = 0;
  bool timed_out_ = false;
  bool closed_ = false;
};

}  // namespace

// ---- accepting ----

void HttpServerState::open() {
  if (options_.tls) tls_.emplace(make_tls_context(*options_.tls));
  error_code ec;
  const auto address = asio::ip::make_address(options_.bind, ec);
  const std::string where = options_.bind + ":" + std::to_string(options_.port);
  if (ec) throw std::runtime_error("cannot listen on " + where + ": bad address (" + ec.message() + ")");
  const tcp::endpoint ep(address, options_.port);
  acceptor_.open(ep.protocol(), ec);
  if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(ep, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) throw std::runtime_error("cannot listen on " + where + ": " + ec.message());
  port_ = acceptor_.local_endpoint().port();
  accepting_ = true;
  do_accept();
}

void HttpServerState::do_accept() {
  acceptor_.async_accept([self = shared_from_this()](error_code ec, tcp::socket socket) {
    self->on_accept(ec, std::move(socket));
  });
}

void HttpServerState::on_accept(error_code ec, tcp::socket socket) {
  if (!accepting_) return;
  if (ec == asio::error::operation_aborted) return;
  if (!ec) start_session(std::move(socket));
  // Other errors (too many open files, a connection reset before accept)
  // concern one connection, not the listener: keep accepting.
  do_accept();
}

void HttpServerState::start_session(tcp::socket socket) {
  error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  const std::size_t open = sessions_.size();
  // Beyond the limit a connection is still read, so that its client gets a
  // 503 rather than a reset; far beyond it, the server protects itself first.
  if (open >= 2 * options_.max_connections) return;
  const bool over_limit = open >= options_.max_connections;
  const std::uint64_t id = next_session_id_++;
  std::shared_ptr<SessionBase> s;
  if (tls_) {
    s = std::make_shared<Session<ssl::stream<tcp::socket>>>(
        shared_from_this(), id, ssl::stream<tcp::socket>(std::move(socket), *tls_), over_limit);
  } else {
    s = std::make_shared<Session<tcp::socket>>(shared_from_this(), id, std::move(socket), over_limit);
  }
  sessions_.emplace(id, s);
  s->start();
}

void HttpServerState::forget(std::uint64_t id) {
  sessions_.erase(id);
  maybe_done();
}

void HttpServerState::shutdown(std::function<void()> done) {
  on_drained_ = std::move(done);
  shutting_down_ = true;
  accepting_ = false;
  error_code ignored;
  acceptor_.close(ignored);
  // Copy first: closing a session erases it from the map.
  std::vector<std::shared_ptr<SessionBase>> open;
  for (auto& [id, s] : sessions_) open.push_back(s);
  for (auto& s : open) s->on_server_shutdown();
  maybe_done();
}

void HttpServerState::maybe_done() {
  if (!shutting_down_ || !sessions_.empty() || !on_drained_) return;
  // Posted, not called: `done` may destroy the server, which must not happen
  // inside one of its own sessions' handlers.
  asio::post(io_, std::move(on_drained_));
  on_drained_ = nullptr;
}

void HttpServerState::stop_now() {
  stopped_ = true;
  shutting_down_ = true;
  accepting_ = false;
  on_drained_ = nullptr;
  error_code ignored;
  acceptor_.close(ignored);
  std::vector<std::shared_ptr<SessionBase>> open;
  for (auto& [id, s] : sessions_) open.push_back(s);
  for (auto& s : open) s->close_now();
  sessions_.clear();
}

// ---- the public face ----

struct HttpServer::Impl : HttpServerState {
  using HttpServerState::HttpServerState;
};

HttpServer::HttpServer(asio::io_context& io, ServerOptions options, Handler handler)
    : impl_(std::make_shared<Impl>(io, std::move(options), std::move(handler))) {
  impl_->open();
}

HttpServer::~HttpServer() { impl_->stop_now(); }

unsigned short HttpServer::port() const { return impl_->port_; }

void HttpServer::shutdown(std::function<void()> done) { impl_->shutdown(std::move(done)); }

}  // namespace recguard::live
