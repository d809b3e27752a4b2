#include "sim/kernel/prng.hpp"

#include <cassert>
#include <cmath>
#include <numbers>
#include <string>

#include "core/crypto/digest.hpp"

namespace recguard::sim {

namespace {

constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

// The reference splitmix64 (Vigna, public domain), used only for seeding.
std::uint64_t splitmix64(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// 64x64 -> 128-bit product. __extension__ keeps -Wpedantic quiet about
// __int128, which GCC and Clang both provide on every target we build for.
__extension__ using u128 = unsigned __int128;

// z(0.95): the standard normal quantile of the 95th percentile.
constexpr double kZ95 = 1.6448536;

}  // namespace

Prng::Prng(std::uint64_t seed) {
  for (auto& word : s_) word = splitmix64(seed);
}

Prng Prng::for_component(std::uint64_t run_seed, std::string_view component_name) {
  std::string material(8, '\0');
  for (int i = 0; i < 8; ++i) material[static_cast<std::size_t>(i)] = static_cast<char>((run_seed >> (8 * i)) & 0xFF);
  material.append(component_name);
  const crypto::Sha256Digest d = crypto::sha256(std::string_view(material));
  std::uint64_t stream_seed = 0;
  for (int i = 0; i < 8; ++i) stream_seed |= static_cast<std::uint64_t>(d[static_cast<std::size_t>(i)]) << (8 * i);
  return Prng(stream_seed);
}

Prng Prng::from_state(const std::array<std::uint64_t, 4>& state) {
  // xoshiro's only fixed point: an all-zero state would emit zeros forever.
  assert(state[0] != 0 || state[1] != 0 || state[2] != 0 || state[3] != 0);
  Prng p;
  p.s_ = state;
  return p;
}

std::uint64_t Prng::next_u64() {
  const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const std::uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

std::uint64_t Prng::uniform(std::uint64_t n) {
  assert(n > 0);
  u128 m = static_cast<u128>(next_u64()) * n;
  auto low = static_cast<std::uint64_t>(m);
  if (low < n) {
    // 2^64 mod n: the low products below it belong to an over-represented
    // bucket, so redraw them. Computed only on this rare path (a division).
    const std::uint64_t threshold = (0 - n) % n;
    while (low < threshold) {
      m = static_cast<u128>(next_u64()) * n;
      low = static_cast<std::uint64_t>(m);
    }
  }
  return static_cast<std::uint64_t>(m >> 64);
}

std::int64_t Prng::uniform_int(std::int64_t lo, std::int64_t hi) {
  assert(lo <= hi);
  // Unsigned arithmetic: hi - lo overflows int64 for wide ranges.
  const std::uint64_t span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
  const std::uint64_t offset = span == UINT64_MAX ? next_u64() : uniform(span + 1);
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(lo) + offset);
}

double Prng::uniform01() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

bool Prng::bernoulli(double p) {
  assert(p >= 0.0);
  assert(p <= 1.0);
  return uniform01() < p;
}

double Prng::exponential(double mean) {
  assert(mean >= 0.0);
  // 1 - u is in (0, 1], so the logarithm is finite.
  return -mean * std::log(1.0 - uniform01());
}

double Prng::normal(double mean, double stddev) {
  assert(stddev >= 0.0);
  const double u1 = 1.0 - uniform01();  // (0, 1]: log(u1) is finite
  const double u2 = uniform01();
  const double radius = std::sqrt(-2.0 * std::log(u1));
  return mean + stddev * radius * std::cos(2.0 * std::numbers::pi * u2);
}

double Prng::lognormal(double mu, double sigma) { return std::exp(normal(mu, sigma)); }

Duration Prng::uniform_duration(Duration lo, Duration hi) {
  assert(lo <= hi);
  return Duration{uniform_int(lo.us, hi.us)};
}

Duration Prng::exponential_duration(Duration mean) {
  assert(mean.us >= 0);
  return Duration{std::llround(exponential(static_cast<double>(mean.us)))};
}

Duration lognormal_from_median_p95(Prng& rng, Duration median, Duration p95) {
  assert(median.us > 0);
  assert(p95 >= median);
  const double mu = std::log(static_cast<double>(median.us));
  const double sigma = std::log(static_cast<double>(p95.us) / static_cast<double>(median.us)) / kZ95;
  return Duration{std::llround(rng.lognormal(mu, sigma))};
}

}  // namespace recguard::sim
