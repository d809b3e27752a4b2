#pragma once
// Internal to core/stores: the Azure Blob codec class, declared once and
// implemented per responsibility (azure_blob_client.cpp: Put Blob and Get
// Blob Properties; azure_block_list.cpp: Put Block and Put Block List;
// azure_listing.cpp: List Blobs). Callers use make_azure_blob_client.
#include <string>

#include "core/stores/store_client.hpp"

namespace recguard::stores::azure_detail {

// Status and Azure error code -> outcome, as Put Blob, Put Block and Put
// Block List all read them.
WriteOutcomeKind classify_write(int status, const std::string& code);
// The x-ms-error-code header, else the <Code> of the XML body.
std::string error_code_of(const http::Response& resp);

class AzureBlobClient final : public StoreClient {
 public:
  explicit AzureBlobClient(AzureConfig cfg) : cfg_(std::move(cfg)) {}
  Tier tier() const override { return Tier::backup; }
  const std::string& location() const override { return cfg_.container; }

  http::Request build_put(const PutSpec& spec, std::int64_t unix_seconds) const override;
  WriteOutcome parse_put(const http::Response& resp) const override;
  http::Request build_head(const std::string& key, std::int64_t unix_seconds) const override;
  Result<ObjectInfo> parse_head(const http::Response& resp) const override;
  http::Request build_get(const std::string& key, std::int64_t unix_seconds) const override;

  bool needs_upload_begin() const override { return false; }
  std::optional<http::Request> build_begin_upload(const BeginUploadSpec& spec,
                                                  std::int64_t unix_seconds) const override;
  Result<std::string> parse_begin_upload(const http::Response& resp) const override;
  http::Request build_upload_part(const PartSpec& spec, std::int64_t unix_seconds) const override;
  PartOutcome parse_upload_part(const http::Response& resp) const override;
  http::Request build_complete_upload(const CompleteSpec& spec, std::int64_t unix_seconds) const override;
  WriteOutcome parse_complete_upload(const http::Response& resp) const override;
  std::optional<http::Request> build_abort_upload(const std::string& key, const std::string& upload_id,
                                                  std::int64_t unix_seconds) const override;

  http::Request build_list(const ListSpec& spec, std::int64_t unix_seconds) const override;
  Result<ListPage> parse_list(const http::Response& resp) const override;

 private:
  // "/container/blob" (host-style) or "/account/container/blob" (Azurite
  // path-style) with Host set.
  http::Request base(const char* method, const std::string& key) const;
  // The container itself: "/container" or "/account/container".
  http::Request container_base(const char* method) const;

  AzureConfig cfg_;
};

}  // namespace recguard::stores::azure_detail
