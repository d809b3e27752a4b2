// The compliance scope by queue: what the platforms say about a call's queue
// (Genesys: the ACD participant of the call; CXone: the contact's skill), how
// the scope judges it, and what a recording's workflow does before it knows.
#include <catch2/catch.hpp>

#include "core/ingress/cxone_poller.hpp"
#include "core/ingress/platform_event.hpp"
#include "core/platforms/genesys/call_api.hpp"
#include "core/workflow/recording_workflow.hpp"

using namespace recguard;
using namespace recguard::workflow;

namespace {

ingress::ComplianceScope payments_only() {
  ingress::ComplianceScope s;
  s.queues = {"payments", "7c1e0d6a-0000-4000-8000-000000000001"};
  return s;
}

template <class T>
bool drain_has(RecordingWorkflow& wf) {
  bool found = false;
  while (auto c = wf.poll_command()) found = found || std::holds_alternative<T>(*c);
  return found;
}

RecordingWorkflow genesys_recording(const Policy& policy) {
  RecordingRow r;
  r.id = RecordingId{"rec-0001"};
  r.call = CallId{"call-0001"};
  return RecordingWorkflow(r, policy, 1);
}

Instant at_s(std::int64_t s) { return Instant{} + Duration::seconds(s); }

}  // namespace

TEST_CASE("scope by queue: an id or a name in the list admits, an unnamed queue is asked about", "[unit][scope]") {
  const auto scope = payments_only();
  ingress::RecordingUpdate u;
  CHECK(scope.needs_queue(u));  // Genesys notifications never name the queue
  CHECK(scope.admits(u));       // so the event is kept until the call says
  u.queue_name = "sales";
  CHECK_FALSE(scope.needs_queue(u));
  CHECK_FALSE(scope.admits(u));
  u.queue_name = "payments";
  CHECK(scope.admits(u));
  CHECK(scope.admits_queue("7c1e0d6a-0000-4000-8000-000000000001", ""));
  CHECK_FALSE(scope.admits_queue("", ""));  // a direct call went through no queue
  u.media_type = "screen";
  CHECK_FALSE(scope.admits(u));  // media type still applies

  const ingress::ComplianceScope every_queue;
  ingress::RecordingUpdate plain;
  CHECK_FALSE(every_queue.needs_queue(plain));
  CHECK(every_queue.admits_queue("", ""));
}

TEST_CASE("Genesys call resource: the ACD participant names the queue, by the real field names", "[unit][scope]") {
  genesys::CallInfo call;
  call.id = CallId{"call-0001"};
  call.participants = {{"p1", "customer", "connected"},
                       {"p2", "acd", "disconnected", "7c1e0d6a-0000-4000-8000-000000000001", "payments"},
                       {"p3", "agent", "connected"}};
  const std::string json = genesys::call_to_json(call);
  CHECK(json.find("\"queueId\":\"7c1e0d6a-0000-4000-8000-000000000001\"") != std::string::npos);
  CHECK(json.find("\"queueName\":\"payments\"") != std::string::npos);
  auto parsed = genesys::parse_call(json);
  REQUIRE(parsed);
  const auto* acd = genesys::acd_participant(*parsed);
  REQUIRE(acd != nullptr);
  CHECK(acd->queue_name == "payments");
  // The agent and customer carry no queue fields at all.
  CHECK(json.find("\"queueId\"") == json.rfind("\"queueId\""));

  call.participants.erase(call.participants.begin() + 1);
  auto direct = genesys::parse_call(genesys::call_to_json(call));
  REQUIRE(direct);
  CHECK(genesys::acd_participant(*direct) == nullptr);
}

TEST_CASE("CXone contact states carry skillId and skillName, and the poller never polls an out-of-scope contact",
          "[unit][scope][cxone]") {
  std::vector<cxone::ContactState> states{{CallId{"1001"}, "Active", "2026-01-01T00:00:01.000Z", "4001", "payments"},
                                          {CallId{"1002"}, "Active", "2026-01-01T00:00:01.000Z", "4002", "sales"}};
  const std::string body = cxone::contact_states_to_json(states);
  CHECK(body.find("\"skillId\":4001") != std::string::npos);  // a number on the wire, as CXone writes it
  auto parsed = cxone::parse_contact_states(body);
  REQUIRE(parsed);
  CHECK((*parsed)[1].skill_id == "4002");
  CHECK((*parsed)[1].skill_name == "sales");

  ingress::CxonePoller p({"api-c1.incontact.com", "tok", "agent-1"}, Duration::seconds(5), Duration::seconds(10),
                         payments_only());
  p.due(at_s(0));
  p.on_contact_states(200, body, at_s(1));
  std::vector<CallId> polled;
  for (const auto& r : p.due(at_s(20))) {
    if (r.kind == ingress::CxonePollRequest::Kind::recording_status) polled.push_back(r.contact);
  }
  CHECK(polled == std::vector<CallId>{CallId{"1001"}});

  // The hang-up's events name the skill, so the pipeline can judge them.
  p.due(at_s(30));
  states[0].state = "Disconnected";
  states[0].last_update_time = "2026-01-01T00:00:30.000Z";
  CHECK(p.on_contact_states(200, cxone::contact_states_to_json({states[0]}), at_s(30)).size() == 1);  // CallEnded
  // The status asked at 20 s, answered only now, was sent while the contact
  // was up: it cannot speak for the end, so the closing check is asked anew.
  const auto stopped = cxone::recording_status_to_json(CallId{"1001"}, "Stopped");
  CHECK(p.on_recording_status(CallId{"1001"}, 200, stopped, at_s(30)).empty());
  p.due(at_s(30));
  auto ev = p.on_recording_status(CallId{"1001"}, 200, stopped, at_s(30));
  REQUIRE(ev.size() == 1);
  const auto* u = std::get_if<ingress::RecordingUpdate>(&ev[0]);
  REQUIRE(u != nullptr);
  CHECK(u->queue_name == "payments");
  CHECK(u->queue_id == "4001");
}

TEST_CASE("a recording whose queue is unknown waits for the answer before anything else", "[unit][scope]") {
  const Policy policy{};
  auto wf = genesys_recording(policy);
  wf.check_queue_first();
  REQUIRE(drain_has<FetchCallQueue>(wf));
  // The platform finishes the recording meanwhile: remembered, not acted on.
  wf.handle(PlatformUpdate{"AVAILABLE", {"https://cdn/rec-0001.wav"}}, at_s(1));
  CHECK_FALSE(wf.poll_command().has_value());
  CHECK(wf.row().platform_file_state == "AVAILABLE");
  CHECK_FALSE(wf.idle());

  SECTION("outside the scope: terminal, nothing fetched, nothing written") {
    wf.handle(QueueChecked{200, false, "sales"}, at_s(2));
    CHECK(wf.state() == RecordingState::out_of_scope);
    CHECK(is_terminal(wf.state()));
    CHECK(wf.row().reason == "queue sales is outside the compliance scope");
    CHECK_FALSE(wf.poll_command().has_value());
    CHECK(wf.take_finished());
    // A late duplicate delivery changes nothing.
    wf.handle(PlatformUpdate{"AVAILABLE", {"https://cdn/rec-0001.wav"}}, at_s(3));
    CHECK_FALSE(wf.poll_command().has_value());
    CHECK(wf.idle());
  }
  SECTION("inside the scope: what the platform said meanwhile is acted on") {
    wf.handle(QueueChecked{200, true, "payments"}, at_s(2));
    CHECK(wf.state() == RecordingState::fetching_metadata);
    CHECK(drain_has<FetchMetadata>(wf));
  }
  SECTION("no answer: asked again after each re-fetch delay, then kept, never dropped") {
    for (std::size_t i = 0; i < policy.refetch_delays.size(); ++i) {
      wf.handle(QueueChecked{503, std::nullopt, ""}, at_s(2));
      CHECK(wf.state() == RecordingState::received);
      REQUIRE(wf.next_deadline() == at_s(2) + policy.refetch_delays[i]);
      wf.handle_timeout(*wf.next_deadline());
      REQUIRE(drain_has<FetchCallQueue>(wf));
    }
    wf.handle(QueueChecked{0, std::nullopt, ""}, at_s(60));
    CHECK(wf.state() == RecordingState::fetching_metadata);
    REQUIRE_FALSE(wf.row().failure_log.empty());
    CHECK(wf.row().failure_log.back().find("queue unknown") != std::string::npos);
  }
}
