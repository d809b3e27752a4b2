// The live driver behind the real HTTP server: a webhook is acknowledged only
// once its row is in the SQLite file, refused ones leave nothing, and a
// restart recovers what was acknowledged.
#include <catch2/catch.hpp>

#include "live/driver/live_driver.hpp"
#include "live/driver_test_support.hpp"
#include "live/server_test_support.hpp"

using namespace recguard;
using namespace recguard::testing;

namespace {

// The driver and its webhook server on one io thread, as `recguard serve` runs them.
class DriverUnderTest {
 public:
  DriverUnderTest(const live::LiveConfig& cfg, live::DriverOptions options = {}) {
    driver_ = std::make_unique<live::LiveDriver>(io_, cfg, live::PlatformTokens{}, options);
    server_ = std::make_unique<live::HttpServer>(io_, cfg.webhook.server, driver_->handler());
    thread_ = std::thread([this] { io_.run(); });
  }
  ~DriverUnderTest() {
    on_io([this] {
      server_.reset();
      driver_.reset();
    });
    guard_.reset();
    io_.stop();
    thread_.join();
  }
  unsigned short port() const { return server_->port(); }
  live::LiveDriver& driver() { return *driver_; }
  template <class F>
  void on_io(F f) {
    std::promise<void> done;
    boost::asio::post(io_, [&] {
      f();
      done.set_value();
    });
    done.get_future().wait();
  }

 private:
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_ = boost::asio::make_work_guard(io_);
  std::unique_ptr<live::LiveDriver> driver_;
  std::unique_ptr<live::HttpServer> server_;
  std::thread thread_;
};

// A platform and stores that answer every request with a 404: nothing useful,
// so recordings stay early in their workflow, which is all ingestion needs.
ServerUnderTest make_sink() {
  return ServerUnderTest({}, [](http::Request, live::Respond r) { r(http::make_response(404, "{}")); });
}

}  // namespace

TEST_CASE("driver acknowledges a signed webhook once its row is in the journal file", "[live][driver]") {
  TempFolder dir("driver");
  auto sink = make_sink();
  const std::string journal = (dir.path / "journal.sqlite").string();
  DriverUnderTest d(loopback_config(journal, sink.port()));
  TestConnection c(d.port());
  REQUIRE(c.send(signed_webhook(webhook_body(1))));
  const auto a = c.read_response();
  REQUIRE(a);
  CHECK(a->status == 200);
  // Acknowledged means durable: the file has the row now, read by another connection.
  CHECK(journal_has(journal, recording_id_for(1)));
  // A duplicate delivery is acknowledged and changes nothing.
  REQUIRE(c.send(signed_webhook(webhook_body(1))));
  const auto dup = c.read_response();
  REQUIRE(dup);
  CHECK(dup->status == 200);
  CHECK(journal_recording_ids(journal).size() == 1);
}

TEST_CASE("driver refuses a webhook with a wrong or missing signature and writes nothing", "[live][driver]") {
  TempFolder dir("driver");
  auto sink = make_sink();
  const std::string journal = (dir.path / "journal.sqlite").string();
  DriverUnderTest d(loopback_config(journal, sink.port()));
  TestConnection c(d.port());
  REQUIRE(c.send(signed_webhook(webhook_body(1), "not-the-secret")));
  const auto wrong = c.read_response();
  REQUIRE(wrong);
  CHECK(wrong->status == 401);
  REQUIRE(c.send(webhook_request(webhook_body(2), "")));
  const auto missing = c.read_response();
  REQUIRE(missing);
  CHECK(missing->status == 401);
  CHECK(journal_recording_ids(journal).empty());
}

TEST_CASE("driver answers 404 off the webhook path and 405 to another method on it", "[live][driver]") {
  TempFolder dir("driver");
  auto sink = make_sink();
  DriverUnderTest d(loopback_config((dir.path / "j.sqlite").string(), sink.port()));
  TestConnection c(d.port());
  REQUIRE(c.send("GET /webhooks/genesys HTTP/1.1\r\nHost: h\r\n\r\n"));
  const auto get = c.read_response();
  REQUIRE(get);
  CHECK(get->status == 405);
  CHECK(get->has_header("Allow: POST"));
  REQUIRE(c.send(post_request("/elsewhere", "{}")));
  const auto other = c.read_response();
  REQUIRE(other);
  CHECK(other->status == 404);
}

TEST_CASE("driver recovers acknowledged rows after a restart", "[live][driver]") {
  TempFolder dir("driver");
  auto sink = make_sink();
  const std::string journal = (dir.path / "journal.sqlite").string();
  {
    DriverUnderTest d(loopback_config(journal, sink.port()));
    TestConnection c(d.port());
    for (int i = 1; i <= 5; ++i) {
      REQUIRE(c.send(signed_webhook(webhook_body(i))));
      const auto a = c.read_response();
      REQUIRE(a);
      CHECK(a->status == 200);
    }
  }
  DriverUnderTest again(loopback_config(journal, sink.port()));
  again.on_io([&] { CHECK(again.driver().recovered_rows() == 5); });
  // A recovered recording's redelivery is a duplicate, not a new row.
  TestConnection c(again.port());
  REQUIRE(c.send(signed_webhook(webhook_body(3))));
  const auto a = c.read_response();
  REQUIRE(a);
  CHECK(a->status == 200);
  CHECK(journal_recording_ids(journal).size() == 5);
}

TEST_CASE("driver in commit-per-request mode acknowledges every webhook, one commit each", "[live][driver]") {
  TempFolder dir("driver");
  auto sink = make_sink();
  const std::string journal = (dir.path / "journal.sqlite").string();
  live::DriverOptions per_request;
  per_request.group_commit = false;
  DriverUnderTest d(loopback_config(journal, sink.port()), per_request);
  // Several connections at once, so webhooks queue behind each other's commits.
  std::vector<std::unique_ptr<TestConnection>> conns;
  for (int i = 1; i <= 8; ++i) {
    conns.push_back(std::make_unique<TestConnection>(d.port()));
    REQUIRE(conns.back()->send(signed_webhook(webhook_body(i))));
  }
  for (auto& c : conns) {
    const auto a = c->read_response();
    REQUIRE(a);
    CHECK(a->status == 200);
  }
  CHECK(journal_recording_ids(journal).size() == 8);
  d.on_io([&] {
    // Each webhook's row went in a commit of its own (later commits carry workflow progress).
    CHECK(d.driver().stats().commits >= 8);
    CHECK(d.driver().stats().webhooks_acked_2xx == 8);
  });
}

TEST_CASE("driver shutdown answers what it holds and then reports done", "[live][driver]") {
  TempFolder dir("driver");
  auto sink = make_sink();
  const std::string journal = (dir.path / "journal.sqlite").string();
  DriverUnderTest d(loopback_config(journal, sink.port()));
  TestConnection c(d.port());
  REQUIRE(c.send(signed_webhook(webhook_body(1))));
  REQUIRE(c.read_response());
  std::atomic<bool> done{false};
  d.on_io([&] { d.driver().shutdown([&] { done = true; }); });
  for (int i = 0; i < 1000 && !done; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  CHECK(done);
  // After shutdown a webhook is refused with 503, so the relay retries it elsewhere or later.
  REQUIRE(c.send(signed_webhook(webhook_body(2))));
  const auto a = c.read_response();
  REQUIRE(a);
  CHECK(a->status == 503);
  CHECK_FALSE(journal_has(journal, recording_id_for(2)));
}
