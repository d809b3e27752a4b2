#pragma once
// ISO 8601 UTC timestamps as platforms write them ("2026-01-01T00:04:00.000Z"),
// to and from milliseconds since the Unix epoch. Pure arithmetic (Howard
// Hinnant's days-from-civil), no locale and no clock: the core may use it.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace recguard {

std::string iso8601_utc(std::int64_t unix_ms);
// Accepts "YYYY-MM-DDTHH:MM:SS[.f...]" then "Z" or "+hh:mm"/"-hh:mm" (fractions
// past milliseconds are dropped); anything else, a date that does not exist
// included, is empty.
std::optional<std::int64_t> parse_iso8601_utc_ms(std::string_view s);

}  // namespace recguard
