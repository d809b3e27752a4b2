#include "reports/summary_text.hpp"

#include <iomanip>

#include "reports/svg_charts.hpp"

namespace recguard::reports {

void print_summary(std::ostream& out, const ScenarioReport& r, const std::string& replay_command) {
  if (!r.load_error.empty()) {
    out << "error: " << r.load_error << "\n";
    return;
  }
  const auto& res = r.result;
  out << "scenario " << r.name << " (" << r.file << ") seed=" << res.seed << "\n";
  out << "  virtual time " << format_duration(Duration{res.end_time.us - res.end_time.us % 1000000}) << ", "
      << res.recordings.size() << " recordings, " << res.metrics.events << " events";
  if (r.wall_seconds > 0) {
    out << ", wall " << std::fixed << std::setprecision(2) << r.wall_seconds << " s (" << std::setprecision(0)
        << r.time_compression() << "x)";
  }
  out << std::defaultfloat << std::setprecision(6);
  out << "\n  outcomes:";
  for (const auto& [state, n] : res.outcome_counts) out << " " << state << "=" << n;
  out << "\n  webhooks: " << res.metrics.webhook_deliveries << " delivered, ack p50="
      << sim::percentile(res.metrics.ack_latencies_us, 50) / 1000.0
      << " ms p99=" << sim::percentile(res.metrics.ack_latencies_us, 99) / 1000.0 << " ms\n";
  // Node faults: shown only when one acted, so a reader sees it really fired.
  const auto& m = res.metrics;
  if (m.throttled_answers + m.errors_injected + m.ambiguous_writes + m.transport_failures + m.store_crashes +
          m.orchestrator_crashes + m.webhooks_unanswered + m.store_auth_refusals > 0) {
    out << "  node faults: throttled=" << m.throttled_answers << " errors=" << m.errors_injected
        << " ambiguous_writes=" << m.ambiguous_writes << " refused_connections=" << m.transport_failures
        << " store_crashes=" << m.store_crashes << " orchestrator_crashes=" << m.orchestrator_crashes
        << " webhooks_unanswered=" << m.webhooks_unanswered << " store_auth_refusals=" << m.store_auth_refusals
        << "\n";
  }
  // The reconciler: shown when it ran (world.reconciler), so a reader sees what it found and did.
  if (m.reconcile_passes > 0 || m.objects_lost > 0) {
    out << "  reconciler: passes=" << m.reconcile_passes << " incomplete=" << m.reconcile_incomplete
        << " listed=" << m.reconcile_listed << " backfilled=" << m.reconcile_backfills
        << " not_copied=" << m.reconcile_not_copied << " missing_everywhere=" << m.reconcile_missing_everywhere
        << " orphans=" << m.reconcile_orphans << " checksum_mismatches=" << m.reconcile_checksum_mismatches
        << " objects_lost=" << m.objects_lost << "\n";
  }
  // Tier lanes: likewise only when a tier was held back, so a reader of a
  // store-fault scenario sees the deferrals and backfills it is about.
  if (m.store_writes_deferred + m.backfills + m.breaker_openings > 0) {
    out << "  tier lanes: writes_deferred=" << m.store_writes_deferred << " backfills=" << m.backfills
        << " breaker_openings=" << m.breaker_openings << "\n";
  }
  // Liveness: how long after the world was left alone the last recording settled.
  if (const auto& c = res.convergence; c.converged_at_us >= 0) {
    out << "  converged: last recording final " << span_text(std::max<std::int64_t>(0, c.converged_at_us - c.settle_from_us) / 1e6)
        << " after the world was left alone at " << clock_text(c.settle_from_us / 1e6)
        << " (bound " << format_duration(Duration{c.bound_us}) << ")"
        << (c.never_heal.empty() ? "" : ", under faults that never heal") << "\n";
  }
  if (!r.unchecked_invariants.empty()) {
    out << "  not yet checked:";
    for (const auto& i : r.unchecked_invariants) out << " " << i;
    out << "\n";
  }
  for (const auto& v : res.violations) {
    out << "  VIOLATION " << v.invariant << (v.recording.empty() ? "" : " " + v.recording) << " at "
        << format_instant(v.at) << ": " << v.detail << "\n";
    for (const auto& line : v.trace_context) out << "    | " << line << "\n";
  }
  for (const auto& f : r.expectation_failures) out << "  EXPECTATION FAILED " << f << "\n";
  out << "  result: " << (r.passed() ? "PASS" : "FAIL") << "\n";
  if (!r.passed()) out << "  replay: " << replay_command << "\n";
  out << "trace sha256: " << res.trace_digest << "\n";
}

}  // namespace recguard::reports
