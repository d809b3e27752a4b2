#include "sim/explore/case_builder.hpp"

#include <algorithm>
#include <cstdio>

#include "core/workflow/policy.hpp"
#include "sim/explore/fault_resolver.hpp"
#include "sim/explore/webhook_outages.hpp"
#include "sim/oracle/oracle.hpp"
#include "sim/runner/world_planner.hpp"

namespace recguard::sim::explore {

namespace {

// The 8 kHz formats (16 kHz doubles the bytes every run hashes and decodes).
MediaSpec media_of(int pick) {
  static const media::MediaFormat formats[] = {media::MediaFormat::wav_ulaw_8k, media::MediaFormat::wav_alaw_8k,
                                               media::MediaFormat::wav_pcm16_8k};
  const int p = std::clamp(pick, 0, 5);
  return MediaSpec{formats[p % 3], 1 + p / 3};
}

// A low PUT limit makes the write budget (half of it) bind.
double put_limit_of(int pick) {
  static const double limits[] = {0, 2, 5, 20, 100};
  return limits[std::clamp(pick, 0, 4)];
}

World build_world(const WorldDraft& d) {
  World w;
  PlatformConfig genesys;
  genesys.kind = Platform::genesys;
  genesys.org = "acme";
  PlatformConfig cxone;
  cxone.kind = Platform::cxone;
  cxone.tenant = "acme-cx";
  if (d.platforms != 1) w.platforms.push_back(genesys);
  if (d.platforms != 0) w.platforms.push_back(cxone);
  // Distinct credentials: the loader refuses shared ones.
  w.primary = StoreConfig{"s3", "rec-primary", "", "", "us-east-1", put_limit_of(d.primary_limit_pick), "primary-writer"};
  w.backup = StoreConfig{"azure_blob", "", "recbackup", "rec-backup", "eastus2", put_limit_of(d.backup_limit_pick),
                         "backup-writer"};
  w.orchestrators = std::clamp(d.orchestrators, 1, 2);
  w.default_latency = Duration::millis(std::max(1, d.default_latency_ms));
  if (d.reconciler) {
    ReconcilerConfig rc;
    rc.every = Duration::minutes(std::max(1, d.reconciler->every_minutes));
    rc.region = d.reconciler->same_region ? "same" : "separate";
    w.reconciler = rc;
  }
  return w;
}

// The links that carry the pipeline's (and a reconciler's) messages.
std::vector<std::pair<std::string, std::string>> used_links(const World& w) {
  std::vector<std::pair<std::string, std::string>> links{
      {"platform", "orchestrator"}, {"orchestrator", "cdn"}, {"orchestrator", "primary"}, {"orchestrator", "backup"}};
  if (w.reconciler && w.reconciler->region == "separate") {
    links.emplace_back("reconciler", "primary");
    links.emplace_back("reconciler", "backup");
  }
  return links;
}

Platform platform_of(bool cxone_flag, int platforms) {
  if (platforms == 0) return Platform::genesys;
  if (platforms == 1) return Platform::cxone;
  return cxone_flag ? Platform::cxone : Platform::genesys;
}

Traffic build_traffic(const TrafficDraft& d, int platforms) {
  Traffic t;
  const Duration horizon = Duration::minutes(std::max(1, d.horizon_minutes));
  t.media = media_of(d.media_pick);
  // Calls in arrival order, numbered in that order as the contract's ids are.
  std::vector<std::pair<Duration, std::size_t>> order;
  for (std::size_t i = 0; i < d.calls.size(); ++i) {
    const Duration start = Duration::seconds(horizon.us / 1000000 * std::clamp(d.calls[i].start_permille, 0, 999) / 1000);
    order.emplace_back(start, i);
  }
  std::stable_sort(order.begin(), order.end());
  for (std::size_t n = 0; n < order.size(); ++n) {
    const CallDraft& cd = d.calls[order[n].second];
    ExplicitCall c;
    char id[32];
    std::snprintf(id, sizeof id, "call-%04zu", n + 1);
    c.id = CallId{id};
    c.platform = platform_of(cd.cxone, platforms);
    c.start = order[n].first;
    c.length = Duration::seconds(std::max(1, cd.length_s));
    if (cd.media_pick > 0) c.media = media_of(cd.media_pick - 1);
    t.calls.push_back(c);
  }
  if (d.arrivals) {
    const ArrivalsDraft& a = *d.arrivals;
    Arrivals arr;
    arr.per_minute = static_cast<double>(std::max(1, a.per_minute_tenths)) / 10.0;
    arr.for_duration = std::min(Duration::minutes(std::max(1, a.for_minutes)), horizon);
    arr.process = a.uniform ? "uniform" : "poisson";
    t.arrivals = arr;
    t.call_length.median = Duration::seconds(std::max(1, a.median_length_s));
    t.call_length.p95 = t.call_length.median * std::max(1, a.p95_factor);
    // Fractions that are exact in binary, so they sum to exactly 1.
    static const double genesys_shares[] = {0.25, 0.5, 0.75};
    if (platforms == 1) t.platform_mix = {{"cxone", 1.0}};
    if (platforms == 2) {
      const double g = genesys_shares[std::clamp(a.genesys_share_pick, 0, 2)];
      t.platform_mix = {{"genesys", g}, {"cxone", 1.0 - g}};
    }
  }
  return t;
}

BuildContext context_for(const Scenario& s, Duration horizon) {
  BuildContext ctx;
  ctx.horizon = horizon;
  ctx.calls = s.traffic.calls;
  ctx.cxone_calls_possible = std::any_of(s.traffic.calls.begin(), s.traffic.calls.end(),
                                         [](const ExplicitCall& c) { return c.platform == Platform::cxone; }) ||
                             (s.traffic.arrivals && !s.traffic.platform_mix.empty());
  ctx.orchestrators = s.world.orchestrators;
  ctx.reconciler = s.world.reconciler.has_value();
  ctx.reconciler_own_region = s.world.reconciler && s.world.reconciler->region == "separate";
  ctx.primary_credentials = s.world.primary.credentials;
  ctx.backup_credentials = s.world.backup.credentials;
  ctx.links = used_links(s.world);
  return ctx;
}

// The store models keep only the digests of an object assembled from parts
// (anything over one 8 MiB chunk) and answer a GET of it with 501, so the
// reconciler cannot copy such an object back (README: not yet). An
// objects_lost that may hit one would fail no_loss by the models' doing,
// not the pipeline's: it is left out of worlds with recordings that large.
void drop_unrestorable_losses(Scenario& s) {
  const auto lost = [](const Fault& f) { return f.kind == FaultKind::objects_lost; };
  if (std::none_of(s.faults.begin(), s.faults.end(), lost)) return;
  const std::int64_t chunk = workflow::Policy{}.media_chunk_bytes;
  const auto calls = plan_world(s, s.seed).setup.calls;
  const bool large = std::any_of(calls.begin(), calls.end(), [&](const CallPlan& c) {
    return media::wav_file_size(c.format, c.channels, c.length.us / 1000) > chunk;
  });
  if (large) std::erase_if(s.faults, lost);
}

std::string kinds_text(const std::vector<FaultKind>& kinds) {
  if (kinds.empty()) return "none";
  std::string out;
  for (const auto k : kinds) out += (out.empty() ? "" : ", ") + std::string(to_string(k));
  return out;
}

}  // namespace

std::vector<FaultKind> enabled_kinds(const ExploreCase& c) {
  std::vector<FaultKind> kinds;
  for (std::size_t i = 0; i < c.swarm.size() && i < fault_kind_names().size(); ++i) {
    if (c.swarm[i]) kinds.push_back(static_cast<FaultKind>(i));
  }
  return kinds;
}

Scenario build_scenario(const ExploreCase& c) {
  Scenario s;
  s.name = "explore-seed-" + std::to_string(c.seed);
  s.seed = c.seed;
  s.world = build_world(c.world);
  const auto& first = s.world.platforms.front();
  for (const auto& l : c.world.link_latencies) {
    const auto links = used_links(s.world);
    const auto& link = links[static_cast<std::size_t>(std::max(0, l.link_pick)) % links.size()];
    s.world.links[link] = Duration::millis(std::max(1, l.latency_ms));
  }
  s.traffic = build_traffic(c.traffic, c.world.platforms);

  const Duration horizon = Duration::minutes(std::max(1, c.traffic.horizon_minutes));
  const BuildContext ctx = context_for(s, horizon);
  const auto kinds = enabled_kinds(c);
  if (!kinds.empty()) {
    for (const auto& d : c.faults) {
      const FaultKind kind = kinds[static_cast<std::size_t>(std::max(0, d.kind_pick)) % kinds.size()];
      if (auto f = resolve_fault(d, kind, ctx)) s.faults.push_back(*f);
    }
  }
  const bool partitions = std::find(kinds.begin(), kinds.end(), FaultKind::partition) != kinds.end();
  if (partitions && c.swizzle) {
    for (auto& f : expand_swizzle(*c.swizzle, ctx)) s.faults.push_back(f);
  }
  limit_webhook_outages(s.faults, first.webhook);
  drop_unrestorable_losses(s);

  s.description = "Generated by recguard explore (seed " + std::to_string(c.seed) +
                  "). Fault kinds switched on (swarm): " + kinds_text(kinds) + "." +
                  (partitions && c.swizzle ? " Links swizzle-clogged." : "");
  s.expect.all_invariants = true;
  s.expect.invariants = standard_invariants();
  s.expect.converge_within = kExploreConvergeWithin;
  return s;
}

}  // namespace recguard::sim::explore
