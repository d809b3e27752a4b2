#include "core/crypto/digest.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cassert>
#include <stdexcept>

namespace recguard::crypto {

struct Hasher::Impl {
  EVP_MD_CTX* ctx = nullptr;
  ~Impl() { EVP_MD_CTX_free(ctx); }
};

static const EVP_MD* md_for(Hasher::Algo a) { return a == Hasher::Algo::sha256 ? EVP_sha256() : EVP_md5(); }

Hasher::Hasher(Algo algo) : impl_(std::make_unique<Impl>()), algo_(algo) {
  impl_->ctx = EVP_MD_CTX_new();
  if (impl_->ctx == nullptr || EVP_DigestInit_ex(impl_->ctx, md_for(algo), nullptr) != 1) {
    throw std::runtime_error("OpenSSL digest init failed");
  }
}
Hasher::~Hasher() = default;
Hasher::Hasher(Hasher&&) noexcept = default;
Hasher& Hasher::operator=(Hasher&&) noexcept = default;

void Hasher::update(ByteView data) {
  const int rc = EVP_DigestUpdate(impl_->ctx, data.data(), data.size());
  assert(rc == 1);
  (void)rc;
}

std::string Hasher::finish() {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  const int rc = EVP_DigestFinal_ex(impl_->ctx, out, &len);
  assert(rc == 1);
  (void)rc;
  EVP_DigestInit_ex(impl_->ctx, md_for(algo_), nullptr);
  return std::string(reinterpret_cast<char*>(out), len);
}

Sha256Digest sha256(ByteView data) {
  Sha256Digest d{};
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), d.data(), &len, EVP_sha256(), nullptr);
  return d;
}

Md5Digest md5(ByteView data) {
  Md5Digest d{};
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), d.data(), &len, EVP_md5(), nullptr);
  return d;
}

Sha256Digest hmac_sha256(ByteView key, ByteView data) {
  Sha256Digest d{};
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), data.data(), data.size(), d.data(), &len);
  return d;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string to_hex(ByteView data) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(data.size() * 2);
  for (std::uint8_t b : data) {
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 0xF]);
  }
  return out;
}

static int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool from_hex(std::string_view hex, std::string& out) {
  out.clear();
  if (hex.size() % 2 != 0) return false;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int hi = hex_value(hex[i]);
    const int lo = hex_value(hex[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return true;
}

std::string base64_encode(ByteView data) {
  std::string out(4 * ((data.size() + 2) / 3), '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data.data(), static_cast<int>(data.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

bool base64_decode(std::string_view b64, std::string& out) {
  out.clear();
  if (b64.size() % 4 != 0) return false;
  if (b64.empty()) return true;
  std::string buf(3 * b64.size() / 4, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(buf.data()),
                                reinterpret_cast<const unsigned char*>(b64.data()), static_cast<int>(b64.size()));
  if (n < 0) return false;
  // EVP_DecodeBlock counts padding bytes as output; strip them.
  std::size_t len = static_cast<std::size_t>(n);
  if (b64.back() == '=') --len;
  if (b64.size() >= 2 && b64[b64.size() - 2] == '=') --len;
  buf.resize(len);
  out = std::move(buf);
  return true;
}

}  // namespace recguard::crypto
