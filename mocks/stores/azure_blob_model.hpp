#pragma once
// The product's own model of Azure Blob Storage (REFERENCE.md), not Azure: one
// container that checks SharedKey, refuses If-None-Match: * over an existing
// blob (409 BlobAlreadyExists), checks Content-MD5 (400 Md5Mismatch) and, like
// the real service without versioning, REPLACES a blob on an unconditional put
// (counted, so the oracle can see every overwrite).
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/http/message.hpp"
#include "mocks/stores/stored_version.hpp"

namespace recguard::mocks {

class AzureBlobModel {
 public:
  AzureBlobModel(std::string account, std::string container);
  void add_credential(std::string account, std::string key_base64);
  void revoke_credential(const std::string& account);
  http::Response handle(const http::Request& req, std::int64_t unix_seconds);

  // Key -> versions; with no versioning only the last is live, earlier ones
  // are what an overwrite destroyed (kept here for the oracle only).
  const std::map<std::string, std::vector<StoredVersion>>& objects() const { return objects_; }
  const std::set<std::string>& credentials_seen() const { return credentials_seen_; }
  std::uint64_t replaced_versions() const { return replaced_versions_; }
  std::uint64_t requests() const { return requests_; }

 private:
  http::Response error(int status, const std::string& code, const std::string& message) const;

  std::string account_;
  std::string container_;
  std::map<std::string, std::string> keys_;
  std::set<std::string> revoked_;
  std::map<std::string, std::vector<StoredVersion>> objects_;
  std::set<std::string> credentials_seen_;
  std::uint64_t replaced_versions_ = 0;
  std::map<std::string, std::string> metadata_sha_;  // x-ms-meta-sha256 per blob
  std::uint64_t next_etag_ = 1;
  std::uint64_t requests_ = 0;
};

}  // namespace recguard::mocks
