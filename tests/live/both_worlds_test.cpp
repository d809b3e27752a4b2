// The same scenario file in both worlds: simulated (`recguard run`, and the
// same plan in-process for the models' truth) and live (`recguard mock-serve`
// + `recguard serve` over loopback HTTP). The outcome must be the same.
//
// Digests: a capture's bytes are generated from the seed's "media" stream in
// the order captures stop, which mock-serve's real-time world follows as the
// simulation does, so the platform's own recordings have the same SHA-256 in
// both worlds. A re-recorded capture does not: it runs from the instant the
// pipeline's start-recording command arrived to the call's end, and that
// instant differs between virtual and wall time, so its length (and bytes)
// differ. For those the test compares that each world stored the same bytes
// in both tiers, and that the same captures exist.
#include <catch2/catch.hpp>

#include <algorithm>

#include "both_worlds_rig.hpp"
#include "live/loop/io_loop.hpp"
#include "live/proxy/fault_proxy.hpp"

namespace {

using namespace recguard;
using namespace recguard::testing;

void require_same_outcome(const Outcome& sim, const Outcome& live) {
  CHECK(live.final_state == sim.final_state);
  CHECK(live.starts_per_call == sim.starts_per_call);
  CHECK(live.rerecorded_captures == sim.rerecorded_captures);
  CHECK(sim.starts_on_ended_calls == 0);
  CHECK(live.starts_on_ended_calls == 0);
  // The same objects in both tiers, in each world.
  std::set<std::string> sim_keys, live_keys;
  for (const auto& [k, d] : sim.primary_sha256) sim_keys.insert(k);
  for (const auto& [k, d] : live.primary_sha256) live_keys.insert(k);
  CHECK(live_keys == sim_keys);
  for (const auto& [key, digest] : live.primary_sha256) {
    INFO(key);
    CHECK(live.backup_sha256.count(key) == 1);
    if (live.backup_sha256.count(key)) CHECK(live.backup_sha256.at(key) == digest);
  }
  for (const auto& [key, digest] : sim.primary_sha256) {
    INFO(key);
    CHECK(sim.backup_sha256.count(key) == 1);
    if (sim.backup_sha256.count(key)) CHECK(sim.backup_sha256.at(key) == digest);
  }
  // Across worlds: the same bytes for every capture the platform made of its own accord.
  for (const auto& [key, digest] : sim.primary_sha256) {
    const bool rerecorded = std::any_of(sim.rerecorded_captures.begin(), sim.rerecorded_captures.end(),
                                        [&](const std::string& id) { return key.find("/" + id + ".wav") != std::string::npos; });
    if (rerecorded || !live.primary_sha256.count(key)) continue;
    INFO(key);
    CHECK(live.primary_sha256.at(key) == digest);
  }
}

}  // namespace

TEST_CASE("both worlds: the happy path ends with the same verified bytes in both stores") {
  const std::string file = "tests/data/live/both-worlds-happy.json";
  const auto ran = run_recguard("run " + std::string(RECGUARD_SOURCE_DIR) + "/" + file);
  INFO(ran.output);
  REQUIRE(ran.exit_code == 0);
  const Outcome sim = simulated_outcome(file);
  REQUIRE(sim.final_state.size() == 3);
  const LiveRun live = run_live(file, [](unsigned short) -> unsigned short { return 0; });
  INFO("mock-serve:\n" << live.mock_log << "\nserve:\n" << live.serve_log);
  require_same_outcome(sim, live.outcome);
  for (const auto& [id, state] : live.outcome.final_state) CHECK(state == "compliance_verified");
}

TEST_CASE("both worlds: a capture that crashes on a live call is re-recorded once in each") {
  const std::string file = "tests/data/live/both-worlds-capture-crash.json";
  const auto ran = run_recguard("run " + std::string(RECGUARD_SOURCE_DIR) + "/" + file);
  INFO(ran.output);
  REQUIRE(ran.exit_code == 0);
  const Outcome sim = simulated_outcome(file);
  REQUIRE(sim.rerecorded_captures == std::set<std::string>{"rec-0001-r1"});
  const LiveRun live = run_live(file, [](unsigned short) -> unsigned short { return 0; });
  INFO("mock-serve:\n" << live.mock_log << "\nserve:\n" << live.serve_log);
  require_same_outcome(sim, live.outcome);
  CHECK(live.outcome.final_state.at("rec-0001") == "requires_manual_review");
  CHECK(live.outcome.final_state.at("rec-0001-r1") == "compliance_verified");
}

TEST_CASE("both worlds: a primary answering 503 to half its requests still converges to the happy outcome") {
  const std::string file = "tests/data/live/both-worlds-primary-throttled.json";
  const auto ran = run_recguard("run " + std::string(RECGUARD_SOURCE_DIR) + "/" + file);
  INFO(ran.output);
  REQUIRE(ran.exit_code == 0);
  const Outcome sim = simulated_outcome(file);
  REQUIRE(sim.faults_fired.count("error_rate"));
  CHECK(sim.faults_fired.at("error_rate") > 0);
  // Live, the fault proxy plays the scenario's error_rate fault in front of
  // mock-serve's S3 for the same 30 seconds, in S3's own SlowDown shape.
  live::IoLoop loop;
  std::unique_ptr<live::FaultProxy> proxy;
  live::FaultSettings slow;
  slow.statuses = {live::StatusInjection{503, 0.5}};
  const LiveRun live = run_live(file, [&](unsigned short s3_port) -> unsigned short {
    live::ProxyOptions o;
    o.upstream_port = s3_port;
    o.seed = 23;
    proxy = std::make_unique<live::FaultProxy>(loop.io(), o, slow);
    loop.start_thread();
    loop.after(Duration::seconds(30), [&proxy] { proxy->set_faults({}); });
    return proxy->port();
  });
  INFO("mock-serve:\n" << live.mock_log << "\nserve:\n" << live.serve_log);
  CHECK(proxy->counters().requests_injected > 0);
  require_same_outcome(sim, live.outcome);
  proxy->close();
  loop.stop();
}

TEST_CASE("both worlds: CXone contacts found by serve's poller end verified like Genesys calls") {
  const std::string file = "tests/data/live/both-worlds-cxone.json";
  const auto ran = run_recguard("run " + std::string(RECGUARD_SOURCE_DIR) + "/" + file);
  INFO(ran.output);
  REQUIRE(ran.exit_code == 0);
  const Outcome sim = simulated_outcome(file);
  REQUIRE(sim.final_state.size() == 3);
  const LiveRun live = run_live(file, [](unsigned short) -> unsigned short { return 0; });
  INFO("mock-serve:\n" << live.mock_log << "\nserve:\n" << live.serve_log);
  require_same_outcome(sim, live.outcome);
  CHECK(live.outcome.final_state.size() == 3);
  for (const auto& [id, state] : live.outcome.final_state) CHECK(state == "compliance_verified");
}
