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
  return wav_.read(offset, length);
}

const std::string& MediaArtifact::sha256_hex() const {
  if (sha256_hex_.empty()) sha256_hex_ = wav_.sha256_hex(size_);
  return sha256_hex_;
}

}  // namespace recguard::mocks
