#pragma once
// A small scripted HTTP/1.1 server on 127.0.0.1 (any free port), plain or TLS
// (optionally demanding a client certificate), for the HTTP client's tests.
// It counts what a client's behaviour shows: connections accepted, requests
// in flight at once, the client certificate presented. Each request gets the
// Plan the test's handler returns: an answer (after a delay), a raw byte
// string, or no answer at all. Runs on the test's io_context.
#include <algorithm>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "live/net/beast_message.hpp"

namespace recguard::testing {

struct ServerPlan {
  http::Response response;
  std::chrono::milliseconds delay{0};
  bool never_answer = false;   // read the request, then keep silent (the client must time out)
  std::string raw;             // non-empty: written verbatim instead of `response`
  bool close_after = false;    // close the connection after answering
};

struct ServerTls {
  std::string cert_file, key_file;
  std::string client_ca_file;  // non-empty: a client certificate signed by it is required
};

struct ServerStats {
  int connections_accepted = 0;
  int requests = 0;
  int in_flight = 0;
  int max_in_flight = 0;
  std::vector<std::string> client_cert_subjects;  // one per TLS handshake that presented one
  std::vector<http::Request> received;
};

class LoopbackServer {
 public:
  using Handler = std::function<ServerPlan(const http::Request&)>;

  // headers_only: the handler sees each request as soon as its header is in
  // and the answer goes out without reading the body, then the connection
  // closes (as S3 refuses a bad signature on a large PUT).
  LoopbackServer(boost::asio::io_context& io, Handler handler, std::optional<ServerTls> tls = std::nullopt,
                 const std::string& bind = "127.0.0.1", bool headers_only = false)
      : state_(std::make_shared<State>(io, std::move(handler))) {
    state_->headers_only = headers_only;
    if (tls) {
      state_->tls.emplace(boost::asio::ssl::context::tls_server);
      auto& ctx = *state_->tls;
      ctx.use_certificate_chain_file(tls->cert_file);
      ctx.use_private_key_file(tls->key_file, boost::asio::ssl::context::pem);
      if (!tls->client_ca_file.empty()) {
        ctx.load_verify_file(tls->client_ca_file);
        ctx.set_verify_mode(boost::asio::ssl::verify_peer | boost::asio::ssl::verify_fail_if_no_peer_cert);
      }
    }
    using tcp = boost::asio::ip::tcp;
    const tcp::endpoint ep(boost::asio::ip::make_address(bind), 0);
    state_->acceptor.open(ep.protocol());
    state_->acceptor.set_option(tcp::acceptor::reuse_address(true));
    state_->acceptor.bind(ep);
    state_->acceptor.listen();
    accept(state_);
  }
  ~LoopbackServer() {
    boost::beast::error_code ignored;
    state_->acceptor.close(ignored);
    state_->stopped = true;
    for (auto& close : state_->closers) close();
    state_->silent.clear();
  }
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  unsigned short port() const { return state_->acceptor.local_endpoint().port(); }
  const ServerStats& stats() const { return state_->stats; }
  // Closes every open connection from the server side, as a keep-alive timeout would.
  void close_connections() {
    for (auto& close : state_->closers) close();
    state_->closers.clear();
  }

 private:
  struct State {
    State(boost::asio::io_context& io_, Handler h) : io(io_), acceptor(io_), handler(std::move(h)) {}
    boost::asio::io_context& io;
    boost::asio::ip::tcp::acceptor acceptor;
    Handler handler;
    std::optional<boost::asio::ssl::context> tls;
    ServerStats stats;
    std::vector<std::function<void()>> closers;
    bool headers_only = false;
    std::vector<std::shared_ptr<void>> silent;  // sessions told never to answer, kept open until the server goes
    bool stopped = false;
  };

  template <class Stream>
  struct Session : std::enable_shared_from_this<Session<Stream>> {
    Session(std::shared_ptr<State> s, Stream&& st) : state(std::move(s)), stream(std::move(st)), timer(state->io) {}
    std::shared_ptr<State> state;
    Stream stream;
    boost::asio::steady_timer timer;
    boost::beast::flat_buffer buffer;
    std::optional<boost::beast::http::request_parser<live::WireBody>> parser;
    std::string raw;
    std::optional<live::WireResponse> response;
    bool close_after = false;

    boost::beast::tcp_stream& lowest() { return boost::beast::get_lowest_layer(stream); }
    void close() {
      boost::beast::error_code ignored;
      lowest().socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
      lowest().close();
    }

    void start() {
      auto weak = std::weak_ptr<Session>(this->shared_from_this());
      state->closers.push_back([weak] {
        if (auto s = weak.lock()) s->close();
      });
      if constexpr (std::is_same_v<Stream, boost::beast::tcp_stream>) {
        do_read();
      } else {
        stream.async_handshake(boost::asio::ssl::stream_base::server, [self = this->shared_from_this()](auto ec) {
          if (ec) return;
          if (X509* cert = SSL_get1_peer_certificate(self->stream.native_handle())) {
            char name[256] = {};
            X509_NAME_oneline(X509_get_subject_name(cert), name, sizeof name);
            self->state->stats.client_cert_subjects.emplace_back(name);
            X509_free(cert);
          }
          self->do_read();
        });
      }
    }

    void do_read() {
      parser.emplace();
      parser->body_limit(256u * 1024 * 1024);
      auto on_read = [self = this->shared_from_this()](auto ec, std::size_t) {
        if (!ec) self->on_request();
      };
      if (state->headers_only) {
        boost::beast::http::async_read_header(stream, buffer, *parser, std::move(on_read));
      } else {
        boost::beast::http::async_read(stream, buffer, *parser, std::move(on_read));
      }
    }

    void on_request() {
      http::Request req = live::from_wire(parser->release());
      auto& st = state->stats;
      ++st.requests;
      st.max_in_flight = std::max(st.max_in_flight, ++st.in_flight);
      st.received.push_back(req);
      ServerPlan plan = state->handler(req);
      if (plan.never_answer) {
        state->silent.push_back(this->shared_from_this());
        return;
      }
      raw = plan.raw;
      close_after = plan.close_after || state->headers_only;
      if (raw.empty()) {
        response = live::to_wire(plan.response);
        response->keep_alive(!close_after);
      }
      timer.expires_after(plan.delay);
      timer.async_wait([self = this->shared_from_this()](auto) { self->answer(); });
    }

    void answer() {
      auto after = [self = this->shared_from_this()](boost::beast::error_code ec, std::size_t) {
        --self->state->stats.in_flight;
        if (ec || self->close_after || self->state->stopped) return self->close();
        self->do_read();
      };
      if (!raw.empty()) {
        boost::asio::async_write(stream, boost::asio::buffer(raw), after);
      } else {
        boost::beast::http::async_write(stream, *response, after);
      }
    }
  };

  static void accept(std::shared_ptr<State> state) {
    auto& acceptor = state->acceptor;
    acceptor.async_accept([state = std::move(state)](boost::beast::error_code ec, boost::asio::ip::tcp::socket sock) {
      if (ec || state->stopped) return;
      ++state->stats.connections_accepted;
      if (state->tls) {
        using S = boost::beast::ssl_stream<boost::beast::tcp_stream>;
        std::make_shared<Session<S>>(state, S(boost::beast::tcp_stream(std::move(sock)), *state->tls))->start();
      } else {
        std::make_shared<Session<boost::beast::tcp_stream>>(state, boost::beast::tcp_stream(std::move(sock)))->start();
      }
      accept(state);
    });
  }

  std::shared_ptr<State> state_;
};

}  // namespace recguard::testing
