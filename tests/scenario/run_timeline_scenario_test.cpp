// What the reports show, from real runs: the timeline of states, store
// throughput, the faults that acted, the suite's coverage, liveness, and the
// first differing trace line between two runs.
#include <catch2/catch.hpp>

#include <numeric>

#include "reports/coverage.hpp"
#include "sim/runner/scenario_runner.hpp"
#include "sim/runner/trace_fingerprint.hpp"
#include "sim/world/sim_world.hpp"
#include "support/scenario_world.hpp"

using namespace recguard;

namespace {

std::uint64_t total(const std::map<std::int64_t, std::uint64_t>& buckets) {
  return std::accumulate(buckets.begin(), buckets.end(), std::uint64_t{0},
                         [](std::uint64_t a, const auto& kv) { return a + kv.second; });
}

std::filesystem::path library(const char* name) {
  return std::filesystem::path(RECGUARD_SOURCE_DIR) / "scenarios" / name;
}

}  // namespace

TEST_CASE("the timeline follows each recording to its final state and counts the bytes each tier took",
          "[scenario]") {
  sim::SimWorld world(testing::scenario_setup("happy-path"));
  const auto result = world.run();
  const auto paths = sim::paths_by_recording(result.timeline);
  REQUIRE(paths.size() == result.recordings.size());
  std::uint64_t stored = 0;
  for (const auto& [id, path] : paths) {
    INFO(id.str());
    CHECK(path.back().state == RecordingState::compliance_verified);
    for (std::size_t i = 1; i < path.size(); ++i) CHECK(path[i - 1].at_us <= path[i].at_us);
  }
  for (const auto& [key, versions] : world.primary_store().objects()) stored += static_cast<std::uint64_t>(versions.back().size);
  CHECK(stored > 0);
  // Small recordings go up in one create-only PUT each: the bytes acknowledged are the bytes stored.
  CHECK(total(result.timeline.primary_bytes) == stored);
  CHECK(total(result.timeline.backup_bytes) == stored);
  CHECK(result.metrics.faults_fired.empty());
  CHECK(sim::peak_depth(result.timeline).in_flight >= 1);
}

TEST_CASE("a fault that acts is counted under its kind, and coverage names the scenarios that reached it",
          "[scenario]") {
  const auto happy = sim::run_scenario_file(library("happy-path.json"), {});
  const auto cdn = sim::run_scenario_file(library("cdn-outage-during-fetch.json"), {});
  REQUIRE(cdn.passed());
  CHECK(cdn.result.metrics.faults_fired.at("cdn_unavailable") > 0);
  CHECK(cdn.result.metrics.fetch_retries > 0);
  const auto rows = reports::suite_coverage({happy, cdn});
  auto row = [&](const std::string& group, const std::string& name) {
    const auto it = std::find_if(rows.begin(), rows.end(),
                                 [&](const auto& r) { return r.group == group && r.name == name; });
    REQUIRE(it != rows.end());
    return *it;
  };
  const auto cdn_row = row("fault kind", "cdn_unavailable");
  REQUIRE(cdn_row.reached_by.size() == 1);
  CHECK(cdn_row.reached_by.front().first == "cdn-outage-during-fetch");
  CHECK_FALSE(row("fault kind", "throttle").reached());
  CHECK(row("workflow state", "compliance_verified").reached_by.size() == 2);
  CHECK_FALSE(row("behaviour", "breaker opened").reached());
}

TEST_CASE("a recording that settles later than the bound fails converges, with the recording and time",
          "[scenario]") {
  // The primary's region is cut off until 10 minutes, after the last call
  // of the happy path has ended: its writes wait, then drain once the link
  // is back, which takes more than a second.
  auto setup = testing::scenario_setup("happy-path");
  sim::Fault cut;
  cut.kind = sim::FaultKind::partition;
  cut.until = Duration::minutes(10);
  cut.target = sim::TargetLink{"orchestrator", "primary"};
  setup.faults.push_back(cut);
  {
    sim::SimWorld world(setup);
    const auto result = world.run();
    CHECK(result.violations.empty());
    CHECK(result.convergence.settle_from_us == Duration::minutes(10).us);
    CHECK(result.convergence.converged_at_us > result.convergence.settle_from_us + Duration::seconds(1).us);
  }
  setup.converge_within = Duration::seconds(1);
  sim::SimWorld world(setup);
  const auto result = world.run();
  REQUIRE(result.violations.size() == 1);
  const auto& v = result.violations.front();
  CHECK(v.invariant == "converges");
  CHECK_FALSE(v.recording.empty());
  CHECK(v.at.us == result.convergence.converged_at_us);
  CHECK_FALSE(v.trace_context.empty());
}

TEST_CASE("two runs of one seed match line for line, another seed differs at a named line", "[scenario]") {
  const auto file = library("happy-path.json");
  auto fingerprint = [&](std::optional<std::uint64_t> seed) {
    sim::TraceFingerprint f;
    sim::RunOptions opts;
    opts.seed = seed;
    opts.on_trace_line = f.observer();
    const auto report = sim::run_scenario_file(file, opts);
    CHECK(f.lines() == report.result.trace_lines);
    return f;
  };
  const auto a = fingerprint(std::nullopt);
  const auto b = fingerprint(std::nullopt);
  CHECK_FALSE(sim::first_difference(a, b).has_value());
  const auto c = fingerprint(99);
  const auto d = sim::first_difference(a, c);
  REQUIRE(d.has_value());
  CHECK(d->first != d->second);
  CHECK(d->line < a.lines());
}
