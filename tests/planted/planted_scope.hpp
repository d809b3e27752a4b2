#pragma once
// Switches a planted fault on for one scope (core/testing/planted_fault.hpp).
#include "core/testing/planted_fault.hpp"

namespace recguard::testing {

struct PlantedScope {
  explicit PlantedScope(planted::Fault f) { planted::active() = f; }
  ~PlantedScope() { planted::active() = planted::Fault::none; }
  PlantedScope(const PlantedScope&) = delete;
  PlantedScope& operator=(const PlantedScope&) = delete;
};

}  // namespace recguard::testing
