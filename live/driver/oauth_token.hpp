#pragma once
// OAuth 2.0 client credentials (RFC 6749 4.4), as Genesys Cloud and NICE
// CXone issue API tokens: POST {token_url} with HTTP Basic client_id:secret
// and `grant_type=client_credentials`; the JSON answer holds `access_token`
// and `expires_in` (seconds). Request building and answer parsing are pure;
// TokenKeeper fetches through the HttpClient and renews before expiry.
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/http/message.hpp"
#include "core/types/result.hpp"
#include "core/types/time.hpp"
#include "live/config/live_config.hpp"

namespace boost::asio {
class io_context;
}

namespace recguard::live {

class HttpClient;

struct AccessToken {
  std::string value;
  Duration expires_in = Duration::hours(1);
};

http::Request build_token_request(const OAuthClient& client);
Result<AccessToken> parse_token_answer(int status, std::string_view body);

// Fetches a token, then fetches again at 80% of its lifetime (or after 30 s
// when a renewal fails, while the old token may still be good) and hands
// each new one to `on_token`. A failure of the first fetch goes to `on_error`
// and nothing more happens.
class TokenKeeper {
 public:
  TokenKeeper(boost::asio::io_context& io, HttpClient& client, OAuthClient oauth, std::string label);
  ~TokenKeeper();
  TokenKeeper(const TokenKeeper&) = delete;
  TokenKeeper& operator=(const TokenKeeper&) = delete;

  void start(std::function<void(const std::string& token)> on_token, std::function<void(const std::string&)> on_error);
  void stop();

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace recguard::live
