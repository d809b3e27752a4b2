#pragma once
// Store client codecs: build real S3 / Azure Blob requests (signed with the
// tier's own credential) and read real responses. No I/O here: the pipeline
// hands the requests to a driver (simulated links or real sockets) and feeds
// the responses back.
//
// Large recordings go up in parts: S3 multipart (CreateMultipartUpload,
// UploadPart, CompleteMultipartUpload with If-None-Match: *, Abort) and Azure
// Put Block + Put Block List. A step one tier does not have (Azure has no
// begin and no abort) builds nullopt. The final step answers the same
// WriteOutcome as a single put, so the caller's decisions do not change.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/http/message.hpp"
#include "core/signing/shared_key.hpp"
#include "core/signing/sigv4.hpp"
#include "core/stores/store_listing.hpp"
#include "core/stores/upload_parts.hpp"
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

// One part (S3 UploadPart) or block (Azure Put Block). Kinds: created,
// throttled, server_error, rejected_digest, auth_error, client_error (an
// unknown upload, a bad part number). Never already_exists: only the
// completion can collide with an existing object.
struct PartOutcome {
  WriteOutcomeKind kind = WriteOutcomeKind::client_error;
  int status = 0;
  std::string etag;        // S3: the part's quoted ETag, needed by the completion; Azure: empty
  std::string error_code;  // empty on success
  std::int64_t retry_after_s = -1;
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
  // GET of the whole object (a backfill reads our own copy back from the
  // other tier). The answer's body is the bytes; the caller checks their SHA-256.
  virtual http::Request build_get(const std::string& key, std::int64_t unix_seconds) const = 0;

  // Large objects. S3: CreateMultipartUpload; Azure: nullopt (a block blob
  // needs no begin, and parse_begin_upload then answers an Error).
  // needs_upload_begin() says which, without building a request.
  virtual bool needs_upload_begin() const = 0;
  virtual std::optional<http::Request> build_begin_upload(const BeginUploadSpec& spec,
                                                          std::int64_t unix_seconds) const = 0;
  // The UploadId; an Error naming the status and code otherwise.
  virtual Result<std::string> parse_begin_upload(const http::Response& resp) const = 0;
  // S3 UploadPart / Azure Put Block (block id azure_block_id(part_number)).
  virtual http::Request build_upload_part(const PartSpec& spec, std::int64_t unix_seconds) const = 0;
  virtual PartOutcome parse_upload_part(const http::Response& resp) const = 0;
  // S3 CompleteMultipartUpload / Azure Put Block List over parts 1..part_count.
  virtual http::Request build_complete_upload(const CompleteSpec& spec, std::int64_t unix_seconds) const = 0;
  // Same meaning as parse_put. S3 may answer 200 with an <Error> body here:
  // that is the error it names, not a success.
  virtual WriteOutcome parse_complete_upload(const http::Response& resp) const = 0;
  // S3 AbortMultipartUpload; Azure: nullopt (the service discards uncommitted blocks itself).
  virtual std::optional<http::Request> build_abort_upload(const std::string& key, const std::string& upload_id,
                                                          std::int64_t unix_seconds) const = 0;

  // Listing for the reconciler: S3 ListObjectsV2 / Azure List Blobs (with metadata).
  virtual http::Request build_list(const ListSpec& spec, std::int64_t unix_seconds) const = 0;
  virtual Result<ListPage> parse_list(const http::Response& resp) const = 0;
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
