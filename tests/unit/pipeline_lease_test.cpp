// Two orchestrators on one journal file: the per-interaction lease keeps
// them from racing on a call. Both pipelines are the real core; the driver
// below executes their commands against one real SQLite file and answers
// Genesys requests as a live call would.
#include <catch2/catch.hpp>

#include <stdlib.h>  // mkdtemp

#include <filesystem>

#include "core/ingress/webhook_signature.hpp"
#include "core/journal/sqlite_journal.hpp"
#include "core/pipeline/pipeline.hpp"
#include "core/platforms/genesys/call_api.hpp"
#include "core/platforms/genesys/notification_codec.hpp"

using namespace recguard;
using namespace recguard::pipeline;

namespace {

class TempFile {
 public:
  TempFile() {
    std::string tmpl = "/tmp/recguard-lease-XXXXXX";
    REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    dir_ = tmpl;
  }
  ~TempFile() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  std::string path() const { return (dir_ / "journal.db").string(); }

 private:
  std::filesystem::path dir_;
};

Config config_for(const char* owner) {
  Config c;
  c.webhook_secret = "s3cr3t";
  c.genesys = {"api.mypurecloud.com", "tok"};
  c.primary = stores::make_s3_client({"s3.us-east-1.amazonaws.com", "rec-primary", "us-east-1",
                                      signing::AwsCredentials{"AKIDPRIMARY", "secretprimary", ""}});
  c.backup = stores::make_azure_blob_client({"recbackup.blob.core.windows.net", "recbackup", "rec-backup",
                                             signing::AzureSharedKey{"recbackup", "a2V5"}, false});
  c.lease = LeaseConfig{owner, Duration::seconds(60)};
  return c;
}

WebhookReceived capture_failed(const char* delivery) {
  ingress::RecordingUpdate u{Platform::genesys, RecordingId{"rec-0001"}, CallId{"call-0001"}, "ERROR", {}, "c"};
  const std::string body = genesys::recording_notification("u", u);
  http::Request r;
  r.method = "POST";
  r.target = "/webhooks/genesys";
  r.headers.set("X-Recguard-Signature", ingress::sign_webhook_body(body, "s3cr3t"));
  r.body = share(body);
  return WebhookReceived{DeliveryId{delivery}, std::move(r)};
}

// One orchestrator: its pipeline, its own connection to the shared journal,
// and what it did.
struct Orchestrator {
  Orchestrator(const char* owner, const std::string& journal_path) : pipeline(config_for(owner), {}) {
    auto j = SqliteJournal::open(journal_path);
    REQUIRE(j.ok());
    journal = std::move(j.value());
  }

  // Runs every command the pipeline has, feeding results back at `now`,
  // until it has nothing more to say.
  void settle(Instant now) {
    while (auto cmd = pipeline.poll_command()) {
      if (auto* c = std::get_if<CommitJournal>(&*cmd)) {
        auto res = journal->commit(c->batch);
        REQUIRE(res.ok());
        pipeline.handle(JournalCommitted{c->batch_id, true, "", res->refused}, now);
      } else if (auto* a = std::get_if<AckWebhook>(&*cmd)) {
        acks.push_back(*a);
      } else if (auto* l = std::get_if<LoadJournalRow>(&*cmd)) {
        pipeline.handle(JournalRowLoaded{l->lookup_id, journal->load(l->recording)}, now);
      } else if (auto* s = std::get_if<SendHttp>(&*cmd)) {
        sent.push_back(s->request.method + " " + s->request.path());
        pipeline.handle(HttpCompleted{s->request_id, answer(s->request), ""}, now);
      }
    }
  }

  // Genesys as it is for a call whose customer is still talking.
  static http::Response answer(const http::Request& req) {
    if (req.method == "GET" && req.path() == "/api/v2/conversations/calls/call-0001") {
      genesys::CallInfo info{CallId{"call-0001"}, {{"p1", "customer", "connected"}}, "none", ""};
      return http::make_response(200, genesys::call_to_json(info), "application/json");
    }
    if (req.method == "PUT" && req.path() == "/api/v2/conversations/calls/call-0001/recordingstate") return http::make_response(202, "", "application/json");
    return http::make_response(404, genesys::error_body(404, "not.found", "not modelled here"), "application/json");
  }

  int starts() const {
    return static_cast<int>(std::count_if(sent.begin(), sent.end(), [](const std::string& s) {
      return s.rfind("PUT /api/v2/conversations/calls/", 0) == 0;
    }));
  }

  Pipeline pipeline;
  std::unique_ptr<SqliteJournal> journal;
  std::vector<AckWebhook> acks;
  std::vector<std::string> sent;
};

}  // namespace

TEST_CASE("a failure delivered to two orchestrators is re-recorded once, by the lease holder", "[unit][lease]") {
  TempFile file;
  Orchestrator a("orch-a", file.path());
  Orchestrator b("orch-b", file.path());

  // The relay delivered the ERROR to A and, on a retry, to B.
  a.pipeline.handle(capture_failed("d1"), Instant{});
  b.pipeline.handle(capture_failed("d1-retry"), Instant{} + Duration::millis(5));
  a.settle(Instant{} + Duration::millis(10));
  b.settle(Instant{} + Duration::millis(20));

  for (auto& x : b.sent) UNSCOPED_INFO("B sent " << x);
  CHECK(a.starts() == 1);
  CHECK(b.starts() == 0);
  CHECK(b.sent.empty());  // not even the call-state question: the call is A's
  REQUIRE(a.acks.size() == 1);
  CHECK(a.acks[0].status == 200);
  REQUIRE(b.acks.size() == 1);
  CHECK(b.acks[0].status == 503);  // the relay re-delivers; nothing was lost
  CHECK(b.acks[0].body.find("held by orch-a") != std::string::npos);
  CHECK(b.pipeline.stats().lease_refusals == 1);
  CHECK(b.pipeline.recording_count() == 0);

  // The journal holds A's row, with the key A sent.
  const auto row = a.journal->load(RecordingId{"rec-0001"});
  REQUIRE(row);
  CHECK(row->rerecord.status == RerecordStatus::confirmed);
}

TEST_CASE("while the lease holds, every re-delivery to the other orchestrator is refused and changes nothing",
          "[unit][lease]") {
  TempFile file;
  Orchestrator a("orch-a", file.path());
  Orchestrator b("orch-b", file.path());
  a.pipeline.handle(capture_failed("d1"), Instant{});
  a.settle(Instant{});
  REQUIRE(a.starts() == 1);
  const auto before = a.journal->load(RecordingId{"rec-0001"});

  // B has never seen rec-0001: it asks the shared journal first, adopts A's
  // row (re-record already confirmed) but may not act on it before its
  // claim on the call commits, and the claim is refused.
  for (int i = 1; i <= 3; ++i) {
    b.pipeline.handle(capture_failed("d1-retry"), Instant{} + Duration::seconds(15 * i));
    b.settle(Instant{} + Duration::seconds(15 * i));
    REQUIRE(b.acks.size() == static_cast<std::size_t>(i));
    CHECK(b.acks.back().status == 503);
  }
  CHECK(b.pipeline.stats().journal_lookups == 3);
  CHECK(b.pipeline.stats().lease_refusals == 3);
  CHECK(b.sent.empty());
  CHECK(a.journal->load(RecordingId{"rec-0001"}) == before);
}

TEST_CASE("after the holder goes quiet past its lease, the other orchestrator takes the call over without a second "
          "capture",
          "[unit][lease]") {
  TempFile file;
  Orchestrator a("orch-a", file.path());
  Orchestrator b("orch-b", file.path());
  a.pipeline.handle(capture_failed("d1"), Instant{});
  a.settle(Instant{});
  REQUIRE(a.starts() == 1);

  // A is gone (crashed); 2 minutes later a re-delivery reaches B.
  b.pipeline.handle(capture_failed("d1-late"), Instant{} + Duration::minutes(2));
  b.settle(Instant{} + Duration::minutes(2));
  CHECK(b.pipeline.stats().lease_refusals == 0);
  CHECK(b.starts() == 0);  // the journalled, confirmed key: no second capture
  REQUIRE(!b.acks.empty());
  CHECK(b.acks.back().status == 200);
  CHECK(b.pipeline.recording_count() == 1);
}
