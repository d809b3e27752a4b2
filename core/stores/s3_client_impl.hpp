#pragma once
// Internal to core/stores: the S3 codec class, declared once and implemented
// per responsibility (s3_client.cpp: PutObject and HeadObject;
// s3_multipart.cpp: the multipart upload; s3_listing.cpp: ListObjectsV2).
// Nothing outside core/stores includes this; callers use make_s3_client.
#include <string>

#include "core/stores/store_client.hpp"

namespace recguard::stores::s3_detail {

// Hex SHA-256 -> the base64 form of x-amz-checksum-sha256; empty for bad hex.
std::string base64_from_hex(const std::string& hex);
// A full-object SHA-256 in hex from x-amz-checksum-sha256; empty for absent,
// unreadable or composite ("<base64>-N") values.
std::string full_object_sha256_hex(const http::Response& resp);
// The S3 error codes that mean the bytes did not arrive as sent.
bool is_digest_error(const std::string& code);
// Status and S3 error code -> outcome, as PutObject, UploadPart and
// CompleteMultipartUpload all read them.
WriteOutcomeKind classify_write(int status, const std::string& code);

class S3Client final : public StoreClient {
 public:
  explicit S3Client(S3Config cfg) : cfg_(std::move(cfg)) {}
  Tier tier() const override { return Tier::primary; }
  const std::string& location() const override { return cfg_.bucket; }

  http::Request build_put(const PutSpec& spec, std::int64_t unix_seconds) const override;
  WriteOutcome parse_put(const http::Response& resp) const override;
  http::Request build_head(const std::string& key, std::int64_t unix_seconds) const override;
  Result<ObjectInfo> parse_head(const http::Response& resp) const override;
  http::Request build_get(const std::string& key, std::int64_t unix_seconds) const override;

  bool needs_upload_begin() const override { return true; }
  std::optional<http::Request> build_begin_upload(const BeginUploadSpec& spec,
                                                  std::int64_t unix_seconds) const override;
  Result<std::string> parse_begin_upload(const http::Response& resp) const override;
  http::Request build_upload_part(const PartSpec& spec, std::int64_t unix_seconds) const override;
  PartOutcome parse_upload_part(const http::Response& resp) const override;
  http::Request build_complete_upload(const CompleteSpec& spec, std::int64_t unix_seconds) const override;
  WriteOutcome parse_complete_upload(const http::Response& resp) const override;
  std::optional<http::Request> build_abort_upload(const std::string& key, const std::string& upload_id,
                                                  std::int64_t unix_seconds) const override;

  http::Request build_list(const ListSpec& spec, std::int64_t unix_seconds) const override;
  Result<ListPage> parse_list(const http::Response& resp) const override;

 private:
  // Path-style "/bucket/key" with Host set.
  http::Request base(const char* method, const std::string& key) const;
  // SigV4 with the payload hash already at hand (hex, or kEmptySha256Hex).
  void sign(http::Request& r, const std::string& payload_sha256_hex, std::int64_t unix_seconds) const;

  S3Config cfg_;
};

}  // namespace recguard::stores::s3_detail
