#pragma once
// The product's own model of Amazon S3 (REFERENCE.md), not S3 itself: one
// versioned bucket that checks SigV4, honours If-None-Match: * (412), checks
// Content-MD5 and x-amz-checksum-sha256 (400 BadDigest), returns MD5 ETags and
// the real XML error body. Throttling, 5xx and ambiguous writes are injected
// around it by the simulation, not inside it.
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
  void revoke_credential(const std::string& access_key_id);
  http::Response handle(const http::Request& req, std::int64_t unix_seconds);

  const std::map<std::string, std::vector<StoredVersion>>& objects() const { return objects_; }
  const std::set<std::string>& credentials_seen() const { return credentials_seen_; }
  std::uint64_t replaced_versions() const { return replaced_versions_; }
  std::uint64_t requests() const { return requests_; }

 private:
  http::Response put(const http::Request& req, const std::string& key, const std::string& credential,
                     std::int64_t unix_seconds);
  http::Response head_or_get(const http::Request& req, const std::string& key) const;
  http::Response error(int status, const std::string& code, const std::string& message,
                       const std::string& resource) const;
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
