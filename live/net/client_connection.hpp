#pragma once
// One client connection to one origin (plain TCP or TLS), carrying one
// request at a time and kept open between requests when the server allows.
// HttpClient's pool owns these; Beast is instantiated in client_connection.cpp only.
#include <functional>
#include <memory>

#include "live/net/http_client.hpp"

namespace boost::asio::ssl {
class context;
}

namespace recguard::live {

class ClientConnection {
 public:
  // `reusable`: the exchange ended cleanly and the server kept the connection
  // open, so the pool may hand it the next request.
  using Done = std::function<void(ClientResult result, bool reusable)>;

  virtual ~ClientConnection() = default;
  // Connects first (and handshakes) when not connected yet. `done` runs once,
  // from a handler on the io_context.
  virtual void exchange(http::Request req, Done done) = 0;
  // An idle connection the peer has not closed (nor sent anything unasked)
  // since its last answer. Checked just before reuse: a keep-alive connection
  // the server timed out must not take a request it would lose.
  virtual bool still_open() = 0;
  virtual void close() = 0;
};

// `tls` is null for a plain origin. The options are copied.
std::shared_ptr<ClientConnection> make_client_connection(boost::asio::io_context& io,
                                                         std::shared_ptr<boost::asio::ssl::context> tls,
                                                         const Origin& origin, const ClientOptions& options);

}  // namespace recguard::live
