#pragma once
// Scenario -> scenario file: the inverse of the loader (scenario_loader.hpp).
// `recguard explore` writes its counterexamples with it, so a case found in
// memory becomes an ordinary file that `recguard run` replays.
//
// A key is written only where the value differs from what the loader would
// fill in by itself, so a written file is as short as a hand-written one and
// reads like one; load_scenario_text(write_scenario_text(s)) == s for every
// scenario the loader can produce.
#include <string>

#include <nlohmann/json.hpp>

#include "sim/scenario/scenario.hpp"

namespace recguard::sim {

nlohmann::ordered_json scenario_to_json(const Scenario& scenario);
// Pretty-printed (two-space indent) with a trailing newline.
std::string write_scenario_text(const Scenario& scenario);

}  // namespace recguard::sim
