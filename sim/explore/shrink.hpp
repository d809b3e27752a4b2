#pragma once
// Shrinking a failing case with RapidCheck's own shrink tree.
//
// The tree is the one RapidCheck builds while generating (scenario_gen.hpp):
// a node's shrinks remove calls and faults, switch fault kinds off, move
// windows earlier and make them shorter, and shorten the run. The walk is
// RapidCheck's greedy one (take a shrink that still fails, go on from its
// shrinks, stop when none fails) with one change: each pass resumes where
// the last shrink was taken rather than at the first shrink (shrink.cpp
// says why). It is driven here rather than through rc::check so that
// "still fails" means "fails with the same invariant" (a shrink that fails
// some other way is a different bug), so that each step can be reported as
// it is taken, and so that a run budget bounds it.
#include <cstdint>
#include <functional>

#include <rapidcheck.h>

#include "sim/explore/explore_case.hpp"
#include "sim/explore/verdict.hpp"

namespace recguard::sim::explore {

struct ShrinkLimits {
  int max_runs = 1000;                  // judged candidates, at most
  std::function<bool()> should_stop;   // a wall-clock budget, checked before each run
};

struct ShrinkOutcome {
  ExploreCase smallest;
  Scenario scenario;    // build_scenario(smallest)
  Verdict verdict;      // its verdict: fails with the original's invariant
  int steps = 0;        // shrinks taken
  int runs = 0;         // candidates judged
  bool stopped_early = false;  // the run budget or the time budget ran out
};

using ShrinkStep = std::function<void(const ShrinkOutcome& so_far)>;

ShrinkOutcome shrink_case(const rc::Shrinkable<ExploreCase>& failing, const Verdict& failure, const Judge& judge,
                          const ShrinkLimits& limits, const ShrinkStep& on_step = {});

}  // namespace recguard::sim::explore
