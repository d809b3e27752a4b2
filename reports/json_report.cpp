#include "reports/json_report.hpp"

namespace recguard::reports {

nlohmann::json scenario_to_json(const ScenarioReport& r) {
  using nlohmann::json;
  json j = {{"file", r.file}, {"name", r.name}, {"passed", r.passed()}};
  if (!r.load_error.empty()) {
    j["error"] = r.load_error;
    return j;
  }
  const auto& res = r.result;
  const auto& m = res.metrics;
  j["description"] = r.description;
  j["seed"] = res.seed;
  j["trace_sha256"] = res.trace_digest;
  j["trace_lines"] = res.trace_lines;
  j["virtual_seconds"] = res.end_time.us / 1e6;
  j["wall_seconds"] = r.wall_seconds;
  j["time_compression"] = r.time_compression();
  j["outcomes"] = res.outcome_counts;
  j["metrics"] = {{"events", m.events},
                  {"webhook_deliveries", m.webhook_deliveries},
                  {"webhook_lost", m.webhook_lost},
                  {"ack_latency_p50_ms", sim::percentile(m.ack_latencies_us, 50) / 1000.0},
                  {"ack_latency_p99_ms", sim::percentile(m.ack_latencies_us, 99) / 1000.0},
                  {"http_requests", m.http_requests},
                  {"journal_commits", m.journal_commits},
                  {"bytes_downloaded", m.bytes_downloaded},
                  {"rerecord_commands", m.rerecord_commands},
                  {"reconcile_passes", m.reconcile_passes},
                  {"reconcile_incomplete", m.reconcile_incomplete},
                  {"reconcile_listed", m.reconcile_listed},
                  {"reconcile_backfills", m.reconcile_backfills},
                  {"reconcile_not_copied", m.reconcile_not_copied},
                  {"reconcile_missing_everywhere", m.reconcile_missing_everywhere},
                  {"reconcile_orphans", m.reconcile_orphans},
                  {"reconcile_checksum_mismatches", m.reconcile_checksum_mismatches},
                  {"objects_lost", m.objects_lost},
                  {"early_media_fetches", m.early_media_fetches}};
  json violations = json::array();
  for (const auto& v : res.violations) {
    violations.push_back({{"invariant", v.invariant}, {"recording", v.recording}, {"at_us", v.at.us},
                          {"detail", v.detail}, {"trace", v.trace_context}});
  }
  j["violations"] = violations;
  j["expectation_failures"] = r.expectation_failures;
  j["unchecked_invariants"] = r.unchecked_invariants;
  return j;
}

nlohmann::json conform_to_json(const std::vector<ScenarioReport>& reports, double wall_seconds) {
  nlohmann::json arr = nlohmann::json::array();
  int passed = 0;
  for (const auto& r : reports) {
    arr.push_back(scenario_to_json(r));
    passed += r.passed() ? 1 : 0;
  }
  return {{"tool", "recguard"},
          {"scenarios", arr},
          {"summary", {{"total", reports.size()}, {"passed", passed}, {"failed", static_cast<int>(reports.size()) - passed},
                       {"wall_seconds", wall_seconds}}}};
}

}  // namespace recguard::reports
