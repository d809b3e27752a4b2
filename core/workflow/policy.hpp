#pragma once
// The numbers that govern retries, in one place. Defaults are the source
// guides' figures; scenarios and live configuration may override them.
#include <cstdint>
#include <vector>

#include "core/tiers/backoff.hpp"
#include "core/types/time.hpp"

namespace recguard::workflow {

struct Policy {
  // Re-fetch of a bad or unreachable artifact: at most this many re-fetches
  // after the first failure, waiting these delays (guide: 2 s, 8 s, 32 s).
  std::vector<Duration> refetch_delays{Duration::seconds(2), Duration::seconds(8), Duration::seconds(32)};

  // Store writes: exponential backoff from 5 s doubling to a 5-minute cap,
  // with jitter so that a throttled tier is not hit by a synchronized herd.
  Duration write_backoff_base = Duration::seconds(5);
  Duration write_backoff_cap = Duration::minutes(5);
  int write_jitter_percent = 20;

  // A notification can be lost; while the platform says UPLOADING the
  // workflow also polls the recording, and gives up after a bound.
  Duration upload_poll_interval = Duration::minutes(2);
  Duration upload_wait_max = Duration::hours(2);

  // CXone has no push: how often the poller asks for contact-state changes,
  // and each live contact's recording status (how soon a crash is seen).
  Duration cxone_poll_interval = Duration::seconds(5);
  Duration cxone_status_interval = Duration::seconds(10);

  // De-duplication state lives in memory for the longest call plus a grace
  // period (guide: +15 min; a re-record key +10 min after its failure's
  // call could have ended); after that the journal answers for it.
  Duration max_call_length = Duration::hours(4);
  Duration dedup_grace = Duration::minutes(15);
  Duration rerecord_key_grace = Duration::minutes(10);

  // Large artifacts: ranged reads of this many bytes, each uploaded as one
  // part / block to every tier writing it while the validator reads it.
  // 8 MiB is above S3's 5 MiB part minimum, and 10,000 parts of it hold
  // 80 GiB, far beyond any call. At most stream_window_chunks chunks wait
  // for a tier's acknowledgement, so a stream holds at most
  // (stream_window_chunks + 1) chunks: 24 MiB by default.
  std::int64_t media_chunk_bytes = 8LL * 1024 * 1024;
  int stream_window_chunks = 2;

  // The store-write backoff (5 s doubling to 5 min, jittered); a throttled
  // fetch and a failed abort wait the same way.
  tiers::BackoffPolicy write_backoff() const {
    tiers::BackoffPolicy b;
    b.first = write_backoff_base;
    b.cap = write_backoff_cap;
    b.jitter_percent = write_jitter_percent;
    return b;
  }

  int max_refetches() const { return static_cast<int>(refetch_delays.size()); }
};

}  // namespace recguard::workflow
