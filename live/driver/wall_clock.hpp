#pragma once
// Live mode's `now`: microseconds since the Unix epoch (core/types/time.hpp),
// read from the system clock. The core only subtracts instants and signs
// requests with them, so a wall clock is what it needs; waiting is done on a
// steady clock (live_driver.cpp) so that a clock step cannot stall a timer.
#include "core/types/time.hpp"

namespace recguard::live {

Instant wall_now();

}  // namespace recguard::live
