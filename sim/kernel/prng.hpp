#pragma once
// The simulation's only source of randomness: xoshiro256** seeded through
// splitmix64, with every distribution implemented here. std:: distributions
// are not used because their output differs between standard libraries, and
// a seed must replay the same run everywhere (STYLE.md #3).
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "core/types/time.hpp"

namespace recguard::sim {

class Prng {
 public:
  // Expands `seed` into the 256-bit state with splitmix64, as the xoshiro
  // authors recommend, so that nearby seeds give unrelated streams.
  explicit Prng(std::uint64_t seed);

  // An independent stream for one named component: the splitmix64 seed is the
  // first 8 bytes (little-endian) of SHA-256(run_seed as 8 little-endian
  // bytes || component_name). Streams depend only on (seed, name), so adding a
  // component never shifts the others' draws.
  static Prng for_component(std::uint64_t run_seed, std::string_view component_name);

  // Exact state, for checking against the published reference vectors.
  static Prng from_state(const std::array<std::uint64_t, 4>& state);

  std::uint64_t next_u64();

  // Uniform in [0, n), unbiased: Lemire's multiply-shift with rejection.
  std::uint64_t uniform(std::uint64_t n);
  // Uniform in [lo, hi], both inclusive; the full int64 range is allowed.
  std::int64_t uniform_int(std::int64_t lo, std::int64_t hi);
  // Uniform in [0, 1) on the 2^-53 grid: every value is an exact double.
  double uniform01();
  bool bernoulli(double p);
  double exponential(double mean);
  // Box–Muller; each call consumes exactly two draws (the pair's second value
  // is not cached), so the stream position is easy to reason about.
  double normal(double mean, double stddev);
  // exp(normal(mu, sigma)): mu and sigma are of the logarithm.
  double lognormal(double mu, double sigma);

  // Uniform in [lo, hi] to the microsecond, both inclusive.
  Duration uniform_duration(Duration lo, Duration hi);
  // Exponential with the given mean, rounded to the microsecond.
  Duration exponential_duration(Duration mean);

  // Fisher–Yates, drawing with uniform(), so the permutation is the same on
  // every standard library (std::shuffle's is not).
  template <class T>
  void shuffle(std::vector<T>& items) {
    for (std::size_t i = items.size(); i > 1; --i) {
      const auto j = static_cast<std::size_t>(uniform(static_cast<std::uint64_t>(i)));
      using std::swap;
      swap(items[i - 1], items[j]);
    }
  }

 private:
  Prng() = default;
  std::array<std::uint64_t, 4> s_{};
};

// A lognormal duration described the way latencies are usually quoted: by its
// median and 95th percentile. sigma = ln(p95 / median) / z(0.95).
Duration lognormal_from_median_p95(Prng& rng, Duration median, Duration p95);

}  // namespace recguard::sim
