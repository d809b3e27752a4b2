#include "sim/runner/expectations.hpp"

#include <sstream>

namespace recguard::sim {

namespace {

std::string show(double v, bool is_duration) {
  std::ostringstream o;
  if (is_duration) o << v / 1000.0 << "ms";
  else o << v;
  return o.str();
}

}  // namespace

std::vector<std::string> check_expectations(const Expect& expect, const RunResult& r) {
  std::vector<std::string> out;
  for (const auto& [outcome, cmp] : expect.outcomes) {
    const auto it = r.outcome_counts.find(outcome);
    const double n = it == r.outcome_counts.end() ? 0 : it->second;
    if (!cmp.holds(n)) out.push_back("outcomes." + outcome + ": expected " + cmp.text + ", got " + show(n, false));
  }
  for (const auto& [rec, e] : expect.recordings) {
    const auto it = r.recordings.find(RecordingId{rec});
    if (e.outcome) {
      const std::string got = it == r.recordings.end() ? "no such recording" : it->second.state;
      if (got != *e.outcome) out.push_back("recordings." + rec + ".outcome: expected " + *e.outcome + ", got " + got);
    }
    if (e.rerecord_commands) {
      const double n = it == r.recordings.end() ? 0 : it->second.rerecord_commands;
      if (!e.rerecord_commands->holds(n)) {
        out.push_back("recordings." + rec + ".rerecord_commands: expected " + e.rerecord_commands->text + ", got " +
                      show(n, false));
      }
    }
  }
  const auto& m = r.metrics;
  for (const auto& [name, cmp] : expect.metrics) {
    double v = 0;
    if (name == "webhook_ack_p99") v = static_cast<double>(percentile(m.ack_latencies_us, 99));
    else if (name == "webhook_ack_p50") v = static_cast<double>(percentile(m.ack_latencies_us, 50));
    else if (name == "rerecord_commands") v = static_cast<double>(m.rerecord_commands);
    else if (name == "http_requests") v = static_cast<double>(m.http_requests);
    else if (name == "journal_commits") v = static_cast<double>(m.journal_commits);
    else if (name == "webhook_lost") v = static_cast<double>(m.webhook_lost);
    else if (name == "store_writes_deferred") v = static_cast<double>(m.store_writes_deferred);
    else if (name == "backfills") v = static_cast<double>(m.backfills);
    else if (name == "breaker_openings") v = static_cast<double>(m.breaker_openings);
    else if (name == "media_held_peak_bytes") v = static_cast<double>(m.media_held_peak_bytes);
    else if (name == "s3_uploads_left_open") v = static_cast<double>(m.s3_uploads_left_open);
    else if (name == "reconcile_passes") v = static_cast<double>(m.reconcile_passes);
    else if (name == "reconcile_incomplete") v = static_cast<double>(m.reconcile_incomplete);
    else if (name == "reconcile_listed") v = static_cast<double>(m.reconcile_listed);
    else if (name == "reconcile_backfills") v = static_cast<double>(m.reconcile_backfills);
    else if (name == "reconcile_not_copied") v = static_cast<double>(m.reconcile_not_copied);
    else if (name == "reconcile_missing_everywhere") v = static_cast<double>(m.reconcile_missing_everywhere);
    else if (name == "reconcile_orphans") v = static_cast<double>(m.reconcile_orphans);
    else if (name == "reconcile_checksum_mismatches") v = static_cast<double>(m.reconcile_checksum_mismatches);
    else if (name == "throttled_answers") v = static_cast<double>(m.throttled_answers);
    else if (name == "store_auth_refusals") v = static_cast<double>(m.store_auth_refusals);
    else if (name == "early_media_fetches") v = static_cast<double>(m.early_media_fetches);
    const bool as_duration = name.rfind("webhook_ack", 0) == 0;
    if (as_duration && !cmp.is_duration) {
      out.push_back("metrics." + name + ": expected a duration comparison like \"< 300ms\"");
      continue;
    }
    if (!cmp.holds(v)) out.push_back("metrics." + name + ": expected " + cmp.text + ", got " + show(v, as_duration));
  }
  return out;
}

}  // namespace recguard::sim
