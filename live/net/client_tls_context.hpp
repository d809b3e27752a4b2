#pragma once
// The TLS settings every client connection shares: TLS 1.2 or later, the
// peer verified against ca_file or the system's CAs, and an optional client
// certificate for mutual TLS. Built once per HttpClient.
#include <memory>

#include "live/net/http_client.hpp"

namespace boost::asio::ssl {
class context;
}

namespace recguard::live {

// Throws std::runtime_error naming the file when a CA file, client
// certificate or key cannot be read: a bad path is caught at start-up, not on
// the first upload.
std::shared_ptr<boost::asio::ssl::context> make_client_tls_context(const ClientOptions& options);

}  // namespace recguard::live
