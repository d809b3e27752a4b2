#include "core/tiers/backoff.hpp"

#include <algorithm>
#include <cassert>

namespace recguard::tiers {

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

std::uint64_t salt_of(std::string_view name) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : name) h = (h ^ c) * 1099511628211ULL;
  return h;
}

Duration backoff_base_delay(int attempt, const BackoffPolicy& p) {
  assert(attempt >= 1);
  assert(p.first.us > 0);
  assert(p.cap >= p.first);
  Duration d = p.first;
  // Stop doubling at the cap: no overflow however many attempts there were.
  for (int i = 1; i < attempt && d < p.cap; ++i) d = d * 2;
  return std::min(d, p.cap);
}

Duration backoff_delay(int attempt, std::uint64_t seed, std::uint64_t salt, const BackoffPolicy& p) {
  assert(p.jitter_percent >= 0);
  assert(p.jitter_percent <= 100);
  const Duration base = backoff_base_delay(attempt, p);
  // Each input goes through the mixer before it is combined, so that
  // (seed 1, attempt 2) and (seed 2, attempt 1) do not draw the same jitter.
  const std::uint64_t h =
      splitmix64(seed ^ splitmix64(salt ^ splitmix64(static_cast<std::uint64_t>(attempt))));
  const std::int64_t span_us = base.us * p.jitter_percent / 100;
  // Modulo bias is below 2^-40 for any span under an hour: irrelevant here.
  const std::int64_t j_us = span_us > 0 ? static_cast<std::int64_t>(h % static_cast<std::uint64_t>(span_us + 1)) : 0;
  return std::max(base - Duration{j_us}, std::min(p.floor, p.cap));
}

}  // namespace recguard::tiers
