#pragma once
// Azurite (Azure Blob) and s3rver (S3) started for one test on free loopback
// ports, with the client configuration core's store adapters need to reach
// them. Both keep their data in a temporary folder (Azurite in memory).
#include <memory>
#include <string>

#include "core/stores/store_client.hpp"
#include "support/command_line.hpp"
#include "peer_process.hpp"

namespace recguard::testing {

inline std::filesystem::path folder(const std::filesystem::path& p) {
  std::filesystem::create_directories(p);
  return p;
}

// Azurite's published development account (the same in every install).
inline constexpr const char* kAzuriteAccount = "devstoreaccount1";
inline constexpr const char* kAzuriteKey =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
// s3rver's only credential; it checks SigV4 signatures made with it.
inline constexpr const char* kS3rverAccessKey = "S3RVER";
inline constexpr const char* kS3rverSecret = "S3RVER";

struct AzuritePeer {
  TempFolder dir{"azurite"};
  unsigned short port = free_loopback_port();
  PeerProcess process{{live_peer_binary("azurite-blob"), "--blobHost", "127.0.0.1", "--blobPort",
                       std::to_string(port), "--inMemoryPersistence", "--skipApiVersionCheck", "--disableTelemetry",
                       "--silent"},
                      port,
                      dir.path / "azurite.log"};

  std::string host() const { return "127.0.0.1:" + std::to_string(port); }
  stores::AzureConfig config(const std::string& container, const std::string& key = kAzuriteKey) const {
    stores::AzureConfig c;
    c.host = host();
    c.account = kAzuriteAccount;
    c.container = container;
    c.credentials = {kAzuriteAccount, key};
    c.path_style = true;
    return c;
  }
};

struct S3rverPeer {
  explicit S3rverPeer(std::string bucket_name) : bucket(std::move(bucket_name)) {}
  std::string bucket;
  TempFolder dir{"s3rver"};
  std::filesystem::path data = folder(dir.path / "data");  // the log stays out of it: s3rver reads folders as buckets
  unsigned short port = free_loopback_port();
  PeerProcess process{{live_peer_binary("s3rver"), "--directory", data.string(), "--address",
                       "127.0.0.1", "--port", std::to_string(port), "--no-vhost-buckets", "--configure-bucket", bucket,
                       "--silent"},
                      port,
                      dir.path / "s3rver.log",
                      // s3rver 3.7 makes ListObjectsV2 continuation tokens with DES, which
                      // Node 17+ (OpenSSL 3) refuses unless the legacy provider is loaded.
                      {{"NODE_OPTIONS", "--openssl-legacy-provider"}}};

  std::string host() const { return "127.0.0.1:" + std::to_string(port); }
  stores::S3Config config(const std::string& secret = kS3rverSecret) const {
    stores::S3Config c;
    c.host = host();
    c.bucket = bucket;
    c.region = "us-east-1";
    c.credentials = {kS3rverAccessKey, secret, ""};
    return c;
  }
};

}  // namespace recguard::testing
