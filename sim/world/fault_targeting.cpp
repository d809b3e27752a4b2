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

}  // namespace recguard::sim
