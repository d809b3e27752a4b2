// The determinism check names the first trace line where two runs part ways.
#include <catch2/catch.hpp>

#include "sim/runner/trace_fingerprint.hpp"

using namespace recguard::sim;

namespace {

void feed(TraceFingerprint& f, const std::vector<std::string>& lines) {
  auto observe = f.observer();
  for (std::size_t i = 0; i < lines.size(); ++i) observe(i, lines[i]);
}

}  // namespace

TEST_CASE("identical traces have no first difference", "[unit]") {
  TraceFingerprint a, b;
  feed(a, {"0.000000s sim start", "1.000000s platform call-start call-0001"});
  feed(b, {"0.000000s sim start", "1.000000s platform call-start call-0001"});
  CHECK_FALSE(first_difference(a, b).has_value());
}

TEST_CASE("the first differing line is named with both runs' text", "[unit]") {
  TraceFingerprint a, b;
  feed(a, {"l0", "l1", "run A line", "l3"});
  feed(b, {"l0", "l1", "run B line", "l3"});
  const auto d = first_difference(a, b);
  REQUIRE(d.has_value());
  CHECK(d->line == 2);
  CHECK(d->first == "run A line");
  CHECK(d->second == "run B line");
}

TEST_CASE("a run that stops early differs where it stopped", "[unit]") {
  TraceFingerprint a, b;
  feed(a, {"l0", "l1", "l2"});
  feed(b, {"l0", "l1"});
  const auto d = first_difference(a, b);
  REQUIRE(d.has_value());
  CHECK(d->line == 2);
  CHECK(d->first == "l2");
  CHECK(d->second.find("run ended") != std::string::npos);
}
