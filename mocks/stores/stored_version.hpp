#pragma once
// One version of one stored object, as the simulated store truly holds it.
#include <cstdint>
#include <string>

#include "core/types/bytes.hpp"

namespace recguard::mocks {

struct StoredVersion {
  std::string version_id;
  std::int64_t size = 0;
  std::string sha256_hex;
  std::string md5_hex;
  std::string etag;             // quoted, as the store returns it
  std::int64_t created_unix_s = 0;
  std::string credential;       // access key id / account that wrote it
  bool delete_marker = false;
  SharedBytes bytes;            // shared with the writer's buffer: no copy
};

}  // namespace recguard::mocks
