// The canonical trace: its digest is the SHA-256 of exactly the lines, it can
// be read mid-run, and the ring of recent lines serves failure reports.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>

#include "core/crypto/digest.hpp"
#include "sim/kernel/trace_recorder.hpp"

using namespace recguard;
using recguard::sim::TraceRecorder;

namespace {

Instant at_us(std::int64_t us) { return Instant{us}; }

std::string sha256_hex(const std::string& s) { return crypto::to_hex(crypto::sha256(std::string_view(s))); }

}  // namespace

TEST_CASE("an empty trace hashes to SHA-256 of nothing", "[sim][trace]") {
  TraceRecorder t;
  CHECK(t.line_count() == 0);
  CHECK(t.digest_hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("digest is SHA-256 of the joined lines, and stable mid-run", "[sim][trace]") {
  TraceRecorder t;
  t.record(at_us(0), "sim", "start demo seed=1");
  t.record(at_us(1500000), "platform", "call-start call-0001 rec-0001");
  // Pinned with coreutils: printf '0.000000s sim start demo seed=1\n1.500000s platform call-start call-0001 rec-0001\n' | sha256sum
  const std::string two_lines = "0.000000s sim start demo seed=1\n1.500000s platform call-start call-0001 rec-0001\n";
  CHECK(t.digest_hex() == sha256_hex(two_lines));
  CHECK(t.digest_hex() == "a373cbe850cc24fd2b69cc3def853eecf99a5a782c3ae16200177a21bc85e259");
  // Asking twice does not disturb the running hash.
  CHECK(t.digest_hex() == sha256_hex(two_lines));

  t.record(at_us(2000001), "orchestrator", "ack d1#1 200");
  const std::string three_lines = two_lines + "2.000001s orchestrator ack d1#1 200\n";
  CHECK(t.digest_hex() == sha256_hex(three_lines));
  CHECK(t.line_count() == 3);

  // A recorder that never had digest_hex() called mid-run agrees.
  TraceRecorder u;
  u.record(at_us(0), "sim", "start demo seed=1");
  u.record(at_us(1500000), "platform", "call-start call-0001 rec-0001");
  u.record(at_us(2000001), "orchestrator", "ack d1#1 200");
  CHECK(u.digest_hex() == t.digest_hex());
}

TEST_CASE("digest covers many lines and every byte of them", "[sim][trace]") {
  TraceRecorder a;
  TraceRecorder b;
  std::string joined;
  for (int i = 0; i < 30000; ++i) {
    const std::string text = "event " + std::to_string(i);
    a.record(at_us(i * 7), "net", text);
    b.record(at_us(i * 7), "net", i == 12345 ? "event 12346" : text);
    joined += format_instant(at_us(i * 7)) + " net " + text + "\n";
  }
  CHECK(a.digest_hex() == sha256_hex(joined));
  CHECK(a.digest_hex() != b.digest_hex());
  CHECK(a.line_count() == 30000);
}

TEST_CASE("the file sink receives exactly the hashed bytes", "[sim][trace]") {
  TraceRecorder t;
  std::ostringstream out;
  t.record(at_us(1), "sim", "before sink");
  t.set_file_sink(&out);
  t.record(at_us(2), "sim", "one");
  t.record(at_us(3), "relay", "two words");
  t.set_file_sink(nullptr);
  t.record(at_us(4), "sim", "after sink");
  CHECK(out.str() == "0.000002s sim one\n0.000003s relay two words\n");
}

TEST_CASE("recent lines come from a bounded ring, oldest first", "[sim][trace]") {
  TraceRecorder t;
  CHECK(t.recent(5).empty());
  t.record(at_us(1), "a", "x1");
  t.record(at_us(2), "b", "x2");
  CHECK(t.recent(5) == std::vector<std::string>{"0.000001s a x1", "0.000002s b x2"});
  CHECK(t.recent(1) == std::vector<std::string>{"0.000002s b x2"});
  CHECK(t.recent(0).empty());

  TraceRecorder big;
  const std::size_t total = TraceRecorder::kRecentCapacity + 2500;
  for (std::size_t i = 0; i < total; ++i) {
    big.record(at_us(static_cast<std::int64_t>(i)), "n", (i % 10 == 3 ? "rec-7 " : "rec-8 ") + std::to_string(i));
  }
  const auto all = big.recent(total);
  REQUIRE(all.size() == TraceRecorder::kRecentCapacity);
  CHECK(all.front() == format_instant(at_us(2500)) + " n rec-8 2500");
  CHECK(all.back() == format_instant(at_us(static_cast<std::int64_t>(total - 1))) + " n rec-8 " +
                          std::to_string(total - 1));

  const auto matching = big.recent_matching("rec-7", 3);
  REQUIRE(matching.size() == 3);
  CHECK(matching[0] == format_instant(at_us(22473)) + " n rec-7 22473");
  CHECK(matching[1] == format_instant(at_us(22483)) + " n rec-7 22483");
  CHECK(matching[2] == format_instant(at_us(22493)) + " n rec-7 22493");
  CHECK(big.recent_matching("no such thing", 5).empty());
  // Only lines still in the ring can match.
  CHECK(big.recent_matching("rec-7", 100000).size() == TraceRecorder::kRecentCapacity / 10);
}
