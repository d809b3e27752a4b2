// The reconciler node in the simulated world: objects deleted behind the
// pipeline's back are found by the next pass and copied back, a pass cut off
// from a store acts on nothing, a crash loses only the pass in progress, and
// a reconciler sharing the orchestrator's region shares its partitions.
// These read the stores' and the journal's true state, not the reconciler's
// own report of it.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>

#include "core/audit/audit_record.hpp"
#include "sim/world/sim_world.hpp"
#include "support/scenario_world.hpp"

using namespace recguard;

namespace {

using Run = testing::TracedRun;
Run run(const sim::WorldSetup& setup) {
  sim::SimWorld world(setup);
  return testing::run_traced(world);
}

bool has(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

std::vector<std::string> lines_with(const std::string& trace, const std::string& needle) {
  std::vector<std::string> out;
  std::istringstream in(trace);
  std::string line;
  while (std::getline(in, line)) {
    if (line.find(needle) != std::string::npos) out.push_back(line);
  }
  return out;
}

// When the reconciler sent its PUTs to a tier (the pipeline's own PUTs are not counted).
std::vector<double> reconciler_puts(const std::string& trace, const std::string& tier) {
  std::vector<double> out;
  for (const auto& line : lines_with(trace, "reconciler http #rc")) {
    if (has(line, " PUT " + tier + " ")) out.push_back(std::stod(line.substr(0, line.find('s'))));
  }
  return out;
}

sim::Fault fault(sim::FaultKind kind, Duration at, sim::FaultTarget target) {
  sim::Fault f;
  f.kind = kind;
  f.at = at;
  f.target = std::move(target);
  return f;
}

}  // namespace

TEST_CASE("objects lost from the backup are copied back by the next pass, twice the same", "[scenario][reconcile]") {
  const auto setup = testing::scenario_setup("backup-objects-lost-reconciled");
  REQUIRE(setup.reconciler.has_value());
  CHECK(setup.reconciler->network_node == "reconciler");

  sim::SimWorld world(setup);
  std::ostringstream trace;
  world.set_trace_sink(&trace);
  const auto result = world.run();
  world.set_trace_sink(nullptr);
  for (const auto& v : result.violations) INFO(v.invariant << " " << v.recording << ": " << v.detail);
  CHECK(result.violations.empty());
  CHECK(result.metrics.objects_lost == 5);
  CHECK(result.metrics.reconcile_backfills == 5);
  CHECK(result.metrics.reconcile_passes == 2);  // the second found nothing to do, and the run ended
  CHECK(result.metrics.reconcile_incomplete == 0);

  // The truth: each lost key was deleted by the operator and written again
  // by the reconciler with the primary's bytes; nothing else was touched.
  int restored = 0;
  for (const auto& [key, versions] : world.backup_store().objects()) {
    if (versions.size() == 1) continue;
    REQUIRE(versions.size() == 3);
    CHECK(versions[1].delete_marker);
    CHECK(versions[1].by_operator);
    CHECK_FALSE(versions[2].delete_marker);
    CHECK(versions[2].sha256_hex == versions[0].sha256_hex);
    CHECK(versions[2].sha256_hex == world.primary_store().objects().at(key).back().sha256_hex);
    CHECK(versions[2].credential == setup.backup.account);  // the backup's own credential
    // Written in the first pass, after the loss at 40 minutes.
    CHECK(versions[2].created_unix_s - sim::kSimEpochUnixSeconds >= 3600);
    ++restored;
  }
  CHECK(restored == 5);
  CHECK(world.backup_store().replaced_versions() == 0);
  // One backfill record each in the append-only audit log, beside the final one.
  int backfilled = 0;
  for (const auto& a : world.journal().audit_log()) {
    if (a.status != kAuditBackfilled) continue;
    ++backfilled;
    CHECK(a.backup.etag == world.backup_store().objects().at(a.backup.key).back().etag);
  }
  CHECK(backfilled == 5);

  // The listing really went page by page (five objects a page).
  CHECK(has(trace.str(), "reconciler pass 1 listed primary=21 (5 pages) backup=16 (4 pages)"));
  CHECK(has(trace.str(), "maxresults=5&marker="));

  const auto again = run(setup);
  CHECK(again.result.trace_digest == result.trace_digest);
  CHECK(again.trace == trace.str());
}

TEST_CASE("a pass cut off from the backup acts on nothing, the next one does the work", "[scenario][reconcile]") {
  const auto r = run(testing::scenario_setup("reconciler-partitioned-mid-pass"));
  for (const auto& v : r.result.violations) INFO(v.invariant << " " << v.recording << ": " << v.detail);
  CHECK(r.result.violations.empty());
  CHECK(r.result.metrics.reconcile_incomplete == 1);
  CHECK(r.result.metrics.reconcile_backfills == 5);
  CHECK(has(r.trace, "reconciler pass 1 end INCOMPLETE (backup listing: no answer (timeout), gave up after 4 attempts) copied=0"));
  // Not one object was read or written while the inventory was partial:
  // the first pass sent listings only.
  const auto first_pass = lines_with(r.trace, "reconciler http #rc1.");
  CHECK(first_pass.size() >= 5);
  for (const auto& line : first_pass) {
    INFO(line);
    CHECK((has(line, "list-type=2") || has(line, "comp=list")));
  }
  CHECK(reconciler_puts(r.trace, "primary").front() > 7200);
  CHECK(reconciler_puts(r.trace, "backup").front() > 7200);
  // Low traffic: the primary's two copies are made before the backup's three.
  CHECK(reconciler_puts(r.trace, "primary").back() <=
        reconciler_puts(r.trace, "backup").front());
}

TEST_CASE("a reconciler crash loses the pass in progress, not the schedule", "[scenario][reconcile]") {
  auto setup = testing::scenario_setup("backup-objects-lost-reconciled");
  // Down 0.2 s into the first pass (mid-listing), back five minutes later.
  auto crash = fault(sim::FaultKind::crash, Duration::seconds(3600) + Duration::millis(200), sim::TargetNode{"reconciler"});
  crash.restart_after = Duration::minutes(5);
  setup.faults.push_back(crash);
  const auto r = run(setup);
  CHECK(r.result.violations.empty());
  CHECK(has(r.trace, "fault crash reconciler down: pass 1 lost mid-way"));
  CHECK(has(r.trace, "fault crash reconciler restarted"));
  CHECK(r.result.metrics.reconcile_incomplete == 1);
  CHECK(r.result.metrics.reconcile_backfills == 5);
  CHECK(reconciler_puts(r.trace, "backup").front() > 7200);
  CHECK(r.result.metrics.reconcile_passes == 3);
}

TEST_CASE("in the orchestrator's region the reconciler shares its partitions", "[scenario][reconcile]") {
  auto setup = testing::scenario_setup("backup-objects-lost-reconciled");
  setup.reconciler->network_node = "orchestrator";  // region "same"
  setup.faults.push_back(
      fault(sim::FaultKind::partition, Duration::minutes(59), sim::TargetLink{"orchestrator", "backup"}));
  setup.faults.back().until = Duration::minutes(70);
  const auto same = run(setup);
  CHECK(same.result.metrics.reconcile_incomplete == 1);
  CHECK(has(same.trace, "net lost orchestrator->backup"));
  CHECK(same.result.metrics.reconcile_backfills == 5);

  // In its own region the same cut does not reach it.
  setup.reconciler->network_node = "reconciler";
  const auto own = run(setup);
  CHECK(own.result.metrics.reconcile_incomplete == 0);
  CHECK(own.result.metrics.reconcile_backfills == 5);
  CHECK(reconciler_puts(own.trace, "backup").front() < 3700);
}
