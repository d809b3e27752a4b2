#include "live/driver/oauth_token.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>

#include "core/crypto/digest.hpp"
#include "live/net/http_client.hpp"

namespace recguard::live {

http::Request build_token_request(const OAuthClient& client) {
  http::Request req;
  req.method = "POST";
  const auto url = http::parse_url(client.token_url);
  req.target = url ? url->target : "/";
  if (req.target.empty()) req.target = "/";
  req.headers.set("Host", url ? url->host : "");
  req.headers.set("Authorization",
                  "Basic " + crypto::base64_encode(client.client_id.reveal() + ":" + client.client_secret.reveal()));
  req.headers.set("Content-Type", "application/x-www-form-urlencoded");
  req.headers.set("Accept", "application/json");
  req.body = share(std::string_view("grant_type=client_credentials"));
  req.headers.set("Content-Length", std::to_string(req.body_size()));
  return req;
}

Result<AccessToken> parse_token_answer(int status, std::string_view body) {
  if (status != 200) return Error{"token endpoint answered " + std::to_string(status)};
  const auto j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || !j.contains("access_token") || !j["access_token"].is_string()) {
    return Error{"token answer has no access_token"};
  }
  AccessToken t;
  t.value = j["access_token"].get<std::string>();
  if (j.contains("expires_in") && j["expires_in"].is_number_integer()) {
    t.expires_in = Duration::seconds(j["expires_in"].get<std::int64_t>());
  }
  if (t.value.empty()) return Error{"token answer has an empty access_token"};
  return t;
}

struct TokenKeeper::Impl : std::enable_shared_from_this<TokenKeeper::Impl> {
  Impl(boost::asio::io_context& io, HttpClient& client, OAuthClient oauth, std::string label)
      : client_(client), oauth_(std::move(oauth)), label_(std::move(label)), timer_(io) {}

  void fetch() {
    const auto origin = parse_origin(oauth_.token_url);
    if (!origin) return fail(label_ + ": cannot read token_url " + oauth_.token_url);
    client_.send(*origin, build_token_request(oauth_), [weak = weak_from_this()](ClientResult r) {
      if (auto self = weak.lock()) self->on_answer(std::move(r));
    });
  }

  void on_answer(ClientResult r) {
    if (stopped_) return;
    Result<AccessToken> t = r.response ? parse_token_answer(r.response->status, r.response->body_view())
                                       : Result<AccessToken>(Error{r.transport_error});
    if (!t) return fail(label_ + " token: " + t.error().message);
    has_token_ = true;
    on_token_(t->value);
    // Renew at 80% of the lifetime, so a slow token endpoint never leaves requests with an expired token.
    schedule(Duration{t->expires_in.us * 8 / 10});
  }

  void fail(const std::string& why) {
    if (!has_token_) {
      if (on_error_) on_error_(why);
      return;
    }
    // The current token may still be good for a while: try again soon.
    std::cerr << "warning: renewing the " << why << "; trying again in 30s\n";
    schedule(Duration::seconds(30));
  }

  void schedule(Duration after) {
    timer_.expires_after(std::chrono::microseconds(std::max<std::int64_t>(after.us, 1000000)));
    timer_.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
      auto self = weak.lock();
      if (ec || !self || self->stopped_) return;
      self->fetch();
    });
  }

  HttpClient& client_;
  OAuthClient oauth_;
  std::string label_;
  boost::asio::steady_timer timer_;
  std::function<void(const std::string&)> on_token_;
  std::function<void(const std::string&)> on_error_;
  bool has_token_ = false;
  bool stopped_ = false;
};

TokenKeeper::TokenKeeper(boost::asio::io_context& io, HttpClient& client, OAuthClient oauth, std::string label)
    : impl_(std::make_shared<Impl>(io, client, std::move(oauth), std::move(label))) {}

TokenKeeper::~TokenKeeper() { stop(); }

void TokenKeeper::start(std::function<void(const std::string&)> on_token,
                        std::function<void(const std::string&)> on_error) {
  impl_->on_token_ = std::move(on_token);
  impl_->on_error_ = std::move(on_error);
  impl_->fetch();
}

void TokenKeeper::stop() {
  impl_->stopped_ = true;
  impl_->timer_.cancel();
}

}  // namespace recguard::live
