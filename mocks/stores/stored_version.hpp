#pragma once
// One version of one stored object, as the simulated store truly holds it:
// the oracle's ground truth, not what any client believes.
#include <cstdint>
#include <map>
#include <string>

#include "core/types/bytes.hpp"

namespace recguard::mocks {

struct StoredVersion {
  std::string version_id;
  std::int64_t size = 0;
  std::string sha256_hex;  // computed by the store from the bytes it received
  std::string md5_hex;     // likewise
  std::string etag;        // quoted, as the store returns it
  std::int64_t created_unix_s = 0;
  std::string credential;  // access key id / account that wrote it
  bool delete_marker = false;
  SharedBytes bytes;  // shared with the writer's buffer: no copy

  // What the writer sent along, returned on reads as the real stores do. The
  // metadata is the writer's claim (x-amz-meta-sha256 may disagree with the
  // bytes); the oracle compares it with sha256_hex above.
  std::string content_type;
  std::map<std::string, std::string> metadata;  // lower-case name without x-amz-meta- / x-ms-meta-
  bool checksum_sha256_sent = false;            // S3: PUT carried x-amz-checksum-sha256 (verified)
};

}  // namespace recguard::mocks
