#pragma once
// One object of a store's listing (S3 ListObjectsV2 Contents, Azure List
// Blobs Blob), as much of it as the reconciler compares.
#include <cstdint>
#include <string>

namespace recguard::reconcile {

struct InventoryItem {
  std::string key;
  std::string etag;        // as listed; quotes are ignored when compared
  std::int64_t size = -1;  // -1 when unknown
  std::string sha256_hex;  // empty when the listing does not carry it

  bool operator==(const InventoryItem&) const = default;
};

}  // namespace recguard::reconcile
