#pragma once
// Wire details both store models share: error bodies, byte ranges, path
// decoding, metadata headers and opaque listing tokens.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/http/message.hpp"

namespace recguard::mocks {

// S3: <Error><Code/><Message/><Resource/><RequestId/></Error>, application/xml.
http::Response s3_error(int status, std::string_view code, std::string_view message, std::string_view resource,
                        std::string_view request_id);
// Azure: <Error><Code/><Message/></Error> plus the x-ms-error-code and
// x-ms-request-id headers. HEAD responses carry no body (HTTP forbids one), so
// for them only the headers say what went wrong, as on the real service.
http::Response azure_error(int status, std::string_view code, std::string_view message, std::string_view request_id,
                           bool with_body = true);

// "bytes=first-last", "bytes=first-" and "bytes=-suffix" (one range only, as
// both services honour). nullopt: no Range header or one the stores ignore
// (multi-range, malformed) so the whole object is sent, as S3 and Azure do.
struct ByteRange {
  bool satisfiable = true;  // false: 416
  std::int64_t first = 0;
  std::int64_t last = 0;  // inclusive
};
std::optional<ByteRange> parse_byte_range(std::string_view header, std::int64_t size);

// Percent-decoding of a request path ('+' stays '+': it is a literal in paths).
std::string decode_path(std::string_view path);


// x-amz-meta-* / x-ms-meta-* headers by lower-case suffix.
std::map<std::string, std::string> metadata_headers(const http::Headers& headers, std::string_view prefix);

// Opaque continuation tokens (S3 NextContinuationToken, Azure NextMarker):
// base64 of the last name returned. Clients must not interpret them.
std::string listing_token(std::string_view last_name);
std::optional<std::string> listing_token_name(std::string_view token);

// |request time - now| within the services' 15-minute allowance.
inline constexpr std::int64_t kMaxClockSkewSeconds = 15 * 60;

}  // namespace recguard::mocks
