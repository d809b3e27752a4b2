#include "live/net/client_connection.hpp"

#include <cassert>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <openssl/ssl.h>

#include "live/net/beast_message.hpp"

namespace recguard::live {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using error_code = beast::error_code;

namespace {

bool is_ip_literal(const std::string& host) {
  error_code ec;
  asio::ip::make_address(host, ec);
  return !ec;
}

std::string host_and_port(const Origin& o) {
  const bool v6 = o.host.find(':') != std::string::npos;
  std::string out = v6 ? "[" + o.host + "]" : o.host;
  const unsigned short default_port = o.tls ? 443 : 80;
  if (o.port != default_port) out += ":" + std::to_string(o.port);
  return out;
}

std::string url_of(const Origin& o) {
  const bool v6 = o.host.find(':') != std::string::npos;
  return std::string(o.tls ? "https://" : "http://") + (v6 ? "[" + o.host + "]" : o.host) + ":" +
         std::to_string(o.port);
}

// One connection over Stream: beast::tcp_stream, or an ssl_stream over one.
template <class Stream>
class Connection final : public ClientConnection, public std::enable_shared_from_this<Connection<Stream>> {
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

 public:
  Connection(asio::io_context& io, std::shared_ptr<asio::ssl::context> tls, const Origin& origin,
             const ClientOptions& options)
      : tls_(std::move(tls)),
        stream_(make_stream(io, tls_.get())),
        resolver_(io),
        resolve_timer_(io),
        origin_(origin),
        connect_timeout_(options.connect_timeout),
        request_timeout_(options.request_timeout),
        body_limit_(options.response_body_limit),
        verify_peer_(options.verify_peer) {}

  void exchange(http::Request req, Done done) override {
    assert(!done_);
    done_ = std::move(done);
    // HTTP/1.1 needs a Host; the core always sets one (it is signed), so this
    // only fills in for callers that left it out.
    if (!req.headers.has("Host")) req.headers.set("Host", host_and_port(origin_));
    request_ = to_wire(req);
    head_ = req.method == "HEAD";
    if (connected_) {
      reused_ = true;
      return do_send();
    }
    do_resolve();
  }

  bool still_open() override {
    auto& sock = lowest().socket();
    if (!connected_ || !sock.is_open() || buffer_.size() != 0) return false;
    error_code ec;
    sock.non_blocking(true, ec);
    if (ec) return false;
    char probe = 0;
    sock.receive(asio::buffer(&probe, 1), tcp::socket::message_peek, ec);
    error_code ignored;
    sock.non_blocking(false, ignored);
    // Only "nothing to read yet" means open: end of stream is the server's
    // close, and bytes nobody asked for (a 408, a TLS close_notify) mean it is
    // about to close.
    return ec == asio::error::would_block || ec == asio::error::try_again;
  }

  void close() override {
    connected_ = false;
    resolver_.cancel();
    resolve_timer_.cancel();
    error_code ignored;
    lowest().socket().shutdown(tcp::socket::shutdown_both, ignored);
    lowest().close();
  }

 private:
  static Stream make_stream(asio::io_context& io, asio::ssl::context* tls) {
    if constexpr (kTls) {
      return Stream(io, *tls);
    } else {
      (void)tls;
      return Stream(io);
    }
  }

  beast::tcp_stream& lowest() { return beast::get_lowest_layer(stream_); }
  std::shared_ptr<Connection> self() { return this->shared_from_this(); }

  void do_resolve() {
    // The resolver has no deadline of its own; the connect timeout covers
    // name resolution too, so a hung DNS server cannot stall the pool.
    resolve_timer_.expires_after(std::chrono::microseconds(connect_timeout_.us));
    resolve_timer_.async_wait([self = self()](error_code ec) {
      if (!ec) {
        self->resolve_timed_out_ = true;
        self->resolver_.cancel();
      }
    });
    resolver_.async_resolve(origin_.host, std::to_string(origin_.port),
                            [self = self()](error_code ec, tcp::resolver::results_type results) {
                              self->on_resolve(ec, std::move(results));
                            });
  }

  void on_resolve(error_code ec, tcp::resolver::results_type results) {
    resolve_timer_.cancel();
    if (resolve_timed_out_) return fail("resolving " + origin_.host + " timed out after " + format_duration(connect_timeout_));
    if (ec) return fail("cannot resolve " + origin_.host + ": " + ec.message());
    lowest().expires_after(std::chrono::microseconds(connect_timeout_.us));
    lowest().async_connect(results, [self = self()](error_code ec2, const tcp::endpoint&) { self->on_connect(ec2); });
  }

  void on_connect(error_code ec) {
    if (ec == beast::error::timeout) return fail("connect to " + url_of(origin_) + " timed out after " + format_duration(connect_timeout_));
    if (ec) return fail("cannot connect to " + url_of(origin_) + ": " + ec.message());
    error_code ignored;
    lowest().socket().set_option(tcp::no_delay(true), ignored);
    if constexpr (kTls) {
      do_handshake();
    } else {
      connected_ = true;
      do_send();
    }
  }

  void do_handshake() {
    if constexpr (kTls) {
      // SNI carries names only (RFC 6066); an address is checked against the
      // certificate's IP entries by host_name_verification instead.
      if (!is_ip_literal(origin_.host)) SSL_set_tlsext_host_name(stream_.native_handle(), origin_.host.c_str());
      if (verify_peer_) stream_.set_verify_callback(asio::ssl::host_name_verification(origin_.host));
      lowest().expires_after(std::chrono::microseconds(connect_timeout_.us));
      stream_.async_handshake(asio::ssl::stream_base::client, [self = self()](error_code ec) { self->on_handshake(ec); });
    }
  }

  void on_handshake(error_code ec) {
    if (ec == beast::error::timeout) return fail("TLS handshake with " + url_of(origin_) + " timed out after " + format_duration(connect_timeout_));
    if (ec) return fail("TLS handshake with " + url_of(origin_) + " failed: " + ec.message());
    connected_ = true;
    do_send();
  }

  // The write and the read run at once: a server may answer before it has
  // read the whole body (S3 refusing a bad signature on a large PUT) and then
  // close. Reading only after writing would lose that answer to a broken pipe.
  void do_send() {
    parser_.emplace();
    parser_->header_limit(64 * 1024);
    parser_->body_limit(body_limit_);
    if (head_) parser_->skip(true);  // Content-Length describes the object, no body follows
    write_done_ = false;
    write_error_ = {};
    lowest().expires_after(std::chrono::microseconds(request_timeout_.us));
    bhttp::async_write(stream_, *request_, [self = self()](error_code ec, std::size_t) { self->on_write(ec); });
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             [self = self()](error_code ec, std::size_t) { self->on_header(ec); });
  }

  // Beast 1.74's async_read lets a Content-Length past body_limit through
  // (the synchronous parse refuses it), and the vector body would reserve
  // that length: the header is checked here before any body is read.
  void on_header(error_code ec) {
    if (!done_) return;
    if (ec) return fail(exchange_failure(write_error_ ? write_error_ : ec));
    const auto length = parser_->content_length();
    if (!head_ && length && *length > body_limit_) return fail(exchange_failure(bhttp::error::body_limit));
    bhttp::async_read(stream_, buffer_, *parser_, [self = self()](error_code ec2, std::size_t) { self->on_read(ec2); });
  }

  void on_write(error_code ec) {
    if (!done_) return;  // the exchange already ended on the read side
    write_done_ = true;
    // The read ends too (the socket is broken or timed out); report from there.
    if (ec) write_error_ = ec;
  }

  void on_read(error_code ec) {
    if (!done_) return;
    if (ec) return fail(exchange_failure(write_error_ ? write_error_ : ec));
    auto message = parser_->release();
    parser_.reset();
    request_.reset();
    lowest().expires_never();
    // An answer that came before the request was fully written leaves the
    // connection mid-message: never reusable.
    const bool reusable = message.keep_alive() && write_done_ && !write_error_;
    if (!reusable) close();
    finish(ClientResult{from_wire(std::move(message)), {}}, reusable);
  }

  std::string exchange_failure(const error_code& ec) const {
    const std::string where = url_of(origin_) + (reused_ ? " (on a reused connection)" : "");
    if (ec == beast::error::timeout) return "no complete response from " + where + " within " + format_duration(request_timeout_);
    if (ec == bhttp::error::body_limit) return "the response from " + where + " exceeds the body limit of " + std::to_string(body_limit_) + " bytes";
    if (ec == bhttp::error::end_of_stream || ec == asio::error::eof || ec == bhttp::error::partial_message) {
      return where + " closed the connection before a complete response";
    }
    return "exchange with " + where + " failed: " + ec.message();
  }

  void fail(std::string why) {
    close();
    finish(ClientResult{std::nullopt, std::move(why)}, false);
  }

  void finish(ClientResult result, bool reusable) {
    auto done = std::move(done_);
    done_ = nullptr;
    if (done) done(std::move(result), reusable);
  }

  std::shared_ptr<asio::ssl::context> tls_;  // the stream refers to it: kept alive with the stream
  Stream stream_;
  tcp::resolver resolver_;
  asio::steady_timer resolve_timer_;
  beast::flat_buffer buffer_;
  Origin origin_;
  Duration connect_timeout_;
  Duration request_timeout_;
  std::size_t body_limit_ = 0;
  bool verify_peer_ = true;

  Done done_;
  std::optional<WireRequest> request_;
  std::optional<bhttp::response_parser<WireBody>> parser_;
  bool head_ = false;
  bool connected_ = false;
  bool reused_ = false;
  bool resolve_timed_out_ = false;
  bool write_done_ = false;
  error_code write_error_;
};

}  // namespace

std::shared_ptr<ClientConnection> make_client_connection(asio::io_context& io, std::shared_ptr<asio::ssl::context> tls,
                                                         const Origin& origin, const ClientOptions& options) {
  if (origin.tls) {
    assert(tls);
    return std::make_shared<Connection<beast::ssl_stream<beast::tcp_stream>>>(io, std::move(tls), origin, options);
  }
  return std::make_shared<Connection<beast::tcp_stream>>(io, nullptr, origin, options);
}

}  // namespace recguard::live
