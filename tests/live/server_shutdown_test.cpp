// Graceful shutdown of the webhook server: requests already read are answered,
// idle connections close, and only then does `done` run.
#include <catch2/catch.hpp>

#include <atomic>
#include <condition_variable>
#include <mutex>

#include "live/server_test_support.hpp"

using namespace recguard;
using recguard::testing::post_request;
using recguard::testing::ServerUnderTest;
using recguard::testing::TestConnection;

TEST_CASE("server shutdown answers an in-flight deferred request before done runs", "[live][server]") {
  std::mutex mu;
  std::condition_variable cv;
  std::optional<live::Respond> held;
  ServerUnderTest s({}, [&](http::Request, live::Respond respond) {
    std::lock_guard lock(mu);
    held = std::move(respond);
    cv.notify_all();
  });
  TestConnection busy(s.port());
  TestConnection idle(s.port());
  REQUIRE(busy.send(post_request("/x", "in flight")));
  {
    std::unique_lock lock(mu);
    REQUIRE(cv.wait_for(lock, std::chrono::seconds(10), [&] { return held.has_value(); }));
  }
  std::atomic<bool> done{false};
  s.on_io([&] { s.server().shutdown([&] { done = true; }); });
  // The idle connection is closed; the busy one waits for its answer.
  CHECK(idle.closed_by_peer());
  s.on_io([&] { CHECK_FALSE(done); });
  // A new connection is not accepted any more.
  TestConnection late(s.port());
  CHECK((!late.connected() || late.closed_by_peer()));
  {
    std::lock_guard lock(mu);
    (*held)(http::make_response(200, "answered during shutdown"));
  }
  const auto a = busy.read_response();
  REQUIRE(a);
  CHECK(a->status == 200);
  CHECK(a->body == "answered during shutdown");
  CHECK(a->has_header("Connection: close"));
  CHECK(busy.closed_by_peer());
  // `done` runs once the last connection is closed: wait for it (bounded, not timed).
  for (int i = 0; i < 1000 && !done; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  CHECK(done);
}

TEST_CASE("server shutdown with no connections calls done", "[live][server]") {
  ServerUnderTest s({}, [](http::Request, live::Respond) {});
  std::atomic<bool> done{false};
  s.on_io([&] { s.server().shutdown([&] { done = true; }); });
  s.on_io([] {});
  CHECK(done);
}
