// Where a re-record is decided (RecordingWorkflow's re-record half). The rules,
// from the first source guide and REFERENCE.md:
// - only a live call is re-recorded, and "live" is asked of the platform at
//   the moment of the decision, never assumed from a stale event;
// - only after the failing artifact's upload is final (the barrier): a second
//   capture started while the first is still uploading interleaves with it;
// - at most one re-record per recording, under a key journalled before the
//   command leaves (the pipeline holds StartRerecord until the row is durable);
// - 409 means the platform is already recording: done, not an error;
// - an unanswered command is followed by a look at the call's recordings
//   before any second attempt, and at most 3 attempts in all.
// Re-fetching the original goes on in parallel: a re-record protects the rest
// of a live call, it does not replace the recording that failed.
#include <string>

#include "core/workflow/recording_workflow.hpp"
#ifdef RECGUARD_PLANTED_FAULTS
#include "core/testing/planted_fault.hpp"
#endif

namespace recguard::workflow {

namespace {

constexpr int kMaxRerecordAttempts = 3;

bool success(int status) { return status >= 200 && status < 300; }

}  // namespace

bool RecordingWorkflow::upload_settled() const {
#ifdef RECGUARD_PLANTED_FAULTS
  if (planted::active() == planted::Fault::skip_upload_barrier) return true;
#endif
  return row_.platform_file_state == "AVAILABLE" || row_.platform_file_state == "ERROR";
}

void RecordingWorkflow::on_call_ended(Instant now) {
  (void)now;
  call_ended_ = true;
}

void RecordingWorkflow::consider_rerecord(std::string why, Instant now) {
  (void)now;
  if (call_ended_ || call_check_in_flight_ || row_.rerecord.status != RerecordStatus::none) return;
  if (is_terminal(row_.state) || !upload_settled()) return;
  pending_failure_ = std::move(why);
  call_check_in_flight_ = true;
  out_.push_back(FetchCallState{});
}

void RecordingWorkflow::on_call_state(const CallStateFetched& c, Instant now) {
  if (!call_check_in_flight_) return;
  call_check_in_flight_ = false;
  if (c.live && !*c.live) {
    call_ended_ = true;
    if (row_.rerecord.status == RerecordStatus::requested) {
      settle_rerecord(RerecordStatus::refused, "the call ended before the command could be confirmed", now);
    }
    return;
  }
  if (!c.live) {
    // Not knowing is not "live": a start-recording command on an ended call
    // is the trap the guide warns of, so an unknown state never triggers one.
    note_failure("call state unknown (answer " + std::to_string(c.status) + "): no re-record", now);
    if (row_.rerecord.status == RerecordStatus::requested) {
      settle_rerecord(RerecordStatus::refused, "call state unknown before a retry", now);
    }
    return;
  }
  if (row_.rerecord.status == RerecordStatus::requested) {
    send_rerecord(now);  // a retry under the same key, the call still up
    return;
  }
  if (row_.rerecord.status != RerecordStatus::none || is_terminal(row_.state)) return;
  note_failure(pending_failure_ + " while the call is live: re-recording", now);
  row_.rerecord.status = RerecordStatus::requested;
  row_.rerecord.failure_at = now;
  row_.rerecord.sequence = 1;
  row_.rerecord.idempotency_key = rerecord_key_for(row_.call, now, 1);
  send_rerecord(now);
}

void RecordingWorkflow::send_rerecord(Instant now) {
  (void)now;
  ++row_.rerecord.attempts;
  dirty_ = true;
  rerecord_in_flight_ = true;
  out_.push_back(StartRerecord{row_.rerecord.idempotency_key});
}

void RecordingWorkflow::on_rerecord_answer(const RerecordAnswered& a, Instant now) {
  if (!rerecord_in_flight_ || row_.rerecord.status != RerecordStatus::requested) return;
  rerecord_in_flight_ = false;
  if (success(a.status)) {
    settle_rerecord(RerecordStatus::confirmed, "started (" + std::to_string(a.status) + ")", now);
  } else if (a.status == 409) {
    settle_rerecord(RerecordStatus::confirmed, "409: the platform is already recording (treated as done)", now);
  } else if (a.status == 400 || a.status == 404 || a.status == 410) {
    call_ended_ = true;
    settle_rerecord(RerecordStatus::refused, "refused (" + std::to_string(a.status) + "): the call has ended", now);
  } else {
    // 0, 429, 5xx: the command may have landed. Look before asking again.
    rerecord_in_flight_ = true;
    out_.push_back(ListCallRecordings{});
  }
}

void RecordingWorkflow::on_call_recordings(const CallRecordingsListed& l, Instant now) {
  if (!rerecord_in_flight_ || row_.rerecord.status != RerecordStatus::requested) return;
  rerecord_in_flight_ = false;
  if (l.status == 200 && l.newer_capture) {
    settle_rerecord(RerecordStatus::confirmed, "a capture started: the lost answer did land", now);
  } else if (row_.rerecord.attempts >= kMaxRerecordAttempts) {
    settle_rerecord(RerecordStatus::refused,
                    "not confirmed after " + std::to_string(row_.rerecord.attempts) + " attempts", now);
  } else {
    rerecord_retry_at_ = now + policy_.refetch_delays[static_cast<std::size_t>(row_.rerecord.attempts - 1)];
  }
}

void RecordingWorkflow::settle_rerecord(RerecordStatus status, std::string outcome, Instant now) {
  row_.rerecord.status = status;
  row_.rerecord.outcome = std::move(outcome);
  rerecord_retry_at_.reset();
  note_failure("re-record " + std::string(to_string(status)) + ": " + row_.rerecord.outcome, now);
}

}  // namespace recguard::workflow
