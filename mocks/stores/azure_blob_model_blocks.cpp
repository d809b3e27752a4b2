// AzureBlobModel: Put Block and Put Block List. Blocks are hashed in arrival
// order and released; the blob keeps digests, not bytes (azure_blob_model.hpp
// says what that costs).
#include "core/crypto/digest.hpp"
#include "core/signing/http_date.hpp"
#include "core/signing/shared_key.hpp"
#include "core/stores/upload_parts.hpp"
#include "core/stores/xml.hpp"
#include "mocks/stores/azure_blob_model.hpp"
#include "mocks/stores/digest_memo.hpp"
#include "mocks/stores/model_wire.hpp"

namespace recguard::mocks {

namespace {

constexpr std::int64_t kMaxBlockBytes = 4000LL * 1024 * 1024;
constexpr std::size_t kMaxUncommittedBlocks = 100000;  // per blob; committed: kAzureMaxBlocks
constexpr std::size_t kMaxBlockIdBytes = 64;

enum class Source { latest, uncommitted, committed };
struct Entry {
  Source source;
  std::string id;
};

// The <BlockList> children in document order (xml_elements groups by tag
// name, which would lose the interleaving of Latest / Uncommitted /
// Committed). nullopt: not a block list.
std::optional<std::vector<Entry>> block_list_entries(std::string_view body) {
  const auto lists = stores::xml_elements(body, "BlockList");
  if (lists.size() != 1) return std::nullopt;
  const std::string_view inner = lists.front();
  static constexpr std::pair<std::string_view, Source> kTags[] = {
      {"Latest", Source::latest}, {"Uncommitted", Source::uncommitted}, {"Committed", Source::committed}};
  std::vector<Entry> out;
  for (auto pos = inner.find('<'); pos != std::string_view::npos; pos = inner.find('<', pos)) {
    bool matched = false;
    for (const auto& [tag, source] : kTags) {
      const std::string open = "<" + std::string(tag) + ">";
      if (inner.substr(pos, open.size()) != open) continue;
      const std::string close = "</" + std::string(tag) + ">";
      const auto end = inner.find(close, pos + open.size());
      if (end == std::string_view::npos) return std::nullopt;
      out.push_back({source, stores::xml_unescape(inner.substr(pos + open.size(), end - pos - open.size()))});
      pos = end + close.size();
      matched = true;
      break;
    }
    if (!matched) return std::nullopt;
  }
  return out;
}

}  // namespace

http::Response AzureBlobModel::put_block(const http::Request& req, const Target& t) {
  const auto id = http::query_param(req, "blockid");
  std::string id_raw;
  if (!id || !crypto::base64_decode(*id, id_raw) || id_raw.empty() || id_raw.size() > kMaxBlockIdBytes) {
    return error(400, "InvalidBlockId", "The specified block ID is invalid. The block ID must be Base64-encoded.");
  }
  const auto body_size = static_cast<std::int64_t>(req.body_size());
  if (body_size > kMaxBlockBytes) {
    return error(413, "RequestBodyTooLarge",
                 "The request body is too large and exceeds the maximum permissible limit.");
  }
  const BodyDigests& d = digests_of(req.body);
  if (auto refused = content_md5_refusal(req, d.md5_raw)) return *refused;
  if (auto declared = req.headers.get("Content-Length"); declared && *declared != std::to_string(body_size)) {
    return error(400, "InvalidHeaderValue", "The value for one of the HTTP headers is not in the correct format.");
  }
  const auto found = staged_.find(t.blob);
  if (found != staged_.end() && !found->second.blocks.empty()) {
    std::string other_raw;
    crypto::base64_decode(found->second.blocks.begin()->first, other_raw);
    if (other_raw.size() != id_raw.size()) {
      // Azure's rule: one blob's block ids all have the same length.
      return error(400, "InvalidBlobOrBlock", "The specified blob or block content is invalid.");
    }
    if (!found->second.blocks.count(*id) && found->second.blocks.size() >= kMaxUncommittedBlocks) {
      return error(409, "BlockCountExceedsLimit",
                   "The uncommitted block count cannot exceed the maximum limit of "
                   "100,000 blocks.");
    }
  }

  Staged& s = staged_[t.blob];
  const auto existing = s.blocks.find(*id);
  if (existing != s.blocks.end()) {
    // Already hashed in its arrival place: identical bytes are a retry and
    // change nothing; other bytes cannot be unhashed (azure_blob_model.hpp).
    if (existing->second.size != body_size || existing->second.md5_raw != d.md5_raw) s.rehashed_id = *id;
    existing->second = {body_size, d.md5_raw};
  } else {
    if (req.body) s.running.add(ByteView(*req.body));
    s.arrival.push_back(*id);
    s.blocks.emplace(*id, StagedBlock{body_size, d.md5_raw});
  }

  http::Response r = http::make_response(201);
  r.headers.set("Content-MD5", crypto::base64_encode(view(d.md5_raw)));
  r.headers.set("x-ms-request-server-encrypted", "true");
  r.headers.set("x-ms-version", signing::kAzureApiVersion);
  r.headers.set("x-ms-request-id", "req-" + std::to_string(requests_));
  return r;
}

http::Response AzureBlobModel::put_block_list(const http::Request& req, const Target& t, const std::string& credential,
                                              std::int64_t unix_seconds) {
  // The request's own Content-MD5 covers the XML list, not the blob.
  const BodyDigests& d = digests_of(req.body);
  if (auto refused = content_md5_refusal(req, d.md5_raw)) return *refused;
  if (auto declared = req.headers.get("Content-Length"); declared && *declared != std::to_string(req.body_size())) {
    return error(400, "InvalidHeaderValue", "The value for one of the HTTP headers is not in the correct format.");
  }
  const auto blob_md5 = req.headers.get("x-ms-blob-content-md5");
  if (std::string raw; blob_md5 && (!crypto::base64_decode(*blob_md5, raw) || raw.size() != 16)) {
    return error(400, "InvalidMd5", "The MD5 value specified in the request is invalid.");
  }
  const StoredVersion* current = live(t.blob);
  if (auto refusal = write_condition_refusal(req, current)) return *refusal;

  const auto entries = block_list_entries(req.body_view());
  if (!entries) return error(400, "InvalidXmlDocument", "XML specified is not syntactically valid.");
  if (entries->size() > static_cast<std::size_t>(stores::kAzureMaxBlocks)) {
    return error(409, "BlockCountExceedsLimit",
                 "The committed block count cannot exceed the maximum limit of "
                 "50,000 blocks.");
  }
  const auto staged_it = staged_.find(t.blob);
  const Staged* staged = staged_it == staged_.end() ? nullptr : &staged_it->second;
  const auto committed_it = committed_.find(t.blob);
  std::map<std::string, std::int64_t> new_committed;
  bool uses_committed = false;
  for (const auto& e : *entries) {
    const bool in_staged = staged && staged->blocks.count(e.id);
    const bool in_committed = committed_it != committed_.end() && committed_it->second.count(e.id);
    const bool from_staged = e.source != Source::committed && in_staged;
    const bool from_committed = e.source != Source::uncommitted && !from_staged && in_committed;
    if (!from_staged && !from_committed) return error(400, "InvalidBlockList", "The specified block list is invalid.");
    uses_committed = uses_committed || from_committed;
    new_committed[e.id] = from_staged ? staged->blocks.at(e.id).size : committed_it->second.at(e.id);
  }

  // The running digests describe the blob only when the list is exactly the
  // uncommitted blocks in the order they arrived (see azure_blob_model.hpp).
  RunningDigests nothing;
  RunningDigests* digests = &nothing;
  if (!entries->empty()) {
    auto limit = [&](const std::string& why) { return error(501, "NotImplemented", "Model limit: " + why); };
    if (uses_committed) return limit("the list reuses committed blocks, whose bytes the model does not keep");
    if (!staged->rehashed_id.empty()) {
      return limit("block " + staged->rehashed_id + " was re-sent with other bytes after the model had hashed it");
    }
    bool in_arrival_order = entries->size() == staged->arrival.size();
    for (std::size_t i = 0; in_arrival_order && i < entries->size(); ++i) {
      in_arrival_order = (*entries)[i].id == staged->arrival[i];
    }
    if (!in_arrival_order) return limit("the list does not name the uncommitted blocks in the order they arrived");
    digests = &staged_it->second.running;
  }

  // No versioning: the old content is gone for every reader from here on.
  if (current) ++replaced_versions_;
  StoredVersion v;
  v.etag = fresh_etag();
  v.version_id = v.etag;
  v.size = digests->size;
  v.sha256_hex = crypto::to_hex(view(digests->sha256.finish()));
  v.md5_hex = crypto::to_hex(view(digests->md5.finish()));
  v.created_unix_s = unix_seconds;
  v.credential = credential;
  v.content_type = req.headers.get("x-ms-blob-content-type").value_or("application/octet-stream");
  v.metadata = metadata_headers(req.headers, "x-ms-meta-");
  v.part_count = static_cast<int>(entries->size());
  v.declared_content_md5_b64 = blob_md5.value_or("");
  objects_[t.blob].push_back(v);
  committed_[t.blob] = std::move(new_committed);
  // Committing discards the blob's other uncommitted blocks, as Azure does.
  if (staged_it != staged_.end()) staged_.erase(staged_it);

  return created_answer(v.etag, d.md5_raw, unix_seconds);
}

}  // namespace recguard::mocks
