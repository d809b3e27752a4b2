// Simulated links: symmetric base latency, timed latency windows with "*",
// and partitions that lose messages sent while they last.
#include <catch2/catch.hpp>

#include "sim/kernel/network.hpp"

using namespace recguard;
using recguard::sim::Network;

namespace {

Instant at_s(std::int64_t s) { return Instant{} + Duration::seconds(s); }

}  // namespace

TEST_CASE("links use the default latency until set, symmetrically", "[sim][network]") {
  Network net(Duration::millis(20));
  CHECK(net.latency("platform", "orchestrator", at_s(0)) == Duration::millis(20));
  net.set_latency("platform", "orchestrator", Duration::millis(45));
  CHECK(net.latency("platform", "orchestrator", at_s(0)) == Duration::millis(45));
  CHECK(net.latency("orchestrator", "platform", at_s(0)) == Duration::millis(45));
  CHECK(net.latency("orchestrator", "primary", at_s(0)) == Duration::millis(20));

  // Set from the other direction: replaces, does not add a second entry.
  net.set_latency("orchestrator", "platform", Duration::millis(5));
  CHECK(net.latency("platform", "orchestrator", at_s(0)) == Duration::millis(5));
}

TEST_CASE("latency windows add extra latency from their start up to their end", "[sim][network]") {
  Network net(Duration::millis(20));
  net.add_latency_window("orchestrator", "backup", at_s(10), at_s(20), Duration::millis(500));
  CHECK(net.latency("orchestrator", "backup", at_s(9)) == Duration::millis(20));
  CHECK(net.latency("orchestrator", "backup", at_s(10)) == Duration::millis(520));
  CHECK(net.latency("backup", "orchestrator", at_s(15)) == Duration::millis(520));
  CHECK(net.latency("orchestrator", "backup", at_s(20)) == Duration::millis(20));
  CHECK(net.latency("orchestrator", "primary", at_s(15)) == Duration::millis(20));

  // Overlapping windows add up.
  net.add_latency_window("orchestrator", "backup", at_s(15), at_s(30), Duration::millis(100));
  CHECK(net.latency("orchestrator", "backup", at_s(16)) == Duration::millis(620));
  CHECK(net.latency("orchestrator", "backup", at_s(25)) == Duration::millis(120));
}

TEST_CASE("\"*\" makes a window cover every link touching the node", "[sim][network]") {
  Network net(Duration::millis(10));
  net.set_latency("cdn", "orchestrator", Duration::millis(30));
  net.add_latency_window("orchestrator", "*", at_s(0), at_s(60), Duration::seconds(2));
  CHECK(net.latency("orchestrator", "cdn", at_s(1)) == Duration::millis(2030));
  CHECK(net.latency("primary", "orchestrator", at_s(1)) == Duration::millis(2010));
  CHECK(net.latency("primary", "backup", at_s(1)) == Duration::millis(10));

  net.add_partition("*", "backup", at_s(100), at_s(200));
  CHECK(net.partitioned("orchestrator", "backup", at_s(150)));
  CHECK(net.partitioned("backup", "cdn", at_s(150)));
  CHECK_FALSE(net.partitioned("orchestrator", "primary", at_s(150)));
}

TEST_CASE("partitions cut a link from their start up to their end, in both directions", "[sim][network]") {
  Network net(Duration::millis(20));
  net.add_partition("orchestrator", "primary", at_s(30), at_s(90));
  CHECK_FALSE(net.partitioned("orchestrator", "primary", at_s(29)));
  CHECK(net.partitioned("orchestrator", "primary", at_s(30)));
  CHECK(net.partitioned("primary", "orchestrator", at_s(60)));
  CHECK_FALSE(net.partitioned("orchestrator", "primary", at_s(90)));
  CHECK_FALSE(net.partitioned("orchestrator", "backup", at_s(60)));
  // A partition does not change latency: it decides loss at send time only.
  CHECK(net.latency("orchestrator", "primary", at_s(60)) == Duration::millis(20));

  // An empty window cuts nothing.
  net.add_partition("a", "b", at_s(5), at_s(5));
  CHECK_FALSE(net.partitioned("a", "b", at_s(5)));
}
