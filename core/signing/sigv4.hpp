#pragma once
// Where an S3 request is signed: AWS Signature Version 4, header-based.
// Pure functions; the caller passes the time. Verification (for the product's
// own S3 model and mock-serve) recomputes the signature with the stored
// secret. Checked against the public aws-c-auth SigV4 suite (tests/data/sigv4).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/http/message.hpp"
#include "core/signing/http_date.hpp"  // amz_date(), rfc1123_date()

namespace recguard::signing {

struct AwsCredentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty unless temporary (STS) credentials
};

inline constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";
inline constexpr std::string_view kEmptySha256Hex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

struct SigV4Params {
  std::string region;
  std::string service = "s3";
  std::int64_t unix_seconds = 0;
  std::string payload_sha256_hex;  // or "UNSIGNED-PAYLOAD"; empty: the hash of the body
  // RFC 3986 dot-segment removal and slash folding of the path before signing.
  // Never for S3: an object key may really contain "//" or "/../".
  bool normalize_path = false;
};

// The pieces of the canonical request, exposed for the vector tests.
// `path` is the request path as sent (percent-encoded). S3 encodes each
// segment once; every other service encodes the sent path again ("double").
std::string canonical_uri(std::string_view path, std::string_view service, bool normalize_path);
// Parameters each encoded once, then sorted by encoded name then value
// (byte order of the encoded text, as aws-c-auth and the AWS documentation do).
std::string canonical_query(std::string_view query);

std::string canonical_request(const http::Request& req, const std::vector<std::string>& signed_headers,
                              const SigV4Params& params);
// Same, for S3 (no normalisation) with a payload hash already at hand.
std::string canonical_request(const http::Request& req, const std::vector<std::string>& signed_headers,
                              const std::string& payload_hash);
std::string credential_scope(const SigV4Params& params);  // "20150830/us-east-1/s3/aws4_request"
std::string string_to_sign(const std::string& canonical_request, const SigV4Params& params);
// Lower-case hex HMAC chain: kSecret -> date -> region -> service -> aws4_request -> string to sign.
std::string sigv4_signature(std::string_view secret_access_key, const SigV4Params& params,
                            const std::string& string_to_sign);

// The headers sign_sigv4 signs, lower-case and sorted: host, every x-amz-*,
// content-md5, content-type, and the conditional headers if-match and
// if-none-match. Signing the conditionals is deliberate: If-None-Match: * is
// what makes a write create-only, and an unsigned one could be stripped on
// the way and silently turn the write into an overwrite.
std::vector<std::string> headers_to_sign(const http::Request& req);

// Sets X-Amz-Date, X-Amz-Content-Sha256 (service "s3" only), X-Amz-Security-Token
// (when the credentials carry one) and Authorization. The request must have a Host.
void sign_sigv4(http::Request& req, const AwsCredentials& creds, const SigV4Params& params);

struct SigV4Verdict {
  bool ok = false;
  std::string access_key_id;  // as presented, even when the signature is wrong
  // S3's error codes: "AccessDenied" (no Authorization, no X-Amz-Date, host or
  // an x-amz-* header not signed), "AuthorizationHeaderMalformed",
  // "InvalidAccessKeyId", "InvalidRequest" (S3 without x-amz-content-sha256),
  // "SignatureDoesNotMatch" (also for a scope naming another region, date or
  // service: the signature cannot match what this server computes).
  std::string error;
};
SigV4Verdict verify_sigv4(const http::Request& req,
                          const std::function<std::optional<std::string>(const std::string& access_key_id)>& secret_for,
                          std::string_view region, std::string_view service);

}  // namespace recguard::signing
