#include "sim/explore/webhook_outages.hpp"

#include <algorithm>

namespace recguard::sim::explore {

namespace {

Duration retry_interval(const WebhookConfig& relay) { return relay.timeout + relay.retry_delay; }

// A margin of half an interval: latency on the webhook path moves attempts
// a little, and a crashed orchestrator's answers in flight are lost too.
// Whole seconds, so that trimmed windows still read "113s" in a file.
Duration margin(const WebhookConfig& relay) { return Duration::seconds(retry_interval(relay).us / 2000000); }

Duration end_of(const Fault& f) {
  if (f.kind == FaultKind::crash) return f.at + f.restart_after;
  return f.until ? *f.until : f.at;
}

bool is_orchestrator(const std::string& node) { return node == "orchestrator" || node.rfind("orchestrator-", 0) == 0; }

}  // namespace

Duration longest_survivable_outage(const WebhookConfig& relay) {
  return retry_interval(relay) * relay.retries - margin(relay);
}

bool blocks_webhooks(const Fault& f) {
  if (f.kind == FaultKind::drop_webhooks) return true;
  if (f.kind == FaultKind::partition) {
    const auto* l = std::get_if<TargetLink>(&f.target);
    return l && ((l->a == "platform" && l->b == "orchestrator") || (l->a == "orchestrator" && l->b == "platform"));
  }
  if (f.kind == FaultKind::crash) {
    const auto* n = std::get_if<TargetNode>(&f.target);
    return n && is_orchestrator(n->node);
  }
  return false;
}

void limit_webhook_outages(std::vector<Fault>& faults, const WebhookConfig& relay) {
  const Duration cap = longest_survivable_outage(relay);
  // Two outages less than an interval (plus the margin) apart can both
  // swallow attempts of one delivery: they count as one.
  const Duration joins = retry_interval(relay) + margin(relay);
  std::vector<std::size_t> blocking;
  for (std::size_t i = 0; i < faults.size(); ++i) {
    if (blocks_webhooks(faults[i])) blocking.push_back(i);
  }
  std::stable_sort(blocking.begin(), blocking.end(),
                   [&](std::size_t a, std::size_t b) { return faults[a].at < faults[b].at; });
  std::vector<bool> drop(faults.size(), false);
  bool open = false;
  Duration outage_from{}, outage_to{};
  for (const std::size_t i : blocking) {
    Fault& f = faults[i];
    if (!open || f.at > outage_to + joins) {
      open = true;
      outage_from = f.at;
      outage_to = f.at;
    }
    const Duration limit = outage_from + cap;
    const Duration end = std::min(end_of(f), limit);
    if (end <= f.at) {
      drop[i] = true;
      continue;
    }
    if (f.kind == FaultKind::crash) f.restart_after = end - f.at;
    else f.until = end;
    outage_to = std::max(outage_to, end);
  }
  std::vector<Fault> kept;
  for (std::size_t i = 0; i < faults.size(); ++i) {
    if (!drop[i]) kept.push_back(faults[i]);
  }
  faults = std::move(kept);
}

}  // namespace recguard::sim::explore
