// The explorer keeps webhook-blocking faults inside what the relay outlives
// (sim/explore/webhook_outages.hpp): one long outage is cut, outages that
// chain into one are cut together, separate ones are left alone.
#include <catch2/catch.hpp>

#include "sim/explore/webhook_outages.hpp"

using namespace recguard;
using namespace recguard::sim;

namespace {

Fault window(FaultKind kind, int at_s, int until_s, FaultTarget target = TargetNone{}) {
  Fault f;
  f.kind = kind;
  f.at = Duration::seconds(at_s);
  f.until = Duration::seconds(until_s);
  f.target = target;
  return f;
}

Fault crash(int at_s, int for_s) {
  Fault f;
  f.kind = FaultKind::crash;
  f.at = Duration::seconds(at_s);
  f.restart_after = Duration::seconds(for_s);
  f.target = TargetNode{"orchestrator"};
  return f;
}

}  // namespace

TEST_CASE("webhook outages: the relay's default retries outlive 113 s", "[unit][explore]") {
  // Four attempts 45 s apart (30 s timeout + 15 s delay), less half an interval.
  CHECK(explore::longest_survivable_outage(WebhookConfig{}) == Duration::seconds(113));
}

TEST_CASE("webhook outages: a long drop window is cut, a chained crash shortened, others untouched", "[unit][explore]") {
  std::vector<Fault> faults{
      window(FaultKind::drop_webhooks, 0, 600),
      crash(100, 300),                                                      // chains onto the drop window
      window(FaultKind::partition, 1000, 1060, TargetLink{"platform", "orchestrator"}),
      window(FaultKind::partition, 0, 900, TargetLink{"orchestrator", "primary"}),  // not on the webhook path
      window(FaultKind::error_rate, 0, 900, TargetNode{"primary"}),
  };
  explore::limit_webhook_outages(faults, WebhookConfig{});
  REQUIRE(faults.size() == 5);
  CHECK(*faults[0].until == Duration::seconds(113));
  CHECK(faults[1].at == Duration::seconds(100));
  CHECK(faults[1].restart_after == Duration::seconds(13));
  CHECK(*faults[2].until == Duration::seconds(1060));
  CHECK(*faults[3].until == Duration::seconds(900));
  CHECK(*faults[4].until == Duration::seconds(900));
}

TEST_CASE("webhook outages: a fault that would only extend a full outage is left out", "[unit][explore]") {
  std::vector<Fault> faults{window(FaultKind::drop_webhooks, 0, 113), window(FaultKind::drop_webhooks, 150, 200)};
  explore::limit_webhook_outages(faults, WebhookConfig{});
  REQUIRE(faults.size() == 1);
  CHECK(*faults[0].until == Duration::seconds(113));
}
