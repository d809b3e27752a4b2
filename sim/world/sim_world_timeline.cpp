// What the world notes for the reports' timelines and plots and for the
// liveness check. Nothing here is traced: the digest does not depend on it.
#include <algorithm>
#include <type_traits>
#include <variant>

#include "sim/world/sim_world.hpp"

namespace recguard::sim {

void SimWorld::note_committed(const JournalBatch& batch, const std::vector<LeaseRefusal>& refused) {
  for (const auto& row : batch.rows) {
    // A row another orchestrator's lease kept out was not written.
    const bool kept_out = std::any_of(refused.begin(), refused.end(),
                                      [&](const LeaseRefusal& r) { return r.recording == row.id; });
    if (kept_out) continue;
    auto [it, fresh] = journalled_state_.try_emplace(row.id, row.state);
    if (!fresh && it->second == row.state) continue;
    it->second = row.state;
    timeline_.changes.push_back(StateChange{clock_.now().us, row.id, row.state});
  }
}

void SimWorld::note_store_answer(pipeline::Endpoint ep, const http::Request& req, const http::Response& resp) {
  const bool primary = ep == pipeline::Endpoint::primary_store;
  if (!primary && ep != pipeline::Endpoint::backup_store) return;
  // Bytes a store took: a PUT of an object, a part or a block that it
  // acknowledged. Put Block List's small XML counts too; it is noise.
  if (req.method != "PUT" || resp.status < 200 || resp.status >= 300 || req.body_size() == 0) return;
  auto& buckets = primary ? timeline_.primary_bytes : timeline_.backup_bytes;
  buckets[clock_.now().us / kThroughputBucketUs] += req.body_size();
}

void SimWorld::note_fault_windows() {
  for (const auto& f : setup_.faults) {
    FaultWindow w;
    w.kind = std::string(to_string(f.kind));
    w.target = std::visit(
        [](const auto& t) -> std::string {
          using T = std::decay_t<decltype(t)>;
          if constexpr (std::is_same_v<T, TargetRecording>) return t.id.str();
          else if constexpr (std::is_same_v<T, TargetCall>) return t.id.str();
          else if constexpr (std::is_same_v<T, TargetFraction>) return std::to_string(static_cast<int>(t.fraction * 100 + 0.5)) + "%";
          else if constexpr (std::is_same_v<T, TargetNode>) return t.node;
          else if constexpr (std::is_same_v<T, TargetLink>) return t.a + "-" + t.b;
          else return {};
        },
        f.target);
    w.from_us = f.at.us;
    if (f.until) w.until_us = f.until->us;
    else if (f.kind == FaultKind::crash) w.until_us = (f.at + f.restart_after).us;
    timeline_.faults.push_back(std::move(w));
  }
}

bool SimWorld::silent_capture_armed() const {
  return std::any_of(setup_.faults.begin(), setup_.faults.end(),
                     [](const Fault& f) { return f.kind == FaultKind::silent_capture; });
}

}  // namespace recguard::sim
