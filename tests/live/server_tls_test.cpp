// The webhook server over TLS, and with mutual TLS: certificates are made
// for each run with the openssl command line.
#include <catch2/catch.hpp>

#include "live/server_test_support.hpp"

using namespace recguard;
using recguard::testing::post_request;
using recguard::testing::ServerUnderTest;
using recguard::testing::TestConnection;
using recguard::testing::TestPki;

namespace {
live::Handler echo_handler() {
  return [](http::Request req, live::Respond respond) { respond(http::make_response(200, std::string(req.body_view()))); };
}
}  // namespace

TEST_CASE("server answers over TLS with its certificate", "[live][server][tls]") {
  const TestPki& pki = recguard::testing::shared_pki();
  live::ServerOptions o;
  o.tls = live::TlsServerFiles{pki.server_cert, pki.server_key, ""};
  ServerUnderTest s(o, echo_handler());
  TestConnection c(s.port());
  REQUIRE(c.start_tls(pki.ca_cert));
  REQUIRE(c.send(post_request("/x", "over tls")));
  const auto a = c.read_response();
  REQUIRE(a);
  CHECK(a->status == 200);
  CHECK(a->body == "over tls");
  // Keep-alive works inside TLS too.
  REQUIRE(c.send(post_request("/x", "again")));
  const auto b = c.read_response();
  REQUIRE(b);
  CHECK(b->body == "again");
}

TEST_CASE("server over TLS drops a client that speaks plain HTTP", "[live][server][tls]") {
  const TestPki& pki = recguard::testing::shared_pki();
  live::ServerOptions o;
  o.tls = live::TlsServerFiles{pki.server_cert, pki.server_key, ""};
  int calls = 0;
  ServerUnderTest s(o, [&](http::Request, live::Respond r) {
    ++calls;
    r(http::make_response(200));
  });
  TestConnection c(s.port());
  REQUIRE(c.send(post_request("/x", "plain")));
  CHECK_FALSE(c.read_response());
  s.on_io([&] { CHECK(calls == 0); });
}

TEST_CASE("server refuses to start when its TLS files cannot be read", "[live][server][tls]") {
  boost::asio::io_context io;
  live::ServerOptions o;
  o.tls = live::TlsServerFiles{"/nonexistent/cert.pem", "/nonexistent/key.pem", ""};
  CHECK_THROWS_WITH(live::HttpServer(io, o, echo_handler()), Catch::Contains("/nonexistent/cert.pem"));
}

TEST_CASE("server with mutual TLS serves a client whose certificate the CA signed", "[live][server][tls]") {
  const TestPki& pki = recguard::testing::shared_pki();
  live::ServerOptions o;
  o.tls = live::TlsServerFiles{pki.server_cert, pki.server_key, pki.ca_cert};
  ServerUnderTest s(o, echo_handler());
  TestConnection c(s.port());
  REQUIRE(c.start_tls(pki.ca_cert, pki.client_cert, pki.client_key));
  REQUIRE(c.send(post_request("/x", "mutual")));
  const auto a = c.read_response();
  REQUIRE(a);
  CHECK(a->status == 200);
  CHECK(a->body == "mutual");
}

TEST_CASE("server with mutual TLS refuses a client without a certificate", "[live][server][tls]") {
  const TestPki& pki = recguard::testing::shared_pki();
  live::ServerOptions o;
  o.tls = live::TlsServerFiles{pki.server_cert, pki.server_key, pki.ca_cert};
  int calls = 0;
  ServerUnderTest s(o, [&](http::Request, live::Respond r) {
    ++calls;
    r(http::make_response(200));
  });
  TestConnection c(s.port());
  // With TLS 1.3 the client's side of the handshake may finish before the
  // server has judged its (missing) certificate; the refusal then shows on
  // the first read. Either way no request gets through.
  const bool shook = c.start_tls(pki.ca_cert);
  if (shook) {
    c.send(post_request("/x", "no cert"));
    CHECK_FALSE(c.read_response());
  }
  s.on_io([&] { CHECK(calls == 0); });
}

TEST_CASE("server with mutual TLS refuses a certificate from another CA", "[live][server][tls]") {
  const TestPki& pki = recguard::testing::shared_pki();
  live::ServerOptions o;
  o.tls = live::TlsServerFiles{pki.server_cert, pki.server_key, pki.ca_cert};
  int calls = 0;
  ServerUnderTest s(o, [&](http::Request, live::Respond r) {
    ++calls;
    r(http::make_response(200));
  });
  TestConnection c(s.port());
  const bool shook = c.start_tls(pki.ca_cert, pki.stranger_cert, pki.stranger_key);
  if (shook) {
    c.send(post_request("/x", "stranger"));
    CHECK_FALSE(c.read_response());
  }
  s.on_io([&] { CHECK(calls == 0); });
}
