#pragma once
// The product's OWN MODEL of Azure Blob Storage (REFERENCE.md), not Azure and
// not Azurite: one container, addressed host-style (Host:
// account.blob.core.windows.net, path /container/blob) or, like Azurite,
// path-style (Host: 127.0.0.1:10000 or localhost, path
// /account/container/blob), that
//  - checks SharedKey (401 NoAuthenticationInformation, 403
//    AuthenticationFailed, also for a revoked key or an x-ms-date more than
//    15 minutes off);
//  - Put Blob (BlockBlob): If-None-Match: * over an existing blob -> 409
//    BlobAlreadyExists (x-ms-error-code header + XML); If-Match; Content-MD5
//    mismatch -> 400 Md5Mismatch (malformed: InvalidMd5). Without versioning
//    an unconditional put REPLACES the blob, as on the real service; the
//    model keeps the destroyed versions for the oracle and counts them in
//    replaced_versions();
//  - Get Blob Properties (HEAD: Content-MD5, x-ms-meta-*), Get Blob (Range or
//    x-ms-range), Delete Blob, List Blobs (restype=container&comp=list,
//    prefix, maxresults <= 5000, marker/NextMarker, include=metadata).
// Not modelled, answered 501: Put Block / Put Block List, delimiter listings.
// Throttling (503 ServerBusy, 500 OperationTimedOut), other 5xx and
// ambiguous writes are injected by the simulation around the model.
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
  void revoke_credential(const std::string& account);  // later requests with it: 403
  http::Response handle(const http::Request& req, std::int64_t unix_seconds);

  // Key -> versions, oldest first. With no versioning only the last is live
  // (unless it is a delete record); earlier ones are what an overwrite
  // destroyed, kept here for the oracle only and never served.
  const std::map<std::string, std::vector<StoredVersion>>& objects() const { return objects_; }
  const std::set<std::string>& credentials_seen() const { return credentials_seen_; }
  std::uint64_t replaced_versions() const { return replaced_versions_; }
  std::uint64_t requests() const { return requests_; }

 private:
  struct Target {
    std::string blob;  // decoded; empty for container-level requests
    std::string host;
  };
  http::Response put(const http::Request& req, const Target& t, const std::string& credential,
                     std::int64_t unix_seconds);
  http::Response read(const http::Request& req, const Target& t) const;
  http::Response remove(const Target& t, const std::string& credential, std::int64_t unix_seconds);
  http::Response list(const http::Request& req, const Target& t) const;
  http::Response error(int status, std::string_view code, std::string_view message, bool with_body = true) const;
  const StoredVersion* live(const std::string& blob) const;

  std::string account_;
  std::string container_;
  std::map<std::string, std::string> keys_;
  std::set<std::string> revoked_;
  std::map<std::string, std::vector<StoredVersion>> objects_;
  std::set<std::string> credentials_seen_;
  std::uint64_t replaced_versions_ = 0;
  std::uint64_t next_etag_ = 1;
  std::uint64_t requests_ = 0;
};

}  // namespace recguard::mocks
