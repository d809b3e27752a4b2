#pragma once
// Durations ("250ms", "30s", "10m", "2h", "1d") and sizes (1048576, "64MiB")
// as the live configuration writes them. The scenario syntax has the same
// parse in sim/scenario/units.hpp, which live/ may not include; this is the
// small subset a configuration needs (whole numbers only).
#include <cstdint>
#include <string_view>

#include "core/types/result.hpp"
#include "core/types/time.hpp"

namespace recguard::live {

// Error messages say what was expected ("a duration like ...").
Result<Duration> parse_config_duration(std::string_view text);
Result<std::int64_t> parse_config_size(std::string_view text);

}  // namespace recguard::live
