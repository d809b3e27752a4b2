#pragma once
// Store client codecs: build real S3 / Azure Blob requests (signed with the
// tier's own credential) and read real responses. No I/O here: the pipeline
// hands the requests to a driver (simulated links or real sockets) and feeds
// the responses back.
//
// Later issue, room left on purpose: large recordings will go up as S3
// multipart (CreateMultipartUpload, UploadPart, CompleteMultipartUpload with
// If-None-Match: *) and Azure Put Block + Put Block List. Each will be one
// more build_*/parse_* pair on StoreClient, returning the same WriteOutcome.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/http/message.hpp"
#include "core/signing/shared_key.hpp"
#include "core/signing/sigv4.hpp"
#include "core/types/bytes.hpp"
#include "core/types/ids.hpp"
#include "core/types/result.hpp"

namespace recguard::stores {

struct PutSpec {
  std::string key;
  SharedBytes body;
  std::string sha256_hex;  // of body, lower-case hex
  std::string md5_b64;     // of body, base64 (the Content-MD5 header form)
  std::string content_type = "audio/wav";
  bool create_only = true;  // If-None-Match: *
};

enum class WriteOutcomeKind {
  created,          // the object now exists with our bytes
  already_exists,   // create-only refused: something holds the key (compare checksums)
  race_conflict,    // S3 409 ConditionalRequestConflict: a concurrent create; retry
  throttled,        // SlowDown / 429 / ServerBusy / OperationTimedOut: back off, open the breaker
  server_error,     // other 5xx: ambiguous, the write may have applied
  rejected_digest,  // Content-MD5 / checksum mismatch: the bytes were damaged in transit
  auth_error,       // 401/403: this tier's credential is wrong, revoked or the clock is skewed
  client_error,     // any other 4xx
};
std::string_view to_string(WriteOutcomeKind k);

struct WriteOutcome {
  WriteOutcomeKind kind = WriteOutcomeKind::client_error;
  int status = 0;
  std::string etag;        // quoted, as the store returns it (created only)
  std::string sha256_hex;  // what the store verified, when it says (S3 x-amz-checksum-sha256)
  std::string error_code;  // "SlowDown", "BlobAlreadyExists", ...; empty on success
  std::int64_t retry_after_s = -1;  // Retry-After in seconds, -1 when absent
};

struct ObjectInfo {
  bool exists = false;
  std::string etag;
  std::string sha256_hex;  // empty when the store holds no SHA-256 for the object
  std::int64_t size = -1;
};

class StoreClient {
 public:
  virtual ~StoreClient() = default;
  virtual Tier tier() const = 0;
  virtual const std::string& location() const = 0;  // bucket or container
  virtual http::Request build_put(const PutSpec& spec, std::int64_t unix_seconds) const = 0;
  virtual WriteOutcome parse_put(const http::Response& resp) const = 0;
  virtual http::Request build_head(const std::string& key, std::int64_t unix_seconds) const = 0;
  // 404 -> exists=false; any other non-200 is an Error naming the status (and Azure's error code).
  virtual Result<ObjectInfo> parse_head(const http::Response& resp) const = 0;
};

struct S3Config {
  std::string host;  // "s3.us-east-1.amazonaws.com"; path-style requests: PUT /bucket/key
  std::string bucket;
  std::string region;
  signing::AwsCredentials credentials;
};

struct AzureConfig {
  std::string host;  // "account.blob.core.windows.net", or "127.0.0.1:10000" for Azurite
  std::string account;
  std::string container;
  signing::AzureSharedKey credentials;
  bool path_style = false;  // Azurite: /account/container/blob
};

std::unique_ptr<StoreClient> make_s3_client(S3Config cfg);
std::unique_ptr<StoreClient> make_azure_blob_client(AzureConfig cfg);

// Retry-After in seconds: delta-seconds, or an HTTP-date taken relative to the
// response's own Date header (no clock needed). -1 when absent or unreadable.
std::int64_t retry_after_seconds(const http::Response& resp);
// Content-Length as a number, or -1 when absent or unreadable.
std::int64_t content_length(const http::Response& resp);

}  // namespace recguard::stores
