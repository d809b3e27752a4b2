// Liveness: after the world is left alone, every recording settles within the bound.
#include <catch2/catch.hpp>

#include "sim/oracle/liveness.hpp"

using namespace recguard;
using namespace recguard::sim;

namespace {

Fault window(FaultKind k, int from_s, std::optional<int> until_s) {
  Fault f;
  f.kind = k;
  f.at = Duration::seconds(from_s);
  if (until_s) f.until = Duration::seconds(*until_s);
  return f;
}

RunTimeline settled_at(int last_s, RecordingState last_state) {
  RunTimeline t;
  t.last_platform_change_us = Duration::seconds(100).us;
  t.changes = {{Duration::seconds(50).us, RecordingId{"rec-0001"}, RecordingState::received},
               {Duration::seconds(60).us, RecordingId{"rec-0001"}, RecordingState::compliance_verified},
               {Duration::seconds(90).us, RecordingId{"rec-0002"}, RecordingState::writing},
               {Duration::seconds(last_s).us, RecordingId{"rec-0002"}, last_state}};
  return t;
}

}  // namespace

TEST_CASE("a fault heals at its until, a crash at its restart, a window without end never", "[unit]") {
  CHECK(heals_at(window(FaultKind::partition, 10, 70)) == Instant{} + Duration::seconds(70));
  auto crash = window(FaultKind::crash, 10, std::nullopt);
  crash.restart_after = Duration::seconds(45);
  CHECK(heals_at(crash) == Instant{} + Duration::seconds(55));
  CHECK(heals_at(window(FaultKind::capture_crash, 10, std::nullopt)) == Instant{} + Duration::seconds(10));
  CHECK_FALSE(heals_at(window(FaultKind::error_rate, 10, std::nullopt)).has_value());
}

TEST_CASE("convergence is measured from the later of the last healing and the platform's last change", "[unit]") {
  WorldSetup setup;
  setup.converge_within = Duration::minutes(5);
  setup.faults = {window(FaultKind::partition, 0, 200), window(FaultKind::error_rate, 0, std::nullopt)};
  const auto c = measure_convergence(setup, settled_at(260, RecordingState::compliance_verified));
  CHECK(c.settle_from_us == Duration::seconds(200).us);
  CHECK(c.converged_at_us == Duration::seconds(260).us);
  CHECK(c.never_heal == std::vector<std::string>{"error_rate"});
  CHECK_FALSE(judge_convergence(c).has_value());
}

TEST_CASE("settling later than the bound is a converges violation naming the recording", "[unit]") {
  WorldSetup setup;
  setup.converge_within = Duration::seconds(30);
  const auto t = settled_at(400, RecordingState::requires_manual_review);
  const auto c = measure_convergence(setup, t);
  const auto v = judge_convergence(c);
  REQUIRE(v.has_value());
  CHECK(v->invariant == "converges");
  CHECK(v->recording == "rec-0002");
  CHECK(v->at == Instant{} + Duration::seconds(400));
}

TEST_CASE("a recording never final is a converges violation however long the bound", "[unit]") {
  WorldSetup setup;
  setup.converge_within = Duration::hours(24);
  const auto t = settled_at(120, RecordingState::fetching_media);
  const auto c = measure_convergence(setup, t);
  CHECK(c.converged_at_us == -1);
  const auto v = judge_convergence(c);
  REQUIRE(v.has_value());
  CHECK(v->detail.find("never reached a final state") != std::string::npos);
  CHECK(v->detail.find("fetching_media") != std::string::npos);
}
