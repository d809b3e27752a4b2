#include "sim/world/run_result.hpp"

#include <algorithm>
#include <cmath>

namespace recguard::sim {

std::int64_t percentile(std::vector<std::int64_t> v, double pct) {
  if (v.empty()) return -1;
  std::sort(v.begin(), v.end());
  const auto rank = static_cast<std::size_t>(std::ceil(pct / 100.0 * static_cast<double>(v.size())));
  return v[std::min(v.size() - 1, rank == 0 ? 0 : rank - 1)];
}

}  // namespace recguard::sim
