// live::HttpClient over TLS against a loopback server with a certificate made
// for the test: verification by CA file (the right CA passes, another CA
// fails), verify_peer=false for self-signed test servers, and mutual TLS.
#include <catch2/catch.hpp>

#include <stdexcept>

#include "live/net/http_client.hpp"
#include "support/loopback_server.hpp"
#include "support/run_io.hpp"
#include "support/test_certificates.hpp"

using namespace recguard;
using recguard::testing::LoopbackServer;
using recguard::testing::ServerPlan;
using recguard::testing::ServerTls;
using recguard::testing::TestCertificates;

namespace {

http::Request get() {
  http::Request r;
  r.method = "GET";
  r.target = "/secure";
  return r;
}

ServerPlan ok(const http::Request&) {
  ServerPlan p;
  p.response = http::make_response(200, "over tls", "text/plain");
  return p;
}

}  // namespace

TEST_CASE("live client: TLS to a server whose CA is ca_file verifies and reuses the connection", "[live][client][tls]") {
  TestCertificates certs;
  boost::asio::io_context io;
  LoopbackServer server(io, ok, ServerTls{certs.server_cert, certs.server_key, ""});
  live::ClientOptions opts;
  opts.ca_file = certs.ca;
  live::HttpClient client(io, opts);
  for (const char* host : {"127.0.0.1", "localhost"}) {  // the certificate names both: IP and DNS checks
    const auto r = testing::send_and_wait(io, client, {true, host, server.port()}, get());
    CHECK(testing::must_answer(r).body_view() == "over tls");
  }
  const auto again = testing::send_and_wait(io, client, {true, "127.0.0.1", server.port()}, get());
  CHECK(testing::must_answer(again).status == 200);
  CHECK(server.stats().connections_accepted == 2);  // one per origin name
}

TEST_CASE("live client: TLS with another CA in ca_file fails the handshake", "[live][client][tls]") {
  TestCertificates certs;
  boost::asio::io_context io;
  LoopbackServer server(io, ok, ServerTls{certs.server_cert, certs.server_key, ""});
  live::ClientOptions opts;
  opts.ca_file = certs.other_ca;
  live::HttpClient client(io, opts);
  const auto r = testing::send_and_wait(io, client, {true, "127.0.0.1", server.port()}, get());
  CHECK(!r.response.has_value());
  CHECK_THAT(r.transport_error, Catch::Contains("TLS handshake") && Catch::Contains("certificate verify failed"));
  CHECK(server.stats().requests == 0);
}

TEST_CASE("live client: TLS with the system CAs refuses a certificate from a private CA", "[live][client][tls]") {
  TestCertificates certs;
  boost::asio::io_context io;
  LoopbackServer server(io, ok, ServerTls{certs.server_cert, certs.server_key, ""});
  live::HttpClient client(io, {});
  const auto r = testing::send_and_wait(io, client, {true, "127.0.0.1", server.port()}, get());
  CHECK(!r.response.has_value());
  CHECK_THAT(r.transport_error, Catch::Contains("certificate verify failed"));
}

TEST_CASE("live client: a certificate for another name fails verification even with the right CA",
          "[live][client][tls]") {
  TestCertificates certs;
  boost::asio::io_context io;
  // 127.0.0.2 is loopback too, but the certificate names only 127.0.0.1 and localhost.
  LoopbackServer server(io, ok, ServerTls{certs.server_cert, certs.server_key, ""}, "127.0.0.2");
  live::ClientOptions opts;
  opts.ca_file = certs.ca;
  live::HttpClient client(io, opts);
  const auto r = testing::send_and_wait(io, client, {true, "127.0.0.2", server.port()}, get());
  CHECK(!r.response.has_value());
  CHECK_THAT(r.transport_error, Catch::Contains("certificate verify failed"));
  CHECK(server.stats().connections_accepted == 1);  // it reached the server: the name check refused it
}

TEST_CASE("live client: verify_peer false accepts an unverifiable test server", "[live][client][tls]") {
  TestCertificates certs;
  boost::asio::io_context io;
  LoopbackServer server(io, ok, ServerTls{certs.server_cert, certs.server_key, ""});
  live::ClientOptions opts;
  opts.verify_peer = false;
  live::HttpClient client(io, opts);
  const auto r = testing::send_and_wait(io, client, {true, "127.0.0.1", server.port()}, get());
  CHECK(testing::must_answer(r).body_view() == "over tls");
}

TEST_CASE("live client: mutual TLS presents the client certificate, and without one the server refuses",
          "[live][client][tls]") {
  TestCertificates certs;
  boost::asio::io_context io;
  LoopbackServer server(io, ok, ServerTls{certs.server_cert, certs.server_key, certs.ca});
  live::ClientOptions with_cert;
  with_cert.ca_file = certs.ca;
  with_cert.client_cert_file = certs.client_cert;
  with_cert.client_key_file = certs.client_key;
  live::HttpClient client(io, with_cert);
  const auto r = testing::send_and_wait(io, client, {true, "127.0.0.1", server.port()}, get());
  CHECK(testing::must_answer(r).status == 200);
  REQUIRE(server.stats().client_cert_subjects.size() == 1);
  CHECK_THAT(server.stats().client_cert_subjects[0], Catch::Contains("recguard-live-client"));

  live::ClientOptions without_cert;
  without_cert.ca_file = certs.ca;
  live::HttpClient anonymous(io, without_cert);
  const auto refused = testing::send_and_wait(io, anonymous, {true, "127.0.0.1", server.port()}, get());
  CHECK(!refused.response.has_value());
  CHECK(server.stats().requests == 1);
}

TEST_CASE("live client: an unreadable CA file or client key is refused at construction, naming the file",
          "[live][client][tls]") {
  boost::asio::io_context io;
  live::ClientOptions missing_ca;
  missing_ca.ca_file = "/nonexistent/ca.pem";
  CHECK_THROWS_WITH(live::HttpClient(io, missing_ca), Catch::Contains("/nonexistent/ca.pem"));
  live::ClientOptions half_pair;
  half_pair.client_cert_file = "/some/cert.pem";
  CHECK_THROWS_AS(live::HttpClient(io, half_pair), std::runtime_error);
}
