#pragma once
// The simulated S3 and Azure models each hash every body they receive, as the
// real services do. In one process both receive the SAME immutable buffer
// (the core shares one chunk between tiers), so the second hash is a pure
// recomputation; this memo returns the first result instead. Identity is the
// live buffer itself (weak_ptr + address), never a recycled address.
#include <memory>
#include <string>

#include "core/types/bytes.hpp"

namespace recguard::mocks {

struct BodyDigests {
  std::string md5_raw;     // 16 bytes
  std::string sha256_raw;  // 32 bytes
};

const BodyDigests& digests_of(const SharedBytes& body);

}  // namespace recguard::mocks
