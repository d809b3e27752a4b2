#pragma once
// Where an S3 request is signed: AWS Signature Version 4, header-based.
// Pure functions; the caller passes the time. Verification (for the simulated
// S3 and mock-serve) recomputes the signature with the stored secret.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/http/message.hpp"

namespace recguard::signing {

struct AwsCredentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;
};

struct SigV4Params {
  std::string region;
  std::string service = "s3";
  std::int64_t unix_seconds = 0;
  std::string payload_sha256_hex;  // or "UNSIGNED-PAYLOAD"; empty: hash of the body
};

std::string canonical_request(const http::Request& req, const std::vector<std::string>& signed_headers,
                              const std::string& payload_hash);
std::string string_to_sign(const std::string& amz_date, const std::string& scope, const std::string& canonical);
// Adds X-Amz-Date, X-Amz-Content-Sha256 (S3), X-Amz-Security-Token and Authorization.
void sign_sigv4(http::Request& req, const AwsCredentials& creds, const SigV4Params& params);

struct SigV4Verdict {
  bool ok = false;
  std::string access_key_id;  // as presented, even when the signature is wrong
  std::string error;          // "InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied"
};
SigV4Verdict verify_sigv4(const http::Request& req,
                          const std::function<std::optional<std::string>(const std::string&)>& secret_for,
                          std::string_view region, std::string_view service);

}  // namespace recguard::signing
