#pragma once
// Strongly typed identifiers: a recording id can never be passed where a call
// id is expected. Ids are deterministic strings ("rec-0001", "call-0007").
#include <compare>
#include <string>
#include <utility>

namespace recguard {

template <class Tag>
struct Id {
  std::string value;

  Id() = default;
  explicit Id(std::string v) : value(std::move(v)) {}
  bool empty() const { return value.empty(); }
  const std::string& str() const { return value; }
  auto operator<=>(const Id&) const = default;
};

using RecordingId = Id<struct RecordingIdTag>;
using CallId = Id<struct CallIdTag>;        // Genesys conversationId / CXone contactId
using DeliveryId = Id<struct DeliveryIdTag>;  // one webhook delivery attempt

enum class Platform { genesys, cxone };
const char* to_string(Platform p);

// The two storage tiers. Primary is S3, backup is Azure Blob.
enum class Tier { primary, backup };
const char* to_string(Tier t);
inline constexpr Tier kTiers[] = {Tier::primary, Tier::backup};

}  // namespace recguard
