#pragma once
// When is traffic low? The reconciler decides on its own, from the journal
// snapshot it already holds: no metrics feed, no call to the pipeline.
//
// The rule: count the journal rows created in the `window` (default one hour)
// before the pass starts; fewer than `rows_below` is low traffic. A row is
// created when a recording's first event is journalled, so the count is the
// recent arrival rate of recordings, which is what the primary's PUT budget
// is spent on. At low traffic the primary has budget to spare and its
// backfills go first (order_backfill); otherwise the backup's go first and
// the primary's budget stays with live recordings.
#include <cstdint>
#include <vector>

#include "core/journal/recording_row.hpp"
#include "core/types/time.hpp"

namespace recguard::reconcile {

struct LowTrafficRule {
  Duration window = Duration::hours(1);
  // 60 an hour: fewer than one new recording a minute.
  std::int64_t rows_below = 60;
};

struct TrafficEstimate {
  std::int64_t rows_in_window = 0;  // rows with created_at in (now - window, now]
  bool low = false;
};

TrafficEstimate estimate_traffic(const std::vector<RecordingRow>& rows, Instant now, const LowTrafficRule& rule);

}  // namespace recguard::reconcile
