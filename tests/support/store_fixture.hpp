#pragma once
// What the store codec and model tests share: a fixed request time, the
// primary's test credential, Azurite's published development key, a PutSpec
// with its real digests, deterministic bytes, and an S3 client and model pair.
#include <cstdint>
#include <memory>
#include <string>

#include "core/crypto/digest.hpp"
#include "core/signing/shared_key.hpp"
#include "core/signing/sigv4.hpp"
#include "core/stores/store_client.hpp"
#include "mocks/stores/s3_model.hpp"

namespace recguard::testing::store {

inline constexpr std::int64_t kNow = 1767225600;  // 2026-01-01T00:00:00Z
inline const signing::AwsCredentials kCreds{"AKIDPRIMARY", "primary-secret", ""};
// Azurite's published well-known development account and key.
inline const signing::AzureSharedKey kDevKey{
    "devstoreaccount1", "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="};

inline stores::PutSpec spec_for(const std::string& key, const std::string& content) {
  stores::PutSpec s;
  s.key = key;
  s.body = share(content);
  s.sha256_hex = crypto::to_hex(crypto::sha256(content));
  s.md5_b64 = crypto::base64_encode(crypto::md5(content));
  return s;
}

// Deterministic bytes that differ per seed (xorshift32).
inline std::string generated(std::size_t n, std::uint32_t seed) {
  std::string s(n, '\0');
  std::uint32_t x = seed * 2654435761u + 1;
  for (auto& c : s) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    c = static_cast<char>(x);
  }
  return s;
}

inline std::unique_ptr<stores::StoreClient> client_with(signing::AwsCredentials creds) {
  return stores::make_s3_client({"s3.us-east-1.amazonaws.com", "rec-primary", "us-east-1", std::move(creds)});
}

// The S3 model with kCreds registered and a client signing with them; tests
// add the operations they walk through.
struct S3Pair {
  mocks::S3Model model{"rec-primary", "us-east-1"};
  std::unique_ptr<stores::StoreClient> client = client_with(kCreds);
  S3Pair() { model.add_credential(kCreds.access_key_id, kCreds.secret_access_key); }
};

}  // namespace recguard::testing::store
