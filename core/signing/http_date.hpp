#pragma once
// Dates for signatures, computed arithmetically from Unix seconds: no gmtime,
// no time zone, no clock (the caller supplies the time).
#include <cstdint>
#include <string>

namespace recguard::signing {

std::string amz_date(std::int64_t unix_seconds);      // "20150830T123600Z"
std::string rfc1123_date(std::int64_t unix_seconds);  // "Sun, 30 Aug 2015 12:36:00 GMT"

}  // namespace recguard::signing
