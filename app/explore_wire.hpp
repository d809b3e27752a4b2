#pragma once
// How an explore worker process tells the parent what happened: one JSON
// object per line on a pipe, one line per listener event. The parent turns
// each line back into the same event for its own listener, so the output
// of `--jobs 4` reads exactly like that of `--jobs 1`.
#include <string>

#include "sim/explore/explorer.hpp"

namespace recguard::app {

// A listener that writes each event as a line to a file descriptor.
class WireListener : public sim::explore::ExploreListener {
 public:
  explicit WireListener(int fd) : fd_(fd) {}
  void on_run(const sim::explore::RunRecord& r) override;
  void on_failing(const sim::explore::FailingCase& f) override;
  void on_shrink_step(std::uint64_t seed, const std::string& size, int steps, int runs) override;
  void on_counterexample(const sim::explore::Counterexample& c) override;

 private:
  void send(const std::string& line);
  int fd_;
};

// Replays one line as the event it encodes; false if it is not one.
bool dispatch_wire_line(const std::string& line, sim::explore::ExploreListener& to);

}  // namespace recguard::app
