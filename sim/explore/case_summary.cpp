#include "sim/explore/case_summary.hpp"

#include <map>
#include <sstream>

#include "sim/runner/world_planner.hpp"

namespace recguard::sim::explore {

namespace {

// A shrunk case lists every fault; a big one only counts them.
constexpr std::size_t kListFaultsUpTo = 8;

std::string plural(std::size_t n, const std::string& word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

std::string target_text(const FaultTarget& t) {
  if (const auto* r = std::get_if<TargetRecording>(&t)) return " " + r->id.str();
  if (const auto* c = std::get_if<TargetCall>(&t)) return " " + c->id.str();
  if (const auto* f = std::get_if<TargetFraction>(&t)) {
    std::ostringstream o;
    o << " " << f->fraction * 100 << "% of calls";
    return o.str();
  }
  if (const auto* n = std::get_if<TargetNode>(&t)) return " " + n->node;
  if (const auto* l = std::get_if<TargetLink>(&t)) return " " + l->a + "-" + l->b;
  return "";
}

std::string parameters(const Fault& f) {
  std::ostringstream o;
  switch (f.kind) {
    case FaultKind::truncate_artifact:
      if (f.keep_bytes) o << " keep_bytes=" << *f.keep_bytes;
      if (f.keep_fraction) o << " keep_fraction=" << *f.keep_fraction;
      o << " metadata=" << f.metadata << " capture_stops=" << f.capture_stops;
      break;
    case FaultKind::slow_upload: o << " extra=" << format_duration(f.extra.value_or(Duration{})); break;
    case FaultKind::cdn_unavailable: o << " status=" << f.status; break;
    case FaultKind::error_rate: o << " status=" << f.status << " probability=" << f.probability; break;
    case FaultKind::webhook_storm: o << " multiplier=" << f.multiplier; break;
    case FaultKind::duplicate_webhooks: o << " probability=" << f.probability << " delay=" << format_duration(f.delay); break;
    case FaultKind::drop_webhooks:
    case FaultKind::ambiguous_write: o << " probability=" << f.probability; break;
    case FaultKind::spoofed_webhook:
    case FaultKind::objects_lost: o << " count=" << f.count; break;
    case FaultKind::throttle: o << " rps=" << f.rps << (f.as.empty() ? "" : " as=" + f.as); break;
    case FaultKind::latency: o << " add=" << format_duration(f.add); break;
    case FaultKind::credential_revoked: o << " credential=" << f.credential; break;
    case FaultKind::clock_skew: o << " offset=" << format_duration(f.offset); break;
    default: break;
  }
  return o.str();
}

}  // namespace

std::size_t planned_calls(const Scenario& scenario) { return plan_world(scenario, scenario.seed).setup.calls.size(); }

std::string describe_fault(const Fault& f) {
  std::string when;
  if (f.kind == FaultKind::crash) {
    when = " at " + format_duration(f.at) + " for " + format_duration(f.restart_after);
  } else if (f.until) {
    when = " " + format_duration(f.at) + ".." + format_duration(*f.until);
  } else {
    when = " at " + format_duration(f.at);
  }
  return std::string(to_string(f.kind)) + target_text(f.target) + when + parameters(f);
}

std::string size_line(const Scenario& s) { return plural(planned_calls(s), "call") + ", " + plural(s.faults.size(), "fault"); }

std::string describe_scenario(const Scenario& s, const std::string& indent) {
  std::ostringstream o;
  std::size_t genesys = 0, cxone = 0;
  for (const auto& c : plan_world(s, s.seed).setup.calls) ++(c.platform == Platform::cxone ? cxone : genesys);
  o << indent << plural(genesys + cxone, "call") << " (" << genesys << " genesys, " << cxone << " cxone)";
  if (s.traffic.arrivals) {
    o << ", " << s.traffic.arrivals->per_minute << "/min " << s.traffic.arrivals->process << " arrivals for "
      << format_duration(s.traffic.arrivals->for_duration) << " among them";
  }
  o << "\n";
  o << indent << "world: ";
  for (std::size_t i = 0; i < s.world.platforms.size(); ++i) o << (i ? "+" : "") << to_string(s.world.platforms[i].kind);
  o << ", " << plural(static_cast<std::size_t>(s.world.orchestrators), "orchestrator");
  if (s.world.reconciler) {
    o << ", reconciler every " << format_duration(s.world.reconciler->every) << " (" << s.world.reconciler->region
      << " region)";
  }
  if (s.world.primary.put_limit_rps > 0) o << ", primary PUT limit " << s.world.primary.put_limit_rps << "/s";
  if (s.world.backup.put_limit_rps > 0) o << ", backup PUT limit " << s.world.backup.put_limit_rps << "/s";
  o << "\n";
  o << indent << plural(s.faults.size(), "fault");
  if (s.faults.size() <= kListFaultsUpTo) {
    o << (s.faults.empty() ? "\n" : ":\n");
    for (const auto& f : s.faults) o << indent << "  " << describe_fault(f) << "\n";
  } else {
    std::map<std::string, int> by_kind;
    for (const auto& f : s.faults) ++by_kind[std::string(to_string(f.kind))];
    o << ":";
    bool first = true;
    for (const auto& [kind, n] : by_kind) {
      o << (first ? " " : ", ") << kind << " x" << n;
      first = false;
    }
    o << "\n";
  }
  return o.str();
}

}  // namespace recguard::sim::explore
