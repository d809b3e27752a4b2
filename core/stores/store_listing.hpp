#pragma once
// One page of a store listing, for the reconciler: S3 ListObjectsV2 and Azure
// List Blobs, walked page by page with the store's opaque continuation.
#include <cstdint>
#include <string>
#include <vector>

namespace recguard::stores {

struct ListSpec {
  std::string prefix;
  std::string continuation;  // S3 NextContinuationToken / Azure NextMarker of the previous page; empty: first page
  int max_keys = 0;          // per page; 0: not sent, the store's own page size (S3 1,000, Azure 5,000)
};

struct ListedObject {
  std::string key;
  std::string etag;  // quoted, as PUT and HEAD return it (Azure listings write it bare; re-quoted here)
  std::int64_t size = -1;
  std::string sha256_hex;  // Azure: the x-ms-meta-sha256 metadata; S3 listings carry none: empty
};

struct ListPage {
  std::vector<ListedObject> objects;  // in the store's order (by key)
  std::string next;                   // empty on the last page
};

}  // namespace recguard::stores
