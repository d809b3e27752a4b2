#pragma once
// Durations ("250ms", "15s", "10m", "2h", "1d") and sizes ("150KB", "8MiB",
// "1024") as people write them: in scenario files and in the live
// configuration, so both read the same text the same way.
#include <cstdint>
#include <string_view>

#include "core/types/result.hpp"
#include "core/types/time.hpp"

namespace recguard {

// allow_negative only for clock offsets ("-2s"). Errors say what was expected.
Result<Duration> parse_duration(std::string_view text, bool allow_negative = false);
// Bytes with an optional unit: B, KB, MB, GB (powers of 1000) or KiB, MiB, GiB.
Result<std::int64_t> parse_size(std::string_view text);

}  // namespace recguard
