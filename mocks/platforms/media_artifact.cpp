#include "mocks/platforms/media_artifact.hpp"

#include <algorithm>

namespace recguard::mocks {

MediaArtifact::MediaArtifact(ArtifactSpec spec)
    : spec_(spec), wav_(spec.format, spec.channels, spec.duration_ms, spec.seed, spec.content) {
  size_ = spec_.keep_bytes >= 0 ? std::min(spec_.keep_bytes, wav_.size()) : wav_.size();
}

ByteVec MediaArtifact::read(std::int64_t offset, std::int64_t length) const {
  offset = std::clamp<std::int64_t>(offset, 0, size_);
  length = std::clamp<std::int64_t>(length, 0, size_ - offset);
  ByteVec bytes = wav_.read(offset, length);
  if (sha256_hex_.empty() && offset == hashed_upto_ && length > 0) {
    if (!running_sha256_) {
      running_sha256_ = std::make_unique<crypto::Hasher>(crypto::Hasher::Algo::sha256);
      running_md5_ = std::make_unique<crypto::Hasher>(crypto::Hasher::Algo::md5);
    }
    running_sha256_->update(ByteView(bytes));
    running_md5_->update(ByteView(bytes));
    hashed_upto_ += length;
    if (hashed_upto_ == size_) {
      sha256_raw_ = running_sha256_->finish();
      md5_raw_ = running_md5_->finish();
      sha256_hex_ = crypto::to_hex(view(sha256_raw_));
      running_sha256_.reset();
      running_md5_.reset();
    }
  }
  return bytes;
}

const std::string& MediaArtifact::sha256_hex() const {
  if (sha256_hex_.empty()) sha256_hex_ = wav_.sha256_hex(size_);
  return sha256_hex_;
}

}  // namespace recguard::mocks
