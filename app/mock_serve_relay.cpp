#include "app/mock_serve_relay.hpp"

#include <iostream>

#include "core/ingress/webhook_signature.hpp"

namespace recguard::app {

WebhookRelay::WebhookRelay(live::IoLoop& loop, live::HttpClient& client, live::Origin origin, std::string target,
                           std::string host_header, sim::WebhookPlan plan)
    : loop_(loop),
      client_(client),
      origin_(std::move(origin)),
      target_(std::move(target)),
      host_header_(std::move(host_header)),
      plan_(std::move(plan)) {}

void WebhookRelay::deliver(sim::Notification n) {
  ++counters_.deliveries;
  ++counters_.in_flight;
  attempt(std::make_shared<sim::Notification>(std::move(n)), 1);
}

void WebhookRelay::attempt(std::shared_ptr<sim::Notification> n, int number) {
  ++counters_.attempts;
  http::Request req;
  req.method = "POST";
  req.target = target_;
  req.headers.set("Host", host_header_);
  req.headers.set("Content-Type", "application/json");
  req.headers.set(std::string(ingress::kSignatureHeader), ingress::sign_webhook_body(n->body, plan_.secret));
  req.body = share(n->body);
  client_.send(origin_, std::move(req), [this, n, number](live::ClientResult r) {
    if (r.response && r.response->status >= 200 && r.response->status < 300) {
      ++counters_.answered;
      --counters_.in_flight;
      return;
    }
    const std::string why = r.response ? "status " + std::to_string(r.response->status) : r.transport_error;
    if (number > plan_.retries) {
      std::cerr << "mock-serve: relay gave up on " << n->about << " after " << number << " attempts (" << why << ")\n";
      ++counters_.lost;
      --counters_.in_flight;
      return;
    }
    std::cerr << "mock-serve: relay attempt " << number << " for " << n->about << " failed (" << why << "), retrying\n";
    loop_.after(plan_.retry_delay, [this, n, number] { attempt(n, number + 1); });
  });
}

}  // namespace recguard::app
