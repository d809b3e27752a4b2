#pragma once
// The product's OWN MODEL of Amazon S3 (REFERENCE.md), not S3 and not a
// client of it: one versioned bucket, path-style (/bucket/key) or
// virtual-hosted (Host: bucket.s3...), that
//  - checks SigV4 (403 SignatureDoesNotMatch / InvalidAccessKeyId /
//    AccessDenied, 403 RequestTimeTooSkewed beyond 15 minutes, naming
//    RequestTime, ServerTime and the allowance, with a Date) and refuses
//    revoked keys as InvalidAccessKeyId, as AWS does for a deleted key;
//  - PutObject: If-None-Match: * -> 412 PreconditionFailed over a live
//    version; If-Match; Content-MD5 mismatch -> 400 BadDigest (malformed:
//    InvalidDigest); x-amz-checksum-sha256 mismatch -> 400 BadDigest (S3 also
//    documents XAmzContentChecksumMismatch for trailing checksums; the client
//    accepts both); X-Amz-Content-Sha256 not the body's -> 400
//    XAmzContentSHA256Mismatch; fewer bytes than Content-Length -> 400
//    IncompleteBody. Every PUT is a new version, ETag = quoted MD5 hex;
//  - GetObject (Range, versionId), HeadObject (x-amz-checksum-sha256 in
//    checksum mode when the PUT sent one), DeleteObject (a delete marker),
//    ListObjectsV2 (list-type=2, prefix, max-keys <= 1000, continuation-token,
//    start-after, encoding-type=url), with the real XML bodies.
//  - multipart uploads, with the real XML bodies: CreateMultipartUpload
//    (POST ?uploads; x-amz-checksum-algorithm SHA256 or none), UploadPart
//    (PUT ?partNumber=N&uploadId=: part numbers 1..10,000 else 400
//    InvalidArgument, unknown upload or another key's -> 404 NoSuchUpload,
//    Content-MD5 / x-amz-checksum-sha256 / payload-hash checks as PutObject,
//    a part of an upload created with SHA256 must carry its checksum, > 5 GiB
//    -> 400 EntityTooLarge; ETag = quoted MD5 of the part; re-sending a part
//    number replaces it), CompleteMultipartUpload (POST ?uploadId=: parts
//    strictly ascending else 400 InvalidPartOrder; each listed part must
//    exist with that ETag (and ChecksumSHA256 when given) else 400
//    InvalidPart; all but the last >= 5 MiB else 400 EntityTooSmall;
//    If-None-Match: * over a live version -> 412 PreconditionFailed and the
//    upload stays open; success makes a new version with ETag
//    "<hex MD5 of the parts' raw MD5s>-N" and, with SHA256, the composite
//    checksum "<base64>-N"), AbortMultipartUpload (DELETE ?uploadId=: 204),
//    ListMultipartUploads (GET /bucket?uploads: prefix, max-uploads <= 1000,
//    key-marker / upload-id-marker) so a restarted client can find and abort
//    what it left unfinished.
//
// MULTIPART OBJECTS KEEP DIGESTS, NOT BYTES (stored_version.hpp). Each part
// is hashed when it arrives and then released: the upload keeps running
// SHA-256 / MD5 states over parts 1..k received so far plus each part's own
// size, MD5 and SHA-256 (48 bytes a part). A part that arrives beyond a gap
// is held (its buffer referenced) until the gap fills; a re-sent part that
// is not yet hashed simply replaces the held one. Limits of this scheme,
// answered 501 NotImplemented by CompleteMultipartUpload so that a client
// depending on them fails loudly instead of getting a wrong digest: a part
// re-sent with DIFFERENT bytes after it was hashed (identical bytes are a
// harmless retry), and a completion that leaves out a part that was already
// hashed (e.g. parts 1,2,3 uploaded, 1,3 completed). GetObject of a
// multipart object is answered 501 (there are no bytes to serve); HeadObject
// and ListObjectsV2 describe it fully (checksum mode serves the composite
// checksum with x-amz-checksum-type COMPOSITE).
//
// Not modelled, answered 501 NotImplemented so a client relying on them
// fails loudly: UploadPartCopy, ListParts, GetObject by partNumber,
// checksum algorithms other than SHA256, delimiter listings, permanent
// version deletes. Throttling, 5xx and ambiguous writes are NOT here either:
// the simulation injects them around the model (sim/world/node_faults.hpp).
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/http/message.hpp"
#include "mocks/stores/digest_memo.hpp"
#include "mocks/stores/running_digests.hpp"
#include "mocks/stores/stored_version.hpp"

namespace recguard::mocks {

class S3Model {
 public:
  S3Model(std::string bucket, std::string region);
  void add_credential(std::string access_key_id, std::string secret);
  void revoke_credential(const std::string& access_key_id);  // later requests with it: 403
  void restore_credential(const std::string& access_key_id);  // the key works again
  http::Response handle(const http::Request& req, std::int64_t unix_seconds);
  // Someone outside every client (an operator, a lifecycle rule) deletes the
  // object: the bucket is versioned, so a delete marker hides it and every
  // version stays. False when the key has no live version.
  bool delete_as_operator(const std::string& key, std::int64_t unix_seconds);

  // Observation for the simulation's oracle (the true state, not the client's view):
  const std::map<std::string, std::vector<StoredVersion>>& objects() const { return objects_; }  // oldest first
  const std::set<std::string>& credentials_seen() const { return credentials_seen_; }  // valid or not
  // Times a key that already had a live version got a new one.
  std::uint64_t replaced_versions() const { return replaced_versions_; }
  std::uint64_t requests() const { return requests_; }
  // Multipart uploads begun and neither completed nor aborted.
  std::size_t uploads_in_progress() const { return uploads_.size(); }

 private:
  struct Target {
    std::string key;  // decoded; empty for bucket-level requests
    std::string resource;
  };
  http::Response route(const http::Request& req, std::int64_t unix_seconds);
  http::Response put(const http::Request& req, const Target& t, const std::string& credential,
                     std::int64_t unix_seconds);
  http::Response read(const http::Request& req, const Target& t) const;
  http::Response remove(const http::Request& req, const Target& t, const std::string& credential,
                        std::int64_t unix_seconds);
  http::Response list(const http::Request& req, const Target& t) const;
  // Multipart (s3_model_multipart.cpp; ListMultipartUploads in s3_model_list.cpp).
  http::Response create_upload(const http::Request& req, const Target& t, const std::string& credential,
                               std::int64_t unix_seconds);
  http::Response upload_part(const http::Request& req, const Target& t);
  http::Response complete_upload(const http::Request& req, const Target& t, const std::string& credential,
                                 std::int64_t unix_seconds);
  http::Response abort_upload(const http::Request& req, const Target& t);
  http::Response list_uploads(const http::Request& req, const Target& t) const;
  http::Response error(int status, std::string_view code, std::string_view message, const Target& t) const;
  const StoredVersion* live(const std::string& key) const;
  // X-Amz-Content-Sha256, Content-MD5 and x-amz-checksum-sha256 against the
  // body's digests, on PutObject and UploadPart alike.
  std::optional<http::Response> body_digest_refusal(const http::Request& req, const BodyDigests& d,
                                                    const Target& t) const;
  // If-None-Match: * / If-Match on PutObject and CompleteMultipartUpload alike.
  std::optional<http::Response> write_condition_refusal(const http::Request& req, const StoredVersion* current,
                                                        const Target& t) const;

  std::string bucket_;
  std::string region_;
  std::map<std::string, std::string> secrets_;
  std::set<std::string> revoked_;
  std::map<std::string, std::vector<StoredVersion>> objects_;

  struct Part {
    std::int64_t size = 0;
    std::string md5_raw;     // 16 bytes
    std::string sha256_raw;  // 32 bytes
    SharedBytes held;        // only while a gap below it is open; null once folded into the running digests
  };
  struct Upload {
    std::string key;
    std::uint64_t seq = 0;  // creation order: ListMultipartUploads orders one key's uploads by it
    std::int64_t initiated_unix_s = 0;
    std::string initiator;
    std::string content_type;
    std::map<std::string, std::string> metadata;
    bool checksum_sha256 = false;  // created with x-amz-checksum-algorithm: SHA256
    std::map<int, Part> parts;     // by part number
    RunningDigests running;        // over parts 1..folded_through, in order
    int folded_through = 0;
    int refolded_part = 0;  // > 0: this part came again with other bytes after it was folded
  };
  std::map<std::string, Upload> uploads_;  // by UploadId
  std::uint64_t next_upload_ = 1;

  std::set<std::string> credentials_seen_;
  std::uint64_t replaced_versions_ = 0;
  std::uint64_t next_version_ = 1;
  std::uint64_t requests_ = 0;
};

}  // namespace recguard::mocks
