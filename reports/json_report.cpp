#include "reports/json_report.hpp"

#include "reports/coverage.hpp"

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
  if (!r.replay_command.empty()) j["replay"] = r.replay_command;
  const auto peak = sim::peak_depth(res.timeline);
  const auto& c = res.convergence;
  j["convergence"] = {{"settle_from_s", c.settle_from_us / 1e6},
                      {"converged_at_s", c.converged_at_us < 0 ? nlohmann::json(nullptr) : nlohmann::json(c.converged_at_us / 1e6)},
                      {"after_settle_s", c.converged_at_us < 0 ? nlohmann::json(nullptr)
                                                                : nlohmann::json(std::max<std::int64_t>(0, c.converged_at_us - c.settle_from_us) / 1e6)},
                      {"bound_s", c.bound_us / 1e6},
                      {"never_heal", c.never_heal}};
  j["faults_fired"] = m.faults_fired;
  j["metrics"] = {{"events", m.events},
                  {"webhook_deliveries", m.webhook_deliveries},
                  {"webhook_lost", m.webhook_lost},
                  {"ack_latency_p50_ms", sim::percentile(m.ack_latencies_us, 50) / 1000.0},
                  {"ack_latency_p99_ms", sim::percentile(m.ack_latencies_us, 99) / 1000.0},
                  {"http_requests", m.http_requests},
                  {"journal_commits", m.journal_commits},
                  {"bytes_downloaded", m.bytes_downloaded},
                  {"rerecord_commands", m.rerecord_commands},
                  {"fetch_retries", m.fetch_retries},
                  {"write_retries", m.write_retries},
                  {"breaker_openings", m.breaker_openings},
                  {"store_writes_deferred", m.store_writes_deferred},
                  {"backfills", m.backfills},
                  {"throttled_answers", m.throttled_answers},
                  {"queue_depth_peak_in_flight", peak.in_flight},
                  {"queue_depth_peak_writing", peak.writing},
                  {"media_held_peak_bytes", m.media_held_peak_bytes},
                  {"s3_uploads_left_open", m.s3_uploads_left_open},
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
  int passed = 0, errors = 0;
  double virtual_s = 0;
  for (const auto& r : reports) {
    arr.push_back(scenario_to_json(r));
    passed += r.passed() ? 1 : 0;
    errors += r.load_error.empty() ? 0 : 1;
    virtual_s += r.result.end_time.us / 1e6;
  }
  // Coverage: per row, the scenarios that reached it; an empty list is a gap.
  nlohmann::json coverage = nlohmann::json::array();
  for (const auto& row : suite_coverage(reports)) {
    nlohmann::json by = nlohmann::json::object();
    for (const auto& [scenario, count] : row.reached_by) by[scenario] = count;
    coverage.push_back({{"group", row.group}, {"name", row.name}, {"reached", row.reached()}, {"by", by}});
  }
  return {{"tool", "recguard"},
          {"scenarios", arr},
          {"coverage", coverage},
          {"summary", {{"total", reports.size()}, {"passed", passed}, {"errors", errors},
                       {"failed", static_cast<int>(reports.size()) - passed - errors},
                       {"wall_seconds", wall_seconds}, {"virtual_seconds", virtual_s},
                       {"time_compression", wall_seconds > 0 ? virtual_s / wall_seconds : 0}}}};
}

}  // namespace recguard::reports
