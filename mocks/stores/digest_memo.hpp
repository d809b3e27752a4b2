#pragma once
// The simulated S3 and Azure models each hash every body they receive, as the
// real services do. In one process they often receive the SAME immutable
// buffer: the core shares one chunk between tiers, and a backfill copies the
// buffer a store handed back on GET (the stored one itself), hours of
// virtual time after the first PUT. Hashing it again is a pure recomputation;
// this memo returns the first result instead, for as long as the buffer
// lives. Identity is the live buffer itself (weak_ptr + address), never a
// recycled address.
#include <memory>
#include <string>

#include "core/types/bytes.hpp"

namespace recguard::mocks {

struct BodyDigests {
  std::string md5_raw;     // 16 bytes
  std::string sha256_raw;  // 32 bytes
};

// By value: the memo is shared by every world in the process.
BodyDigests digests_of(const SharedBytes& body);
// Digests already computed from exactly these bytes elsewhere in the world
// (the CDN hashes an artifact while it renders it): the store that receives
// this buffer then hashes nothing.
void remember_digests(const SharedBytes& body, BodyDigests digests);

}  // namespace recguard::mocks
