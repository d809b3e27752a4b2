#pragma once
// The scenario syntax for durations ("250ms", "15s", "10m", "2h", "1d"),
// sizes ("150KB", "8MiB", 1024) and comparisons (">= 119", "< 300ms").
#include <cstdint>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/types/result.hpp"
#include "core/types/time.hpp"
#include "core/types/units.hpp"
#include "sim/scenario/scenario.hpp"

namespace recguard::sim {

// Durations and size strings are core's (core/types/units.hpp), shared with
// the live configuration; a scenario also writes a size as a bare integer.
using recguard::parse_duration;
Result<std::int64_t> parse_size(const nlohmann::json& value);
Result<Comparison> parse_comparison(const nlohmann::json& value);

}  // namespace recguard::sim
