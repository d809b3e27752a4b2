#pragma once
// Simulated time. It moves only when the driver advances it to the next
// event, and never backwards: an event scheduled in the past is a bug.
#include <cassert>

#include "core/types/time.hpp"

namespace recguard::sim {

class VirtualClock {
 public:
  VirtualClock() = default;
  explicit VirtualClock(Instant start) : now_(start) {}

  Instant now() const { return now_; }

  void advance_to(Instant t) {
    assert(t >= now_);
    now_ = t;
  }

 private:
  Instant now_{};
};

}  // namespace recguard::sim
