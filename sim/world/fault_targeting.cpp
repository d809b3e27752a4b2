#include "sim/world/fault_targeting.hpp"

#include <string>

#include "sim/kernel/prng.hpp"

namespace recguard::sim {

bool fault_hits_call(const Fault& f, std::size_t fault_index, const CallPlan& call, std::uint64_t seed) {
  if (const auto* r = std::get_if<TargetRecording>(&f.target)) return r->id == call.recording;
  if (const auto* c = std::get_if<TargetCall>(&f.target)) return c->id == call.id;
  if (const auto* fr = std::get_if<TargetFraction>(&f.target)) {
    Prng p = Prng::for_component(seed, "fault-" + std::to_string(fault_index) + "-" + call.id.str());
    return p.uniform01() < fr->fraction;
  }
  return std::holds_alternative<TargetNone>(f.target);
}

bool fault_active(const Fault& f, Instant t) {
  const Instant from = Instant{} + f.at;
  if (t < from) return false;
  return !f.until || t < Instant{} + *f.until;
}

const Fault* fault_hitting(const WorldSetup& setup, FaultKind kind, const CallPlan& call, Instant t) {
  for (std::size_t i = 0; i < setup.faults.size(); ++i) {
    const Fault& f = setup.faults[i];
    if (f.kind == kind && fault_active(f, t) && fault_hits_call(f, i, call, setup.seed)) return &f;
  }
  return nullptr;
}

}  // namespace recguard::sim
