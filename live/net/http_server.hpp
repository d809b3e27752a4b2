#pragma once
// A Beast HTTP/1.1 server (plain or TLS 1.2+, optionally mutual TLS) that hands
// each request to a handler as core http values. Beast is instantiated in
// http_server.cpp only: includers see no Asio or Beast beyond a forward
// declaration, so the build stays lean.
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

struct TlsServerFiles {
  std::string cert_chain_file;   // PEM
  std::string private_key_file;  // PEM
  // Non-empty: mutual TLS. Every client must present a certificate signed by
  // one of these CAs (PEM), or the handshake fails.
  std::string client_ca_file;
};

struct ServerOptions {
  std::string bind = "127.0.0.1";
  unsigned short port = 0;  // 0: any free port; port() tells which
  std::optional<TlsServerFiles> tls;
  std::size_t body_limit = 1024 * 1024;               // larger: 413, connection closed
  Duration read_timeout = Duration::seconds(10);      // a slow client's headers and body: 408, closed
  Duration idle_timeout = Duration::seconds(60);      // keep-alive between requests
  std::size_t max_connections = 10000;
};

// Answers one request. It may be called later, from the io_context's thread
// (a webhook is answered only once its event is durable), exactly once.
using Respond = std::function<void(http::Response)>;
using Handler = std::function<void(http::Request, Respond)>;

class HttpServer {
 public:
  // Binds and starts accepting at once; throws std::runtime_error naming the
  // address when it cannot bind or the TLS files cannot be read.
  HttpServer(boost::asio::io_context& io, ServerOptions options, Handler handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  unsigned short port() const;
  // Stops accepting; requests already read are still answered, then their
  // connections close. `done` runs when no connection is left.
  void shutdown(std::function<void()> done);

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace recguard::live
