#include "sim/runner/world_planner.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "sim/kernel/prng.hpp"
#include "sim/world/fault_targeting.hpp"

namespace recguard::sim {

namespace {

std::string numbered(const char* prefix, std::size_t n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s-%04zu", prefix, n);
  return buf;
}

struct Pending {
  std::optional<CallId> id;  // explicit calls keep theirs
  Platform platform;
  Instant start;
  Duration length;
  MediaSpec media;
  std::size_t order;  // tie-break: explicit calls first, then generation order
  std::string queue;
};

// Why this build cannot apply a node fault as written; empty when it can.
// A fault that would silently do nothing is reported, never dropped.
std::string node_fault_problem(const Fault& f, const Scenario& sc) {
  const std::string kind(to_string(f.kind));
  const auto* target = std::get_if<TargetNode>(&f.target);
  const std::string node = target ? target->node : std::string{};
  int orchestrator = 0;  // 1-based index when the node names an orchestrator
  if (node == "orchestrator") orchestrator = 1;
  // The loader allows only digits after "orchestrator-"; nine of them already
  // name more orchestrators than any world has.
  if (node.rfind("orchestrator-", 0) == 0) orchestrator = node.size() > 22 ? 999999999 : std::stoi(node.substr(13));
  if (orchestrator > std::max(1, sc.world.orchestrators)) {
    return "fault " + kind + " names " + node + " but the world has " + std::to_string(sc.world.orchestrators) +
           " orchestrator(s)";
  }
  const bool store = node == "primary" || node == "backup";
  // The media server has no requests, links or clock of its own to fault:
  // only its failover (crash) is modelled.
  if (node == "media_server") {
    if (f.kind != FaultKind::crash) return "fault " + kind + " on media_server is not modelled (only crash: a failover)";
    if (f.until) return "fault crash ends with restart_after (default 30s), not until";
    return {};
  }
  const auto* link = std::get_if<TargetLink>(&f.target);
  if (node == "reconciler" || (link && (link->a == "reconciler" || link->b == "reconciler"))) {
    if (!sc.world.reconciler) return "fault " + kind + " names the reconciler, but world.reconciler is not set (no reconciler runs)";
    if (sc.world.reconciler->region == "same" && f.kind != FaultKind::crash) {
      return "fault " + kind + " names the reconciler's links, but it shares the orchestrator's region (region "
             "\"same\"): name the orchestrator's";
    }
  }
  switch (f.kind) {
    case FaultKind::latency:
      if (orchestrator > 1) return "fault latency on " + node + ": links name every orchestrator \"orchestrator\"";
      return {};
    case FaultKind::throttle:
    case FaultKind::error_rate:
      if (!store && node != "cdn" && node != "platform") {
        return "fault " + kind + " needs a target {\"node\": ...} of primary, backup, cdn or platform (the nodes that "
               "serve the pipeline's requests)";
      }
      if (f.kind == FaultKind::error_rate && f.status < 500) {
        return "fault error_rate answers 5xx; status " + std::to_string(f.status) + " is not one (throttle gives 429)";
      }
      return {};
    case FaultKind::ambiguous_write:
      if (!store) return "fault ambiguous_write needs a target {\"node\": \"primary\"} or {\"node\": \"backup\"}";
      return {};
    case FaultKind::credential_revoked: {
      const bool primary = f.credential == sc.world.primary.credentials;
      const bool backup = f.credential == sc.world.backup.credentials;
      if (!primary && !backup) {
        return "fault credential_revoked names credential \"" + f.credential + "\", which no store in this world uses";
      }
      if (!std::holds_alternative<TargetNone>(f.target) && node != (primary ? "primary" : "backup")) {
        return "fault credential_revoked: credential \"" + f.credential + "\" is the " +
               (primary ? "primary" : "backup") + "'s; leave out target or name that store";
      }
      return {};
    }
    case FaultKind::clock_skew:
      if (store) return {};
      // The pipeline reads its wall-clock offset once, when it boots.
      if (orchestrator && f.at.us == 0 && !f.until) return {};
      if (orchestrator) return "fault clock_skew on " + node + " must start at 0s and have no until (its clock is read at boot)";
      return "fault clock_skew needs a target node primary, backup or orchestrator (the nodes whose clocks sign or "
             "check requests)";
    case FaultKind::crash:
      if (node == "reconciler") {
        if (f.until) return "fault crash ends with restart_after (default 30s), not until";
        return {};
      }
      if (!store && !orchestrator) {
        return "fault crash needs a target node orchestrator, orchestrator-N, primary, backup, reconciler or "
               "media_server";
      }
      if (f.until) return "fault crash ends with restart_after (default 30s), not until";
      return {};
    case FaultKind::objects_lost:
      if (!store) return "fault objects_lost needs a target {\"node\": \"primary\"} or {\"node\": \"backup\"}";
      if (f.until) return "fault objects_lost happens at one moment; it has no until";
      return {};
    default:
      if (orchestrator > 1) return "fault " + kind + " on " + node + " is not modelled";
      return {};
  }
}

}  // namespace

Plan plan_world(const Scenario& sc, std::uint64_t seed) {
  Plan plan;
  WorldSetup& w = plan.setup;
  w.name = sc.name;
  w.seed = seed;
  w.run_for = sc.run_for;
  w.orchestrators = sc.world.orchestrators;
  for (const auto& p : sc.world.platforms) {
    if (p.kind == Platform::genesys) {
      w.genesys_org = p.org;
      w.genesys_requests_per_minute = std::max(1, static_cast<int>(std::lround(p.api_rate_limit_rps * 60)));
      w.webhook = WebhookPlan{p.webhook.timeout, p.webhook.retries, p.webhook.retry_delay, p.webhook.secret};
      break;
    }
  }
  for (const auto& p : sc.world.platforms) {
    if (p.kind == Platform::cxone) w.cxone_tenant = p.tenant;
  }
  w.primary = StorePlan{"s3", sc.world.primary.bucket, "", sc.world.primary.region, sc.world.primary.credentials,
                        sc.world.primary.put_limit_rps > 0 ? sc.world.primary.put_limit_rps : 3500};
  w.backup = StorePlan{"azure_blob", sc.world.backup.container, sc.world.backup.account, sc.world.backup.region,
                       sc.world.backup.credentials, sc.world.backup.put_limit_rps};
  w.default_latency = sc.world.default_latency;
  w.scope = sc.world.scope;
  w.converge_within = sc.expect.converge_within.value_or(kDefaultConvergeWithin);
  w.link_latency = sc.world.links;
  if (sc.world.reconciler) {
    const auto& rc = *sc.world.reconciler;
    w.reconciler = ReconcilerPlan{rc.region == "same" ? "orchestrator" : "reconciler", rc.every, rc.page_size,
                                  rc.low_traffic_rows_per_hour};
  }
  for (const auto& f : sc.faults) {
    switch (f.kind) {
      case FaultKind::truncate_artifact:
      case FaultKind::capture_crash:
      case FaultKind::slow_upload:
      case FaultKind::cdn_unavailable:
      case FaultKind::webhook_storm:
      case FaultKind::duplicate_webhooks:
      case FaultKind::spoofed_webhook:
      case FaultKind::drop_webhooks:
      case FaultKind::conflict_on_start:
      case FaultKind::silent_capture:
      case FaultKind::latency:
      case FaultKind::partition:
      case FaultKind::throttle:
      case FaultKind::error_rate:
      case FaultKind::ambiguous_write:
      case FaultKind::credential_revoked:
      case FaultKind::clock_skew:
      case FaultKind::crash:
      case FaultKind::objects_lost:
        if (const auto problem = node_fault_problem(f, sc); !problem.empty()) {
          plan.unsupported.push_back(problem);
        } else {
          w.faults.push_back(f);
        }
        break;
      default:
        plan.unsupported.push_back("fault " + std::string(to_string(f.kind)) + " is not applied by this build yet");
    }
  }

  std::vector<Pending> calls;
  for (const auto& c : sc.traffic.calls) {
    calls.push_back(
        {c.id, c.platform, Instant{} + c.start, c.length, c.media.value_or(sc.traffic.media), calls.size(), c.queue});
  }
  if (sc.traffic.arrivals && sc.traffic.arrivals->per_minute > 0) {
    const auto& a = *sc.traffic.arrivals;
    Prng arrivals = Prng::for_component(seed, "traffic-arrivals");
    Prng lengths = Prng::for_component(seed, "traffic-lengths");
    Prng mix = Prng::for_component(seed, "traffic-mix");
    Prng queues = Prng::for_component(seed, "traffic-queues");
    const double mean_gap_us = 60e6 / a.per_minute;
    const double mu = std::log(static_cast<double>(sc.traffic.call_length.median.us));
    const double sigma = std::log(static_cast<double>(sc.traffic.call_length.p95.us) /
                                  static_cast<double>(sc.traffic.call_length.median.us)) / 1.6448536269514722;
    const double genesys_share = sc.traffic.platform_mix.count("genesys") ? sc.traffic.platform_mix.at("genesys")
                                 : sc.traffic.platform_mix.empty()          ? 1.0
                                                                            : 0.0;
    // webhook_storm: within its window calls (and so their completion
    // events) arrive `multiplier` times faster.
    auto rate_factor = [&](double at_us) {
      double m = 1;
      for (const auto& f : sc.faults) {
        if (f.kind == FaultKind::webhook_storm && at_us >= static_cast<double>(f.at.us) &&
            (!f.until || at_us < static_cast<double>(f.until->us))) {
          m *= f.multiplier;
        }
      }
      return m;
    };
    double t_us = 0;
    for (;;) {
      const double gap = mean_gap_us / rate_factor(t_us);
      t_us += a.process == "uniform" ? gap : arrivals.exponential(gap);
      if (t_us >= static_cast<double>(a.for_duration.us)) break;
      // At least one second: a zero-length call records nothing.
      const auto len_us = std::max<std::int64_t>(1000000, static_cast<std::int64_t>(lengths.lognormal(mu, sigma)));
      const Platform p = mix.uniform01() < genesys_share ? Platform::genesys : Platform::cxone;
      // Drawn from its own stream, and only when a mix is given, so that
      // adding one leaves arrivals, lengths and platforms as they were.
      std::string queue;
      if (!sc.traffic.queue_mix.empty()) {
        double pick = queues.uniform01();
        for (const auto& [name, share] : sc.traffic.queue_mix) {
          queue = name;
          if ((pick -= share) < 0) break;
        }
      }
      calls.push_back({std::nullopt, p, Instant{static_cast<std::int64_t>(t_us)}, Duration{len_us}, sc.traffic.media,
                       calls.size(), queue});
    }
  }
  std::stable_sort(calls.begin(), calls.end(), [](const Pending& x, const Pending& y) {
    return x.start < y.start || (x.start == y.start && x.order < y.order);
  });

  std::set<std::string> used;
  for (const auto& c : calls) {
    if (c.id) used.insert(c.id->str());
  }
  std::size_t next_call = 1;
  for (std::size_t i = 0; i < calls.size(); ++i) {
    const auto& c = calls[i];
    CallPlan cp;
    if (c.id) {
      cp.id = *c.id;
    } else {
      while (used.count(numbered("call", next_call))) ++next_call;
      cp.id = CallId{numbered("call", next_call)};
      used.insert(cp.id.str());
    }
    // CXone serves media per ACD contact, so the product names a CXone
    // recording after its contact (core/ingress/cxone_poller.hpp).
    cp.recording = c.platform == Platform::cxone ? RecordingId{cp.id.str()} : RecordingId{numbered("rec", i + 1)};
    cp.platform = c.platform;
    cp.start = c.start;
    cp.length = c.length;
    cp.format = c.media.format;
    cp.channels = c.media.channels;
    cp.queue = c.queue;
    if (cp.platform == Platform::cxone && w.cxone_tenant.empty()) {
      plan.unsupported.push_back("call " + cp.id.str() + " is on cxone but world.platforms has no cxone platform");
    }
    w.calls.push_back(cp);
  }
  // A capture that stops mid-call is modelled on Genesys only: a CXone call it
  // hits would go on recording as if nothing happened.
  for (std::size_t i = 0; i < w.faults.size(); ++i) {
    const Fault& f = w.faults[i];
    if (f.kind != FaultKind::truncate_artifact || f.capture_stops != "mid_call") continue;
    for (const auto& c : w.calls) {
      if (c.platform == Platform::cxone && fault_hits_call(f, i, c, seed)) {
        plan.unsupported.push_back("fault truncate_artifact with capture_stops \"mid_call\" hits " + c.id.str() +
                                   ", a cxone call; this build models it on genesys calls only");
        break;
      }
    }
  }
  return plan;
}

}  // namespace recguard::sim
