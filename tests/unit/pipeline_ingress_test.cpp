// Ingress through the whole pipeline core: verify, journal, then acknowledge.
#include <catch2/catch.hpp>

#include "core/ingress/webhook_signature.hpp"
#include "core/pipeline/pipeline.hpp"
#include "core/platforms/genesys/notification_codec.hpp"

using namespace recguard;
using namespace recguard::pipeline;

namespace {

Config test_config() {
  Config c;
  c.webhook_secret = "s3cr3t";
  c.genesys = {"api.mypurecloud.com", "tok"};
  c.primary = stores::make_s3_client({"s3.us-east-1.amazonaws.com", "rec-primary", "us-east-1",
                                      signing::AwsCredentials{"AKIDPRIMARY", "secretprimary", ""}});
  c.backup = stores::make_azure_blob_client({"recbackup.blob.core.windows.net", "recbackup", "rec-backup",
                                             signing::AzureSharedKey{"recbackup", "a2V5"}, false});
  return c;
}

WebhookReceived webhook(const std::string& delivery, const std::string& body, const std::string& secret) {
  http::Request r;
  r.method = "POST";
  r.target = "/webhooks/genesys";
  r.headers.set("X-Recguard-Signature", ingress::sign_webhook_body(body, secret));
  r.body = share(body);
  return WebhookReceived{DeliveryId{delivery}, std::move(r)};
}

std::string uploading(const char* rec) {
  ingress::RecordingUpdate u{Platform::genesys, RecordingId{rec}, CallId{"call-0001"}, "UPLOADING", {}, "c"};
  return genesys::recording_notification("u", u);
}

std::vector<Command> drain(Pipeline& p) {
  std::vector<Command> out;
  while (auto c = p.poll_command()) out.push_back(std::move(*c));
  return out;
}

}  // namespace

TEST_CASE("a signed event is acknowledged only after its journal commit", "[unit][pipeline]") {
  Pipeline p(test_config(), {});
  p.handle(webhook("d1", uploading("rec-0001"), "s3cr3t"), Instant{0});
  auto cmds = drain(p);
  REQUIRE(cmds.size() == 1);
  REQUIRE(std::holds_alternative<CommitJournal>(cmds[0]));  // no ack yet
  const auto& commit = std::get<CommitJournal>(cmds[0]);
  REQUIRE(commit.batch.rows.size() == 1);
  CHECK(commit.batch.rows[0].id.str() == "rec-0001");
  CHECK(commit.batch.rows[0].state == RecordingState::awaiting_upload);

  p.handle(JournalCommitted{commit.batch_id, true, ""}, Instant{2000});
  cmds = drain(p);
  REQUIRE(cmds.size() == 1);
  const auto* ack = std::get_if<AckWebhook>(&cmds[0]);
  REQUIRE(ack != nullptr);
  CHECK(ack->delivery.str() == "d1");
  CHECK(ack->status == 200);
}

TEST_CASE("a badly signed webhook gets 401 and changes nothing", "[unit][pipeline]") {
  Pipeline p(test_config(), {});
  p.handle(webhook("d1", uploading("rec-0001"), "wrong-secret"), Instant{0});
  auto cmds = drain(p);
  REQUIRE(cmds.size() == 1);
  const auto* ack = std::get_if<AckWebhook>(&cmds[0]);
  REQUIRE(ack != nullptr);
  CHECK(ack->status == 401);
  CHECK(p.recording_count() == 0);
  CHECK(p.idle());
  CHECK(p.stats().webhooks_rejected_signature == 1);
}

TEST_CASE("a signed but malformed body gets 400 and changes nothing", "[unit][pipeline]") {
  Pipeline p(test_config(), {});
  p.handle(webhook("d1", "{\"nope\":1}", "s3cr3t"), Instant{0});
  auto cmds = drain(p);
  REQUIRE(cmds.size() == 1);
  CHECK(std::get<AckWebhook>(cmds[0]).status == 400);
  CHECK(p.recording_count() == 0);
}

TEST_CASE("a duplicate delivery of a durable event is acknowledged at once and changes nothing",
          "[unit][pipeline]") {
  Pipeline p(test_config(), {});
  p.handle(webhook("d1", uploading("rec-0001"), "s3cr3t"), Instant{0});
  auto cmds = drain(p);
  p.handle(JournalCommitted{std::get<CommitJournal>(cmds[0]).batch_id, true, ""}, Instant{10});
  drain(p);
  p.handle(webhook("d1-again", uploading("rec-0001"), "s3cr3t"), Instant{20});
  cmds = drain(p);
  REQUIRE(cmds.size() == 1);
  const auto& ack = std::get<AckWebhook>(cmds[0]);
  CHECK(ack.status == 200);
  CHECK(ack.body == "duplicate");
  CHECK(p.stats().webhooks_duplicate == 1);
}

TEST_CASE("events during an in-flight commit ride the next one (group commit)", "[unit][pipeline]") {
  Pipeline p(test_config(), {});
  p.handle(webhook("d1", uploading("rec-0001"), "s3cr3t"), Instant{0});
  auto first = std::get<CommitJournal>(drain(p).at(0));
  p.handle(webhook("d2", uploading("rec-0002"), "s3cr3t"), Instant{1});
  p.handle(webhook("d3", uploading("rec-0003"), "s3cr3t"), Instant{2});
  CHECK(drain(p).empty());  // one commit in flight at a time
  p.handle(JournalCommitted{first.batch_id, true, ""}, Instant{3});
  auto cmds = drain(p);
  REQUIRE(cmds.size() == 2);
  CHECK(std::get<AckWebhook>(cmds[0]).delivery.str() == "d1");
  const auto& second = std::get<CommitJournal>(cmds[1]);
  CHECK(second.batch.rows.size() == 2);
  p.handle(JournalCommitted{second.batch_id, true, ""}, Instant{4});
  cmds = drain(p);
  REQUIRE(cmds.size() == 2);
  CHECK(std::get<AckWebhook>(cmds[0]).delivery.str() == "d2");
  CHECK(std::get<AckWebhook>(cmds[1]).delivery.str() == "d3");
}

TEST_CASE("a failed commit refuses the deliveries so the relay retries", "[unit][pipeline]") {
  Pipeline p(test_config(), {});
  p.handle(webhook("d1", uploading("rec-0001"), "s3cr3t"), Instant{0});
  auto c = std::get<CommitJournal>(drain(p).at(0));
  p.handle(JournalCommitted{c.batch_id, false, "disk full"}, Instant{1});
  auto cmds = drain(p);
  REQUIRE(cmds.size() == 2);
  CHECK(std::get<AckWebhook>(cmds[0]).status == 503);
  // The row is still dirty and goes out again in the next commit.
  CHECK(std::get<CommitJournal>(cmds[1]).batch.rows.size() == 1);
}

TEST_CASE("an event outside the compliance scope is acknowledged and changes nothing", "[unit][pipeline]") {
  Config cfg = test_config();
  cfg.scope.media_types = {"audio"};
  Pipeline p(cfg, {});
  ingress::RecordingUpdate chat{Platform::genesys, RecordingId{"rec-0009"}, CallId{"call-0009"}, "AVAILABLE", {}, "c"};
  chat.media_type = "chat";
  p.handle(webhook("d1", genesys::recording_notification("u", chat), "s3cr3t"), Instant{0});
  auto cmds = drain(p);
  REQUIRE(cmds.size() == 1);
  const auto* ack = std::get_if<AckWebhook>(&cmds[0]);
  REQUIRE(ack != nullptr);
  CHECK(ack->status == 200);
  CHECK(ack->body == "out of scope");
  CHECK(p.recording_count() == 0);  // nothing journalled, nothing fetched
  CHECK(p.stats().out_of_scope == 1);

  // The same recording as audio is in scope; and a scope without Genesys drops it too.
  chat.media_type = "audio";
  p.handle(webhook("d2", genesys::recording_notification("u", chat), "s3cr3t"), Instant{1000});
  CHECK(p.recording_count() == 1);
  cfg.scope.genesys = false;
  Pipeline q(cfg, {});
  q.handle(webhook("d3", genesys::recording_notification("u", chat), "s3cr3t"), Instant{0});
  CHECK(q.recording_count() == 0);
}
