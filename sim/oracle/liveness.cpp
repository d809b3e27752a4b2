#include "sim/oracle/liveness.hpp"

#include <algorithm>
#include <map>

namespace recguard::sim {

std::optional<Instant> heals_at(const Fault& f) {
  const Instant at = Instant{} + f.at;
  if (f.until) return Instant{} + *f.until;
  switch (f.kind) {
    case FaultKind::crash: return at + f.restart_after;
    // Faults that act once, at `at` or on the calls they hit: their effect
    // is over when the platform's changes are (the settle point covers them).
    case FaultKind::truncate_artifact:
    case FaultKind::capture_crash:
    case FaultKind::spoofed_webhook:
    case FaultKind::conflict_on_start:
    case FaultKind::silent_capture:
    case FaultKind::objects_lost: return at;
    // A window with no end: it never heals.
    default: return std::nullopt;
  }
}

Convergence measure_convergence(const WorldSetup& setup, const RunTimeline& timeline) {
  Convergence c;
  c.bound_us = setup.converge_within.us;
  c.settle_from_us = timeline.last_platform_change_us;
  for (const auto& f : setup.faults) {
    if (const auto healed = heals_at(f)) {
      c.settle_from_us = std::max(c.settle_from_us, healed->us);
    } else {
      c.never_heal.push_back(std::string(to_string(f.kind)));
    }
  }
  std::map<RecordingId, const StateChange*> last;
  for (const auto& ch : timeline.changes) last[ch.recording] = &ch;
  c.converged_at_us = 0;
  const StateChange* worst = nullptr;
  for (const auto& [id, ch] : last) {
    if (!is_terminal(ch->state)) {
      c.converged_at_us = -1;
      worst = ch;
      break;
    }
    c.converged_at_us = std::max(c.converged_at_us, ch->at_us);
    if (!worst || ch->at_us > worst->at_us) worst = ch;
  }
  if (worst) {
    c.last_recording = worst->recording;
    c.last_state = worst->state;
    c.last_change_us = worst->at_us;
  }
  return c;
}

std::optional<Violation> judge_convergence(const Convergence& c) {
  if (c.last_recording.str().empty()) return std::nullopt;  // no recording at all
  Violation v;
  v.invariant = "converges";
  const std::string settle = format_instant(Instant{c.settle_from_us});
  if (c.converged_at_us < 0) {
    v.recording = c.last_recording.str();
    v.at = Instant{c.last_change_us};
    v.detail = "never reached a final state: still " + std::string(to_string(c.last_state)) +
               " when the run ended (the world was left alone at " + settle + ")";
    return v;
  }
  const std::int64_t took = c.converged_at_us - c.settle_from_us;
  if (took > c.bound_us) {
    v.recording = c.last_recording.str();
    v.at = Instant{c.converged_at_us};
    v.detail = "reached " + std::string(to_string(c.last_state)) + " " + format_duration(Duration{took}) +
               " after the world was left alone at " + settle + ", beyond the bound of " +
               format_duration(Duration{c.bound_us});
    return v;
  }
  return std::nullopt;
}

}  // namespace recguard::sim
