// Node faults act on the models' real answers: a throttled or failing node
// answers its own service's error and applies nothing, an ambiguous write is
// applied and answered 500, a revoked credential and a skewed clock are
// refused where the models check signatures, a crashed store refuses
// connections and a crashed orchestrator comes back from its journal. These
// tests assert what the WORLD does (answers, stored state, counters); how the
// pipeline copes is the pipeline's business, except where noted.
#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>
#include <string>
#include <variant>

#include <nlohmann/json.hpp>

#include "core/crypto/digest.hpp"
#include "core/stores/store_client.hpp"
#include "sim/runner/world_planner.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/world/node_faults.hpp"
#include "sim/world/sim_credentials.hpp"
#include "sim/world/sim_world.hpp"
#include "support/scenario_world.hpp"
#include "support/store_fixture.hpp"

using namespace recguard;

namespace {

// Two Genesys calls (seed 7): rec-0001 is acknowledged at 64.094 s and written
// to both stores at 64.27 s, rec-0002 is written at 152.37 s.
std::string scenario_text(const std::string& faults_json, int orchestrators, const std::string& run_for) {
  return R"({
  "name": "node-faults", "seed": 7,)" +
         (run_for.empty() ? std::string{} : "\"run_for\": \"" + run_for + "\",") + R"(
  "world": {
    "platforms": [{"kind": "genesys", "org": "acme",
                   "webhook": {"timeout": "30s", "retries": 3, "retry_delay": "15s", "secret": "s3cr3t"}}],
    "stores": {
      "primary": {"kind": "s3", "bucket": "rec-primary", "region": "us-east-1", "credentials": "primary-writer"},
      "backup": {"kind": "azure_blob", "account": "recbackup", "container": "rec-backup", "region": "eastus2",
                 "credentials": "backup-writer"}
    },
    "orchestrators": )" +
         std::to_string(orchestrators) + R"(,
    "links": {"default_latency": "20ms", "platform-orchestrator": "60ms"}
  },
  "traffic": {"calls": [
    {"id": "call-0001", "platform": "genesys", "start": "0s", "length": "1m",
     "media": {"format": "wav_ulaw_8k", "channels": 1}},
    {"id": "call-0002", "platform": "genesys", "start": "30s", "length": "2m",
     "media": {"format": "wav_pcm16_8k", "channels": 1}}
  ]},
  "faults": )" +
         faults_json + R"(,
  "expect": {"invariants": "all", "outcomes": {"compliance_verified": 2}}
})";
}

sim::Plan plan_with(const std::string& faults_json, int orchestrators = 1, const std::string& run_for = "") {
  auto loaded = sim::load_scenario_text(scenario_text(faults_json, orchestrators, run_for), "node-faults.json");
  if (auto* e = std::get_if<sim::ScenarioError>(&loaded)) FAIL(e->message());
  const auto& sc = std::get<sim::LoadedScenario>(loaded).scenario;
  return sim::plan_world(sc, sc.seed);
}

sim::WorldSetup setup_with(const std::string& faults_json, int orchestrators = 1, const std::string& run_for = "") {
  auto plan = plan_with(faults_json, orchestrators, run_for);
  for (const auto& u : plan.unsupported) INFO(u);
  REQUIRE(plan.unsupported.empty());
  REQUIRE(!plan.setup.faults.empty());
  return plan.setup;
}

using Run = testing::TracedRun;
Run run(sim::SimWorld& world) { return testing::run_traced(world); }

bool has(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

constexpr const char* kKey1 = "recordings/genesys/rec-0001.wav";
constexpr const char* kKey2 = "recordings/genesys/rec-0002.wav";

using Objects = std::map<std::string, std::vector<mocks::StoredVersion>>;

// Versions the store created in [from_s, until_s) of virtual time.
int created_between(const Objects& objects, std::int64_t from_s, std::int64_t until_s) {
  int n = 0;
  for (const auto& [key, versions] : objects) {
    for (const auto& v : versions) {
      const std::int64_t at = v.created_unix_s - sim::kSimEpochUnixSeconds;
      if (at >= from_s && at < until_s) ++n;
    }
  }
  return n;
}

std::int64_t unix_now(const sim::SimWorld& world) { return sim::kSimEpochUnixSeconds + world.now().us / 1000000; }

std::unique_ptr<stores::StoreClient> primary_client(const sim::WorldSetup& s) {
  return stores::make_s3_client({"s3." + s.primary.region + ".amazonaws.com", s.primary.location, s.primary.region,
                                 sim::aws_credentials_for(s.primary.credentials)});
}

std::unique_ptr<stores::StoreClient> backup_client(const sim::WorldSetup& s) {
  return stores::make_azure_blob_client({s.backup.account + ".blob.core.windows.net", s.backup.account,
                                         s.backup.location, sim::azure_key_for(s.backup.account, s.backup.credentials),
                                         false});
}

stores::PutSpec probe_spec(const std::string& key) { return testing::store::spec_for(key, "probe bytes"); }

sim::Fault node_fault(sim::FaultKind kind, const std::string& node) {
  sim::Fault f;
  f.kind = kind;
  f.target = sim::TargetNode{node};
  return f;
}

http::Request plain(const std::string& method, const std::string& target) {
  http::Request r;
  r.method = method;
  r.target = target;
  return r;
}

}  // namespace

// ---- throttle ----

TEST_CASE("throttle at rps 0.5 on the primary answers 503 SlowDown and stores nothing while it lasts",
          "[scenario][faults]") {
  sim::SimWorld world(setup_with(
      R"([{"kind": "throttle", "at": "0s", "until": "5m", "target": {"node": "primary"}, "rps": 0.5, "as": "slowdown"}])"));
  const auto r = run(world);

  CHECK(r.result.metrics.throttled_answers >= 2);
  CHECK(has(r.trace, "fault throttle primary rps=0.5 as=slowdown begins"));
  CHECK(has(r.trace, "fault throttle primary 503 SlowDown (request 1 this second)"));
  CHECK(has(r.trace, "fault throttle primary rps=0.5 as=slowdown ends"));
  // Nothing reached the S3 model while it throttled; the backup was untouched.
  CHECK(created_between(world.primary_store().objects(), 0, 300) == 0);
  CHECK(created_between(world.backup_store().objects(), 0, 300) == 2);
  CHECK(world.backup_store().objects().count(kKey1) == 1);
}

TEST_CASE("throttle answers each node's own throttle error, in its real shape", "[scenario][faults]") {
  sim::WorldSetup setup;
  const auto s3 = primary_client(setup);
  const auto azure = backup_client(setup);
  const Instant now = Instant{} + Duration::seconds(10);
  const std::int64_t unix_s = sim::kSimEpochUnixSeconds + 10;

  SECTION("S3 as slowdown: 503 SlowDown, read by the S3 client as a throttle") {
    auto f = node_fault(sim::FaultKind::throttle, "primary");
    f.as = "slowdown";
    sim::NodeFaults faults({f}, 1);
    const auto a = faults.before("primary", pipeline::Endpoint::primary_store, s3->build_put(probe_spec("k"), unix_s), now);
    REQUIRE(a);
    CHECK(a->kind == sim::InjectedAnswer::Kind::throttled);
    REQUIRE(a->response);
    const auto o = s3->parse_put(*a->response);
    CHECK(o.status == 503);
    CHECK(o.kind == stores::WriteOutcomeKind::throttled);
    CHECK(o.error_code == "SlowDown");
    CHECK(has(std::string(a->response->body_view()), "<Error><Code>SlowDown</Code>"));
  }
  SECTION("S3 by default: 429 with the S3 XML error body") {
    sim::NodeFaults faults({node_fault(sim::FaultKind::throttle, "primary")}, 1);
    const auto a = faults.before("primary", pipeline::Endpoint::primary_store, s3->build_put(probe_spec("k"), unix_s), now);
    REQUIRE(a);
    const auto o = s3->parse_put(*a->response);
    CHECK(o.status == 429);
    CHECK(o.kind == stores::WriteOutcomeKind::throttled);
    CHECK(a->response->headers.get("Content-Type") == std::string("application/xml"));
  }
  SECTION("Azure: 503 ServerBusy with x-ms-error-code, never 429") {
    sim::NodeFaults faults({node_fault(sim::FaultKind::throttle, "backup")}, 1);
    const auto a =
        faults.before("backup", pipeline::Endpoint::backup_store, azure->build_put(probe_spec("k"), unix_s), now);
    REQUIRE(a);
    CHECK(a->response->status == 503);
    CHECK(a->response->headers.get("x-ms-error-code") == std::string("ServerBusy"));
    const auto o = azure->parse_put(*a->response);
    CHECK(o.kind == stores::WriteOutcomeKind::throttled);
    CHECK(o.error_code == "ServerBusy");
  }
  SECTION("Genesys: 429, Retry-After 1 and its JSON error code") {
    sim::NodeFaults faults({node_fault(sim::FaultKind::throttle, "platform")}, 1);
    const auto a = faults.before("platform", pipeline::Endpoint::genesys_api,
                                 plain("GET", "/api/v2/conversations/call-0001/recordings"), now);
    REQUIRE(a);
    CHECK(a->response->status == 429);
    CHECK(a->response->headers.get("Retry-After") == std::string("1"));
    const auto body = nlohmann::json::parse(a->response->body_view());
    CHECK(body.at("code") == "too.many.requests.retry.after");
    CHECK(body.at("status") == 429);
  }
  SECTION("the CDN: 429") {
    sim::NodeFaults faults({node_fault(sim::FaultKind::throttle, "cdn")}, 1);
    const auto a = faults.before("cdn", pipeline::Endpoint::cdn, plain("GET", "/recordings/acme/rec-0001.wav"), now);
    REQUIRE(a);
    CHECK(a->response->status == 429);
  }
  SECTION("another node's throttle does not touch this one") {
    sim::NodeFaults faults({node_fault(sim::FaultKind::throttle, "backup")}, 1);
    CHECK(!faults.before("primary", pipeline::Endpoint::primary_store, s3->build_put(probe_spec("k"), unix_s), now));
  }
}

TEST_CASE("throttle lets rps requests through in each one-second window of virtual time", "[scenario][faults]") {
  auto f = node_fault(sim::FaultKind::throttle, "backup");
  f.rps = 2;
  f.until = Duration::seconds(20);
  sim::NodeFaults faults({f}, 1);
  const auto req = plain("GET", "/rec-backup/k");
  auto at = [](std::int64_t ms) { return Instant{} + Duration::millis(ms); };
  CHECK(!faults.before("backup", pipeline::Endpoint::backup_store, req, at(10000)));
  CHECK(!faults.before("backup", pipeline::Endpoint::backup_store, req, at(10400)));
  CHECK(faults.before("backup", pipeline::Endpoint::backup_store, req, at(10999)));
  CHECK(!faults.before("backup", pipeline::Endpoint::backup_store, req, at(11000)));  // a new second
  // After `until` nothing is throttled, however many requests come.
  for (int i = 0; i < 5; ++i) CHECK(!faults.before("backup", pipeline::Endpoint::backup_store, req, at(20000)));
}

// ---- error_rate ----

TEST_CASE("error_rate on the backup answers 500 InternalError and applies nothing", "[scenario][faults]") {
  sim::SimWorld world(setup_with(
      R"([{"kind": "error_rate", "at": "0s", "until": "100s", "target": {"node": "backup"}, "probability": 1}])"));
  const auto r = run(world);

  CHECK(r.result.metrics.errors_injected >= 1);
  CHECK(has(r.trace, "fault error_rate backup 500 InternalError"));
  CHECK(created_between(world.backup_store().objects(), 0, 100) == 0);
  CHECK(created_between(world.primary_store().objects(), 0, 100) == 1);  // rec-0001, at 64 s
}

TEST_CASE("error_rate answers in each service's shape, with its probability", "[scenario][faults]") {
  sim::WorldSetup setup;
  const auto s3 = primary_client(setup);
  const auto azure = backup_client(setup);
  const Instant now = Instant{} + Duration::seconds(10);
  const std::int64_t unix_s = sim::kSimEpochUnixSeconds + 10;

  SECTION("S3 500 InternalError: a server error the client treats as ambiguous") {
    auto f = node_fault(sim::FaultKind::error_rate, "primary");
    f.status = 500;
    sim::NodeFaults faults({f}, 1);
    const auto a = faults.before("primary", pipeline::Endpoint::primary_store, s3->build_put(probe_spec("k"), unix_s), now);
    REQUIRE(a);
    CHECK(a->kind == sim::InjectedAnswer::Kind::error);
    const auto o = s3->parse_put(*a->response);
    CHECK(o.kind == stores::WriteOutcomeKind::server_error);
    CHECK(o.error_code == "InternalError");
  }
  SECTION("Azure 503 is ServerBusy") {
    auto f = node_fault(sim::FaultKind::error_rate, "backup");
    f.status = 503;
    sim::NodeFaults faults({f}, 1);
    const auto a =
        faults.before("backup", pipeline::Endpoint::backup_store, azure->build_put(probe_spec("k"), unix_s), now);
    REQUIRE(a);
    CHECK(a->response->status == 503);
    CHECK(a->response->headers.get("x-ms-error-code") == std::string("ServerBusy"));
  }
  SECTION("a 502 comes from a gateway, not in the store's XML") {
    auto f = node_fault(sim::FaultKind::error_rate, "primary");
    f.status = 502;
    sim::NodeFaults faults({f}, 1);
    const auto a = faults.before("primary", pipeline::Endpoint::primary_store, plain("GET", "/rec-primary/k"), now);
    REQUIRE(a);
    CHECK(a->response->status == 502);
    CHECK(a->response->headers.get("Content-Type") == std::string("text/html"));
  }
  SECTION("probability 0.5 fails about half the requests, the same ones for the same seed") {
    auto f = node_fault(sim::FaultKind::error_rate, "cdn");
    f.status = 503;
    f.probability = 0.5;
    auto failures = [&](std::uint64_t seed) {
      sim::NodeFaults faults({f}, seed);
      std::string pattern;
      for (int i = 0; i < 400; ++i) {
        pattern += faults.before("cdn", pipeline::Endpoint::cdn, plain("GET", "/m.wav"), now) ? 'x' : '.';
      }
      return pattern;
    };
    const auto a = failures(3);
    const auto hits = std::count(a.begin(), a.end(), 'x');
    CHECK(hits > 150);
    CHECK(hits < 250);
    CHECK(failures(3) == a);
    CHECK(failures(4) != a);
  }
}

// ---- ambiguous_write ----

TEST_CASE("ambiguous_write leaves the object in the primary although it answered 500", "[scenario][faults]") {
  sim::SimWorld world(setup_with(R"([{"kind": "ambiguous_write", "at": "0s", "until": "100s", "target": {"node": "primary"}}])"));
  const auto r = run(world);

  CHECK(r.result.metrics.ambiguous_writes == 1);  // rec-0001's PutObject; rec-0002's comes after 100 s
  CHECK(has(r.trace, "fault ambiguous_write primary applied (200), answered 500 InternalError"));
  const auto& objects = world.primary_store().objects();
  REQUIRE(objects.count(kKey1) == 1);
  const auto& first = objects.at(kKey1).front();
  CHECK(first.created_unix_s - sim::kSimEpochUnixSeconds == 64);  // applied when it was answered 500
  // The bytes are the recording's: the same as the backup holds.
  REQUIRE(world.backup_store().objects().count(kKey1) == 1);
  CHECK(first.sha256_hex == world.backup_store().objects().at(kKey1).back().sha256_hex);
}

TEST_CASE("ambiguous_write replaces only the success of a write that stores data", "[scenario][faults]") {
  using pipeline::Endpoint;
  CHECK(sim::is_data_write(Endpoint::primary_store, plain("PUT", "/b/k")));                              // PutObject
  CHECK(sim::is_data_write(Endpoint::primary_store, plain("PUT", "/b/k?partNumber=1&uploadId=u")));      // UploadPart
  CHECK(sim::is_data_write(Endpoint::primary_store, plain("POST", "/b/k?uploadId=u")));                  // Complete
  CHECK_FALSE(sim::is_data_write(Endpoint::primary_store, plain("POST", "/b/k?uploads")));               // Create
  CHECK_FALSE(sim::is_data_write(Endpoint::primary_store, plain("GET", "/b/k")));
  CHECK_FALSE(sim::is_data_write(Endpoint::primary_store, plain("HEAD", "/b/k")));
  CHECK_FALSE(sim::is_data_write(Endpoint::primary_store, plain("DELETE", "/b/k?uploadId=u")));          // Abort
  CHECK(sim::is_data_write(Endpoint::backup_store, plain("PUT", "/c/k")));                               // Put Blob
  CHECK(sim::is_data_write(Endpoint::backup_store, plain("PUT", "/c/k?comp=block&blockid=QUFB")));       // Put Block
  CHECK(sim::is_data_write(Endpoint::backup_store, plain("PUT", "/c/k?comp=blocklist")));                // Put Block List
  CHECK_FALSE(sim::is_data_write(Endpoint::backup_store, plain("PUT", "/c/k?comp=metadata")));
  CHECK_FALSE(sim::is_data_write(Endpoint::cdn, plain("PUT", "/k")));

  sim::NodeFaults faults({node_fault(sim::FaultKind::ambiguous_write, "backup")}, 1);
  const Instant now = Instant{} + Duration::seconds(1);
  const auto created = http::make_response(201);
  const auto refused = http::make_response(409);
  const auto read = http::make_response(200);
  CHECK(!faults.before("backup", Endpoint::backup_store, plain("PUT", "/c/k"), now));  // the write goes through
  const auto a = faults.after("backup", Endpoint::backup_store, plain("PUT", "/c/k"), created, now);
  REQUIRE(a);
  CHECK(a->kind == sim::InjectedAnswer::Kind::ambiguous);
  CHECK(a->response->status == 500);
  CHECK(a->response->headers.get("x-ms-error-code") == std::string("InternalError"));
  CHECK(!faults.after("backup", Endpoint::backup_store, plain("PUT", "/c/k"), refused, now));  // nothing applied
  CHECK(!faults.after("backup", Endpoint::backup_store, plain("GET", "/c/k"), read, now));     // reads untouched
}

// ---- credential_revoked ----

TEST_CASE("credential_revoked on backup-writer gives 403 AuthenticationFailed on the backup only",
          "[scenario][faults]") {
  const auto setup = setup_with(R"([{"kind": "credential_revoked", "at": "0s", "credential": "backup-writer"}])", 1, "5m");
  sim::SimWorld world(setup);
  const auto r = run(world);

  CHECK(has(r.trace, "fault credential_revoked backup-writer (backup) revoked"));
  CHECK(has(r.trace, "backup #4 403"));
  // One refusal is enough: the tier is then auth_failed and gets no more writes until rotation.
  CHECK(r.result.metrics.store_auth_refusals >= 1);
  CHECK(world.backup_store().objects().empty());
  // The primary's own credential still works: both recordings are there.
  CHECK(world.primary_store().objects().count(kKey1) == 1);
  CHECK(world.primary_store().objects().count(kKey2) == 1);

  // The model's answer, as the product's Azure client reads it.
  const auto azure = backup_client(setup);
  const auto resp =
      world.send_as_pipeline(pipeline::Endpoint::backup_store, azure->build_put(probe_spec("probe"), unix_now(world)));
  CHECK(resp.status == 403);
  CHECK(resp.headers.get("x-ms-error-code") == std::string("AuthenticationFailed"));
  CHECK(azure->parse_put(resp).kind == stores::WriteOutcomeKind::auth_error);
  const auto s3 = primary_client(setup);
  CHECK(world.send_as_pipeline(pipeline::Endpoint::primary_store, s3->build_put(probe_spec("probe"), unix_now(world)))
            .status == 200);
}

TEST_CASE("credential_revoked on primary-writer with until refuses the primary, then the key works again",
          "[scenario][faults]") {
  const auto setup = setup_with(
      R"([{"kind": "credential_revoked", "at": "0s", "until": "100s", "credential": "primary-writer"}])");
  sim::SimWorld world(setup);
  const auto r = run(world);

  CHECK(has(r.trace, "fault credential_revoked primary-writer (primary) revoked"));
  CHECK(has(r.trace, "fault credential_revoked primary-writer (primary) restored"));
  CHECK(r.result.metrics.store_auth_refusals >= 1);
  CHECK(created_between(world.primary_store().objects(), 0, 100) == 0);
  // After `until` the same key works again.
  CHECK(world.primary_store().objects().count(kKey2) == 1);
  const auto s3 = primary_client(setup);
  CHECK(world.send_as_pipeline(pipeline::Endpoint::primary_store, s3->build_put(probe_spec("probe"), unix_now(world)))
            .status == 200);
}

TEST_CASE("a revoked S3 key is answered 403 InvalidAccessKeyId", "[scenario][faults]") {
  const auto setup = setup_with(R"([{"kind": "credential_revoked", "at": "0s", "credential": "primary-writer"}])", 1, "2m");
  sim::SimWorld world(setup);
  run(world);
  const auto s3 = primary_client(setup);
  const auto resp =
      world.send_as_pipeline(pipeline::Endpoint::primary_store, s3->build_put(probe_spec("probe"), unix_now(world)));
  CHECK(resp.status == 403);
  const auto o = s3->parse_put(resp);
  CHECK(o.kind == stores::WriteOutcomeKind::auth_error);
  CHECK(o.error_code == "InvalidAccessKeyId");
}

// ---- clock_skew ----

TEST_CASE("clock_skew of 20m on the primary is refused 403 RequestTimeTooSkewed", "[scenario][faults]") {
  const auto setup =
      setup_with(R"([{"kind": "clock_skew", "at": "0s", "target": {"node": "primary"}, "offset": "20m"}])", 1, "5m");
  sim::SimWorld world(setup);
  const auto r = run(world);

  CHECK(has(r.trace, "fault clock_skew primary offset=20m begins"));
  CHECK(has(r.trace, "primary #3 403"));
  // One refusal is enough: the tier is then auth_failed and gets no more writes until rotation.
  CHECK(r.result.metrics.store_auth_refusals >= 1);
  CHECK(world.primary_store().objects().empty());
  CHECK(world.backup_store().objects().count(kKey1) == 1);  // the backup's clock is right

  const auto s3 = primary_client(setup);
  const auto resp =
      world.send_as_pipeline(pipeline::Endpoint::primary_store, s3->build_put(probe_spec("probe"), unix_now(world)));
  CHECK(resp.status == 403);
  CHECK(s3->parse_put(resp).error_code == "RequestTimeTooSkewed");
  // S3 tells the client its own time, 20 minutes ahead, so a client can correct.
  CHECK(has(std::string(resp.body_view()), "<ServerTime>2026-01-01T00:25:00.000Z</ServerTime>"));
  CHECK(has(std::string(resp.body_view()), "<MaxAllowedSkewMilliseconds>900000</MaxAllowedSkewMilliseconds>"));
}

TEST_CASE("clock_skew behind on the backup is refused 403 AuthenticationFailed", "[scenario][faults]") {
  const auto setup =
      setup_with(R"([{"kind": "clock_skew", "at": "0s", "target": {"node": "backup"}, "offset": "-16m"}])", 1, "5m");
  sim::SimWorld world(setup);
  run(world);
  CHECK(world.backup_store().objects().empty());
  const auto azure = backup_client(setup);
  const auto resp =
      world.send_as_pipeline(pipeline::Endpoint::backup_store, azure->build_put(probe_spec("probe"), unix_now(world)));
  CHECK(resp.status == 403);
  CHECK(resp.headers.get("x-ms-error-code") == std::string("AuthenticationFailed"));
}

TEST_CASE("clock_skew within the stores' 15 minutes changes no answer", "[scenario][faults]") {
  sim::SimWorld world(setup_with(R"([{"kind": "clock_skew", "at": "0s", "target": {"node": "primary"}, "offset": "14m"},
                                    {"kind": "clock_skew", "at": "0s", "target": {"node": "backup"}, "offset": "-14m"}])"));
  const auto r = run(world);
  CHECK(r.result.metrics.store_auth_refusals == 0);
  CHECK(world.primary_store().objects().size() == 2);
  CHECK(world.backup_store().objects().size() == 2);
}

TEST_CASE("clock_skew of the orchestrator signs every request out of both stores' window", "[scenario][faults]") {
  sim::SimWorld world(
      setup_with(R"([{"kind": "clock_skew", "at": "0s", "target": {"node": "orchestrator"}, "offset": "-20m"}])", 1, "5m"));
  const auto r = run(world);
  CHECK(has(r.trace, "primary #3 403"));
  CHECK(has(r.trace, "backup #4 403"));
  CHECK(world.primary_store().objects().empty());
  CHECK(world.backup_store().objects().empty());
}

// ---- crash ----

TEST_CASE("a crashed orchestrator restarts from its journal and finishes a recording it had acknowledged",
          "[scenario][faults]") {
  // At 64.27 s rec-0001's webhook is acknowledged (64.094 s) and both writes
  // are in flight: their answers reach a process that no longer exists.
  sim::SimWorld world(
      setup_with(R"([{"kind": "crash", "at": "64270ms", "target": {"node": "orchestrator"}, "restart_after": "30s"}])"));
  const auto r = run(world);

  CHECK(r.result.metrics.orchestrator_crashes == 1);
  const auto acked = r.trace.find("orchestrator ack d3#1 200");  // rec-0001 is available
  const auto crashed = r.trace.find("64.270000s fault crash orchestrator down");
  REQUIRE(acked != std::string::npos);
  REQUIRE(crashed != std::string::npos);
  CHECK(acked < crashed);
  CHECK(has(r.trace, "94.270000s fault crash orchestrator restarted from its journal, recordings=1"));
  // The writes landed although their answers were lost.
  CHECK(created_between(world.primary_store().objects(), 64, 65) == 1);
  CHECK(r.result.recordings.at(RecordingId{"rec-0001"}).state == "compliance_verified");
  CHECK(r.result.violations.empty());
}

TEST_CASE("webhooks reaching a crashed orchestrator go unanswered and the relay delivers them again",
          "[scenario][faults]") {
  sim::SimWorld world(setup_with(R"([{"kind": "crash", "at": "60030ms", "target": {"node": "orchestrator"}}])"));
  const auto r = run(world);

  CHECK(r.result.metrics.orchestrator_crashes == 1);
  CHECK(r.result.metrics.webhooks_unanswered == 3);  // d1, d2 (call end) and d3 (available)
  CHECK(has(r.trace, "fault crash orchestrator down: webhook d1#1 unanswered"));
  CHECK(has(r.trace, "relay timeout d1#1 retry"));
  CHECK(has(r.trace, "90.030000s fault crash orchestrator restarted"));  // restart_after defaults to 30 s
  CHECK(has(r.trace, "orchestrator ack d1#2 200"));
  CHECK(r.result.metrics.webhook_lost == 0);
}

TEST_CASE("crash of orchestrator-2 stops only the second orchestrator", "[scenario][faults]") {
  sim::SimWorld world(
      setup_with(R"([{"kind": "crash", "at": "60s", "target": {"node": "orchestrator-2"}, "restart_after": "1m"}])", 2));
  const auto r = run(world);
  CHECK(r.result.metrics.orchestrator_crashes == 1);
  CHECK(has(r.trace, "fault crash orchestrator-2 down"));
  CHECK(has(r.trace, "fault crash orchestrator-2 restarted"));
  CHECK_FALSE(has(r.trace, "fault crash orchestrator down"));
}

TEST_CASE("a crashed store refuses connections and keeps what it had stored", "[scenario][faults]") {
  sim::SimWorld world(
      setup_with(R"([{"kind": "crash", "at": "100s", "target": {"node": "primary"}, "restart_after": "60s"}])"));
  const auto r = run(world);

  CHECK(r.result.metrics.store_crashes == 1);
  CHECK(r.result.metrics.transport_failures >= 1);  // rec-0002's PutObject at 152 s
  CHECK(has(r.trace, "100.000000s fault crash primary down"));
  CHECK(has(r.trace, "fault crash primary down: connection refused"));
  CHECK(has(r.trace, "160.000000s fault crash primary restarted"));
  CHECK(created_between(world.primary_store().objects(), 100, 160) == 0);
  // S3 is durable: what it held before the crash is still there, unchanged.
  const auto& objects = world.primary_store().objects();
  REQUIRE(objects.count(kKey1) == 1);
  CHECK(objects.at(kKey1).size() == 1);
  CHECK(objects.at(kKey1).front().created_unix_s - sim::kSimEpochUnixSeconds == 64);
}

// ---- planning and determinism ----

TEST_CASE("the planner names the node faults this build cannot apply", "[scenario][faults]") {
  auto problems = [](const std::string& faults, int orchestrators = 1) {
    const auto plan = plan_with(faults, orchestrators);
    CHECK(plan.setup.faults.empty());
    REQUIRE(plan.unsupported.size() == 1);
    return plan.unsupported.front();
  };
  // This world has no world.reconciler: nothing to crash, nothing to cut off.
  CHECK(has(problems(R"([{"kind": "crash", "at": "1m", "target": {"node": "reconciler"}}])"),
            "world.reconciler is not set"));
  CHECK(has(problems(R"([{"kind": "partition", "at": "1m", "target": {"link": ["reconciler", "backup"]}}])"),
            "world.reconciler is not set"));
  CHECK(has(problems(R"([{"kind": "objects_lost", "at": "1m", "target": {"node": "cdn"}}])"),
            "objects_lost needs a target"));
  CHECK(has(problems(R"([{"kind": "crash", "at": "1m", "until": "2m", "target": {"node": "primary"}}])"),
            "restart_after"));
  CHECK(has(problems(R"([{"kind": "crash", "at": "1m", "target": {"node": "orchestrator-3"}}])", 2),
            "names orchestrator-3 but the world has 2"));
  CHECK(has(problems(R"([{"kind": "clock_skew", "at": "0s", "target": {"node": "platform"}, "offset": "1m"}])"),
            "clock_skew needs a target node primary, backup or orchestrator"));
  CHECK(has(problems(R"([{"kind": "clock_skew", "at": "1m", "target": {"node": "orchestrator"}, "offset": "1m"}])"),
            "must start at 0s"));
  CHECK(has(problems(R"([{"kind": "credential_revoked", "at": "0s", "credential": "nobody"}])"),
            "which no store in this world uses"));
  CHECK(has(problems(R"([{"kind": "credential_revoked", "at": "0s", "target": {"node": "primary"},
                          "credential": "backup-writer"}])"),
            "is the backup's"));
  CHECK(has(problems(R"([{"kind": "throttle", "at": "0s", "target": {"node": "orchestrator"}, "rps": 1}])"),
            "throttle needs a target"));
  CHECK(has(problems(R"([{"kind": "error_rate", "at": "0s", "target": {"node": "primary"}, "status": 429}])"),
            "throttle gives 429"));
  CHECK(has(problems(R"([{"kind": "ambiguous_write", "at": "0s", "target": {"node": "cdn"}}])"),
            "ambiguous_write needs a target"));
}

TEST_CASE("a node target names the second and later orchestrators orchestrator-2 and up", "[scenario][faults]") {
  auto loads = [](const std::string& node) {
    const auto text = scenario_text(R"([{"kind": "crash", "at": "1m", "target": {"node": ")" + node + R"("}}])", 2, "");
    return std::holds_alternative<sim::LoadedScenario>(sim::load_scenario_text(text, "t.json"));
  };
  CHECK(loads("orchestrator"));
  CHECK(loads("orchestrator-2"));
  CHECK(loads("orchestrator-12"));
  CHECK_FALSE(loads("orchestrator-1"));
  CHECK_FALSE(loads("orchestrator-02"));
  CHECK_FALSE(loads("orchestrator-x"));
}

TEST_CASE("a run with every node fault replays to the same trace digest", "[scenario][faults]") {
  const std::string faults = R"([
    {"kind": "throttle", "at": "0s", "until": "70s", "target": {"node": "primary"}, "rps": 1},
    {"kind": "error_rate", "at": "0s", "until": "3m", "target": {"node": "backup"}, "status": 503, "probability": 0.5},
    {"kind": "ambiguous_write", "at": "0s", "target": {"node": "backup"}, "probability": 0.5},
    {"kind": "credential_revoked", "at": "0s", "until": "65s", "credential": "primary-writer"},
    {"kind": "clock_skew", "at": "0s", "target": {"node": "primary"}, "offset": "5m"},
    {"kind": "crash", "at": "150s", "target": {"node": "orchestrator"}, "restart_after": "20s"},
    {"kind": "crash", "at": "100s", "target": {"node": "backup"}, "restart_after": "40s"}
  ])";
  const auto setup = setup_with(faults);
  sim::SimWorld first(setup);
  const auto a = run(first);
  sim::SimWorld second(setup);
  const auto b = run(second);
  CHECK(a.result.trace_digest == b.result.trace_digest);
  CHECK(a.trace == b.trace);
  CHECK(a.result.metrics.orchestrator_crashes == 1);
  CHECK(a.result.metrics.store_crashes == 1);
  CHECK(a.result.metrics.throttled_answers + a.result.metrics.errors_injected + a.result.metrics.ambiguous_writes > 0);
}
