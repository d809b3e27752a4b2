#pragma once
// RapidCheck generators for whole scenarios: a world (platforms, store PUT
// limits, link latencies, orchestrators, a reconciler), traffic (explicit
// calls and Poisson or uniform arrivals, three 8 kHz formats, one or two
// channels) and a fault schedule drawn swarm-style (each run switches a
// random subset of the fault kinds on, as TigerBeetle's swarm testing does),
// plus FoundationDB-style swizzle-clogging of links.
//
// Generation is a pure function of the seed: explore_case_gen(seed) applied
// to rc::Random(seed) at RapidCheck's nominal size always draws the same
// case, and its Shrinkable is what the explorer shrinks.
#include <cstdint>

#include <rapidcheck.h>

#include "sim/explore/explore_case.hpp"
#include "sim/scenario/scenario.hpp"

namespace recguard::sim::explore {

// Sizes are modest by default so that one run takes well under a second:
// a few to ~40 calls, mostly short and 8 kHz, minutes to an hour of traffic.
struct GenLimits {
  int max_calls = 40;             // explicit calls
  int max_faults = 10;            // drafted faults (before swizzle-clogging)
  int max_horizon_minutes = 60;   // traffic and faults happen within this
  int max_short_call_s = 120;     // most calls
  int max_long_call_s = 900;      // one in ten
  int max_fault_window_s = 1800;
  int max_swizzle_links = 6;
  int arrivals_percent = 30;      // how often a run also has generated arrivals
  int swizzle_percent = 50;       // how often a run with partitions also swizzles
  int reconciler_percent = 40;
  bool operator==(const GenLimits&) const = default;
};

rc::Gen<ExploreCase> explore_case_gen(std::uint64_t seed, const GenLimits& limits = {});

// explore_case_gen mapped through build_scenario (case_builder.hpp).
rc::Gen<Scenario> scenario_gen(std::uint64_t seed, const GenLimits& limits = {});

// How a seed becomes its case: the one draw every caller must agree on.
rc::Shrinkable<ExploreCase> draw_case(std::uint64_t seed, const GenLimits& limits = {});

}  // namespace recguard::sim::explore
