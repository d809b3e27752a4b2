// The seeded PRNG: pinned outputs, cross-checked against the published
// reference code, per-component stream independence, and the distributions.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <map>
#include <numeric>
#include <string>
#include <vector>

#include "core/crypto/digest.hpp"
#include "sim/kernel/prng.hpp"

using namespace recguard;
using recguard::sim::Prng;

namespace {

// ---- Reference code, transcribed from the authors' public-domain C sources
// (prng.di.unimi.it: splitmix64.c and xoshiro256starstar.c), kept as close to
// the original as C++ allows so that it checks Prng independently.
namespace reference {

uint64_t x; /* The state can be seeded with any value. */
uint64_t splitmix64_next() {
  uint64_t z = (x += 0x9e3779b97f4a7c15);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
  z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
  return z ^ (z >> 31);
}

static inline uint64_t rotl(const uint64_t v, int k) { return (v << k) | (v >> (64 - k)); }

uint64_t s[4];
uint64_t next(void) {
  const uint64_t result = rotl(s[1] * 5, 7) * 9;
  const uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return result;
}

void seed_with_splitmix(uint64_t seed) {
  x = seed;
  for (auto& word : s) word = splitmix64_next();
}

// The component derivation as documented in prng.hpp, rebuilt from its parts.
uint64_t component_seed(uint64_t run_seed, const std::string& name) {
  std::string material;
  for (int i = 0; i < 8; ++i) material.push_back(static_cast<char>(run_seed >> (8 * i)));
  material += name;
  const auto d = crypto::sha256(std::string_view(material));
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | d[static_cast<std::size_t>(i)];
  return v;
}

}  // namespace reference

std::vector<std::uint64_t> draws(Prng p, int n) {
  std::vector<std::uint64_t> out;
  for (int i = 0; i < n; ++i) out.push_back(p.next_u64());
  return out;
}

}  // namespace

TEST_CASE("reference code reproduces the published test vectors", "[sim][prng]") {
  // splitmix64 seeded with 0: the widely published first outputs.
  reference::x = 0;
  CHECK(reference::splitmix64_next() == 0xe220a8397b1dcdafULL);
  CHECK(reference::splitmix64_next() == 0x6e789e6aa1b965f4ULL);
  CHECK(reference::splitmix64_next() == 0x06c45d188009454fULL);
  CHECK(reference::splitmix64_next() == 0xf88bb8a8724c81ecULL);

  // xoshiro256** from state {1, 2, 3, 4}: the vector other ports test against.
  const std::vector<std::uint64_t> expected = {11520ULL, 0ULL, 1509978240ULL, 1215971899390074240ULL,
                                               1216172134540287360ULL, 607988272756665600ULL};
  reference::s[0] = 1;
  reference::s[1] = 2;
  reference::s[2] = 3;
  reference::s[3] = 4;
  for (auto v : expected) CHECK(reference::next() == v);
  CHECK(draws(Prng::from_state({1, 2, 3, 4}), 6) == expected);
}

TEST_CASE("Prng(seed) equals the reference xoshiro256** seeded through splitmix64", "[sim][prng]") {
  for (std::uint64_t seed : {0ULL, 1ULL, 42ULL, 0xdeadbeefULL, ~0ULL}) {
    reference::seed_with_splitmix(seed);
    Prng p(seed);
    for (int i = 0; i < 1000; ++i) REQUIRE(p.next_u64() == reference::next());
  }
  // Pinned: computed once by an independent Python implementation.
  CHECK(draws(Prng(1), 3) ==
        std::vector<std::uint64_t>{0xb3f2af6d0fc710c5ULL, 0x853b559647364ceaULL, 0x92f89756082a4514ULL});
}

TEST_CASE("golden values: seed 1, component \"platform\"", "[sim][prng]") {
  // SHA-256(01 00 00 00 00 00 00 00 || "platform") =
  // 9bc690e03f63c188a8c7cdb9a45d3637f137563323f3d486c0aed4d491c9401a, whose
  // first 8 bytes read little-endian are the stream's splitmix64 seed.
  // These values were computed once with Python's hashlib and an independent
  // Python xoshiro256**, and are pinned: if they change, every recorded trace
  // digest and every "--seed N" reproduction changes with them.
  const std::uint64_t stream_seed = 0x88c1633fe090c69bULL;
  CHECK(reference::component_seed(1, "platform") == stream_seed);
  const std::vector<std::uint64_t> golden = {0xdb9f7705ff08cc72ULL, 0x9c3b5ed531596fa3ULL, 0x986b744a61098c70ULL,
                                             0x060a64711ca23d4bULL, 0x2782f35ba3ff7ed8ULL};
  CHECK(draws(Prng::for_component(1, "platform"), 5) == golden);
  CHECK(draws(Prng(stream_seed), 5) == golden);

  reference::seed_with_splitmix(reference::component_seed(1, "platform"));
  for (auto v : golden) CHECK(reference::next() == v);

  // Lemire's method, also pinned against the Python computation.
  Prng p = Prng::for_component(1, "platform");
  std::vector<std::uint64_t> dice;
  for (int i = 0; i < 5; ++i) dice.push_back(p.uniform(10));
  CHECK(dice == std::vector<std::uint64_t>{8, 6, 5, 0, 1});
  // n = 2^63 + 1 rejects about half of all draws: pins the rejection path.
  std::vector<std::uint64_t> wide;
  for (int i = 0; i < 3; ++i) wide.push_back(p.uniform((1ULL << 63) + 1));
  CHECK(wide == std::vector<std::uint64_t>{7061412987406038863ULL, 825322272052285576ULL, 131510517422046782ULL});

  CHECK(draws(Prng::for_component(1, "media"), 2) ==
        std::vector<std::uint64_t>{0x6c069844beb221b1ULL, 0x1713bd14435fffb4ULL});
}

TEST_CASE("component streams are independent and stable", "[sim][prng]") {
  const auto platform = draws(Prng::for_component(7, "platform"), 64);
  CHECK(platform != draws(Prng::for_component(7, "media"), 64));
  CHECK(platform != draws(Prng::for_component(8, "platform"), 64));
  CHECK(platform != draws(Prng::for_component(7, "platform2"), 64));
  CHECK(platform != draws(Prng::for_component(7, ""), 64));

  // A world with two components, then the same world with a third one added
  // (created first, and drawn from in between): platform's stream is unchanged.
  std::vector<std::uint64_t> with_two;
  {
    Prng a = Prng::for_component(7, "platform");
    Prng b = Prng::for_component(7, "media");
    for (int i = 0; i < 64; ++i) {
      with_two.push_back(a.next_u64());
      b.next_u64();
    }
  }
  std::vector<std::uint64_t> with_three;
  {
    Prng c = Prng::for_component(7, "chaos");
    Prng a = Prng::for_component(7, "platform");
    Prng b = Prng::for_component(7, "media");
    for (int i = 0; i < 64; ++i) {
      c.next_u64();
      with_three.push_back(a.next_u64());
      b.next_u64();
    }
  }
  CHECK(with_two == platform);
  CHECK(with_three == platform);
}

TEST_CASE("uniform(n) stays in range, including n = 1 and huge n", "[sim][prng]") {
  Prng p(3);
  for (int i = 0; i < 1000; ++i) CHECK(p.uniform(1) == 0);
  for (std::uint64_t n : {2ULL, 3ULL, 7ULL, 1000ULL, (1ULL << 32) + 1, (1ULL << 63) + 1, ~0ULL}) {
    for (int i = 0; i < 2000; ++i) REQUIRE(p.uniform(n) < n);
  }
}

TEST_CASE("uniform(n) is uniform: chi-square over 10 buckets", "[sim][prng]") {
  Prng p = Prng::for_component(2024, "chi-square");
  constexpr int kBuckets = 10;
  constexpr int kDraws = 100000;
  std::array<int, kBuckets> counts{};
  for (int i = 0; i < kDraws; ++i) ++counts[p.uniform(kBuckets)];
  const double expected = static_cast<double>(kDraws) / kBuckets;
  double chi2 = 0;
  for (int c : counts) chi2 += (c - expected) * (c - expected) / expected;
  // 27.88 is the 99.9th percentile of chi-square with 9 degrees of freedom.
  CHECK(chi2 < 27.88);
}

TEST_CASE("uniform_int and uniform_duration are inclusive at both ends", "[sim][prng]") {
  Prng p(11);
  std::map<std::int64_t, int> seen;
  for (int i = 0; i < 5000; ++i) {
    const auto v = p.uniform_int(-3, 3);
    REQUIRE(v >= -3);
    REQUIRE(v <= 3);
    ++seen[v];
  }
  CHECK(seen.size() == 7);
  CHECK(p.uniform_int(5, 5) == 5);
  // The whole int64 range must not overflow.
  for (int i = 0; i < 100; ++i) (void)p.uniform_int(INT64_MIN, INT64_MAX);
  const auto v = p.uniform_int(INT64_MIN, INT64_MIN + 1);
  CHECK((v == INT64_MIN || v == INT64_MIN + 1));

  bool saw_lo = false;
  bool saw_hi = false;
  for (int i = 0; i < 2000; ++i) {
    const Duration d = p.uniform_duration(Duration::micros(10), Duration::micros(20));
    REQUIRE(d >= Duration::micros(10));
    REQUIRE(d <= Duration::micros(20));
    saw_lo = saw_lo || d == Duration::micros(10);
    saw_hi = saw_hi || d == Duration::micros(20);
  }
  CHECK(saw_lo);
  CHECK(saw_hi);
}

TEST_CASE("uniform01 and bernoulli", "[sim][prng]") {
  Prng p(5);
  double sum = 0;
  for (int i = 0; i < 100000; ++i) {
    const double u = p.uniform01();
    REQUIRE(u >= 0.0);
    REQUIRE(u < 1.0);
    sum += u;
  }
  CHECK(sum / 100000 == Approx(0.5).margin(0.005));

  int heads = 0;
  for (int i = 0; i < 100000; ++i) heads += p.bernoulli(0.3) ? 1 : 0;
  CHECK(heads / 100000.0 == Approx(0.3).margin(0.005));
  for (int i = 0; i < 1000; ++i) {
    CHECK_FALSE(p.bernoulli(0.0));
    CHECK(p.bernoulli(1.0));
  }
}

TEST_CASE("exponential mean is within 2% over 100k draws", "[sim][prng]") {
  Prng p = Prng::for_component(99, "exponential");
  double sum = 0;
  for (int i = 0; i < 100000; ++i) {
    const double v = p.exponential(250.0);
    REQUIRE(v >= 0.0);
    sum += v;
  }
  CHECK(sum / 100000 == Approx(250.0).epsilon(0.02));

  std::int64_t total_us = 0;
  for (int i = 0; i < 100000; ++i) total_us += p.exponential_duration(Duration::millis(40)).us;
  CHECK(static_cast<double>(total_us) / 100000 == Approx(40000.0).epsilon(0.02));
}

TEST_CASE("normal has the requested mean and standard deviation", "[sim][prng]") {
  Prng p = Prng::for_component(99, "normal");
  constexpr int kDraws = 100000;
  std::vector<double> xs;
  xs.reserve(kDraws);
  for (int i = 0; i < kDraws; ++i) xs.push_back(p.normal(10.0, 2.0));
  const double mean = std::accumulate(xs.begin(), xs.end(), 0.0) / kDraws;
  double sq = 0;
  for (double v : xs) sq += (v - mean) * (v - mean);
  CHECK(mean == Approx(10.0).margin(0.05));
  CHECK(std::sqrt(sq / (kDraws - 1)) == Approx(2.0).epsilon(0.02));
  // About 95% within 1.96 standard deviations.
  const auto inside = std::count_if(xs.begin(), xs.end(), [](double v) { return std::abs(v - 10.0) < 1.96 * 2.0; });
  CHECK(static_cast<double>(inside) / kDraws == Approx(0.95).margin(0.005));
}

TEST_CASE("lognormal_from_median_p95 hits its median and 95th percentile", "[sim][prng]") {
  Prng p = Prng::for_component(99, "lognormal");
  constexpr int kDraws = 100000;
  std::vector<std::int64_t> us;
  us.reserve(kDraws);
  for (int i = 0; i < kDraws; ++i) {
    us.push_back(sim::lognormal_from_median_p95(p, Duration::millis(80), Duration::millis(400)).us);
  }
  std::sort(us.begin(), us.end());
  CHECK(static_cast<double>(us[kDraws / 2]) == Approx(80000.0).epsilon(0.03));
  CHECK(static_cast<double>(us[kDraws * 95 / 100]) == Approx(400000.0).epsilon(0.03));

  // With p95 == median there is no spread at all.
  for (int i = 0; i < 10; ++i) {
    CHECK(sim::lognormal_from_median_p95(p, Duration::millis(5), Duration::millis(5)) == Duration::millis(5));
  }
}

TEST_CASE("shuffle is a permutation, deterministic, and uniform over 3 items", "[sim][prng]") {
  std::vector<int> a(50);
  std::iota(a.begin(), a.end(), 0);
  std::vector<int> b = a;
  Prng p1(17);
  Prng p2(17);
  p1.shuffle(a);
  p2.shuffle(b);
  CHECK(a == b);
  std::vector<int> sorted = a;
  std::sort(sorted.begin(), sorted.end());
  std::vector<int> identity(50);
  std::iota(identity.begin(), identity.end(), 0);
  CHECK(sorted == identity);
  CHECK(a != identity);

  std::vector<std::string> empty;
  p1.shuffle(empty);
  std::vector<std::string> one = {"x"};
  p1.shuffle(one);
  CHECK(one == std::vector<std::string>{"x"});

  std::map<std::vector<int>, int> perms;
  Prng p = Prng::for_component(1, "shuffle");
  for (int i = 0; i < 60000; ++i) {
    std::vector<int> v = {0, 1, 2};
    p.shuffle(v);
    ++perms[v];
  }
  REQUIRE(perms.size() == 6);
  for (const auto& [perm, count] : perms) CHECK(count == Approx(10000).epsilon(0.05));
}
