#pragma once
// Dates for signatures and store responses, computed arithmetically from Unix
// seconds (Howard Hinnant's civil-from-days algorithms): no gmtime, no time
// zone, no clock. The caller supplies the time, so the simulation's virtual
// clock and live mode's real one produce the same strings for the same second.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace recguard::signing {

std::string amz_date(std::int64_t unix_seconds);      // "20150830T123600Z" (SigV4 X-Amz-Date)
std::string rfc1123_date(std::int64_t unix_seconds);  // "Sun, 30 Aug 2015 12:36:00 GMT" (x-ms-date, Last-Modified)
std::string iso8601_date(std::int64_t unix_seconds);  // "2015-08-30T12:36:00.000Z" (S3 listings)

// The inverses, for servers (the store models) that check clock skew. Anything
// not exactly in the format above is nullopt: a malformed date is the sender's
// operating error, answered with a 403, never a crash.
std::optional<std::int64_t> parse_amz_date(std::string_view s);
std::optional<std::int64_t> parse_rfc1123_date(std::string_view s);

}  // namespace recguard::signing
