#pragma once
// The simulation's agenda. Events run in (time, insertion sequence) order, so
// two events due at the same instant run in the order they were scheduled:
// ties never depend on pointer values or hash order (ARCHITECTURE.md).
#include <algorithm>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/types/time.hpp"

namespace recguard::sim {

template <class Event>
class EventQueue {
 public:
  struct Entry {
    Instant at;
    std::uint64_t seq;
    Event event;
  };

  // Schedules `e` at `at` and returns its sequence number (unique, increasing,
  // never 0 so callers may use 0 as "nothing scheduled").
  std::uint64_t push(Instant at, Event e) {
    const std::uint64_t seq = next_seq_++;
    heap_.push_back(Entry{at, seq, std::move(e)});
    std::push_heap(heap_.begin(), heap_.end(), later);
    pending_.insert(seq);
    return seq;
  }

  bool empty() const { return pending_.empty(); }
  std::size_t size() const { return pending_.size(); }

  Instant next_time() const {
    assert(!empty());
    return heap_.front().at;
  }

  Entry pop() {
    assert(!empty());
    std::pop_heap(heap_.begin(), heap_.end(), later);
    Entry e = std::move(heap_.back());
    heap_.pop_back();
    pending_.erase(e.seq);
    drop_cancelled_front();
    return e;
  }

  // Cancels a scheduled event. Returns false if it already ran, was already
  // cancelled or never existed, so cancelling a timer that fired is harmless.
  bool cancel(std::uint64_t seq) {
    if (pending_.erase(seq) == 0) return false;
    drop_cancelled_front();
    compact_if_mostly_cancelled();
    return true;
  }

 private:
  // std heap functions build a max-heap; "later" as the less-than puts the
  // earliest (time, seq) at the front. (time, seq) is unique, so the pop order
  // is fully determined whatever the heap's internal layout.
  static bool later(const Entry& a, const Entry& b) {
    if (a.at != b.at) return a.at > b.at;
    return a.seq > b.seq;
  }

  // Cancellation is lazy: the entry stays in the heap until it reaches the
  // front. Keeping the front live lets next_time() stay const and O(1).
  void drop_cancelled_front() {
    while (!heap_.empty() && !pending_.contains(heap_.front().seq)) {
      std::pop_heap(heap_.begin(), heap_.end(), later);
      heap_.pop_back();
    }
  }

  // Timers that are mostly cancelled (webhook timeouts answered in time) would
  // otherwise pile up far in the future; rebuild once they are the majority.
  void compact_if_mostly_cancelled() {
    if (heap_.size() < kCompactMinEntries || heap_.size() < 2 * pending_.size()) return;
    std::erase_if(heap_, [this](const Entry& e) { return !pending_.contains(e.seq); });
    std::make_heap(heap_.begin(), heap_.end(), later);
  }

  static constexpr std::size_t kCompactMinEntries = 1024;

  std::vector<Entry> heap_;
  // Sequence numbers scheduled and neither run nor cancelled. Only looked up,
  // never iterated, so its hash order cannot reach the simulation's output.
  std::unordered_set<std::uint64_t> pending_;
  std::uint64_t next_seq_ = 1;
};

}  // namespace recguard::sim
