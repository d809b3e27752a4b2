#include "mocks/platforms/oauth_token_model.hpp"

#include <nlohmann/json.hpp>

#include "core/crypto/digest.hpp"

namespace recguard::mocks {

OAuthTokenModel::OAuthTokenModel(TokenFlavor flavor, OAuthClientCredentials client, std::string bearer_token,
                                 std::int64_t expires_in_s)
    : flavor_(flavor), client_(std::move(client)), bearer_token_(std::move(bearer_token)), expires_in_s_(expires_in_s) {}

const char* OAuthTokenModel::path() const { return flavor_ == TokenFlavor::genesys ? "/oauth/token" : "/auth/token"; }

http::Response OAuthTokenModel::refuse(int status, const std::string& error, const std::string& description) const {
  nlohmann::json body{{"error", error}, {"error_description", description}};
  // Genesys's login service repeats the text as "description".
  if (flavor_ == TokenFlavor::genesys) body["description"] = description;
  http::Response resp = http::make_response(status, body.dump(), "application/json");
  if (status == 401) resp.headers.set("WWW-Authenticate", "Basic realm=\"oauth\"");
  return resp;
}

http::Response OAuthTokenModel::handle(const http::Request& req) {
  if (req.path() != path()) return refuse(404, "not_found", "no such route " + req.path());
  if (req.method != "POST") return refuse(405, "invalid_request", "the token endpoint takes POST");
  std::string grant, id, secret, username, password;
  for (const auto& [k, v] : http::parse_query(req.body_view())) {
    if (k == "grant_type") grant = v;
    else if (k == "client_id") id = v;
    else if (k == "client_secret") secret = v;
    else if (k == "username") username = v;
    else if (k == "password") password = v;
  }
  if (const auto auth = req.headers.get("Authorization"); auth && auth->rfind("Basic ", 0) == 0) {
    std::string decoded;
    if (!crypto::base64_decode(auth->substr(6), decoded) || decoded.find(':') == std::string::npos) {
      return refuse(401, "invalid_client", "malformed client authentication");
    }
    id = http::uri_decode(decoded.substr(0, decoded.find(':')));
    secret = http::uri_decode(decoded.substr(decoded.find(':') + 1));
  }
  const bool password_grant = flavor_ == TokenFlavor::cxone && grant == "password";
  if (grant != "client_credentials" && !password_grant) {
    return refuse(400, "unsupported_grant_type", "grant_type must be client_credentials");
  }
  // CXone's access-key flow carries the key as username and password.
  if (password_grant && id.empty()) {
    id = username;
    secret = password;
  }
  if (id != client_.client_id || secret != client_.client_secret) {
    return refuse(401, "invalid_client", id.empty() ? "client authentication missing" : "client not found");
  }
  ++issued_;
  nlohmann::json body{{"access_token", bearer_token_},
                      {"token_type", flavor_ == TokenFlavor::genesys ? "bearer" : "Bearer"},
                      {"expires_in", expires_in_s_}};
  http::Response resp = http::make_response(200, body.dump(), "application/json");
  resp.headers.set("Cache-Control", "no-store");
  return resp;
}

}  // namespace recguard::mocks
