#pragma once
// The live-mode configuration: one JSON file for endpoints, credentials,
// limits and policies (README "Live mode"). Credentials are never written in
// the file: each is a reference ({"env": "NAME"} or {"file": "/path"})
// resolved at load. A Secret prints as "<redacted>" so it cannot reach a log.
#include <optional>
#include <string>
#include <vector>

#include "core/ingress/platform_event.hpp"
#include "core/types/time.hpp"
#include "live/net/http_client.hpp"
#include "live/net/http_server.hpp"

namespace recguard::live {

class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value, std::string source) : value_(std::move(value)), source_(std::move(source)) {}
  const std::string& reveal() const { return value_; }  // for signing only
  const std::string& source() const { return source_; }  // "env:NAME" or "file:/path", safe to print
  bool empty() const { return value_.empty(); }

 private:
  std::string value_;
  std::string source_;
};

struct WebhookListen {
  ServerOptions server;  // bind, port, tls (optional mutual TLS), body limit, timeouts
  Secret hmac_secret;    // the relay's HMAC-SHA256 key
};

struct OAuthClient {
  std::string token_url;  // Genesys: https://login.<region>/oauth/token; CXone: https://<host>/auth/token
  Secret client_id;
  Secret client_secret;
};

struct GenesysLive {
  std::string api_url;  // "https://api.mypurecloud.com"
  OAuthClient oauth;
  int requests_per_minute = 300;
};

struct CxoneLive {
  std::string api_url;
  OAuthClient oauth;
  std::string user_id;  // the agent user recording-on-demand acts for
};

struct S3Live {
  std::string endpoint_url;  // "https://s3.us-east-1.amazonaws.com" (path-style requests)
  std::string bucket;
  std::string region;
  Secret access_key_id;
  Secret secret_access_key;
  std::int64_t put_limit_rps = 3500;
};

struct AzureLive {
  std::string endpoint_url;  // "https://account.blob.core.windows.net" or Azurite's "http://127.0.0.1:10000"
  std::string account;
  std::string container;
  Secret account_key;        // base64
  bool path_style = false;   // Azurite: /account/container/blob
};

struct LiveConfig {
  std::string source_file;        // where it was read from, for messages
  WebhookListen webhook;
  std::string journal_path;       // SQLite file; created when missing
  std::string orchestrator_name = "orchestrator";
  GenesysLive genesys;
  std::optional<CxoneLive> cxone;
  bool cdn_tls = true;            // media URIs are fetched over https unless a test says otherwise
  S3Live primary;
  AzureLive backup;
  ClientOptions http;             // timeouts, pool size, CA file
  ingress::ComplianceScope scope;
  // Policy overrides (seconds); absent keys keep the core's defaults.
  std::optional<Duration> upload_wait_max;
  std::optional<Duration> upload_poll_interval;
  std::optional<Duration> cxone_poll_interval;
  std::optional<Duration> commit_interval;  // group commit window
};

}  // namespace recguard::live
