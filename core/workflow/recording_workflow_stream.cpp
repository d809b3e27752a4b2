// A large artifact streamed from the CDN to both stores while it is
// validated: ranged reads, one part per chunk, completion only once the last
// byte is judged valid. The state and its memory bound are in media_stream.hpp.
#include <algorithm>
#include <cassert>

#include "core/crypto/digest.hpp"
#include "core/tiers/backoff.hpp"
#include "core/types/civil_time.hpp"
#include "core/workflow/recording_workflow.hpp"

namespace recguard::workflow {

std::int64_t RecordingWorkflow::held_bytes() const {
  std::int64_t n = media_ ? static_cast<std::int64_t>(media_->size()) : 0;
  if (stream_) n += stream_->held_bytes();
  return n;
}

bool RecordingWorkflow::stream_busy() const {
  if (!stream_) return false;
  for (Tier t : kTiers) {
    const auto& st = stream_->tier(t);
    if (st.phase == StreamTier::Phase::beginning || st.parts_in_flight > 0) return true;
  }
  return false;
}

void RecordingWorkflow::start_stream(const MediaFetched& first, Instant now) {
  stream_ = std::make_unique<MediaStream>();
  stream_->total = first.total_size;
  stream_->validator = std::make_unique<media::MediaValidator>(
      media::MediaExpectation{row_.expected_duration_ms, row_.expected_size_bytes, {}});
  // Every tier still to be written joins. Azure needs no begin: the pipeline
  // answers its BeginUpload at once, after the tier's health check.
  for (Tier t : kTiers) {
    if (row_.tier(t).status != TierStatus::pending) continue;
    stream_->tier(t).phase = StreamTier::Phase::beginning;
    rt(t).phase = TierPhase::put_in_flight;
    stores::BeginUploadSpec spec;
    spec.key = row_.tier(t).key;
    out_.push_back(BeginUpload{t, std::move(spec), backfill_after_refetch_ == t});
  }
  on_stream_chunk(first, now);
}

void RecordingWorkflow::on_stream_chunk(const MediaFetched& m, Instant now) {
  MediaStream& s = *stream_;
  s.read_in_flight = false;
  const std::int64_t expected_len = std::min(policy_.media_chunk_bytes, s.total - s.next_offset);
  const std::int64_t got = m.body ? static_cast<std::int64_t>(m.body->size()) : 0;
  if (m.status != 206 || m.total_size != s.total || got != expected_len) {
    // The CDN stopped honouring the range, or the artifact changed under
    // us: nothing read so far can be trusted. Start again from byte 0.
    const std::string why = "media stream broke at byte " + std::to_string(s.next_offset) + ": answered " +
                            std::to_string(m.status) + " with " + std::to_string(got) + " bytes of " +
                            std::to_string(m.total_size);
    discard_stream();
    fetch_failed(why, now);
    return;
  }
  const ByteView bytes(*m.body);
  s.validator->feed(bytes);
  s.whole_md5.update(bytes);
  const auto part_md5 = crypto::md5(bytes);
  s.md5_of_part_md5s.update(ByteView(part_md5.data(), part_md5.size()));
  s.part_md5_b64.push_back(crypto::base64_encode(part_md5));
  s.part_sha256_hex.push_back(crypto::to_hex(crypto::sha256(bytes)));
  ++s.parts_read;
  s.next_offset += got;
  bool anyone = false;
  for (Tier t : kTiers) anyone = anyone || s.tier(t).taking_part();
  if (anyone) s.buffered.emplace(s.parts_read, m.body);
  for (Tier t : kTiers) {
    if (s.tier(t).phase == StreamTier::Phase::open) send_parts(t);
  }
  if (s.next_offset >= s.total) {
    finish_stream(now);
  } else {
    read_next_chunk_if_room();
  }
}

void RecordingWorkflow::read_next_chunk_if_room() {
  MediaStream& s = *stream_;
  if (s.read_in_flight || in_flight_ || s.next_offset >= s.total) return;
  if (static_cast<int>(s.buffered.size()) >= policy_.stream_window_chunks) return;
  s.read_in_flight = true;
  in_flight_ = true;
  const std::int64_t last = std::min(s.next_offset + policy_.media_chunk_bytes, s.total) - 1;
  out_.push_back(FetchMedia{row_.media_uri, s.next_offset, last});
}

void RecordingWorkflow::send_parts(Tier t) {
  MediaStream& s = *stream_;
  StreamTier& st = s.tier(t);
  while (st.parts_sent < s.parts_read) {
    const int part = ++st.parts_sent;
    auto it = s.buffered.find(part);
    assert(it != s.buffered.end());
    stores::PartSpec spec;
    spec.key = row_.tier(t).key;
    spec.upload_id = st.upload_id;
    spec.part_number = part;
    spec.body = it->second;
    spec.md5_b64 = s.part_md5_b64[static_cast<std::size_t>(part - 1)];
    spec.sha256_hex = s.part_sha256_hex[static_cast<std::size_t>(part - 1)];
    ++st.parts_in_flight;
    out_.push_back(UploadPart{t, std::move(spec), backfill_after_refetch_ == t});
  }
}

void RecordingWorkflow::on_upload_begun(const UploadBegun& b, Instant now) {
  if (!stream_) return;
  StreamTier& st = stream_->tier(b.tier);
  if (st.phase != StreamTier::Phase::beginning) return;
  if (!b.ok) {
    drop_from_stream(b.tier, "begin upload answered " + std::to_string(b.failure.status) + " " +
                                 b.failure.error_code, now);
    return;
  }
  st.phase = StreamTier::Phase::open;
  st.upload_id = b.upload_id;
  if (!b.upload_id.empty()) {
    row_.tier(b.tier).open_upload_id = b.upload_id;
    dirty_ = true;
  }
  send_parts(b.tier);
}

void RecordingWorkflow::on_part_uploaded(const PartUploaded& p, Instant now) {
  if (!stream_) return;
  MediaStream& s = *stream_;
  StreamTier& st = s.tier(p.tier);
  if (st.phase != StreamTier::Phase::open || p.part_number < 1 || p.part_number > st.parts_sent) return;
  --st.parts_in_flight;
  if (p.outcome.kind != stores::WriteOutcomeKind::created) {
    drop_from_stream(p.tier, "part " + std::to_string(p.part_number) + " answered " +
                                 std::to_string(p.outcome.status) + " " + p.outcome.error_code, now);
    return;
  }
  const auto i = static_cast<std::size_t>(p.part_number - 1);
  if (st.acked.size() <= i) {
    st.acked.resize(i + 1, false);
    st.part_etags.resize(i + 1);
  }
  if (!st.acked[i]) {
    st.acked[i] = true;
    ++st.acked_count;
  }
  st.part_etags[i] = p.outcome.etag;
  release_acked_chunks();
  if (s.validated && st.acked_count == s.parts_read) issue_complete(p.tier, backfill_after_refetch_ == p.tier);
  read_next_chunk_if_room();
  maybe_finish(now);
}

void RecordingWorkflow::release_acked_chunks() {
  MediaStream& s = *stream_;
  std::erase_if(s.buffered, [&](const auto& entry) {
    const auto i = static_cast<std::size_t>(entry.first - 1);
    for (Tier t : kTiers) {
      const StreamTier& st = s.tier(t);
      if (st.taking_part() && (st.acked.size() <= i || !st.acked[i])) return false;
    }
    return true;
  });
}

void RecordingWorkflow::drop_from_stream(Tier t, const std::string& why, Instant now) {
  StreamTier& st = stream_->tier(t);
  abort_upload(t);
  st = StreamTier{};
  st.phase = StreamTier::Phase::dropped;
  rt(t).phase = TierPhase::deferred;
  note_failure(std::string(to_string(t)) + " left the media stream (" + why + "); it is backfilled later", now);
  release_acked_chunks();
  read_next_chunk_if_room();
  maybe_finish(now);
}

void RecordingWorkflow::discard_stream() {
  if (!stream_) return;
  for (Tier t : kTiers) abort_upload(t);
  stream_.reset();
}

void RecordingWorkflow::abort_upload(Tier t) {
  StreamTier& st = stream_->tier(t);
  if (st.upload_id.empty()) return;
  send_abort(t, st.upload_id);
  st.upload_id.clear();
  row_.tier(t).open_upload_id.clear();
  dirty_ = true;
}

void RecordingWorkflow::finish_stream(Instant now) {
  MediaStream& s = *stream_;
  const media::MediaVerdict verdict = s.validator->finish();
  if (!accept_verdict(verdict, now)) return;  // accept_verdict aborted the uploads
  s.validated = true;
  s.whole_md5_b64 = crypto::base64_encode(std::string_view(s.whole_md5.finish()));
  s.multipart_etag =
      "\"" + crypto::to_hex(view(s.md5_of_part_md5s.finish())) + "-" + std::to_string(s.parts_read) + "\"";
  enter(RecordingState::writing, now);
  for (Tier t : kTiers) {
    const StreamTier& st = s.tier(t);
    if (st.phase == StreamTier::Phase::open && st.acked_count == s.parts_read) {
      issue_complete(t, backfill_after_refetch_ == t);
    }
  }
  maybe_finish(now);
}

void RecordingWorkflow::send_abort(Tier t, std::string upload_id) {
  out_.push_back(AbortUpload{t, row_.tier(t).key, upload_id});
  aborts_.push_back(PendingAbort{t, std::move(upload_id), 0, std::nullopt});
}

void RecordingWorkflow::on_upload_aborted(const UploadAborted& a, Instant now) {
  auto it = std::find_if(aborts_.begin(), aborts_.end(), [&](const PendingAbort& p) {
    return p.tier == a.tier && p.upload_id == a.upload_id && !p.retry_at;
  });
  if (it == aborts_.end()) return;
  if ((a.status >= 200 && a.status < 300) || a.status == 404) {
    aborts_.erase(it);
    return;
  }
  // Throttled, failing or unreachable: the parts are still billed. Try again
  // on the write backoff; after 8 tries the bucket's lifecycle rule
  // (AbortIncompleteMultipartUpload) is what is left, and the log says so.
  if (++it->failures >= 8) {
    note_failure(std::string("abort of ") + to_string(a.tier) + " upload " + a.upload_id + " failed 8 times (last " +
                     std::to_string(a.status) + "): left to the store's lifecycle rule",
                 now);
    aborts_.erase(it);
    return;
  }
  it->retry_at = now + tiers::backoff_delay(it->failures, jitter_seed_, tiers::salt_of(a.upload_id),
                                            policy_.write_backoff());
}

bool RecordingWorkflow::stream_upload_intact(Tier t) const {
  if (!stream_ || !stream_->validated) return false;
  const StreamTier& st = stream_->tier(t);
  return st.phase == StreamTier::Phase::open && st.acked_count == stream_->parts_read;
}

void RecordingWorkflow::issue_complete(Tier t, bool backfill) {
  const MediaStream& s = *stream_;
  const StreamTier& st = s.tier(t);
  rt(t).phase = TierPhase::put_in_flight;
  ++row_.tier(t).attempts;
  dirty_ = true;
  stores::CompleteSpec spec;
  spec.key = row_.tier(t).key;
  spec.upload_id = st.upload_id;
  spec.part_count = s.parts_read;
  spec.part_etags = st.part_etags;
  spec.part_sha256_hex = s.part_sha256_hex;
  spec.sha256_hex = row_.sha256_hex;
  spec.md5_b64 = s.whole_md5_b64;
  spec.create_only = true;
  out_.push_back(CompleteUpload{t, std::move(spec), backfill});
}

}  // namespace recguard::workflow
