// live::HttpClient's connection pool against a scripted loopback server:
// keep-alive reuse, the per-origin connection limit, connections the server
// closed, and close() failing what is still queued.
#include <catch2/catch.hpp>

#include <chrono>
#include <set>
#include <string>
#include <vector>

#include "live/net/http_client.hpp"
#include "support/loopback_server.hpp"
#include "support/run_io.hpp"

using namespace recguard;
using recguard::testing::LoopbackServer;
using recguard::testing::ServerPlan;

namespace {

http::Request get(const std::string& target) { return testing::get_request(target); }

live::Origin loopback(unsigned short port) { return live::Origin{false, "127.0.0.1", port}; }

ServerPlan ok_plan(std::chrono::milliseconds delay = std::chrono::milliseconds(0)) {
  ServerPlan p;
  p.response = http::make_response(200, "hello", "text/plain");
  p.delay = delay;
  return p;
}

}  // namespace

TEST_CASE("live client: sequential requests to one origin reuse one keep-alive connection", "[live][client]") {
  boost::asio::io_context io;
  LoopbackServer server(io, [](const http::Request&) { return ok_plan(); });
  live::HttpClient client(io, {});
  for (int i = 0; i < 5; ++i) {
    const auto r = testing::send_and_wait(io, client, loopback(server.port()), get("/n" + std::to_string(i)));
    const http::Response resp = testing::must_answer(r);
    CHECK(resp.status == 200);
    CHECK(resp.body_view() == "hello");
  }
  CHECK(server.stats().requests == 5);
  CHECK(server.stats().connections_accepted == 1);
  // The client filled in Host for a request that had none.
  CHECK(server.stats().received.at(0).headers.get("Host") == "127.0.0.1:" + std::to_string(server.port()));
}

TEST_CASE("live client: at most max_connections_per_origin requests run at once, the rest queue", "[live][client]") {
  boost::asio::io_context io;
  LoopbackServer server(io, [](const http::Request&) { return ok_plan(std::chrono::milliseconds(60)); });
  live::ClientOptions opts;
  opts.max_connections_per_origin = 2;
  live::HttpClient client(io, opts);
  std::vector<int> statuses;
  for (int i = 0; i < 6; ++i) {
    client.send(loopback(server.port()), get("/c" + std::to_string(i)), [&](live::ClientResult r) {
      statuses.push_back(r.response ? r.response->status : -1);
    });
  }
  REQUIRE(testing::run_until(io, [&] { return statuses.size() == 6; }));
  CHECK(statuses == std::vector<int>(6, 200));
  CHECK(server.stats().max_in_flight == 2);
  CHECK(server.stats().connections_accepted == 2);
  // Queued requests went out in the order they were sent.
  std::vector<std::string> targets;
  for (const auto& req : server.stats().received) targets.push_back(req.target);
  REQUIRE(targets.size() == 6);
  CHECK(std::set<std::string>{targets[4], targets[5]} == std::set<std::string>{"/c4", "/c5"});
}

TEST_CASE("live client: different origins get their own pools", "[live][client]") {
  boost::asio::io_context io;
  LoopbackServer a(io, [](const http::Request&) { return ok_plan(std::chrono::milliseconds(50)); });
  LoopbackServer b(io, [](const http::Request&) { return ok_plan(std::chrono::milliseconds(50)); });
  live::ClientOptions opts;
  opts.max_connections_per_origin = 1;
  live::HttpClient client(io, opts);
  int done = 0;
  client.send(loopback(a.port()), get("/a"), [&](live::ClientResult r) { done += r.response ? 1 : 100; });
  client.send(loopback(b.port()), get("/b"), [&](live::ClientResult r) { done += r.response ? 1 : 100; });
  REQUIRE(testing::run_until(io, [&] { return done >= 2; }));
  CHECK(done == 2);
  // One connection each, and both were busy at the same time: a full pool of
  // one origin does not hold back another.
  CHECK(a.stats().max_in_flight == 1);
  CHECK(b.stats().max_in_flight == 1);
}

TEST_CASE("live client: a response with Connection close is not reused", "[live][client]") {
  boost::asio::io_context io;
  LoopbackServer server(io, [](const http::Request&) {
    ServerPlan p = ok_plan();
    p.close_after = true;
    return p;
  });
  live::HttpClient client(io, {});
  for (int i = 0; i < 3; ++i) {
    const auto r = testing::send_and_wait(io, client, loopback(server.port()), get("/close"));
    CHECK(testing::must_answer(r).status == 200);
  }
  CHECK(server.stats().connections_accepted == 3);
}

TEST_CASE("live client: an idle connection the server closed is dropped, the next request opens a new one",
          "[live][client]") {
  boost::asio::io_context io;
  LoopbackServer server(io, [](const http::Request&) { return ok_plan(); });
  live::HttpClient client(io, {});
  CHECK(testing::must_answer(testing::send_and_wait(io, client, loopback(server.port()), get("/1"))).status == 200);
  // As a keep-alive timeout would: the server closes, and the FIN reaches the
  // client before its next request.
  server.close_connections();
  testing::run_until(io, [] { return false; }, std::chrono::milliseconds(100));
  const auto second = testing::send_and_wait(io, client, loopback(server.port()), get("/2"));
  INFO("a stale pooled connection must not cost a failed request: " << second.transport_error);
  CHECK(testing::must_answer(second).status == 200);
  CHECK(server.stats().connections_accepted == 2);
}

TEST_CASE("live client: close fails queued requests, lets the one in flight finish, refuses new ones",
          "[live][client]") {
  boost::asio::io_context io;
  LoopbackServer server(io, [](const http::Request&) { return ok_plan(std::chrono::milliseconds(100)); });
  live::ClientOptions opts;
  opts.max_connections_per_origin = 1;
  live::HttpClient client(io, opts);
  std::vector<live::ClientResult> results(3);
  int calls = 0;
  for (int i = 0; i < 3; ++i) {
    client.send(loopback(server.port()), get("/q" + std::to_string(i)), [&, i](live::ClientResult r) {
      results[i] = std::move(r);
      ++calls;
    });
  }
  client.close();
  REQUIRE(testing::run_until(io, [&] { return calls == 3; }));
  CHECK(results[0].response.has_value());
  CHECK(!results[1].response.has_value());
  CHECK(!results[2].response.has_value());
  CHECK_THAT(results[1].transport_error, Catch::Contains("closed"));
  live::ClientResult late;
  bool late_done = false;
  client.send(loopback(server.port()), get("/late"), [&](live::ClientResult r) {
    late = std::move(r);
    late_done = true;
  });
  REQUIRE(testing::run_until(io, [&] { return late_done; }));
  CHECK(!late.response.has_value());
  // Exactly once: nothing else arrives afterwards.
  testing::run_until(io, [] { return false; }, std::chrono::milliseconds(200));
  CHECK(calls == 3);
  CHECK(server.stats().requests == 1);
}
