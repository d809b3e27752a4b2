// The fault proxy's dice: std::mt19937_64, whose output the C++ standard
// fixes, mapped to [0, 1) by hand (std:: distributions differ between
// standard libraries), one independent stream per named purpose.
#include <random>

#include "live/proxy/fault_proxy.hpp"

namespace recguard::live {

namespace {

std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace

struct FaultDice::Engine {
  std::mt19937_64 rng;
};

FaultDice::FaultDice(std::uint64_t seed, std::string_view stream)
    : engine_(std::make_unique<Engine>(Engine{std::mt19937_64(seed ^ fnv1a(stream))})) {}
FaultDice::~FaultDice() = default;
FaultDice::FaultDice(FaultDice&&) noexcept = default;
FaultDice& FaultDice::operator=(FaultDice&&) noexcept = default;

double FaultDice::uniform01() { return static_cast<double>(engine_->rng() >> 11) * 0x1.0p-53; }

std::optional<std::size_t> pick_injection(const std::vector<StatusInjection>& statuses, double u) {
  double edge = 0;
  for (std::size_t i = 0; i < statuses.size(); ++i) {
    edge += statuses[i].probability;
    if (u < edge) return i;
  }
  return std::nullopt;
}

// ---- the proxy ----

}  // namespace recguard::live
