#pragma once
// `recguard explore`'s engine: for each seed, draw one scenario, run it,
// and when the property fails (an invariant violated, an expectation
// failed) shrink it and write it as an ordinary scenario file that
// `recguard run` reproduces. Deterministic: no clock is read here; the app
// measures time and passes a stop callback for its time budget.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <set>
#include <string>

#include "sim/explore/scenario_gen.hpp"
#include "sim/explore/shrink.hpp"
#include "sim/explore/verdict.hpp"

namespace recguard::sim::explore {

struct ExploreOptions {
  GenLimits limits = {};
  Judge judge = {};  // empty: simulate_and_judge (the real core)
  std::filesystem::path out_dir = "out/explore";
  ShrinkLimits shrink = {};
  // Called as each shrink starts; the check it returns (true: stop) ends
  // that shrink, with the smallest failing case found so far. The app puts
  // a wall-clock budget per counterexample here; no clock is read in sim/.
  std::function<std::function<bool()>()> start_shrink_budget = {};
};

struct RunRecord {
  std::uint64_t seed = 0;
  Verdict verdict = {};
};

// A failing run as first found, printed before shrinking starts.
struct FailingCase {
  std::uint64_t seed = 0;
  Verdict verdict = {};
  std::string size = {};         // "23 calls, 9 faults"
  std::string description = {};  // describe_scenario
  // False when this explorer already wrote a counterexample for the same
  // invariant: one shrunk case per bug is enough, the seed is still named.
  bool will_shrink = true;
};

struct Counterexample {
  std::uint64_t seed = 0;
  std::string invariant = {};
  Verdict verdict = {};          // the shrunk case's
  std::string original_size = {};
  std::string size = {};
  std::string description = {};  // the shrunk case
  int shrink_steps = 0;
  int shrink_runs = 0;
  bool shrink_stopped_early = false;
  std::filesystem::path file = {};
  // The file, loaded back through the ordinary loader and judged again,
  // fails with the same invariant: `recguard run FILE` reproduces it.
  bool reproduced = false;
  std::string problem = {};      // why it was not written or not reproduced
};

class ExploreListener {
 public:
  virtual ~ExploreListener() = default;
  virtual void on_run(const RunRecord&) {}
  virtual void on_failing(const FailingCase&) {}
  virtual void on_shrink_step(std::uint64_t /*seed*/, const std::string& /*size*/, int /*steps*/, int /*runs*/) {}
  virtual void on_counterexample(const Counterexample&) {}
};

class Explorer {
 public:
  explicit Explorer(ExploreOptions options);

  RunRecord explore_seed(std::uint64_t seed, ExploreListener& listener);

 private:
  Counterexample shrink_and_write(std::uint64_t seed, const rc::Shrinkable<ExploreCase>& tree, const Scenario& original,
                                  const Verdict& failure, ExploreListener& listener);

  ExploreOptions options_;
  std::set<std::string> written_;  // invariants this explorer has a counterexample for
};

// Where a counterexample for this invariant and seed is written.
std::filesystem::path counterexample_path(const std::filesystem::path& out_dir, const std::string& invariant,
                                          std::uint64_t seed);

// Writes the scenario (pretty JSON) to `file`, creating its folder; empty
// on success, else what went wrong.
std::string write_scenario_file(const std::filesystem::path& file, const Scenario& scenario);

}  // namespace recguard::sim::explore
