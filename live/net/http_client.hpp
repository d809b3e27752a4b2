#pragma once
// A Beast HTTP/1.1 client: keep-alive connections pooled per origin, TLS 1.2+
// with peer verification (OpenSSL), connect and whole-request timeouts. It
// carries core http values; the core built and signed them already, so the
// client never changes a header it was given (Host included). Beast is
// instantiated in http_client.cpp only.
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/http/message.hpp"
#include "core/types/time.hpp"

namespace boost::asio {
class io_context;
}

namespace recguard::live {

// Where a request goes: one origin.
struct Origin {
  bool tls = false;
  std::string host;  // name or address to connect to (and the TLS SNI name)
  unsigned short port = 80;
  bool operator<(const Origin& o) const;
  bool operator==(const Origin& o) const = default;
};
// "https://host:port" (path ignored) -> Origin; nullopt when unreadable.
std::optional<Origin> parse_origin(const std::string& base_url);

struct ClientOptions {
  Duration connect_timeout = Duration::seconds(5);
  Duration request_timeout = Duration::seconds(30);  // from send to the last body byte
  std::size_t max_connections_per_origin = 16;       // more requests wait for a free connection
  std::size_t response_body_limit = 64 * 1024 * 1024;
  std::string ca_file;      // PEM; empty: the system's default CA paths
  bool verify_peer = true;  // false only for a test against a self-signed loopback server
  // Client certificate for mutual TLS; empty: none.
  std::string client_cert_file;
  std::string client_key_file;
};

struct ClientResult {
  std::optional<http::Response> response;  // empty: connect, TLS, timeout or protocol failure
  std::string transport_error;             // why, when response is empty
};

class HttpClient {
 public:
  // Throws std::runtime_error naming the file when ca_file, client_cert_file
  // or client_key_file cannot be loaded (a bad path shows at start-up).
  HttpClient(boost::asio::io_context& io, ClientOptions options);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends `req` to `origin`; `done` runs on the io_context's thread exactly
  // once, never inside send() (which may be called from any thread). A
  // request on a reused connection that fails before any byte of the answer
  // is NOT retried here: whether it applied is the core's decision. Time spent
  // queued for a free connection is not part of request_timeout.
  void send(const Origin& origin, http::Request req, std::function<void(ClientResult)> done);
  // Closes idle connections and fails queued requests (graceful shutdown).
  void close();

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace recguard::live
