#pragma once
// Where a recording's fate is decided: one state machine per recording,
// sans-I/O in the quinn-proto style (STYLE.md #2). The caller feeds events with
// handle(event, now), executes what poll_command() returns, and calls
// handle_timeout(now) once next_deadline() has passed.
#include <deque>
#include <memory>
#include <optional>
#include <string>

#include "core/journal/recording_row.hpp"
#include "core/workflow/media_stream.hpp"
#include "core/workflow/policy.hpp"
#include "core/workflow/workflow_io.hpp"

namespace recguard::workflow {

class RecordingWorkflow {
 public:
  // A new recording (first event) or one recovered from its journal row.
  RecordingWorkflow(RecordingRow row, const Policy& policy, std::uint64_t jitter_seed);

  void handle(const Event& event, Instant now);
  void handle_timeout(Instant now);
  std::optional<Command> poll_command();
  std::optional<Instant> next_deadline() const;

  const RecordingRow& row() const { return row_; }
  RecordingState state() const { return row_.state; }
  // True when the row changed since the last take_dirty(): the pipeline
  // journals it in the next group commit.
  bool take_dirty();
  // True once, on the transition into a terminal state: time for the audit record.
  bool take_finished();
  // Nothing in flight and nothing scheduled.
  bool idle() const;
  // The compliance scope names queues and the event did not say which one
  // this call came through: ask the platform before acting on anything.
  void check_queue_first();
  // Waiting for the pipeline to say the tier can take its write again.
  bool waiting_for_tier(Tier t) const {
    return rt(t).phase == TierPhase::deferred && row_.state == RecordingState::writing;
  }
  // Holds validated bytes in memory (for the process's memory bound).
  bool holds_media() const { return media_ != nullptr; }
  // Artifact bytes this workflow holds: a small artifact whole, a large
  // one's unacknowledged chunks (media_stream.hpp).
  std::int64_t held_bytes() const;

 private:
  // deferred: the tier could not take the write; waiting for TierAvailable.
  // fetch_stored: backfilling, reading the bytes back from the other tier.
  enum class TierPhase { idle, put_in_flight, head_in_flight, backoff, done, deferred, fetch_stored };
  struct TierRuntime {
    TierPhase phase = TierPhase::idle;
    Instant retry_at{};
    bool verify_before_put = false;  // after an ambiguous 5xx: find out before writing again
    int consecutive_failures = 0;
  };

  void on_platform_update(const PlatformUpdate& u, Instant now);
  void on_call_ended(Instant now);
  void on_call_state(const CallStateFetched& c, Instant now);
  void on_rerecord_answer(const RerecordAnswered& a, Instant now);
  void on_call_recordings(const CallRecordingsListed& l, Instant now);
  void on_queue_checked(const QueueChecked& q, Instant now);
  void on_metadata(const MetadataFetched& m, Instant now);
  void on_media(const MediaFetched& m, Instant now);
  void on_put(const TierPutDone& p, Instant now);
  void on_head(const TierHeadDone& h, Instant now);
  void on_tier_deferred(const TierDeferred& d, Instant now);
  void on_tier_available(const TierAvailable& a, Instant now);
  void on_stored(const StoredFetched& s, Instant now);

  // Large artifacts (recording_workflow_stream.cpp, media_stream.hpp).
  void start_stream(const MediaFetched& first, Instant now);
  void on_stream_chunk(const MediaFetched& m, Instant now);
  void on_upload_begun(const UploadBegun& b, Instant now);
  void on_part_uploaded(const PartUploaded& p, Instant now);
  void send_parts(Tier t);
  void read_next_chunk_if_room();
  void release_acked_chunks();
  void finish_stream(Instant now);
  // The tier leaves the stream (its upload aborted) and waits for a backfill.
  void drop_from_stream(Tier t, const std::string& why, Instant now);
  // Lets go of a stream: its open uploads aborted, its chunks released.
  void discard_stream();
  void abort_upload(Tier t);
  void send_abort(Tier t, std::string upload_id);
  void on_upload_aborted(const UploadAborted& a, Instant now);
  bool stream_upload_intact(Tier t) const;
  void issue_complete(Tier t, bool backfill);
  bool stream_busy() const;
  // The verdict on a whole artifact (either path): true when it may be written.
  bool accept_verdict(const media::MediaVerdict& verdict, Instant now);

  void enter(RecordingState s, Instant now);
  void request_metadata();
  void request_media();
  void fetch_failed(std::string why, Instant now);
  // A 429 while fetching: true when handled (retry scheduled, or given up).
  bool busy(int status, Instant now);
  void start_writes(Instant now);
  void issue_put(Tier t, bool backfill = false);
  void tier_backoff(Tier t, Instant now);
  void tier_done(Tier t, TierStatus status, const std::string& etag, const std::string& sha256_hex, Instant now);
  void maybe_finish(Instant now);
  void release_media_if_waiting();
  void refetch_for_backfill(Instant now);
  void fail(std::string reason, Instant now);
  // Re-recording (rerecord_decision.cpp): a failure on a call that may be live.
  void note_failure(const std::string& what, Instant now);
  void consider_rerecord(std::string why, Instant now);
  void send_rerecord(Instant now);
  void settle_rerecord(RerecordStatus status, std::string outcome, Instant now);
  bool upload_settled() const;
  // A failure of the artifact: logged, a re-record considered, a re-fetch scheduled.
  void artifact_failed(const std::string& why, Instant now, const std::string& detail = {});
  TierRuntime& rt(Tier t) { return t == Tier::primary ? primary_rt_ : backup_rt_; }
  const TierRuntime& rt(Tier t) const { return t == Tier::primary ? primary_rt_ : backup_rt_; }

  RecordingRow row_;
  const Policy& policy_;
  std::uint64_t jitter_seed_;
  std::deque<Command> out_;
  bool dirty_ = true;
  bool finished_ = false;
  bool in_flight_ = false;                 // metadata or media request outstanding
  std::optional<Instant> wake_at_;         // re-fetch or upload poll
  Instant waiting_since_{};
  SharedBytes media_;                      // validated bytes while writing; never journalled
  std::unique_ptr<MediaStream> stream_;    // a large artifact in parts, instead of media_
  struct PendingAbort {
    Tier tier = Tier::primary;
    std::string upload_id;
    int failures = 0;
    std::optional<Instant> retry_at;  // set while waiting to try again
  };
  std::vector<PendingAbort> aborts_;      // sent, not yet confirmed
  std::string media_md5_b64_;
  bool call_ended_ = false;                // the platform said so; never re-record then
  bool call_check_in_flight_ = false;
  bool rerecord_in_flight_ = false;        // StartRerecord or ListCallRecordings outstanding
  std::optional<Instant> rerecord_retry_at_;
  std::string pending_failure_;            // what a call-state check is deciding about
  std::optional<Tier> backfill_after_refetch_;  // offered a backfill with no bytes anywhere: fetched again for it
  std::optional<Instant> busy_since_;      // fetches answered 429 since then
  int busy_retries_ = 0;
  bool queue_check_ = false;               // in scope? asked, not yet answered
  int queue_check_failures_ = 0;
  TierRuntime primary_rt_;
  TierRuntime backup_rt_;
};

// Deterministic name of everything written for one recording.
std::string idempotency_key_for(Platform p, const RecordingId& id);
std::string object_key_for(Platform p, const RecordingId& id);
// hash(interaction, failure time, sequence): the same failure always yields
// the same key, a new failure of the same call a new one.
std::string rerecord_key_for(const CallId& call, Instant failure_at, int sequence);

}  // namespace recguard::workflow
