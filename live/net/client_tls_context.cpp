#include "live/net/client_tls_context.hpp"

#include <stdexcept>

#include <boost/asio/ssl/context.hpp>
#include <openssl/ssl.h>

namespace recguard::live {
namespace ssl = boost::asio::ssl;

namespace {

template <class Load>
void load_or_throw(const char* what, const std::string& file, Load load) {
  boost::system::error_code ec;
  load(ec);
  if (ec) throw std::runtime_error("cannot load the " + std::string(what) + " " + file + ": " + ec.message());
}

}  // namespace

std::shared_ptr<ssl::context> make_client_tls_context(const ClientOptions& options) {
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
  SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_2_VERSION);
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_compression);
  if (options.verify_peer) {
    ctx->set_verify_mode(ssl::verify_peer);
    if (options.ca_file.empty()) {
      load_or_throw("system CA paths", "", [&](auto& ec) { ctx->set_default_verify_paths(ec); });
    } else {
      load_or_throw("CA file", options.ca_file, [&](auto& ec) { ctx->load_verify_file(options.ca_file, ec); });
    }
  } else {
    ctx->set_verify_mode(ssl::verify_none);
  }
  if (options.client_cert_file.empty() != options.client_key_file.empty()) {
    throw std::runtime_error("mutual TLS needs both client_cert_file and client_key_file");
  }
  if (!options.client_cert_file.empty()) {
    load_or_throw("client certificate", options.client_cert_file,
                  [&](auto& ec) { ctx->use_certificate_chain_file(options.client_cert_file, ec); });
    load_or_throw("client key", options.client_key_file,
                  [&](auto& ec) { ctx->use_private_key_file(options.client_key_file, ssl::context::pem, ec); });
  }
  return ctx;
}

}  // namespace recguard::live
