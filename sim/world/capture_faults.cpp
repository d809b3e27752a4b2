#include "sim/world/capture_faults.hpp"

#include <algorithm>

#include "sim/world/fault_targeting.hpp"

namespace recguard::sim {

std::vector<CaptureCut> capture_cuts(const Fault& f, std::size_t fault_index, const WorldSetup& setup) {
  std::vector<CaptureCut> out;
  const Instant at = Instant{} + f.at;
  for (std::size_t c = 0; c < setup.calls.size(); ++c) {
    const CallPlan& call = setup.calls[c];
    if (!fault_hits_call(f, fault_index, call, setup.seed)) continue;
    const Instant when = std::max(at, call.start + Duration{call.length.us / 3});
    if (when < call.start + call.length && (!f.until || when < Instant{} + *f.until)) out.push_back({c, when});
  }
  return out;
}

std::int64_t truncated_keep_bytes(const Fault& cut, std::int64_t full_bytes) {
  return cut.keep_bytes ? *cut.keep_bytes
                        : static_cast<std::int64_t>(static_cast<double>(full_bytes) * cut.keep_fraction.value_or(0));
}

}  // namespace recguard::sim
