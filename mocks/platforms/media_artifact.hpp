#pragma once
// One recorded artifact as the media server left it: real WAV bytes generated
// lazily from the seed, possibly cut short (a truncated upload). Nothing holds
// the whole file: every read generates just the range asked for.
#include <cstdint>
#include <memory>
#include <string>

#include "core/crypto/digest.hpp"
#include "core/media/media_format.hpp"
#include "mocks/media/synthetic_audio.hpp"

namespace recguard::mocks {

struct ArtifactSpec {
  media::MediaFormat format = media::MediaFormat::wav_pcm16_8k;
  int channels = 1;
  std::int64_t duration_ms = 0;
  std::uint64_t seed = 0;
  SyntheticContent content = SyntheticContent::speech_like;
  std::int64_t keep_bytes = -1;  // truncation: keep only this many bytes; -1 = whole file
};

class MediaArtifact {
 public:
  explicit MediaArtifact(ArtifactSpec spec);
  const ArtifactSpec& spec() const { return spec_; }
  std::int64_t size() const { return size_; }
  std::int64_t full_size() const { return wav_.size(); }
  ByteVec read(std::int64_t offset, std::int64_t length) const;
  // SHA-256 of the artifact's bytes. Computed while the bytes are first read
  // front to back (the CDN serving them), so the truth costs no second
  // generation pass; otherwise generated and hashed on first use.
  const std::string& sha256_hex() const;
  // Raw MD5 and SHA-256 of the whole artifact, when a front-to-back read has
  // hashed it (empty strings before): what a store would compute from the
  // same bytes, handed to the stores' digest memo with the CDN's buffer.
  const std::string& md5_raw() const { return md5_raw_; }
  const std::string& sha256_raw() const { return sha256_raw_; }

 private:
  ArtifactSpec spec_;
  SyntheticWav wav_;
  std::int64_t size_;
  mutable std::string sha256_hex_;
  mutable std::string sha256_raw_;
  mutable std::string md5_raw_;
  // Hash sequential reads from the first byte: SHA-256 for the truth, MD5
  // because the store that receives these bytes computes it for its ETag.
  mutable std::unique_ptr<crypto::Hasher> running_sha256_;
  mutable std::unique_ptr<crypto::Hasher> running_md5_;
  mutable std::int64_t hashed_upto_ = 0;
};

using ArtifactPtr = std::shared_ptr<const MediaArtifact>;

}  // namespace recguard::mocks
