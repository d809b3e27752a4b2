#include "live/driver/wall_clock.hpp"

#include <chrono>

namespace recguard::live {

Instant wall_now() {
  const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  return Instant{std::chrono::duration_cast<std::chrono::microseconds>(since_epoch).count()};
}

}  // namespace recguard::live
