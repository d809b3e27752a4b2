#include "sim/realtime/realtime_state.hpp"

namespace recguard::sim {

nlohmann::json store_inventory_json(const std::map<std::string, std::vector<mocks::StoredVersion>>& objects) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [key, versions] : objects) {
    if (versions.empty() || versions.back().delete_marker) continue;
    const auto& live = versions.back();
    out.push_back({{"key", key}, {"size", live.size}, {"sha256", live.sha256_hex}, {"versions", versions.size()}});
  }
  return out;
}

nlohmann::json realtime_state_json(const RealtimeWorld& world) {
  nlohmann::json recordings = nlohmann::json::array();
  for (const auto* r : world.platform_recordings()) {
    nlohmann::json j{{"id", r->id.str()},         {"call", r->call.str()},     {"file_state", r->file_state},
                     {"crashed", r->crashed},     {"silent", r->silent},       {"started_by_key", r->started_by_key}};
    if (r->artifact) {
      j["size"] = r->artifact->size();
      j["sha256"] = r->artifact->sha256_hex();
    }
    recordings.push_back(std::move(j));
  }
  nlohmann::json starts = nlohmann::json::array();
  for (const auto* s : world.platform_starts()) {
    starts.push_back({{"call", s->call.str()},
                      {"idempotency_key", s->idempotency_key},
                      {"status", s->status},
                      {"call_live", s->call_live},
                      {"capture", s->capture ? s->capture->str() : ""}});
  }
  return {{"platform_done", world.platform_done()},
          {"recordings", std::move(recordings)},
          {"starts", std::move(starts)},
          {"primary", store_inventory_json(world.primary_store().objects())},
          {"backup", store_inventory_json(world.backup_store().objects())},
          {"not_applied", world.not_applied()}};
}

}  // namespace recguard::sim
