#pragma once
// How the capture faults act on the plan, in one place for both drivers of
// the platform side: the SimWorld (virtual time) and the real-time world
// behind `recguard mock-serve` (wall clock), so that the same scenario cuts
// the same captures at the same instants and keeps the same bytes.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/scenario/scenario.hpp"
#include "sim/world/world_setup.hpp"

namespace recguard::sim {

struct CaptureCut {
  std::size_t call = 0;  // index into setup.calls
  Instant at{};
};

// capture_crash, and truncate_artifact with capture_stops "mid_call": each
// call the fault hits is cut at `at`, or a third into the call if that is
// later, provided the call is still up then (and the fault not over). In call order.
std::vector<CaptureCut> capture_cuts(const Fault& f, std::size_t fault_index, const WorldSetup& setup);

// truncate_artifact: how many bytes of a `full_bytes` capture it keeps.
std::int64_t truncated_keep_bytes(const Fault& cut, std::int64_t full_bytes);

}  // namespace recguard::sim
