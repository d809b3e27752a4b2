#pragma once
// Progress of a long conform run. On a terminal: one line redrawn in place,
// "[3/26] backup-region-partitioned-2h  virtual 1:12:05", at most ten times
// a second. Not on a terminal (CI logs, pipes): one plain line per scenario
// as it starts and nothing in between, so logs stay line-oriented.
#include <chrono>
#include <cstddef>
#include <ostream>
#include <string>

#include "core/types/time.hpp"

namespace recguard::app {

class ProgressLine {
 public:
  ProgressLine(std::ostream& out, bool terminal) : out_(out), terminal_(terminal) {}

  void start(std::size_t n, std::size_t total, const std::string& what);
  // The run reached this virtual time (called often; redraws are throttled).
  void reached(Instant t);
  // Clears the live line before other output is printed.
  void clear();

 private:
  std::ostream& out_;
  bool terminal_;
  std::string prefix_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_draw_{};
};

// Whether standard output is a terminal.
bool stdout_is_terminal();

}  // namespace recguard::app
