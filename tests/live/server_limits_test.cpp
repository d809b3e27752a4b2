// What the webhook server does with clients that misbehave: too big, too
// slow, not HTTP, too many.
#include <catch2/catch.hpp>

#include "live/server_test_support.hpp"

using namespace recguard;
using recguard::testing::post_request;
using recguard::testing::ServerUnderTest;
using recguard::testing::TestConnection;

namespace {
live::Handler ok_handler(int* calls) {
  return [calls](http::Request, live::Respond respond) {
    ++*calls;
    respond(http::make_response(200, "ok"));
  };
}
}  // namespace

TEST_CASE("server answers 413 and closes when the announced body is over the limit", "[live][server]") {
  int calls = 0;
  live::ServerOptions o;
  o.body_limit = 1000;
  ServerUnderTest s(o, ok_handler(&calls));
  TestConnection c(s.port());
  REQUIRE(c.send(post_request("/x", std::string(5000, 'a'))));
  const auto a = c.read_response();
  REQUIRE(a);
  CHECK(a->status == 413);
  CHECK(a->has_header("Connection: close"));
  CHECK(c.closed_by_peer());
  s.on_io([&] { CHECK(calls == 0); });
}

TEST_CASE("server answers 413 when a chunked body grows over the limit", "[live][server]") {
  int calls = 0;
  live::ServerOptions o;
  o.body_limit = 1000;
  ServerUnderTest s(o, ok_handler(&calls));
  TestConnection c(s.port());
  const std::string chunk(800, 'b');
  REQUIRE(c.send("POST /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n320\r\n" + chunk + "\r\n320\r\n" +
                 chunk + "\r\n0\r\n\r\n"));
  const auto a = c.read_response();
  REQUIRE(a);
  CHECK(a->status == 413);
  CHECK(c.closed_by_peer());
  s.on_io([&] { CHECK(calls == 0); });
}

TEST_CASE("server accepts a body exactly at the limit", "[live][server]") {
  int calls = 0;
  live::ServerOptions o;
  o.body_limit = 1000;
  ServerUnderTest s(o, ok_handler(&calls));
  TestConnection c(s.port());
  REQUIRE(c.send(post_request("/x", std::string(1000, 'a'))));
  const auto a = c.read_response();
  REQUIRE(a);
  CHECK(a->status == 200);
}

TEST_CASE("server answers 408 to a client that sends half its headers and stalls", "[live][server]") {
  int calls = 0;
  live::ServerOptions o;
  o.read_timeout = Duration::millis(300);
  ServerUnderTest s(o, ok_handler(&calls));
  TestConnection c(s.port());
  REQUIRE(c.send("POST /x HTTP/1.1\r\nHost: h\r\nContent-Le"));
  // No sleep: the server's timer ends it. The client's own read gives up after 10 s.
  const auto a = c.read_response();
  REQUIRE(a);
  CHECK(a->status == 408);
  CHECK(c.closed_by_peer());
  s.on_io([&] { CHECK(calls == 0); });
}

TEST_CASE("server answers 408 to a client whose body stops short", "[live][server]") {
  int calls = 0;
  live::ServerOptions o;
  o.read_timeout = Duration::millis(300);
  ServerUnderTest s(o, ok_handler(&calls));
  TestConnection c(s.port());
  REQUIRE(c.send("POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\nonly a few bytes"));
  const auto a = c.read_response();
  REQUIRE(a);
  CHECK(a->status == 408);
  CHECK(c.closed_by_peer());
}

TEST_CASE("server closes a connection that never sends a request", "[live][server]") {
  int calls = 0;
  live::ServerOptions o;
  o.read_timeout = Duration::millis(300);
  ServerUnderTest s(o, ok_handler(&calls));
  TestConnection c(s.port());
  CHECK(c.closed_by_peer());
}

TEST_CASE("server closes a keep-alive connection idle past idle_timeout", "[live][server]") {
  int calls = 0;
  live::ServerOptions o;
  o.idle_timeout = Duration::millis(300);
  ServerUnderTest s(o, ok_handler(&calls));
  TestConnection c(s.port());
  REQUIRE(c.send(post_request("/x", "b")));
  const auto a = c.read_response();
  REQUIRE(a);
  CHECK(a->status == 200);
  CHECK(c.closed_by_peer());
}

TEST_CASE("server answers 400 to bytes that are not HTTP and closes", "[live][server]") {
  int calls = 0;
  ServerUnderTest s({}, ok_handler(&calls));
  TestConnection c(s.port());
  const char garbage[] = "\x16\x03\x01" "garbage\x00\xff\r\n\r\n";
  REQUIRE(c.send(std::string(garbage, sizeof garbage - 1)));
  const auto a = c.read_response();
  REQUIRE(a);
  CHECK(a->status == 400);
  CHECK(c.closed_by_peer());
  s.on_io([&] { CHECK(calls == 0); });
}

TEST_CASE("server answers 400 to a request line without a version", "[live][server]") {
  int calls = 0;
  ServerUnderTest s({}, ok_handler(&calls));
  TestConnection c(s.port());
  REQUIRE(c.send("POST /x\r\nHost: h\r\n\r\n"));
  const auto a = c.read_response();
  REQUIRE(a);
  CHECK(a->status == 400);
}

TEST_CASE("server answers 503 beyond max_connections and serves the others", "[live][server]") {
  int calls = 0;
  live::ServerOptions o;
  o.max_connections = 1;
  ServerUnderTest s(o, ok_handler(&calls));
  TestConnection first(s.port());
  REQUIRE(first.send(post_request("/x", "b")));
  REQUIRE(first.read_response());  // the server has taken it in
  TestConnection second(s.port());
  REQUIRE(second.send(post_request("/x", "b")));
  const auto a = second.read_response();
  REQUIRE(a);
  CHECK(a->status == 503);
  CHECK(second.closed_by_peer());
  // The first connection is unaffected.
  REQUIRE(first.send(post_request("/y", "b")));
  const auto b = first.read_response();
  REQUIRE(b);
  CHECK(b->status == 200);
}
