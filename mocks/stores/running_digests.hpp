#pragma once
// The whole-object SHA-256 and MD5 of an upload that arrives in parts, kept
// as running hash states: each part is folded in as it arrives and then let
// go of, so a model holds a few hundred bytes per upload, never the object.
// A hash state cannot go back, so the models can fold only parts whose place
// in the object is already certain (see S3Model / AzureBlobModel).
#include <cstdint>
#include <string>

#include "core/crypto/digest.hpp"
#include "core/types/bytes.hpp"

namespace recguard::mocks {

struct RunningDigests {
  crypto::Hasher sha256{crypto::Hasher::Algo::sha256};
  crypto::Hasher md5{crypto::Hasher::Algo::md5};
  std::int64_t size = 0;

  void add(ByteView bytes) {
    sha256.update(bytes);
    md5.update(bytes);
    size += static_cast<std::int64_t>(bytes.size());
  }
};

}  // namespace recguard::mocks
