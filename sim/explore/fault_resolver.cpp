#include "sim/explore/fault_resolver.hpp"

#include <algorithm>
#include <cstdio>

namespace recguard::sim::explore {

namespace {

std::int64_t seconds_of(Duration d) { return d.us / 1000000; }

Duration start_of(int permille, const BuildContext& ctx) {
  return Duration::seconds(seconds_of(ctx.horizon) * std::clamp(permille, 0, 999) / 1000);
}

// [at, at + length) cut at the horizon, in whole seconds so that the file
// says "90s", never "90.5s".
void set_window(Fault& f, int at_permille, int length_s, const BuildContext& ctx) {
  f.at = start_of(at_permille, ctx);
  f.until = std::min(f.at + Duration::seconds(std::max(1, length_s)), ctx.horizon);
}

// A call-hitting fault's target, narrowest first: one call (0..49), a
// fraction of all calls (50..89), every call (90..99).
FaultTarget call_target(int pick, const BuildContext& ctx) {
  if (pick < 50) {
    // With no explicit calls, call-0001 is the first generated one.
    const std::size_t n = std::max<std::size_t>(1, ctx.calls.size());
    char id[32];
    std::snprintf(id, sizeof id, "call-%04zu", static_cast<std::size_t>(pick) % n + 1);
    return TargetCall{CallId{id}};
  }
  if (pick < 90) return TargetFraction{static_cast<double>(pick - 49) / 40.0};
  return TargetNone{};
}

// The nodes that serve the pipeline's requests (throttle, error_rate).
const char* serving_node(int pick) {
  static const char* nodes[] = {"primary", "backup", "cdn", "platform"};
  return nodes[pick % 4];
}

double probability_of(int magnitude) { return static_cast<double>(std::clamp(magnitude, 0, 99) + 1) / 100.0; }

TargetLink link_of(int pick, const BuildContext& ctx) {
  const auto& l = ctx.links[static_cast<std::size_t>(pick) % ctx.links.size()];
  return TargetLink{l.first, l.second};
}

// A capture that stops mid-call is modelled on Genesys calls only: allowed
// when the fault names one explicit Genesys call, or no call can be on CXone.
bool mid_call_allowed(const FaultTarget& target, const BuildContext& ctx) {
  if (!ctx.cxone_calls_possible) return true;
  const auto* call = std::get_if<TargetCall>(&target);
  if (!call) return false;
  for (const auto& c : ctx.calls) {
    if (c.id == call->id) return c.platform == Platform::genesys;
  }
  return false;
}

}  // namespace

std::optional<Fault> resolve_fault(const FaultDraft& d, FaultKind kind, const BuildContext& ctx) {
  Fault f;
  f.kind = kind;
  const int m = std::clamp(d.magnitude, 0, 99);
  const int v = std::max(0, d.variant);
  switch (kind) {
    case FaultKind::truncate_artifact:
      set_window(f, d.at_permille, d.length_s, ctx);
      f.target = call_target(d.target_pick, ctx);
      if (v & 1) f.keep_bytes = static_cast<std::int64_t>(m) * 2000;
      else f.keep_fraction = static_cast<double>(m) / 100.0;
      f.metadata = (v & 2) ? "fresh" : "stale";
      if ((v & 4) && mid_call_allowed(f.target, ctx)) f.capture_stops = "mid_call";
      return f;
    case FaultKind::capture_crash:
      set_window(f, d.at_permille, d.length_s, ctx);
      f.target = call_target(d.target_pick, ctx);
      return f;
    case FaultKind::slow_upload:
      set_window(f, d.at_permille, d.length_s, ctx);
      f.target = call_target(d.target_pick, ctx);
      f.extra = Duration::seconds(10 + 12 * m);
      return f;
    case FaultKind::cdn_unavailable: {
      static const int statuses[] = {503, 500, 502, 504};
      set_window(f, d.at_permille, d.length_s, ctx);
      f.status = statuses[v % 4];
      return f;
    }
    case FaultKind::webhook_storm:
      // Calls arrive `multiplier` times faster: five minutes of it is a
      // storm; more would only make the run slow.
      set_window(f, d.at_permille, std::min(d.length_s, 300), ctx);
      f.multiplier = 2 + m / 34;
      return f;
    case FaultKind::duplicate_webhooks:
      set_window(f, d.at_permille, d.length_s, ctx);
      f.probability = probability_of(m);
      f.delay = Duration::seconds(3 * std::clamp(d.target_pick, 0, 99));
      return f;
    case FaultKind::spoofed_webhook:
      f.at = start_of(d.at_permille, ctx);
      f.count = 1 + m / 10;
      return f;
    case FaultKind::drop_webhooks:
      set_window(f, d.at_permille, d.length_s, ctx);
      f.probability = probability_of(m);
      return f;
    case FaultKind::throttle:
      set_window(f, d.at_permille, d.length_s, ctx);
      f.target = TargetNode{serving_node(d.target_pick)};
      f.rps = static_cast<double>(m) / 10.0;
      if ((v & 1) && std::get<TargetNode>(f.target).node == "primary") f.as = "slowdown";
      return f;
    case FaultKind::error_rate: {
      static const int statuses[] = {500, 503, 502, 504};
      set_window(f, d.at_permille, d.length_s, ctx);
      f.target = TargetNode{serving_node(d.target_pick)};
      f.status = statuses[v % 4];
      f.probability = probability_of(m);
      return f;
    }
    case FaultKind::latency: {
      set_window(f, d.at_permille, d.length_s, ctx);
      if (d.target_pick < 50) {
        f.target = link_of(d.target_pick, ctx);
      } else {
        std::vector<std::string> nodes{"platform", "orchestrator", "cdn", "primary", "backup"};
        if (ctx.reconciler_own_region) nodes.push_back("reconciler");
        f.target = TargetNode{nodes[static_cast<std::size_t>(d.target_pick - 50) % nodes.size()]};
      }
      // 50 ms to ~50 s, most of the range mild.
      f.add = Duration::millis(50 + 5 * static_cast<std::int64_t>(m) * m);
      return f;
    }
    case FaultKind::partition:
      set_window(f, d.at_permille, d.length_s, ctx);
      f.target = link_of(d.target_pick, ctx);
      return f;
    case FaultKind::credential_revoked:
      set_window(f, d.at_permille, d.length_s, ctx);
      f.credential = (v & 1) ? ctx.backup_credentials : ctx.primary_credentials;
      return f;
    case FaultKind::crash: {
      std::vector<std::string> nodes{"orchestrator", "primary", "backup", "media_server"};
      if (ctx.orchestrators > 1) nodes.push_back("orchestrator-2");
      if (ctx.reconciler) nodes.push_back("reconciler");
      f.target = TargetNode{nodes[static_cast<std::size_t>(d.target_pick) % nodes.size()]};
      f.at = start_of(d.at_permille, ctx);
      // Back up by the horizon, like every other fault.
      f.restart_after = std::min(Duration::seconds(std::clamp(d.length_s, 1, 600)), ctx.horizon - f.at);
      return f;
    }
    case FaultKind::conflict_on_start:
      f.at = start_of(d.at_permille, ctx);
      f.target = call_target(d.target_pick, ctx);
      return f;
    case FaultKind::ambiguous_write:
      set_window(f, d.at_permille, d.length_s, ctx);
      f.target = TargetNode{d.target_pick % 2 == 0 ? "primary" : "backup"};
      f.probability = probability_of(m);
      return f;
    case FaultKind::clock_skew: {
      const int sign = (v & 1) ? -1 : 1;
      const int which = d.target_pick % 3;
      if (which < 2) {
        set_window(f, d.at_permille, d.length_s, ctx);
        f.target = TargetNode{which == 0 ? "primary" : "backup"};
        // 1 to 30 minutes: beyond 15 the store refuses every signature.
        f.offset = Duration::seconds(sign * 60 * (1 + m * 29 / 99));
        return f;
      }
      // The orchestrator reads its clock at boot, so its skew starts at 0s
      // and never ends (the planner refuses anything else). At most five
      // minutes: no store refuses that, so it never stands in the way of
      // convergence once the other faults have healed.
      f.at = Duration{};
      f.target = TargetNode{"orchestrator"};
      f.offset = Duration::seconds(sign * 3 * m);
      return f;
    }
    case FaultKind::silent_capture:
      f.at = start_of(d.at_permille, ctx);
      return f;
    case FaultKind::objects_lost:
      // Only a reconciler brings deleted objects back; without one the loss
      // is the scenario's own doing, not a finding.
      if (!ctx.reconciler) return std::nullopt;
      f.at = start_of(d.at_permille, ctx);
      f.target = TargetNode{d.target_pick % 2 == 0 ? "primary" : "backup"};
      f.count = 1 + m / 20;
      return f;
  }
  return std::nullopt;
}

std::vector<Fault> expand_swizzle(const SwizzleDraft& d, const BuildContext& ctx) {
  // Each link once, in the order first drawn.
  std::vector<std::pair<TargetLink, int>> links;  // link, heal rank
  for (const auto& l : d.links) {
    const TargetLink link = link_of(l.link_pick, ctx);
    const bool seen = std::any_of(links.begin(), links.end(), [&](const auto& x) { return x.first == link; });
    if (!seen) links.emplace_back(link, l.heal_rank);
  }
  if (links.empty()) return {};
  const Duration start = start_of(d.start_permille, ctx);
  const Duration step = Duration::seconds(std::max(1, d.step_s));
  // The last link clogged holds at least one step, so every link is
  // clogged for a while even with no hold.
  const Duration heal_from =
      start + step * static_cast<std::int64_t>(links.size()) + Duration::seconds(std::max(0, d.hold_s));
  // The unclog order: by rank, ties by clog order (stable and deterministic).
  std::vector<std::size_t> order(links.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return links[a].second < links[b].second; });
  std::vector<Duration> heal_at(links.size());
  for (std::size_t pos = 0; pos < order.size(); ++pos) heal_at[order[pos]] = heal_from + step * static_cast<std::int64_t>(pos);

  std::vector<Fault> out;
  for (std::size_t i = 0; i < links.size(); ++i) {
    Fault f;
    f.kind = FaultKind::partition;
    f.target = links[i].first;
    f.at = start + step * static_cast<std::int64_t>(i);
    f.until = std::min(heal_at[i], ctx.horizon);
    if (f.at >= *f.until) continue;  // clogged only after the horizon
    out.push_back(f);
  }
  return out;
}

}  // namespace recguard::sim::explore
