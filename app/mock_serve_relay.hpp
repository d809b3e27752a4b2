#pragma once
// mock-serve's side of the operator's webhook relay: signs each platform
// notification (X-Recguard-Signature, core/ingress/webhook_signature.hpp) and
// POSTs it to the pipeline, retrying as the scenario's `webhook` block says:
// an attempt that is not answered 2xx within `timeout` (non-2xx, transport
// error or no answer) is tried again after `retry_delay`, at most `retries`
// times more; then the delivery is lost, as SimWorld's relay loses it.
#include <cstdint>
#include <string>

#include "live/loop/io_loop.hpp"
#include "live/net/http_client.hpp"
#include "sim/realtime/realtime_world.hpp"

namespace recguard::app {

struct RelayCounters {
  std::uint64_t deliveries = 0;  // notifications handed to the relay
  std::uint64_t attempts = 0;
  std::uint64_t answered = 0;    // acknowledged 2xx
  std::uint64_t lost = 0;        // every attempt failed
  std::uint64_t in_flight = 0;   // neither answered nor lost yet
};

class WebhookRelay {
 public:
  // `plan.timeout` bounds each attempt (the client's request timeout is set
  // from it by the caller); `plan.retry_delay` is wall time.
  WebhookRelay(live::IoLoop& loop, live::HttpClient& client, live::Origin origin, std::string target,
               std::string host_header, sim::WebhookPlan plan);
  void deliver(sim::Notification n);
  const RelayCounters& counters() const { return counters_; }
  bool idle() const { return counters_.in_flight == 0; }

 private:
  void attempt(std::shared_ptr<sim::Notification> n, int number);

  live::IoLoop& loop_;
  live::HttpClient& client_;
  live::Origin origin_;
  std::string target_;
  std::string host_header_;
  sim::WebhookPlan plan_;
  RelayCounters counters_;
};

}  // namespace recguard::app
