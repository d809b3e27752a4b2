#pragma once
// Keeps a generated fault schedule inside what the webhook relay survives.
//
// Genesys events reach the pipeline only through the relay, which tries a
// delivery 1 + `retries` times, `timeout + retry_delay` apart, and then gives
// up; nothing in this build (no platform poll) would ever tell the pipeline
// about that recording, so the oracle's no_loss fails by construction. Such a
// "finding" is the schedule's, not the pipeline's. So the explorer trims the
// faults that can stop a delivery (drop_webhooks, a partition of
// platform-orchestrator, an orchestrator crash): windows closer together
// than one retry interval count as one outage, and an outage is kept shorter
// than the relay's retry span, so some attempt of every delivery gets
// through. Faults that would only lengthen an outage past that are cut or
// left out.
#include <vector>

#include "sim/scenario/scenario.hpp"

namespace recguard::sim::explore {

// The longest outage of the webhook path a delivery is sure to outlive.
Duration longest_survivable_outage(const WebhookConfig& relay);

// Whether the fault can keep a webhook delivery from being journalled.
bool blocks_webhooks(const Fault& f);

void limit_webhook_outages(std::vector<Fault>& faults, const WebhookConfig& relay);

}  // namespace recguard::sim::explore
