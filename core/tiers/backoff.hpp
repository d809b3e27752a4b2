#pragma once
// Backoff between retries of one store write: exponential from 5 s, doubling
// to a 5-minute cap, with jitter so that the writes a throttled tier refused
// together do not all come back in the same instant.
//
// Jitter rule: delay = base - j, with j drawn uniformly from [0, base x
// jitter_percent / 100] ("the full delay minus up to 20%"). The result is never
// above the cap (base already is not, and jitter only shortens it) and never
// below `floor` (1 s). j is a pure function of (seed, salt, attempt): the
// driver's seed, a salt naming the caller (salt_of(recording id)) and the
// attempt, so a replay with the same seed waits exactly as long.
#include <cstdint>
#include <string_view>

#include "core/types/time.hpp"

namespace recguard::tiers {

struct BackoffPolicy {
  Duration first = Duration::seconds(5);
  Duration cap = Duration::minutes(5);
  int jitter_percent = 20;               // 0..100: how much of the delay jitter may take off
  Duration floor = Duration::seconds(1);  // no delay is ever shorter
};

// The delay before jitter: first x 2^(attempt-1), capped. attempt is 1-based.
Duration backoff_base_delay(int attempt, const BackoffPolicy& p = {});

// The delay after jitter (rule above). attempt is 1-based.
Duration backoff_delay(int attempt, std::uint64_t seed, std::uint64_t salt, const BackoffPolicy& p = {});

// splitmix64's output function: a fixed, library-independent 64-bit mixer.
std::uint64_t splitmix64(std::uint64_t x);
// A salt from a name (FNV-1a 64 of the bytes), e.g. salt_of(recording_id.str()).
std::uint64_t salt_of(std::string_view name);

}  // namespace recguard::tiers
