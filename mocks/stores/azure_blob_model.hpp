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
//  - Put Block (comp=block&blockid=): the id must be base64 of at most 64
//    bytes (else 400 InvalidBlockId) and as long as the blob's other
//    uncommitted ids (else 400 InvalidBlobOrBlock); Content-MD5 as Put Blob;
//    > 4000 MiB -> 413 RequestBodyTooLarge; more than 100,000 uncommitted
//    blocks -> 409 BlockCountExceedsLimit; the same id again replaces the
//    block;
//  - Put Block List (comp=blocklist): <Latest>, <Uncommitted> and
//    <Committed> ids (Latest: the uncommitted block, else the committed
//    one); an id not found -> 400 InvalidBlockList; more than 50,000 ->
//    409 BlockCountExceedsLimit; the request's Content-MD5 covers the XML;
//    If-None-Match: * over a blob -> 409 BlobAlreadyExists (conditions are
//    checked before the list). Success: a new blob, fresh ETag, metadata
//    from x-ms-meta-*, content type from x-ms-blob-content-type, Content-MD5
//    property from x-ms-blob-content-md5 when sent (stored, not checked,
//    as Azure does); the blob's remaining uncommitted blocks are discarded.
//
// BLOCK BLOBS KEEP DIGESTS, NOT BYTES (stored_version.hpp). A block id says
// nothing about where the block goes until Put Block List, so the model
// hashes blocks in ARRIVAL order into running SHA-256 / MD5 states and then
// releases them, keeping per block only its size and MD5. A block list that
// names exactly the uncommitted blocks in arrival order (a sequential upload;
// a retried block with identical bytes keeps its place) gets exact digests.
// Any other list cannot be hashed without the bytes the model let go of and
// is answered 501 NotImplemented naming the limit, so a client relying on it
// fails loudly: blocks listed in another order or only some of them, a block
// re-sent with different bytes, <Committed> blocks of an earlier commit.
// Get Blob of a block-list blob is answered 501 (no bytes); Get Blob
// Properties and List Blobs describe it fully.
// Not modelled, answered 501: Get Block List, Put Block From URL, delimiter
// listings.
// Throttling (503 ServerBusy, 500 OperationTimedOut), other 5xx and
// ambiguous writes are injected by the simulation around the model
// (sim/world/node_faults.hpp).
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/http/message.hpp"
#include "mocks/stores/running_digests.hpp"
#include "mocks/stores/stored_version.hpp"

namespace recguard::mocks {

class AzureBlobModel {
 public:
  AzureBlobModel(std::string account, std::string container);
  void add_credential(std::string account, std::string key_base64);
  void revoke_credential(const std::string& account);  // later requests with it: 403
  void restore_credential(const std::string& account);  // the key works again
  http::Response handle(const http::Request& req, std::int64_t unix_seconds);
  // Someone outside every client (an operator, a lifecycle rule) deletes the
  // blob: without versioning it is gone for every reader, as Delete Blob
  // makes it (the record stays for the oracle). False when there is no blob.
  bool delete_as_operator(const std::string& blob, std::int64_t unix_seconds);

  // Key -> versions, oldest first. With no versioning only the last is live
  // (unless it is a delete record); earlier ones are what an overwrite
  // destroyed, kept here for the oracle only and never served.
  const std::map<std::string, std::vector<StoredVersion>>& objects() const { return objects_; }
  const std::set<std::string>& credentials_seen() const { return credentials_seen_; }
  std::uint64_t replaced_versions() const { return replaced_versions_; }
  std::uint64_t requests() const { return requests_; }
  // Uncommitted blocks staged for a blob (0 when none).
  std::size_t uncommitted_blocks(const std::string& blob) const;

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
  // Block blobs in parts (azure_blob_model_blocks.cpp).
  http::Response put_block(const http::Request& req, const Target& t);
  http::Response put_block_list(const http::Request& req, const Target& t, const std::string& credential,
                                std::int64_t unix_seconds);
  // The If-None-Match / If-Match answer for a write over `current`, if the
  // write must be refused.
  std::optional<http::Response> write_condition_refusal(const http::Request& req, const StoredVersion* current) const;
  http::Response error(int status, std::string_view code, std::string_view message, bool with_body = true) const;
  const StoredVersion* live(const std::string& blob) const;
  // Content-MD5 against the digest of the request body (blob, block or block list).
  std::optional<http::Response> content_md5_refusal(const http::Request& req, const std::string& body_md5_raw) const;
  http::Response created_answer(const std::string& etag, const std::string& body_md5_raw,
                                std::int64_t unix_seconds) const;
  std::string fresh_etag();  // "\"0x8D...\"", from a counter: deterministic

  std::string account_;
  std::string container_;
  std::map<std::string, std::string> keys_;
  std::set<std::string> revoked_;
  std::map<std::string, std::vector<StoredVersion>> objects_;

  struct StagedBlock {
    std::int64_t size = 0;
    std::string md5_raw;  // 16 bytes; the bytes themselves are not kept
  };
  struct Staged {  // one blob's uncommitted blocks
    std::map<std::string, StagedBlock> blocks;  // by block id as sent (base64)
    std::vector<std::string> arrival;           // ids in the order they were hashed
    RunningDigests running;                     // over `arrival`
    std::string rehashed_id;                    // non-empty: this id came again with other bytes
  };
  std::map<std::string, Staged> staged_;                                    // by blob name
  std::map<std::string, std::map<std::string, std::int64_t>> committed_;  // blob -> its committed block ids, sizes

  std::set<std::string> credentials_seen_;
  std::uint64_t replaced_versions_ = 0;
  std::uint64_t next_etag_ = 1;
  std::uint64_t requests_ = 0;
};

}  // namespace recguard::mocks
