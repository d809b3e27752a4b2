#pragma once
// One version of one stored object, as the simulated store truly holds it:
// the oracle's ground truth, not what any client believes.
//
// Objects assembled from parts (S3 CompleteMultipartUpload, Azure Put Block
// List) keep their DIGESTS, NOT THEIR BYTES: `bytes` is null and part_count
// is set. The models hash each part as it arrives and let go of it, so a
// 600 MB recording costs the simulation a few hundred bytes of state, not
// 600 MB. sha256_hex and md5_hex are still the store's own hashes of every
// byte it assembled. Reading such an object back (GET) is answered 501 by
// both models; HEAD and listings describe it fully.
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
  // A delete made by no client of the store: an operator or a lifecycle rule
  // (the simulation's objects_lost fault). The oracle's no_overwrite judges
  // what recguard does, so it does not count these.
  bool by_operator = false;
  SharedBytes bytes;  // shared with the writer's buffer: no copy; null when assembled from parts
  int part_count = 0;  // > 0: assembled from this many parts / blocks (digests only, see above)

  // What the writer sent along, returned on reads as the real stores do. The
  // metadata is the writer's claim (x-amz-meta-sha256 may disagree with the
  // bytes); the oracle compares it with sha256_hex above.
  std::string content_type;
  std::map<std::string, std::string> metadata;  // lower-case name without x-amz-meta- / x-ms-meta-
  bool checksum_sha256_sent = false;            // S3: PUT carried x-amz-checksum-sha256 (verified)
  // S3 multipart with x-amz-checksum-algorithm SHA256: the composite checksum
  // "<base64 SHA-256 of the parts' raw SHA-256s>-N" S3 serves in checksum
  // mode instead of one of the whole object.
  std::string checksum_sha256_composite;
  // Azure block-list blobs: the Content-MD5 property is what the writer
  // declared in x-ms-blob-content-md5 (the service does not check it against
  // the blocks); empty: the blob has none. md5_hex above stays the truth.
  std::string declared_content_md5_b64;
};

}  // namespace recguard::mocks
