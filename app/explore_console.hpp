#pragma once
// What `recguard explore` prints, and the tally behind its summary: each
// failing case as first found (before shrinking starts), the shrunk one,
// the file written and the exact replay command; at the end runs, runs per
// second, the fault kinds exercised and the counterexamples.
#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "app/progress_line.hpp"
#include "sim/explore/explorer.hpp"

namespace recguard::app {

class ExploreConsole : public sim::explore::ExploreListener {
 public:
  ExploreConsole(std::ostream& out, bool terminal, std::uint64_t planned_runs);

  void on_run(const sim::explore::RunRecord& r) override;
  void on_failing(const sim::explore::FailingCase& f) override;
  void on_shrink_step(std::uint64_t seed, const std::string& size, int steps, int runs) override;
  void on_counterexample(const sim::explore::Counterexample& c) override;

  void print_summary(double wall_seconds, int jobs, bool budget_ran_out);

  std::uint64_t runs() const { return runs_; }
  bool anything_failed() const { return !failed_seeds_.empty(); }

 private:
  std::ostream& out_;
  ProgressLine progress_;
  bool terminal_;
  std::uint64_t planned_runs_;
  std::uint64_t runs_ = 0;
  std::vector<std::uint64_t> failed_seeds_;
  std::map<std::string, std::uint64_t> acted_runs_;   // kind -> runs in which it acted
  std::map<std::string, std::uint64_t> acted_times_;  // kind -> times it acted, over all runs
  std::vector<sim::explore::Counterexample> counterexamples_;
};

}  // namespace recguard::app
