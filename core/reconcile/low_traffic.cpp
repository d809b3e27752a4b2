#include "core/reconcile/low_traffic.hpp"

#include <cassert>

namespace recguard::reconcile {

TrafficEstimate estimate_traffic(const std::vector<RecordingRow>& rows, Instant now, const LowTrafficRule& rule) {
  assert(rule.window.us > 0);
  assert(rule.rows_below >= 0);
  TrafficEstimate e;
  const Instant since = now - rule.window;
  for (const auto& r : rows) {
    // A row stamped after `now` comes from a writer whose clock runs ahead:
    // it is recent all the same.
    if (r.created_at > since) ++e.rows_in_window;
  }
  e.low = e.rows_in_window < rule.rows_below;
  return e;
}

}  // namespace recguard::reconcile
