#include "sim/kernel/trace_recorder.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <cassert>
#include <ostream>
#include <stdexcept>

#include "core/crypto/digest.hpp"

namespace recguard::sim {

void TraceRecorder::CtxFree::operator()(evp_md_ctx_st* ctx) const { EVP_MD_CTX_free(ctx); }

TraceRecorder::TraceRecorder() : hash_(EVP_MD_CTX_new()) {
  if (!hash_ || EVP_DigestInit_ex(hash_.get(), EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("OpenSSL SHA-256 init failed");
  }
  ring_.reserve(kRecentCapacity);
}

TraceRecorder::~TraceRecorder() = default;
TraceRecorder::TraceRecorder(TraceRecorder&&) noexcept = default;
TraceRecorder& TraceRecorder::operator=(TraceRecorder&&) noexcept = default;

void TraceRecorder::record(Instant t, std::string_view component, std::string_view text) {
  assert(hash_);
  assert(!component.empty());
  assert(component.find('\n') == std::string_view::npos);
  assert(text.find('\n') == std::string_view::npos);

  // Build the line in its ring slot: once the ring is full, assign() reuses
  // the slot's capacity instead of allocating on this hot path.
  if (ring_.size() < kRecentCapacity) ring_.emplace_back();
  std::string& line = ring_[ring_next_];
  line.clear();  // clear + append, not operator=: a move-assign would drop the slot's buffer
  line += format_instant(t);
  line += ' ';
  line += component;
  line += ' ';
  line += text;
  ring_next_ = (ring_next_ + 1) % kRecentCapacity;
  ++line_count_;

  line += '\n';
  const int rc = EVP_DigestUpdate(hash_.get(), line.data(), line.size());
  assert(rc == 1);
  (void)rc;
  if (sink_ != nullptr) sink_->write(line.data(), static_cast<std::streamsize>(line.size()));
  line.pop_back();  // the ring holds lines without their terminator
  if (observer_) observer_(line_count_ - 1, line);
}

std::string TraceRecorder::digest_hex() const {
  assert(hash_);
  // Finishing a SHA-256 context ends it; finish a copy so the run's hash keeps going.
  std::unique_ptr<evp_md_ctx_st, CtxFree> copy(EVP_MD_CTX_new());
  if (!copy || EVP_MD_CTX_copy_ex(copy.get(), hash_.get()) != 1) {
    throw std::runtime_error("OpenSSL digest copy failed");
  }
  crypto::Sha256Digest d{};
  unsigned int len = 0;
  const int rc = EVP_DigestFinal_ex(copy.get(), d.data(), &len);
  assert(rc == 1);
  assert(len == d.size());
  (void)rc;
  return crypto::to_hex(d);
}

std::size_t TraceRecorder::ring_index(std::size_t back) const {
  assert(back < ring_.size());
  return (ring_next_ + kRecentCapacity - 1 - back) % kRecentCapacity;
}

std::vector<std::string> TraceRecorder::recent(std::size_t n) const {
  const std::size_t count = std::min(n, ring_.size());
  std::vector<std::string> out;
  out.reserve(count);
  for (std::size_t back = count; back > 0; --back) out.push_back(ring_[ring_index(back - 1)]);
  return out;
}

std::vector<std::string> TraceRecorder::recent_matching(std::string_view needle, std::size_t n) const {
  std::vector<std::string> out;
  for (std::size_t back = 0; back < ring_.size() && out.size() < n; ++back) {
    const std::string& line = ring_[ring_index(back)];
    if (line.find(needle) != std::string::npos) out.push_back(line);
  }
  std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace recguard::sim
