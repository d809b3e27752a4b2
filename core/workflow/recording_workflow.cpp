#include "core/workflow/recording_workflow.hpp"

#include <algorithm>
#include <cassert>

#include "core/crypto/digest.hpp"
#include "core/media/media_format.hpp"
#include "core/media/media_validator.hpp"
#include "core/tiers/backoff.hpp"
#include "core/types/civil_time.hpp"
#ifdef RECGUARD_PLANTED_FAULTS
#include "core/testing/planted_fault.hpp"
#endif

namespace recguard::workflow {

namespace {

constexpr std::string_view kAvailable = "AVAILABLE";
constexpr std::string_view kUploading = "UPLOADING";
constexpr std::string_view kError = "ERROR";

}  // namespace

std::string idempotency_key_for(Platform p, const RecordingId& id) {
  const auto d = crypto::sha256(std::string("recguard/v1/") + to_string(p) + "/" + id.str());
  return crypto::to_hex(ByteView(d.data(), 16));
}

std::string rerecord_key_for(const CallId& call, Instant failure_at, int sequence) {
  const auto d = crypto::sha256("recguard/rerecord/v1/" + call.str() + "/" + std::to_string(failure_at.us) + "/" +
                                std::to_string(sequence));
  return crypto::to_hex(ByteView(d.data(), 16));
}

std::string object_key_for(Platform p, const RecordingId& id) {
  return std::string("recordings/") + to_string(p) + "/" + id.str() + ".wav";
}

RecordingWorkflow::RecordingWorkflow(RecordingRow row, const Policy& policy, std::uint64_t jitter_seed)
    : row_(std::move(row)), policy_(policy), jitter_seed_(jitter_seed) {
  if (row_.idempotency_key.empty()) row_.idempotency_key = idempotency_key_for(row_.platform, row_.id);
  for (Tier t : kTiers) {
    if (row_.tier(t).key.empty()) row_.tier(t).key = object_key_for(row_.platform, row_.id);
    if (row_.tier(t).status != TierStatus::pending) rt(t).phase = TierPhase::done;
  }
  finished_ = is_terminal(row_.state);
  // Recovery: whatever was in flight when the process died is lost; resume
  // from the last durable step. Media bytes are never journalled, so a
  // recording that was writing goes back to fetching them.
  switch (row_.state) {
    case RecordingState::fetching_metadata: request_metadata(); break;
    case RecordingState::writing:
      // One tier holds the verified bytes: the other is backfilled from it
      // when the pipeline says the tier can take writes, not from the CDN.
      if ((row_.primary.status == TierStatus::written) != (row_.backup.status == TierStatus::written)) {
        for (Tier t : kTiers) {
          if (row_.tier(t).status == TierStatus::pending) rt(t).phase = TierPhase::deferred;
        }
        break;
      }
      [[fallthrough]];
    case RecordingState::fetching_media:
      row_.state = RecordingState::fetching_media;
      request_media();
      break;
    case RecordingState::awaiting_upload:
      wake_at_ = row_.updated_at + policy_.upload_poll_interval;
      waiting_since_ = row_.updated_at;
      break;
    default: break;
  }
  // Parts of an upload the process died in the middle of: abort them; the
  // artifact is streamed again from its first byte.
  for (Tier t : kTiers) {
    if (row_.tier(t).open_upload_id.empty()) continue;
    send_abort(t, row_.tier(t).open_upload_id);
    row_.tier(t).open_upload_id.clear();
    dirty_ = true;
  }
  // A re-record key was journalled but the process died before learning what
  // the platform did: find out before asking again (never a second capture).
  if (row_.rerecord.status == RerecordStatus::requested) {
    rerecord_in_flight_ = true;
    out_.push_back(ListCallRecordings{});
  }
}

bool RecordingWorkflow::take_dirty() {
  const bool d = dirty_;
  dirty_ = false;
  return d;
}

bool RecordingWorkflow::take_finished() {
  if (finished_ || !is_terminal(row_.state)) return false;
  finished_ = true;
  return true;
}

bool RecordingWorkflow::idle() const {
  if (!out_.empty() || in_flight_ || wake_at_ || call_check_in_flight_ || rerecord_in_flight_ || rerecord_retry_at_ ||
      queue_check_ || stream_busy() || !aborts_.empty()) {
    return false;
  }
  for (Tier t : kTiers) {
    const auto p = rt(t).phase;
    if (p == TierPhase::put_in_flight || p == TierPhase::head_in_flight || p == TierPhase::backoff ||
        p == TierPhase::fetch_stored) {
      return false;
    }
  }
  return true;
}

std::optional<Command> RecordingWorkflow::poll_command() {
  if (out_.empty()) return std::nullopt;
  Command c = std::move(out_.front());
  out_.pop_front();
  return c;
}

std::optional<Instant> RecordingWorkflow::next_deadline() const {
  std::optional<Instant> d = wake_at_;
  if (rerecord_retry_at_ && (!d || *rerecord_retry_at_ < *d)) d = rerecord_retry_at_;
  for (const auto& a : aborts_) {
    if (a.retry_at && (!d || *a.retry_at < *d)) d = a.retry_at;
  }
  for (Tier t : kTiers) {
    if (rt(t).phase == TierPhase::backoff && (!d || rt(t).retry_at < *d)) d = rt(t).retry_at;
  }
  return d;
}

void RecordingWorkflow::enter(RecordingState s, Instant now) {
  if (row_.state != s) {
    row_.state = s;
    dirty_ = true;
  }
  row_.updated_at = now;
}

void RecordingWorkflow::handle(const Event& event, Instant now) {
  std::visit(
      [&](const auto& e) {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, PlatformUpdate>) on_platform_update(e, now);
        else if constexpr (std::is_same_v<T, CallEndedSeen>) on_call_ended(now);
        else if constexpr (std::is_same_v<T, CallStateFetched>) on_call_state(e, now);
        else if constexpr (std::is_same_v<T, RerecordAnswered>) on_rerecord_answer(e, now);
        else if constexpr (std::is_same_v<T, CallRecordingsListed>) on_call_recordings(e, now);
        else if constexpr (std::is_same_v<T, QueueChecked>) on_queue_checked(e, now);
        else if constexpr (std::is_same_v<T, MetadataFetched>) on_metadata(e, now);
        else if constexpr (std::is_same_v<T, MediaFetched>) on_media(e, now);
        else if constexpr (std::is_same_v<T, TierPutDone>) on_put(e, now);
        else if constexpr (std::is_same_v<T, TierHeadDone>) on_head(e, now);
        else if constexpr (std::is_same_v<T, TierDeferred>) on_tier_deferred(e, now);
        else if constexpr (std::is_same_v<T, TierAvailable>) on_tier_available(e, now);
        else if constexpr (std::is_same_v<T, StoredFetched>) on_stored(e, now);
        else if constexpr (std::is_same_v<T, UploadBegun>) on_upload_begun(e, now);
        else if constexpr (std::is_same_v<T, PartUploaded>) on_part_uploaded(e, now);
        else if constexpr (std::is_same_v<T, UploadAborted>) on_upload_aborted(e, now);
      },
      event);
}

void RecordingWorkflow::handle_timeout(Instant now) {
  for (auto& a : aborts_) {
    if (a.retry_at && *a.retry_at <= now) {
      a.retry_at.reset();
      out_.push_back(AbortUpload{a.tier, row_.tier(a.tier).key, a.upload_id});
    }
  }
  if (rerecord_retry_at_ && *rerecord_retry_at_ <= now) {
    rerecord_retry_at_.reset();
    // Before asking again, make sure the call is still up.
    call_check_in_flight_ = true;
    out_.push_back(FetchCallState{});
  }
  if (wake_at_ && *wake_at_ <= now) {
    wake_at_.reset();
    if (row_.state == RecordingState::received) {
      check_queue_first();  // the only timer a received recording has
    } else if (row_.state == RecordingState::awaiting_upload) {
      if (now - waiting_since_ >= policy_.upload_wait_max) {
        fail("upload never completed: platform still reports " + row_.platform_file_state, now);
        return;
      }
      enter(RecordingState::fetching_metadata, now);
      request_metadata();
    } else if (row_.state == RecordingState::fetching_metadata) {
      request_metadata();
    } else if (row_.state == RecordingState::fetching_media) {
      request_media();
    }
  }
  for (Tier t : kTiers) {
    auto& r = rt(t);
    if (r.phase == TierPhase::backoff && r.retry_at <= now) {
      if (r.verify_before_put) {
        r.phase = TierPhase::head_in_flight;
        out_.push_back(HeadObject{t, row_.tier(t).key});
      } else {
        issue_put(t);
      }
    }
  }
}

void RecordingWorkflow::on_platform_update(const PlatformUpdate& u, Instant now) {
  // Past waiting, the row already says more than any event can: a duplicate
  // or late delivery (an old UPLOADING after AVAILABLE) must not rewrite it.
  if (row_.state != RecordingState::received && row_.state != RecordingState::awaiting_upload) return;
  if (row_.platform_file_state != u.file_state) {
    row_.platform_file_state = u.file_state;
    dirty_ = true;
  }
  if (!u.media_uris.empty() && row_.media_uri != u.media_uris.front()) {
    row_.media_uri = u.media_uris.front();
    dirty_ = true;
  }
  // Not known to be in scope yet: remembered in the row, acted on once it is.
  if (queue_check_ || (wake_at_ && row_.state == RecordingState::received)) return;
  switch (row_.state) {
    case RecordingState::received:
    case RecordingState::awaiting_upload:
      if (u.file_state == kAvailable) {
        wake_at_.reset();
        enter(RecordingState::fetching_metadata, now);
        request_metadata();
        // Finished while the customer may still be on the line: the capture
        // stopped early. Ask the platform (the barrier holds: AVAILABLE is final).
        consider_rerecord("the recording finished while the call was still up", now);
      } else if (u.file_state == kError) {
        wake_at_.reset();
        enter(RecordingState::fetching_metadata, now);
        artifact_failed("platform reported fileState ERROR", now);
      } else if (row_.state == RecordingState::received) {
        // UPLOADING (or transcoding): the platform reports progress before the
        // artifact is final; never fetch it yet.
        enter(RecordingState::awaiting_upload, now);
        waiting_since_ = now;
        wake_at_ = now + policy_.upload_poll_interval;
        // An upload that starts while the customer may still be on the line is
        // a capture that stopped early. The barrier holds the decision until
        // the upload is final (AVAILABLE asks again): a second capture started
        // now would interleave with the first's upload.
        consider_rerecord("the capture stopped while the call was still up", now);
      }
      break;
    default:
      // A duplicate or late delivery for a recording already past this point
      // changes nothing: the row already says more than the event does.
      break;
  }
}

void RecordingWorkflow::check_queue_first() {
  queue_check_ = true;
  out_.push_back(FetchCallQueue{});
}

void RecordingWorkflow::on_queue_checked(const QueueChecked& q, Instant now) {
  if (!queue_check_) return;
  queue_check_ = false;
  if (q.in_scope && !*q.in_scope) {
    row_.reason = "queue " + (q.queue.empty() ? std::string("(none)") : q.queue) + " is outside the compliance scope";
    enter(RecordingState::out_of_scope, now);
    dirty_ = true;
    return;
  }
  if (!q.in_scope && q.status != 404) {
    // The platform did not answer: ask again a few times, then keep the
    // recording. A compliance tool that is unsure keeps; it never drops.
    const auto& delays = policy_.refetch_delays;
    if (queue_check_failures_ < static_cast<int>(delays.size())) {
      wake_at_ = now + delays[static_cast<std::size_t>(queue_check_failures_++)];
      return;
    }
    row_.failure_log.push_back(format_instant(now) + " queue unknown (the call answered " +
                               std::to_string(q.status) + "): kept");
    dirty_ = true;
  }
  // In scope (or unknowable): act on what the platform said meanwhile.
  if (row_.platform_file_state.empty()) return;
  PlatformUpdate replay{row_.platform_file_state, {}};
  if (!row_.media_uri.empty()) replay.media_uris.push_back(row_.media_uri);
  on_platform_update(replay, now);
}

void RecordingWorkflow::request_metadata() {
  in_flight_ = true;
  out_.push_back(FetchMetadata{});
}

void RecordingWorkflow::request_media() {
  // A stream interrupted by a failed read resumes where it stopped.
  if (stream_) {
    read_next_chunk_if_room();
    return;
  }
  // Always a ranged read: a small artifact arrives whole in its first chunk,
  // a large one is streamed, whatever size the platform claimed.
  in_flight_ = true;
  out_.push_back(FetchMedia{row_.media_uri, 0, policy_.media_chunk_bytes - 1});
}

void RecordingWorkflow::on_metadata(const MetadataFetched& m, Instant now) {
  if (row_.state != RecordingState::fetching_metadata) return;
  in_flight_ = false;
  if (busy(m.status, now)) return;
  if (m.status != 200 || !m.metadata) {
    fetch_failed("recording metadata request answered " + std::to_string(m.status), now);
    return;
  }
  const auto& md = *m.metadata;
  row_.platform_file_state = md.file_state;
  row_.expected_duration_ms = md.output_duration_ms;
  row_.expected_size_bytes = md.output_size_bytes;
  if (!md.media_uri.empty()) row_.media_uri = md.media_uri;
  dirty_ = true;
  if (!md.start_time.empty()) row_.platform_start_time = md.start_time;
  // The call's own length, from the recording's start and end, is what the
  // bytes must hold; the platform's outputDurationMs may be stale.
  const auto start_ms = parse_iso8601_utc_ms(md.start_time);
  const auto end_ms = parse_iso8601_utc_ms(md.end_time);
  if (start_ms && end_ms && *end_ms > *start_ms) row_.expected_duration_ms = *end_ms - *start_ms;
  if (md.file_state == kError) {
    artifact_failed("platform reported fileState ERROR", now);
  } else if (md.file_state == kAvailable && md.output_duration_ms >= 0 && row_.expected_duration_ms >= 0 &&
             std::llabs(md.output_duration_ms - row_.expected_duration_ms) > media::kDurationToleranceMs) {
    const std::string why = "platform reports " + std::to_string(md.output_duration_ms) +
                            " ms but the recording spans " + std::to_string(row_.expected_duration_ms) + " ms";
    artifact_failed(why, now);
  } else if (md.file_state != kAvailable || row_.media_uri.empty()) {
    // Still uploading or transcoding (no mediaUris yet): wait for the next
    // notification, polling in case it is lost.
    enter(RecordingState::awaiting_upload, now);
    if (waiting_since_.us == 0) waiting_since_ = now;
    wake_at_ = now + policy_.upload_poll_interval;
  } else {
    enter(RecordingState::fetching_media, now);
    request_media();
  }
}

void RecordingWorkflow::note_failure(const std::string& what, Instant now) {
  row_.failure_log.push_back(format_instant(now) + " " + what);
  dirty_ = true;
}

void RecordingWorkflow::artifact_failed(const std::string& why, Instant now, const std::string& detail) {
  note_failure(why, now);
  consider_rerecord(why, now);
  fetch_failed(detail.empty() ? why : why + " (" + detail + ")", now);
}

bool RecordingWorkflow::busy(int status, Instant now) {
  if (status != 429) {
    busy_since_.reset();
    return false;
  }
  // Throttled (a platform or CDN under load, or a limit lower than the one we
  // pace to): nothing is wrong with the artifact, so it costs no re-fetch.
  // Back off like a store write, and give up only after as long as an upload
  // may take.
  if (!busy_since_) busy_since_ = now;
  if (now - *busy_since_ >= policy_.upload_wait_max) {
    fail("throttled (429) for " + format_duration(now - *busy_since_) + " while fetching", now);
    return true;
  }
  ++busy_retries_;
  wake_at_ = now + tiers::backoff_delay(busy_retries_, jitter_seed_, tiers::salt_of(row_.id.str() + "/fetch"),
                                        policy_.write_backoff());
  return true;
}

void RecordingWorkflow::fetch_failed(std::string why, Instant now) {
  if (row_.fetch_attempts >= policy_.max_refetches()) {
    fail(why + " after " + std::to_string(row_.fetch_attempts) + " re-fetches", now);
    return;
  }
  wake_at_ = now + policy_.refetch_delays[static_cast<std::size_t>(row_.fetch_attempts)];
  ++row_.fetch_attempts;
  row_.reason = why;  // last failure, kept for the audit trail
  dirty_ = true;
}

void RecordingWorkflow::on_media(const MediaFetched& m, Instant now) {
  if (row_.state != RecordingState::fetching_media) return;
  in_flight_ = false;
  if (stream_) stream_->read_in_flight = false;
  if (busy(m.status, now)) return;
  if (m.status == 416 && m.total_size == 0 && !stream_) {
    // The first range of an empty object is unsatisfiable (RFC 9110 §15.5.17,
    // "Content-Range: bytes */0"): the server says the artifact has no bytes.
    // That is the artifact's verdict, not a failed download: judge it as such.
    media::MediaValidator validator(media::MediaExpectation{row_.expected_duration_ms, row_.expected_size_bytes, {}});
    accept_verdict(validator.finish(), now);
    return;
  }
  if (m.status != 200 && m.status != 206) {
    fetch_failed("media download answered " + std::to_string(m.status), now);
    return;
  }
  if (stream_) {
    on_stream_chunk(m, now);
    return;
  }
  const std::int64_t got = m.body ? static_cast<std::int64_t>(m.body->size()) : 0;
  if (m.status == 206 && m.total_size < 0) {
    fetch_failed("media download answered 206 without the artifact's size", now);
    return;
  }
  if (m.status == 206 && m.total_size > got) {
    start_stream(m, now);
    return;
  }
  // The whole artifact in one answer (a 200: the server ignored the Range).
  // Trust the bytes, not the platform's status: hash, parse and decode them.
  media::MediaValidator validator(media::MediaExpectation{row_.expected_duration_ms, row_.expected_size_bytes, {}});
  const ByteView bytes = m.body ? ByteView(*m.body) : ByteView{};
  validator.feed(bytes);
  if (!accept_verdict(validator.finish(), now)) return;
  media_ = m.body;
  media_md5_b64_ = crypto::base64_encode(crypto::md5(bytes));
  start_writes(now);
}

bool RecordingWorkflow::accept_verdict(const media::MediaVerdict& verdict, Instant now) {
  row_.sha256_hex = verdict.sha256_hex;
  row_.media_format = verdict.format;
  row_.media_size_bytes = verdict.size_bytes;
  dirty_ = true;
#ifdef RECGUARD_PLANTED_FAULTS
  if (planted::active() == planted::Fault::trust_platform_status) return true;
#endif
  if (verdict.valid && row_.expected_duration_ms >= 0) {
    // The size must fit the codec's bitrate for the call's length (a fixed
    // size floor would fail every valid 8 kHz G.711 recording).
    const auto fmt = media::media_format_from_string(verdict.format);
    if (fmt && !media::size_fits_codec(*fmt, verdict.channels, row_.expected_duration_ms, verdict.size_bytes)) {
      const std::string why = "media invalid: size_mismatch (" + std::to_string(verdict.size_bytes) + " bytes of " +
                              verdict.format + " cannot hold the recording's " +
                              std::to_string(row_.expected_duration_ms) + " ms)";
      discard_stream();
      artifact_failed(why, now);
      return false;
    }
  }
  if (!verdict.valid) {
    // Nothing was completed: the parts sent so far never become an object.
    discard_stream();
    artifact_failed("media invalid: " + verdict.reason, now, verdict.detail);
    return false;
  }
  row_.reason.clear();
  return true;
}

void RecordingWorkflow::start_writes(Instant now) {
  enter(RecordingState::writing, now);
  // Both tiers start at once: a slow or failing primary never delays the backup.
  for (Tier t : kTiers) {
    // The tier that was offered this recording's backfill gets its write
    // even while it recovers: that write is the breaker's probe.
    if (row_.tier(t).status == TierStatus::pending) issue_put(t, backfill_after_refetch_ == t);
  }
  backfill_after_refetch_.reset();
  maybe_finish(now);
}

void RecordingWorkflow::issue_put(Tier t, bool backfill) {
  if (stream_upload_intact(t)) {
    issue_complete(t, backfill);
    return;
  }
  if (!media_) {
    // A large artifact's upload is gone (aborted after a refusal): nothing
    // to write from here; the tier waits for a backfill, which fetches again.
    rt(t).phase = TierPhase::deferred;
    return;
  }
  auto& r = rt(t);
  r.phase = TierPhase::put_in_flight;
  ++row_.tier(t).attempts;
  dirty_ = true;
  stores::PutSpec spec;
  spec.key = row_.tier(t).key;
  spec.body = media_;
  spec.sha256_hex = row_.sha256_hex;
  spec.md5_b64 = media_md5_b64_;
  spec.create_only = true;  // append-only: never replace an existing object
  out_.push_back(PutObject{t, std::move(spec), backfill});
}

void RecordingWorkflow::tier_backoff(Tier t, Instant now) {
  auto& r = rt(t);
  ++r.consecutive_failures;
  // Jitter is a pure function of the seed the driver gave us, the recording,
  // the tier and the attempt: deterministic in simulation, spread in production.
  const std::uint64_t salt = tiers::salt_of(row_.id.str()) ^ (t == Tier::backup ? 0x9e3779b97f4a7c15ULL : 0);
  r.phase = TierPhase::backoff;
  r.retry_at = now + tiers::backoff_delay(r.consecutive_failures, jitter_seed_, salt, policy_.write_backoff());
}

void RecordingWorkflow::on_put(const TierPutDone& p, Instant now) {
  auto& r = rt(p.tier);
  if (r.phase != TierPhase::put_in_flight || row_.state != RecordingState::writing) return;
  using K = stores::WriteOutcomeKind;
  switch (p.outcome.kind) {
    case K::created:
      r.consecutive_failures = 0;
      tier_done(p.tier, TierStatus::written, p.outcome.etag, row_.sha256_hex, now);
      break;
    case K::already_exists:
      // Create-only write refused: somebody (perhaps our own earlier attempt
      // whose answer was lost) wrote this key. Compare before deciding; the
      // parts of a refused completion are of no use any more.
      if (stream_) {
        abort_upload(p.tier);
        stream_->tier(p.tier) = StreamTier{};
      }
      r.phase = TierPhase::head_in_flight;
      out_.push_back(HeadObject{p.tier, row_.tier(p.tier).key});
      break;
    case K::server_error:
      // S3 documents that a 500 on PUT may have applied the write: find out
      // what happened before writing again.
      r.verify_before_put = true;
      tier_backoff(p.tier, now);
      break;
    case K::race_conflict:
    case K::throttled:
    case K::rejected_digest:
    case K::auth_error:
    case K::client_error:
      r.verify_before_put = false;
      tier_backoff(p.tier, now);
      break;
  }
  maybe_finish(now);
}

void RecordingWorkflow::on_head(const TierHeadDone& h, Instant now) {
  auto& r = rt(h.tier);
  if (r.phase != TierPhase::head_in_flight || row_.state != RecordingState::writing) return;
  if (h.status == 0 || (h.status >= 500) || h.status == 429 || !h.info) {
    r.verify_before_put = true;
    tier_backoff(h.tier, now);
    return;
  }
  r.verify_before_put = false;
  if (!h.info->exists) {
    issue_put(h.tier);
    return;
  }
  // An S3 multipart object carries no SHA-256 of its own: its "<md5>-N"
  // ETag, which we computed from the parts we sent, identifies it instead.
  const bool ours = h.info->sha256_hex.empty() && stream_ && !stream_->multipart_etag.empty()
                        ? h.info->etag == stream_->multipart_etag
                        : h.info->sha256_hex == row_.sha256_hex;
  if (ours) {
    r.consecutive_failures = 0;
    // The SHA-256 we verified, not the HEAD's: a multipart object matched by
    // its ETag has none, and the audit must still say what the tier holds.
    tier_done(h.tier, TierStatus::written, h.info->etag, row_.sha256_hex, now);
  } else {
    // Different bytes under our key: never overwrite; a person must look.
    tier_done(h.tier, TierStatus::conflict, h.info->etag, h.info->sha256_hex, now);
  }
  maybe_finish(now);
}

void RecordingWorkflow::on_tier_deferred(const TierDeferred& d, Instant now) {
  auto& r = rt(d.tier);
  if (r.phase != TierPhase::put_in_flight) return;
  // A begin or a part the pipeline would not send: the tier leaves the
  // stream. A deferred completion keeps its parts in the store for later.
  if (stream_ && stream_->tier(d.tier).taking_part() && !stream_upload_intact(d.tier)) {
    drop_from_stream(d.tier, "the pipeline deferred it", now);
    return;
  }
  if (row_.state != RecordingState::writing) return;
  // The pipeline held the PUT back: it never reached the store.
  --row_.tier(d.tier).attempts;
  r.phase = TierPhase::deferred;
  release_media_if_waiting();
}

void RecordingWorkflow::release_media_if_waiting() {
  bool deferred = false;
  for (Tier t : kTiers) {
    const auto p = rt(t).phase;
    if (p != TierPhase::done && p != TierPhase::deferred) return;  // still writing somewhere
    deferred = deferred || p == TierPhase::deferred;
  }
  // Every tier that can take the bytes has them: a tier that is down for
  // hours must not pin every recording's media in memory meanwhile. The
  // backfill reads them back from the other tier (or the CDN, if neither has).
  if (deferred) media_.reset();
}

void RecordingWorkflow::on_tier_available(const TierAvailable& a, Instant now) {
  auto& r = rt(a.tier);
  if (r.phase != TierPhase::deferred || row_.state != RecordingState::writing) return;
  const Tier other = a.tier == Tier::primary ? Tier::backup : Tier::primary;
  if (media_ || stream_upload_intact(a.tier)) {
    issue_put(a.tier, /*backfill=*/true);
  } else if (row_.tier(other).status == TierStatus::written && row_.media_size_bytes <= policy_.media_chunk_bytes) {
    r.phase = TierPhase::fetch_stored;
    out_.push_back(FetchStored{other, row_.tier(other).key});
  } else {
    backfill_after_refetch_ = a.tier;
    refetch_for_backfill(now);
  }
}

void RecordingWorkflow::refetch_for_backfill(Instant now) {
  // Neither tier holds the bytes: fetch them again, through the same
  // validation (a fresh media URI first: the old one may have expired).
  for (Tier t : kTiers) {
    if (rt(t).phase == TierPhase::deferred || rt(t).phase == TierPhase::fetch_stored) rt(t).phase = TierPhase::idle;
  }
  discard_stream();
  enter(RecordingState::fetching_metadata, now);
  request_metadata();
}

void RecordingWorkflow::on_stored(const StoredFetched& st, Instant now) {
  const Tier t = st.from == Tier::primary ? Tier::backup : Tier::primary;
  auto& r = rt(t);
  if (r.phase != TierPhase::fetch_stored || row_.state != RecordingState::writing) return;
  if (st.status == 404) {
    // The copy we verified on the other tier is gone (a lifecycle rule, an
    // operator): re-reading it can never succeed. That tier needs our bytes
    // again too, and only the platform still has them.
    auto& gone = row_.tier(st.from);
    gone.status = TierStatus::pending;
    gone.etag.clear();
    gone.sha256_hex.clear();
    gone.written_at = Instant{};
    rt(st.from).phase = TierPhase::idle;
    note_failure(std::string("backfill: ") + to_string(st.from) + " no longer holds the copy (404); fetching it again", now);
    backfill_after_refetch_ = t;
    refetch_for_backfill(now);
    return;
  }
  if (st.status != 200 || !st.body) {
    r.phase = TierPhase::deferred;  // the pipeline offers the backfill again later
    return;
  }
  const ByteView bytes(*st.body);
  if (crypto::to_hex(crypto::sha256(bytes)) != row_.sha256_hex) {
    // The copy we verified and wrote is not what the store returns: never
    // propagate it; start again from the platform's artifact.
    note_failure(std::string("backfill: ") + to_string(st.from) + " returned bytes whose SHA-256 differs", now);
    refetch_for_backfill(now);
    return;
  }
  media_ = st.body;
  media_md5_b64_ = crypto::base64_encode(crypto::md5(bytes));
  issue_put(t, /*backfill=*/true);
}

void RecordingWorkflow::tier_done(Tier t, TierStatus status, const std::string& etag, const std::string& sha256_hex,
                                  Instant now) {
  auto& rec = row_.tier(t);
  rec.open_upload_id.clear();  // completed: no parts left behind
  rec.status = status;
  rec.etag = etag;
  rec.sha256_hex = sha256_hex;
  rec.written_at = now;
  rt(t).phase = TierPhase::done;
  dirty_ = true;
}

void RecordingWorkflow::maybe_finish(Instant now) {
  if (row_.state != RecordingState::writing) return;
  release_media_if_waiting();
  for (Tier t : kTiers) {
    if (rt(t).phase != TierPhase::done) return;
  }
  media_.reset();
  stream_.reset();
  backfill_after_refetch_.reset();
  if (row_.primary.status == TierStatus::written && row_.backup.status == TierStatus::written) {
    enter(RecordingState::compliance_verified, now);
  } else {
    std::string why = "create-only write found different bytes at";
    for (Tier t : kTiers) {
      if (row_.tier(t).status == TierStatus::conflict) why += std::string(" ") + to_string(t) + ":" + row_.tier(t).key;
    }
    fail(why, now);
  }
}

void RecordingWorkflow::fail(std::string reason, Instant now) {
  row_.reason = std::move(reason);
  wake_at_.reset();
  in_flight_ = false;
  media_.reset();
  discard_stream();
  enter(RecordingState::requires_manual_review, now);
  dirty_ = true;
}

}  // namespace recguard::workflow
