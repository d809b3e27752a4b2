#pragma once
// What a large-object upload is made of, for both tiers: S3 multipart
// (CreateMultipartUpload, UploadPart, CompleteMultipartUpload) and Azure block
// blobs (Put Block, Put Block List). Part numbers are 1-based on both sides:
// S3 numbers parts itself; for Azure the block id is derived from the number
// (azure_block_id) so a retried part lands on the same block.
#include <cstdint>
#include <string>
#include <vector>

#include "core/types/bytes.hpp"

namespace recguard::stores {

// S3's limits (REFERENCE.md): parts of 5 MiB to 5 GiB, the last may be
// smaller, at most 10,000 parts. Azure: at most 50,000 committed blocks.
inline constexpr std::int64_t kS3MinPartBytes = 5LL * 1024 * 1024;
inline constexpr std::int64_t kS3MaxPartBytes = 5LL * 1024 * 1024 * 1024;
inline constexpr int kS3MaxParts = 10000;
inline constexpr int kAzureMaxBlocks = 50000;

struct BeginUploadSpec {
  std::string key;
  std::string
      sha256_hex;       // whole object, lower-case hex, when known before the parts (x-amz-meta-sha256); may be empty
  std::string md5_b64;  // whole object, when known (x-amz-meta-md5chksum for rclone); may be empty
  std::string content_type = "audio/wav";
};

struct PartSpec {
  std::string key;
  std::string upload_id;   // S3's UploadId; unused by Azure
  int part_number = 1;     // 1-based, 1..10,000 (S3) / 1..50,000 (Azure)
  SharedBytes body;        // shared, never copied
  std::string md5_b64;     // of body (Content-MD5)
  std::string sha256_hex;  // of body, lower-case hex
};

struct CompleteSpec {
  std::string key;
  std::string upload_id;  // S3 only
  int part_count = 0;     // the parts are 1..part_count
  // S3 only, one per part in part order: the ETag UploadPart returned (quoted,
  // as received) and the part's SHA-256 (hex; the vector may be left empty).
  std::vector<std::string> part_etags;
  std::vector<std::string> part_sha256_hex;
  std::string sha256_hex;                  // whole object (Azure x-ms-meta-sha256)
  std::string md5_b64;                     // whole object when known (Azure x-ms-blob-content-md5); empty: not sent
  std::string content_type = "audio/wav";  // Azure x-ms-blob-content-type (S3 takes it at begin)
  bool create_only = true;                 // If-None-Match: *
};

// Azure block id of a part: base64 of "part-000001" style text, so every id
// of one blob has the same length (Azure refuses mixed lengths) and a retried
// part reuses its id. Not URL-safe: encode it when it goes into a query.
std::string azure_block_id(int part_number);

}  // namespace recguard::stores
