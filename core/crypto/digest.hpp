#pragma once
// Hashes through OpenSSL's EVP interface: SHA-256 for artifact identity,
// MD5 because S3 ETags and Azure Content-MD5 are MD5, HMAC-SHA256 for
// webhook and request signatures.
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/types/bytes.hpp"

namespace recguard::crypto {

using Sha256Digest = std::array<std::uint8_t, 32>;
using Md5Digest = std::array<std::uint8_t, 16>;

// Incremental hasher so that media can be hashed chunk by chunk with bounded memory.
class Hasher {
 public:
  enum class Algo { sha256, md5 };
  explicit Hasher(Algo algo);
  ~Hasher();
  Hasher(Hasher&&) noexcept;
  Hasher& operator=(Hasher&&) noexcept;
  Hasher(const Hasher&) = delete;
  Hasher& operator=(const Hasher&) = delete;

  void update(ByteView data);
  void update(std::string_view data) { update(view(data)); }
  // Returns the raw digest (32 bytes for SHA-256, 16 for MD5) and resets.
  std::string finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  Algo algo_;
};

Sha256Digest sha256(ByteView data);
inline Sha256Digest sha256(std::string_view s) { return sha256(view(s)); }
Md5Digest md5(ByteView data);
inline Md5Digest md5(std::string_view s) { return md5(view(s)); }

// Raw 32-byte HMAC-SHA256.
Sha256Digest hmac_sha256(ByteView key, ByteView data);
inline Sha256Digest hmac_sha256(std::string_view key, std::string_view data) {
  return hmac_sha256(view(key), view(data));
}

// Compares without an early exit so that the time taken does not reveal how
// many leading bytes of a forged signature were right.
bool constant_time_equal(std::string_view a, std::string_view b);

std::string to_hex(ByteView data);
template <std::size_t N>
std::string to_hex(const std::array<std::uint8_t, N>& d) { return to_hex(ByteView(d.data(), N)); }
// Lower- or upper-case hex in, bytes out; nullopt-like empty + false on bad input.
bool from_hex(std::string_view hex, std::string& out);

std::string base64_encode(ByteView data);
inline std::string base64_encode(std::string_view s) { return base64_encode(view(s)); }
template <std::size_t N>
std::string base64_encode(const std::array<std::uint8_t, N>& d) { return base64_encode(ByteView(d.data(), N)); }
bool base64_decode(std::string_view b64, std::string& out);

}  // namespace recguard::crypto
