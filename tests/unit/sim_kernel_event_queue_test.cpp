// The event queue orders by (time, insertion), cancels lazily, and holds
// move-only events; the virtual clock only moves forward.
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "sim/kernel/event_queue.hpp"
#include "sim/kernel/prng.hpp"
#include "sim/kernel/virtual_clock.hpp"

using namespace recguard;
using recguard::sim::EventQueue;

namespace {

Instant at_ms(std::int64_t ms) { return Instant{} + Duration::millis(ms); }

std::vector<std::string> drain(EventQueue<std::string>& q) {
  std::vector<std::string> out;
  while (!q.empty()) out.push_back(q.pop().event);
  return out;
}

}  // namespace

TEST_CASE("events pop in time order, equal times in insertion order", "[sim][event_queue]") {
  EventQueue<std::string> q;
  CHECK(q.empty());
  q.push(at_ms(30), "c");
  q.push(at_ms(10), "a1");
  q.push(at_ms(20), "b");
  q.push(at_ms(10), "a2");
  q.push(at_ms(10), "a3");
  CHECK(q.size() == 5);
  CHECK(q.next_time() == at_ms(10));
  CHECK(drain(q) == std::vector<std::string>{"a1", "a2", "a3", "b", "c"});
}

TEST_CASE("push returns increasing, non-zero sequence numbers carried by the entry", "[sim][event_queue]") {
  EventQueue<std::string> q;
  const auto s1 = q.push(at_ms(5), "x");
  const auto s2 = q.push(at_ms(1), "y");
  CHECK(s1 != 0);
  CHECK(s2 > s1);
  const auto first = q.pop();
  CHECK(first.seq == s2);
  CHECK(first.at == at_ms(1));
  CHECK(first.event == "y");
  CHECK(q.pop().seq == s1);
}

TEST_CASE("many same-time events keep insertion order through heap reshuffles", "[sim][event_queue]") {
  EventQueue<int> q;
  sim::Prng rng(4);
  std::vector<std::pair<std::int64_t, int>> pushed;
  for (int i = 0; i < 5000; ++i) {
    const std::int64_t t = rng.uniform_int(0, 20);  // many ties
    q.push(at_ms(t), i);
    pushed.emplace_back(t, i);
  }
  // Expected: stable sort by time, i.e. (time, insertion).
  std::stable_sort(pushed.begin(), pushed.end(), [](auto& a, auto& b) { return a.first < b.first; });
  for (const auto& [t, i] : pushed) {
    const auto e = q.pop();
    REQUIRE(e.at == at_ms(t));
    REQUIRE(e.event == i);
  }
  CHECK(q.empty());
}

TEST_CASE("cancel removes an event wherever it sits, and is a no-op afterwards", "[sim][event_queue]") {
  EventQueue<std::string> q;
  const auto a = q.push(at_ms(1), "a");
  const auto b = q.push(at_ms(2), "b");
  const auto c = q.push(at_ms(3), "c");
  CHECK(q.cancel(b));
  CHECK(q.size() == 2);
  CHECK_FALSE(q.cancel(b));  // already cancelled
  CHECK(q.cancel(a));        // the front: next_time must move on at once
  CHECK(q.size() == 1);
  CHECK(q.next_time() == at_ms(3));
  CHECK(drain(q) == std::vector<std::string>{"c"});
  CHECK_FALSE(q.cancel(c));     // already ran
  CHECK_FALSE(q.cancel(12345));  // never existed
  CHECK(q.empty());
}

TEST_CASE("cancelling everything empties the queue, mass cancellation compacts", "[sim][event_queue]") {
  EventQueue<int> q;
  std::vector<std::uint64_t> seqs;
  for (int i = 0; i < 4000; ++i) seqs.push_back(q.push(at_ms(1000 + i), i));
  // Cancel all but every 100th, as answered webhook timeouts would be.
  for (std::size_t i = 0; i < seqs.size(); ++i) {
    if (i % 100 != 0) CHECK(q.cancel(seqs[i]));
  }
  CHECK(q.size() == 40);
  std::vector<int> left;
  while (!q.empty()) left.push_back(q.pop().event);
  REQUIRE(left.size() == 40);
  for (std::size_t i = 0; i < left.size(); ++i) CHECK(left[i] == static_cast<int>(i * 100));

  const auto only = q.push(at_ms(1), 1);
  CHECK(q.cancel(only));
  CHECK(q.empty());
  CHECK(q.size() == 0);
}

TEST_CASE("move-only events", "[sim][event_queue]") {
  EventQueue<std::unique_ptr<int>> q;
  q.push(at_ms(2), std::make_unique<int>(2));
  q.push(at_ms(1), std::make_unique<int>(1));
  auto e = q.pop();
  REQUIRE(e.event);
  CHECK(*e.event == 1);
  CHECK(*q.pop().event == 2);
}

TEST_CASE("virtual clock starts at zero (or a given instant) and advances monotonically", "[sim][clock]") {
  sim::VirtualClock clock;
  CHECK(clock.now() == Instant{});
  clock.advance_to(at_ms(5));
  clock.advance_to(at_ms(5));  // same instant is fine: several events at one time
  CHECK(clock.now() == at_ms(5));
  clock.advance_to(at_ms(7));
  CHECK(clock.now() == at_ms(7));
  sim::VirtualClock later(at_ms(100));
  CHECK(later.now() == at_ms(100));
}
