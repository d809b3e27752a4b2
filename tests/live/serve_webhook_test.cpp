// `recguard serve` end to end: a real process, real sockets, the journal file
// read back with SQLite. Platforms and stores are a loopback sink that hands
// out a token and answers nothing useful; ingestion needs no more.
#include <catch2/catch.hpp>

#include "live/serve_test_support.hpp"

using namespace recguard;
using namespace recguard::testing;

TEST_CASE("serve acknowledges a signed webhook and its row is in the journal file", "[live][serve]") {
  TempFolder dir("serve");
  PlatformSink sink;
  ServeProcess serve(dir, serve_config_json(dir, sink.port()));
  REQUIRE(serve.port() != 0);
  CHECK(serve.first_line().rfind("listening on http://127.0.0.1:", 0) == 0);
  TestConnection c(serve.port());
  REQUIRE(c.send(signed_webhook(webhook_body(1))));
  const auto a = c.read_response();
  REQUIRE(a);
  CHECK(a->status == 200);
  CHECK(journal_has((dir.path / "journal.sqlite").string(), recording_id_for(1)));
  // The token was fetched with the client-credentials grant before serving.
  CHECK(sink.wait_for_target("POST /oauth/token"));
  serve.signal(SIGTERM);
  CHECK(serve.wait() == 0);
}

TEST_CASE("serve refuses a bad or missing signature with 401 and writes nothing", "[live][serve]") {
  TempFolder dir("serve");
  PlatformSink sink;
  ServeProcess serve(dir, serve_config_json(dir, sink.port()));
  REQUIRE(serve.port() != 0);
  TestConnection c(serve.port());
  REQUIRE(c.send(signed_webhook(webhook_body(1), "wrong-secret")));
  const auto bad = c.read_response();
  REQUIRE(bad);
  CHECK(bad->status == 401);
  REQUIRE(c.send(webhook_request(webhook_body(2), "")));
  const auto missing = c.read_response();
  REQUIRE(missing);
  CHECK(missing->status == 401);
  serve.signal(SIGTERM);
  CHECK(serve.wait() == 0);
  CHECK(journal_recording_ids((dir.path / "journal.sqlite").string()).empty());
}

TEST_CASE("serve answers 413 to a body over the configured limit", "[live][serve]") {
  TempFolder dir("serve");
  PlatformSink sink;
  ServeProcess serve(dir, serve_config_json(dir, sink.port(), R"(, "body_limit": "1KiB")"));
  REQUIRE(serve.port() != 0);
  TestConnection c(serve.port());
  std::string body = webhook_body(1);
  body.insert(body.size() - 1, R"(,"padding":")" + std::string(4000, 'x') + "\"");
  REQUIRE(c.send(signed_webhook(body)));
  const auto a = c.read_response();
  REQUIRE(a);
  CHECK(a->status == 413);
  serve.signal(SIGTERM);
  CHECK(serve.wait() == 0);
}

TEST_CASE("serve answers a webhook in flight at SIGTERM after its commit, then exits 0", "[live][serve]") {
  TempFolder dir("serve");
  PlatformSink sink;
  // A long group-commit window keeps the webhook waiting for its commit while the signal comes.
  ServeProcess serve(dir, serve_config_json(dir, sink.port(), "", R"(, "commit_interval": "1500ms")"));
  REQUIRE(serve.port() != 0);
  TestConnection c(serve.port());
  REQUIRE(c.send(signed_webhook(webhook_body(7, "AVAILABLE"))));
  // The pipeline asks the platform for an AVAILABLE recording's metadata at
  // once; when the sink sees that, the webhook has been read and waits for its commit.
  REQUIRE(sink.wait_for_target("rec-live-7"));
  serve.signal(SIGTERM);
  const auto a = c.read_response();
  REQUIRE(a);
  CHECK(a->status == 200);
  CHECK(serve.wait() == 0);
  CHECK(journal_has((dir.path / "journal.sqlite").string(), recording_id_for(7)));
  CHECK_THAT(serve.stderr_text(), Catch::Contains("shutting down"));
}

TEST_CASE("serve after kill -9 recovers every acknowledged webhook", "[live][serve]") {
  TempFolder dir("serve");
  PlatformSink sink;
  const std::string config = serve_config_json(dir, sink.port());
  constexpr int kAcked = 40;
  {
    ServeProcess serve(dir, config);
    REQUIRE(serve.port() != 0);
    TestConnection c(serve.port());
    for (int i = 1; i <= kAcked; ++i) {
      REQUIRE(c.send(signed_webhook(webhook_body(i))));
      const auto a = c.read_response();
      REQUIRE(a);
      REQUIRE(a->status == 200);
    }
    // One more on the way when the process dies: never acknowledged, so it may or may not be there.
    TestConnection unanswered(serve.port());
    REQUIRE(unanswered.send(signed_webhook(webhook_body(kAcked + 1))));
    serve.signal(SIGKILL);
    CHECK(serve.wait() == -SIGKILL);
  }
  const auto ids = journal_recording_ids((dir.path / "journal.sqlite").string());
  for (int i = 1; i <= kAcked; ++i) CHECK(std::find(ids.begin(), ids.end(), recording_id_for(i)) != ids.end());
  // The restarted process recovers them and treats a redelivery as a duplicate.
  ServeProcess again(dir, config);
  REQUIRE(again.port() != 0);
  TestConnection c(again.port());
  REQUIRE(c.send(signed_webhook(webhook_body(3))));
  const auto a = c.read_response();
  REQUIRE(a);
  CHECK(a->status == 200);
  again.signal(SIGTERM);
  CHECK(again.wait() == 0);
  CHECK_THAT(again.stderr_text(), Catch::Contains("recovered "));
  CHECK(journal_recording_ids((dir.path / "journal.sqlite").string()).size() == ids.size());
}

TEST_CASE("serve exits 2 with the file named on a config it cannot read", "[live][serve]") {
  TempFolder dir("serve");
  ServeProcess serve(dir, R"({"webhook": {"port": "not a number"}})");
  CHECK(serve.port() == 0);
  CHECK(serve.wait() == 2);
  CHECK_THAT(serve.stderr_text(), Catch::Contains("live.json"));
}

TEST_CASE("serve exits 2 when asked for plain HTTP without --http", "[live][serve]") {
  TempFolder dir("serve");
  PlatformSink sink;
  ServeProcess serve(dir, serve_config_json(dir, sink.port()), "");
  CHECK(serve.port() == 0);
  CHECK(serve.wait() == 2);
  CHECK_THAT(serve.stderr_text(), Catch::Contains("--http"));
}

TEST_CASE("serve answers over HTTPS when the config has webhook.tls", "[live][serve]") {
  TempFolder dir("serve");
  PlatformSink sink;
  const TestPki& pki = shared_pki();
  const std::string tls = R"(, "tls": {"cert_chain_file": ")" + pki.server_cert + R"(", "private_key_file": ")" +
                          pki.server_key + R"("})";
  ServeProcess serve(dir, serve_config_json(dir, sink.port(), tls), "");
  REQUIRE(serve.port() != 0);
  CHECK(serve.first_line().rfind("listening on https://127.0.0.1:", 0) == 0);
  TestConnection c(serve.port());
  REQUIRE(c.start_tls(pki.ca_cert));
  REQUIRE(c.send(signed_webhook(webhook_body(1))));
  const auto a = c.read_response();
  REQUIRE(a);
  CHECK(a->status == 200);
  CHECK(journal_has((dir.path / "journal.sqlite").string(), recording_id_for(1)));
  serve.signal(SIGTERM);
  CHECK(serve.wait() == 0);
  CHECK_THAT(serve.stderr_text(), !Catch::Contains("plain HTTP"));
}
