#pragma once
// The product's OWN MODEL of Amazon S3 (REFERENCE.md), not S3 and not a
// client of it: one versioned bucket, path-style (/bucket/key) or
// virtual-hosted (Host: bucket.s3...), that
//  - checks SigV4 (403 SignatureDoesNotMatch / InvalidAccessKeyId /
//    AccessDenied, 403 RequestTimeTooSkewed beyond 15 minutes) and refuses
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
// Not modelled, answered 501 NotImplemented so a client relying on them
// fails loudly: multipart uploads, delimiter listings, permanent version
// deletes. Throttling, 5xx and ambiguous writes are NOT here either: the
// simulation injects them around the model.
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/http/message.hpp"
#include "mocks/stores/stored_version.hpp"

namespace recguard::mocks {

class S3Model {
 public:
  S3Model(std::string bucket, std::string region);
  void add_credential(std::string access_key_id, std::string secret);
  void revoke_credential(const std::string& access_key_id);  // later requests with it: 403
  http::Response handle(const http::Request& req, std::int64_t unix_seconds);

  // Observation for the simulation's oracle (the true state, not the client's view):
  const std::map<std::string, std::vector<StoredVersion>>& objects() const { return objects_; }  // oldest first
  const std::set<std::string>& credentials_seen() const { return credentials_seen_; }  // valid or not
  // Times a key that already had a live version got a new one.
  std::uint64_t replaced_versions() const { return replaced_versions_; }
  std::uint64_t requests() const { return requests_; }

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
  http::Response error(int status, std::string_view code, std::string_view message, const Target& t) const;
  const StoredVersion* live(const std::string& key) const;

  std::string bucket_;
  std::string region_;
  std::map<std::string, std::string> secrets_;
  std::set<std::string> revoked_;
  std::map<std::string, std::vector<StoredVersion>> objects_;
  std::set<std::string> credentials_seen_;
  std::uint64_t replaced_versions_ = 0;
  std::uint64_t next_version_ = 1;
  std::uint64_t requests_ = 0;
};

}  // namespace recguard::mocks
