// The live driver's pure parts: where each endpoint's requests go, the OAuth
// client-credentials request and answer, and the core config built from LiveConfig.
#include <catch2/catch.hpp>

#include "core/crypto/digest.hpp"
#include "live/driver/endpoint_routes.hpp"
#include "live/driver/oauth_token.hpp"
#include "live/driver/pipeline_config.hpp"
#include "live/driver_test_support.hpp"

using namespace recguard;

namespace {
http::Request with_host(const std::string& host) {
  http::Request r;
  r.method = "GET";
  r.target = "/media/r.wav";
  r.headers.set("Host", host);
  return r;
}
}  // namespace

TEST_CASE("routes send platform and store requests to their configured origins", "[live][driver]") {
  auto cfg = testing::loopback_config("/tmp/unused.sqlite", 9000);
  cfg.genesys.api_url = "https://api.mypurecloud.com";
  cfg.primary.endpoint_url = "http://127.0.0.1:9001";
  live::EndpointRoutes routes(cfg);
  const auto g = routes.origin_for(pipeline::Endpoint::genesys_api, with_host("ignored"));
  REQUIRE(g);
  CHECK(g->tls);
  CHECK(g->host == "api.mypurecloud.com");
  CHECK(g->port == 443);
  const auto p = routes.origin_for(pipeline::Endpoint::primary_store, with_host("ignored"));
  REQUIRE(p);
  CHECK_FALSE(p->tls);
  CHECK(p->port == 9001);
  // No CXone configured: nowhere to send its requests.
  CHECK_FALSE(routes.origin_for(pipeline::Endpoint::cxone_api, with_host("x")));
}

TEST_CASE("routes send a CDN request where its Host header says, TLS per cdn_tls", "[live][driver]") {
  auto cfg = testing::loopback_config("/tmp/unused.sqlite", 9000);
  cfg.cdn_tls = true;
  live::EndpointRoutes tls_routes(cfg);
  const auto plain_host = tls_routes.origin_for(pipeline::Endpoint::cdn, with_host("cdn.example"));
  REQUIRE(plain_host);
  CHECK(plain_host->tls);
  CHECK(plain_host->host == "cdn.example");
  CHECK(plain_host->port == 443);
  cfg.cdn_tls = false;
  live::EndpointRoutes routes(cfg);
  const auto with_port = routes.origin_for(pipeline::Endpoint::cdn, with_host("127.0.0.1:8088"));
  REQUIRE(with_port);
  CHECK_FALSE(with_port->tls);
  CHECK(with_port->host == "127.0.0.1");
  CHECK(with_port->port == 8088);
  CHECK_FALSE(routes.origin_for(pipeline::Endpoint::cdn, with_host("host:notaport")));
  CHECK_FALSE(routes.origin_for(pipeline::Endpoint::cdn, http::Request{}));
}

TEST_CASE("routes refuse a configuration whose URL cannot be read, naming the field", "[live][driver]") {
  auto cfg = testing::loopback_config("/tmp/unused.sqlite", 9000);
  cfg.backup.endpoint_url = "not a url";
  CHECK_THROWS_WITH(live::EndpointRoutes(cfg), Catch::Contains("backup.endpoint_url"));
}

TEST_CASE("the token request is a client-credentials grant with HTTP Basic", "[live][driver]") {
  live::OAuthClient oauth{"https://login.mypurecloud.com/oauth/token", live::Secret("id", "t"), live::Secret("pw", "t")};
  const auto req = live::build_token_request(oauth);
  CHECK(req.method == "POST");
  CHECK(req.target == "/oauth/token");
  CHECK(req.headers.get("Host") == "login.mypurecloud.com");
  CHECK(req.headers.get("Authorization") == "Basic " + crypto::base64_encode(std::string_view("id:pw")));
  CHECK(req.headers.get("Content-Type") == "application/x-www-form-urlencoded");
  CHECK(req.body_view() == "grant_type=client_credentials");
}

TEST_CASE("the token answer gives the token and its lifetime, or says what is wrong", "[live][driver]") {
  const auto ok = live::parse_token_answer(200, R"({"access_token":"abc","token_type":"bearer","expires_in":86399})");
  REQUIRE(ok);
  CHECK(ok->value == "abc");
  CHECK(ok->expires_in == Duration::seconds(86399));
  CHECK_FALSE(live::parse_token_answer(401, R"({"error":"invalid_client"})"));
  CHECK_FALSE(live::parse_token_answer(200, "not json"));
  CHECK_FALSE(live::parse_token_answer(200, R"({"token_type":"bearer"})"));
}

TEST_CASE("the core config takes hosts from the URLs, the tokens and the commit window", "[live][driver]") {
  auto cfg = testing::loopback_config("/tmp/unused.sqlite", 9000);
  cfg.commit_interval = Duration::millis(2);
  const auto c = live::pipeline_config_from(cfg, live::PlatformTokens{"g-token", ""});
  CHECK(c.genesys.host == "127.0.0.1:9000");
  CHECK(c.genesys.bearer_token == "g-token");
  CHECK(c.webhook_secret == testing::kTestWebhookSecret);
  CHECK(c.epoch_unix_s == 0);
  CHECK(c.commit_window == Duration::millis(2));
  CHECK_FALSE(c.cxone);
}
