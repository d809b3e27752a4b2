// The webhook server's HTTP behaviour over real loopback sockets: answers now
// or later, keep-alive, HEAD, and a handler that answers never or twice.
#include <catch2/catch.hpp>

#include <condition_variable>
#include <mutex>
#include <vector>

#include "live/server_test_support.hpp"

using namespace recguard;
using recguard::testing::post_request;
using recguard::testing::ServerUnderTest;
using recguard::testing::TestConnection;

namespace {

http::Response echo(const http::Request& req) {
  auto resp = http::make_response(200, std::string(req.method) + " " + req.target + " " +
                                           std::string(req.body_view()),
                                  "text/plain");
  resp.headers.set("X-Seen-Header", req.headers.get("X-Test").value_or("none"));
  return resp;
}

// Holds Respond callables that the io thread hands over, for the test thread to call.
struct HeldAnswers {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<live::Respond> held;
  std::vector<http::Request> requests;

  live::Handler handler() {
    return [this](http::Request req, live::Respond respond) {
      std::lock_guard lock(mu);
      requests.push_back(std::move(req));
      held.push_back(std::move(respond));
      cv.notify_all();
    };
  }
  void wait_for(std::size_t n) {
    std::unique_lock lock(mu);
    REQUIRE(cv.wait_for(lock, std::chrono::seconds(10), [&] { return held.size() >= n; }));
  }
};

}  // namespace

TEST_CASE("server answers a request with the handler's response", "[live][server]") {
  ServerUnderTest s({}, [](http::Request req, live::Respond respond) { respond(echo(req)); });
  TestConnection c(s.port());
  REQUIRE(c.connected());
  REQUIRE(c.send(post_request("/hook?x=1", "hello", "X-Test: yes\r\n")));
  const auto a = c.read_response();
  REQUIRE(a);
  CHECK(a->status == 200);
  CHECK(a->body == "POST /hook?x=1 hello");
  CHECK(a->has_header("X-Seen-Header: yes"));
}

TEST_CASE("server sends an answer the handler gives later from another thread", "[live][server]") {
  HeldAnswers answers;
  ServerUnderTest s({}, answers.handler());
  TestConnection c(s.port());
  REQUIRE(c.send(post_request("/later", "body")));
  answers.wait_for(1);
  {
    std::lock_guard lock(answers.mu);
    CHECK(answers.requests[0].body_view() == "body");
    answers.held[0](http::make_response(202, "accepted later"));
  }
  const auto a = c.read_response();
  REQUIRE(a);
  CHECK(a->status == 202);
  CHECK(a->body == "accepted later");
}

TEST_CASE("server keeps a connection alive across requests", "[live][server]") {
  int calls = 0;
  ServerUnderTest s({}, [&](http::Request req, live::Respond respond) {
    ++calls;
    respond(echo(req));
  });
  TestConnection c(s.port());
  for (int i = 0; i < 3; ++i) {
    REQUIRE(c.send(post_request("/n" + std::to_string(i), "b")));
    const auto a = c.read_response();
    REQUIRE(a);
    CHECK(a->status == 200);
    CHECK(a->body == "POST /n" + std::to_string(i) + " b");
    CHECK_FALSE(a->has_header("Connection: close"));
  }
  s.on_io([&] { CHECK(calls == 3); });
}

TEST_CASE("server answers pipelined requests in order", "[live][server]") {
  ServerUnderTest s({}, [](http::Request req, live::Respond respond) { respond(echo(req)); });
  TestConnection c(s.port());
  REQUIRE(c.send(post_request("/a", "1") + post_request("/b", "2")));
  const auto a = c.read_response();
  const auto b = c.read_response();
  REQUIRE(a);
  REQUIRE(b);
  CHECK(a->body == "POST /a 1");
  CHECK(b->body == "POST /b 2");
}

TEST_CASE("server closes after answering a request that asked for it", "[live][server]") {
  ServerUnderTest s({}, [](http::Request req, live::Respond respond) { respond(echo(req)); });
  TestConnection c(s.port());
  REQUIRE(c.send(post_request("/x", "b", "Connection: close\r\n")));
  const auto a = c.read_response();
  REQUIRE(a);
  CHECK(a->status == 200);
  CHECK(a->has_header("Connection: close"));
  CHECK(c.closed_by_peer());
}

TEST_CASE("server answers HEAD with the length and no body", "[live][server]") {
  ServerUnderTest s({}, [](http::Request, live::Respond respond) { respond(http::make_response(200, "0123456789")); });
  TestConnection c(s.port());
  REQUIRE(c.send("HEAD /x HTTP/1.1\r\nHost: h\r\n\r\nGET /y HTTP/1.1\r\nHost: h\r\n\r\n"));
  const auto head = c.read_response(/*head_request=*/true);
  REQUIRE(head);
  CHECK(head->has_header("Content-Length: 10"));
  CHECK(head->body.empty());
  // Had the HEAD answer carried a body, it would be read as this answer's head.
  const auto get = c.read_response();
  REQUIRE(get);
  CHECK(get->status == 200);
  CHECK(get->body == "0123456789");
}

TEST_CASE("server answers 500 when the handler drops Respond without calling it", "[live][server]") {
  ServerUnderTest s({}, [](http::Request, live::Respond) {});
  TestConnection c(s.port());
  REQUIRE(c.send(post_request("/x", "b")));
  const auto a = c.read_response();
  REQUIRE(a);
  CHECK(a->status == 500);
  // The connection is still usable: the 500 was an answer, not a failure.
  REQUIRE(c.send(post_request("/y", "b")));
  const auto b = c.read_response();
  REQUIRE(b);
  CHECK(b->status == 500);
}

TEST_CASE("server sends only the first of two answers to one request", "[live][server]") {
  ServerUnderTest s({}, [](http::Request req, live::Respond respond) {
    respond(http::make_response(201, "first"));
    respond(http::make_response(202, "second"));
    (void)req;
  });
  TestConnection c(s.port());
  REQUIRE(c.send(post_request("/x", "b") + post_request("/y", "b")));
  const auto a = c.read_response();
  const auto b = c.read_response();
  REQUIRE(a);
  REQUIRE(b);
  CHECK(a->status == 201);
  CHECK(b->status == 201);
  CHECK(b->body == "first");
}

TEST_CASE("server refuses to start on an address it cannot bind", "[live][server]") {
  ServerUnderTest first({}, [](http::Request, live::Respond) {});
  boost::asio::io_context io;
  live::ServerOptions o;
  o.port = first.port();
  // SO_REUSEADDR does not allow two listeners on one port.
  CHECK_THROWS_WITH(live::HttpServer(io, o, [](http::Request, live::Respond) {}),
                    Catch::Contains("127.0.0.1:" + std::to_string(first.port())));
}
