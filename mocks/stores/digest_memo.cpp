#include "mocks/stores/digest_memo.hpp"

#include <cassert>
#include <map>
#include <mutex>

#include "core/crypto/digest.hpp"

namespace recguard::mocks {

namespace {

struct Memo {
  std::weak_ptr<const ByteVec> body;
  BodyDigests digests;
};

// Keyed by the buffer's address, checked against the weak_ptr: an address
// the allocator handed out again after the first buffer died is a miss, never
// the dead buffer's digests. The map never reaches output, so its order does
// not matter; it is ordered only because nothing here needs a hash.
struct MemoTable {
  std::mutex mu;  // worlds may run on several threads (explore --jobs)
  std::map<const ByteVec*, Memo> entries;
  std::size_t size_after_sweep = 0;

  // Drops the entries of buffers that died, once the table has doubled since
  // the last sweep: bounded by twice the live buffers, at amortised O(1).
  void sweep_if_grown() {
    if (entries.size() < 2 * size_after_sweep + 64) return;
    std::erase_if(entries, [](const auto& kv) { return kv.second.body.expired(); });
    size_after_sweep = entries.size();
  }
};

MemoTable& table() {
  static MemoTable t;
  return t;
}

BodyDigests compute(ByteView bytes) {
  const auto md5 = crypto::md5(bytes);
  const auto sha = crypto::sha256(bytes);
  return {std::string(md5.begin(), md5.end()), std::string(sha.begin(), sha.end())};
}

}  // namespace

BodyDigests digests_of(const SharedBytes& body) {
  if (!body) {
    static const BodyDigests empty_digests = compute(ByteView{});
    return empty_digests;
  }
  MemoTable& t = table();
  {
    const std::lock_guard lock(t.mu);
    if (auto it = t.entries.find(body.get()); it != t.entries.end() && it->second.body.lock() == body) {
      return it->second.digests;
    }
  }
  // Hashed outside the lock: megabytes of media should not serialise worlds.
  BodyDigests d = compute(ByteView(*body));
  remember_digests(body, d);
  return d;
}

void remember_digests(const SharedBytes& body, BodyDigests digests) {
  assert(body);
  assert(digests.md5_raw.size() == 16);
  assert(digests.sha256_raw.size() == 32);
  MemoTable& t = table();
  const std::lock_guard lock(t.mu);
  t.sweep_if_grown();
  t.entries.insert_or_assign(body.get(), Memo{body, std::move(digests)});
}

}  // namespace recguard::mocks
