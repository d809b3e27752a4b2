#include "reports/coverage.hpp"

#include <algorithm>
#include <functional>
#include <map>

#include "sim/scenario/scenario.hpp"

namespace recguard::reports {

namespace {

using Count = std::function<std::uint64_t(const sim::RunResult&)>;

struct Behaviour {
  const char* name;
  const char* means;
  Count count;
};

// Things the pipeline does only when something went wrong: a suite that
// never makes it do them has not tested them.
const std::vector<Behaviour>& behaviours() {
  static const std::vector<Behaviour> b{
      {"re-record sent", "start-recording reached a live call after its capture failed",
       [](const sim::RunResult& r) { return r.metrics.rerecord_commands; }},
      {"manual review", "a recording ended requires_manual_review with a reason",
       [](const sim::RunResult& r) {
         const auto it = r.outcome_counts.find("requires_manual_review");
         return it == r.outcome_counts.end() ? 0 : static_cast<std::uint64_t>(it->second);
       }},
      {"forged webhook refused", "a badly signed webhook was answered 401",
       [](const sim::RunResult& r) {
         return static_cast<std::uint64_t>(
             std::count(r.metrics.spoofed_answers.begin(), r.metrics.spoofed_answers.end(), 401));
       }},
      {"duplicate delivery", "the relay delivered an event the journal already had",
       [](const sim::RunResult& r) { return r.metrics.webhook_duplicates_injected; }},
      {"write deferred", "a tier's breaker or write budget held a write back",
       [](const sim::RunResult& r) { return r.metrics.store_writes_deferred; }},
      {"breaker opened", "a tier's circuit breaker went from closed to open",
       [](const sim::RunResult& r) { return r.metrics.breaker_openings; }},
      {"backfill", "a deferred write was handed back to a tier that could take it",
       [](const sim::RunResult& r) { return r.metrics.backfills; }},
      {"lease refused", "a second orchestrator was kept off a call another one held",
       [](const sim::RunResult& r) { return r.metrics.lease_refusals; }},
      {"restart from journal", "an orchestrator came back knowing only what its journal committed",
       [](const sim::RunResult& r) { return r.metrics.orchestrator_crashes; }},
      {"multipart upload", "a recording larger than one chunk streamed to both tiers in parts",
       [](const sim::RunResult& r) {
         return static_cast<std::uint64_t>(r.metrics.media_held_peak_bytes > 8 * 1024 * 1024 ? 1 : 0);
       }},
      {"reconciler restored", "the reconciler copied an object back to the tier that had lost it",
       [](const sim::RunResult& r) { return r.metrics.reconcile_backfills; }},
      {"reconciler pass incomplete", "a pass ended without a full inventory and so acted on nothing",
       [](const sim::RunResult& r) { return r.metrics.reconcile_incomplete; }},
  };
  return b;
}

}  // namespace

std::vector<CoverageRow> suite_coverage(const std::vector<ScenarioReport>& reports) {
  std::vector<CoverageRow> rows;
  for (const auto& kind : sim::fault_kind_names()) {
    CoverageRow row{"fault kind", kind, "the fault acted at least once (not only configured)", {}};
    for (const auto& r : reports) {
      if (!r.load_error.empty()) continue;
      const auto it = r.result.metrics.faults_fired.find(kind);
      if (it != r.result.metrics.faults_fired.end() && it->second > 0) row.reached_by.emplace_back(r.label(), it->second);
    }
    rows.push_back(std::move(row));
  }
  for (const auto state : kAllRecordingStates) {
    CoverageRow row{"workflow state", std::string(to_string(state)), "a recording's journalled row entered this state", {}};
    for (const auto& r : reports) {
      if (!r.load_error.empty()) continue;
      std::uint64_t n = 0;
      for (const auto& c : r.result.timeline.changes) n += c.state == state ? 1 : 0;
      if (n > 0) row.reached_by.emplace_back(r.label(), n);
    }
    rows.push_back(std::move(row));
  }
  for (const auto& b : behaviours()) {
    CoverageRow row{"behaviour", b.name, b.means, {}};
    for (const auto& r : reports) {
      if (!r.load_error.empty()) continue;
      if (const auto n = b.count(r.result); n > 0) row.reached_by.emplace_back(r.label(), n);
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace recguard::reports
