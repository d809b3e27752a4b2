#include "app/explore_console.hpp"

#include <algorithm>
#include <iomanip>

#include "sim/scenario/scenario.hpp"

namespace recguard::app {

using namespace sim::explore;

ExploreConsole::ExploreConsole(std::ostream& out, bool terminal, std::uint64_t planned_runs)
    : out_(out), progress_(out, terminal), terminal_(terminal), planned_runs_(planned_runs) {}

void ExploreConsole::on_run(const RunRecord& r) {
  ++runs_;
  for (const auto& [kind, n] : r.verdict.faults_fired) {
    if (n == 0) continue;
    ++acted_runs_[kind];
    acted_times_[kind] += n;
  }
  if (r.verdict.failed) failed_seeds_.push_back(r.seed);
  // A redrawn line on a terminal only: in a log, a line per seed says nothing.
  if (terminal_) {
    progress_.start(runs_, planned_runs_,
                    "explore: seed " + std::to_string(r.seed) + ", " + std::to_string(failed_seeds_.size()) + " failed");
  }
}

void ExploreConsole::on_failing(const FailingCase& f) {
  progress_.clear();
  out_ << "seed " << f.seed << " FAILED: " << f.verdict.detail << "\n";
  out_ << "  failing case (" << f.size << "):\n" << f.description;
  if (f.will_shrink) {
    out_ << "  shrinking...\n";
  } else {
    out_ << "  a counterexample for " << f.verdict.invariant() << " is already written; not shrunk again "
         << "(this seed alone: recguard explore --first-seed " << f.seed << " --seeds 1)\n";
  }
  out_ << std::flush;
}

void ExploreConsole::on_shrink_step(std::uint64_t seed, const std::string& size, int steps, int runs) {
  if (!terminal_) return;
  progress_.start(runs_, planned_runs_,
                  "explore: shrinking seed " + std::to_string(seed) + ": step " + std::to_string(steps) + ", " + size +
                      " (" + std::to_string(runs) + " runs)");
}

void ExploreConsole::on_counterexample(const Counterexample& c) {
  progress_.clear();
  out_ << "seed " << c.seed << " shrunk in " << c.shrink_steps << " steps (" << c.shrink_runs << " runs) from " << c.original_size << " to "
       << c.size << (c.shrink_stopped_early ? " (stopped early: shrink budget spent)" : "") << ":\n"
       << c.description;
  out_ << "  violation: " << c.verdict.detail << "\n";
  if (c.reproduced) {
    out_ << "  wrote " << c.file.string() << "; recguard run reproduces " << c.invariant << "\n";
  } else {
    out_ << "  PROBLEM with " << c.file.string() << ": " << c.problem << "\n";
  }
  out_ << "  replay: recguard run " << c.file.string() << "\n" << std::flush;
  counterexamples_.push_back(c);
}

void ExploreConsole::print_summary(double wall_seconds, int jobs, bool budget_ran_out) {
  progress_.clear();
  const double rate = wall_seconds > 0 ? static_cast<double>(runs_) / wall_seconds : 0;
  out_ << "explore: " << runs_ << " runs in " << std::fixed << std::setprecision(1) << wall_seconds << " s, "
       << std::setprecision(2) << rate << " runs/s (" << jobs << (jobs == 1 ? " job" : " jobs") << "), "
       << failed_seeds_.size() << " failed" << (budget_ran_out ? "; the time budget ran out" : "") << "\n";
  out_ << "fault kinds exercised (runs in which each acted, times it acted):\n";
  std::vector<std::string> never;
  for (const auto& kind : sim::fault_kind_names()) {
    const auto it = acted_runs_.find(kind);
    if (it == acted_runs_.end()) {
      never.push_back(kind);
      continue;
    }
    const auto times = acted_times_[kind];
    out_ << "  " << std::left << std::setw(20) << kind << std::right << " " << it->second
         << (it->second == 1 ? " run, " : " runs, ") << times << (times == 1 ? " time\n" : " times\n");
  }
  if (!never.empty()) {
    out_ << "  never acted:";
    for (const auto& k : never) out_ << " " << k;
    out_ << "\n";
  }
  if (counterexamples_.empty()) {
    out_ << "counterexamples: none\n";
  } else {
    out_ << "counterexamples: " << counterexamples_.size() << " written\n";
    for (const auto& c : counterexamples_) {
      out_ << "  " << c.invariant << " (seed " << c.seed << ", " << c.size << "): recguard run " << c.file.string()
           << (c.reproduced ? "" : "  [not reproduced: " + c.problem + "]") << "\n";
    }
  }
  if (!failed_seeds_.empty()) {
    std::sort(failed_seeds_.begin(), failed_seeds_.end());
    out_ << "failed seeds:";
    for (const auto s : failed_seeds_) out_ << " " << s;
    out_ << "\n";
  }
  out_ << std::flush;
}

}  // namespace recguard::app
