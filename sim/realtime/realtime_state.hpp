#pragma once
// The real-time world's true state as JSON, for mock-serve's admin endpoint
// (GET /_mock/state): what the platforms recorded, every start-recording
// command they received, and both stores' inventories. A live test judges
// the outcome from this, as the oracle judges a simulated run from the
// models themselves.
#include <nlohmann/json.hpp>

#include "sim/realtime/realtime_world.hpp"

namespace recguard::sim {

// {"platform_done": bool,
//  "recordings": [{"id","call","file_state","crashed","silent","size","sha256","started_by_key"}],
//  "starts": [{"call","idempotency_key","status","call_live","capture"}],
//  "primary": [{"key","size","sha256","versions"}], "backup": [...same...],
//  "not_applied": [fault kinds]}
// sha256 of a recording is of its artifact (absent while capturing); of an
// object, of its live version as the store hashed it.
nlohmann::json realtime_state_json(const RealtimeWorld& world);

// One store's inventory in that shape: live versions only, in key order.
nlohmann::json store_inventory_json(const std::map<std::string, std::vector<mocks::StoredVersion>>& objects);

}  // namespace recguard::sim
