#pragma once
// The platforms' OAuth token endpoints, as part of their models: the live
// driver trades client credentials for the bearer token the platform model
// checks on every API call.
//
//   Genesys Cloud: POST https://login.<region>/oauth/token, client id and
//     secret as HTTP Basic, form body grant_type=client_credentials; answers
//     {"access_token","token_type":"bearer","expires_in"}. A bad client: 401
//     {"error":"invalid_client","description","error_description"}.
//   NICE CXone: POST https://<auth host>/auth/token, form body; the client
//     authenticates with Basic or client_id/client_secret in the form, grant
//     client_credentials (or password with an access key, which CXone's
//     access-key flow uses: username/password are then the key id and
//     secret). Answers {"access_token","token_type":"Bearer","expires_in",
//     "id_token"...}; errors in the RFC 6749 shape {"error","error_description"}.
#include <cstdint>
#include <string>

#include "core/http/message.hpp"

namespace recguard::mocks {

enum class TokenFlavor { genesys, cxone };

struct OAuthClientCredentials {
  std::string client_id;
  std::string client_secret;
};

class OAuthTokenModel {
 public:
  OAuthTokenModel(TokenFlavor flavor, OAuthClientCredentials client, std::string bearer_token,
                  std::int64_t expires_in_s = 86399);
  // The token path of this flavor: "/oauth/token" or "/auth/token".
  const char* path() const;
  http::Response handle(const http::Request& req);
  std::int64_t tokens_issued() const { return issued_; }

 private:
  http::Response refuse(int status, const std::string& error, const std::string& description) const;

  TokenFlavor flavor_;
  OAuthClientCredentials client_;
  std::string bearer_token_;
  std::int64_t expires_in_s_;
  std::int64_t issued_ = 0;
};

}  // namespace recguard::mocks
