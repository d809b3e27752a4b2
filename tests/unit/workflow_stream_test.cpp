// A large artifact streamed to both stores while it is validated
// (core/workflow/media_stream.hpp), driven command by command with no I/O.
// Chunks are 64 KiB here instead of 8 MiB so that a 20 s call has 5 parts.
#include <catch2/catch.hpp>

#include <functional>
#include <map>
#include <vector>

#include "core/crypto/digest.hpp"
#include "core/workflow/recording_workflow.hpp"
#include "mocks/media/synthetic_audio.hpp"

using namespace recguard;
using namespace recguard::workflow;

namespace {

constexpr std::int64_t kChunk = 64 * 1024;
constexpr std::int64_t kDurationMs = 20000;

Policy stream_policy() {
  Policy p;
  p.media_chunk_bytes = kChunk;
  p.stream_window_chunks = 2;
  return p;
}

RecordingRow new_row() {
  RecordingRow r;
  r.id = RecordingId{"rec-0001"};
  r.call = CallId{"call-0001"};
  return r;
}

// A store pair and CDN answering the workflow's commands, with knobs for faults.
struct Harness {
  Policy policy = stream_policy();
  RecordingWorkflow wf{new_row(), policy, 1};
  mocks::SyntheticWav wav{media::MediaFormat::wav_pcm16_8k, 1, kDurationMs, 42};
  std::int64_t declared_size = -1;  // what the CDN says the artifact's size is (-1: the real one)
  Instant now{1000};
  std::int64_t peak_held = 0;
  std::vector<FetchMedia> reads;
  std::map<Tier, std::vector<int>> parts;  // part numbers sent, by tier
  std::vector<CompleteUpload> completions;
  std::vector<AbortUpload> aborts;
  std::vector<Command> other;  // anything the harness does not answer itself
  std::function<stores::WriteOutcomeKind(Tier, int)> part_answer = [](Tier, int) {
    return stores::WriteOutcomeKind::created;
  };
  std::function<stores::WriteOutcome(const CompleteUpload&)> complete_answer = [](const CompleteUpload& c) {
    stores::WriteOutcome o;
    o.kind = stores::WriteOutcomeKind::created;
    o.etag = c.tier == Tier::primary ? "\"s3-etag\"" : "\"azure-etag\"";
    return o;
  };
  bool answer_completions = true;

  std::int64_t size() const { return declared_size >= 0 ? declared_size : wav.size(); }

  void handle(const Event& e) {
    wf.handle(e, now);
    peak_held = std::max(peak_held, wf.held_bytes());
  }

  // Answers every command until the workflow waits on something the harness
  // does not answer (a timer, a deferral, a command in `other`).
  void drain() {
    while (auto c = wf.poll_command()) {
      now = now + Duration::millis(10);
      if (auto* f = std::get_if<FetchMedia>(&*c)) {
        reads.push_back(*f);
        const std::int64_t last = f->last < 0 ? size() - 1 : std::min(f->last, size() - 1);
        auto body = share(wav.read(f->first, last - f->first + 1));
        handle(MediaFetched{f->last < 0 ? 200 : 206, body, size()});
      } else if (auto* b = std::get_if<BeginUpload>(&*c)) {
        handle(UploadBegun{b->tier, true, b->tier == Tier::primary ? "upload-1" : "", {}});
      } else if (auto* p = std::get_if<UploadPart>(&*c)) {
        parts[p->tier].push_back(p->spec.part_number);
        CHECK(p->spec.md5_b64 == crypto::base64_encode(crypto::md5(ByteView(*p->spec.body))));
        stores::PartOutcome o;
        o.kind = part_answer(p->tier, p->spec.part_number);
        o.status = o.kind == stores::WriteOutcomeKind::created ? 200 : 503;
        o.etag = "\"part-" + std::to_string(p->spec.part_number) + "\"";
        handle(PartUploaded{p->tier, p->spec.part_number, o});
      } else if (auto* done = std::get_if<CompleteUpload>(&*c)) {
        completions.push_back(*done);
        if (answer_completions) handle(TierPutDone{done->tier, complete_answer(*done)});
      } else if (auto* a = std::get_if<AbortUpload>(&*c)) {
        aborts.push_back(*a);
      } else {
        other.push_back(*c);
      }
    }
  }

  genesys::RecordingMetadata metadata() const {
    genesys::RecordingMetadata md;
    md.id = RecordingId{"rec-0001"};
    md.call = CallId{"call-0001"};
    md.file_state = "AVAILABLE";
    md.media_uri = "https://cdn/rec-0001.wav";
    md.output_duration_ms = kDurationMs;
    md.output_size_bytes = wav.size();
    return md;
  }

  void start() {
    wf.handle(CallEndedSeen{}, now);
    wf.handle(PlatformUpdate{"AVAILABLE", {"https://cdn/rec-0001.wav"}}, now);
    REQUIRE(std::holds_alternative<FetchMetadata>(*wf.poll_command()));
    wf.handle(MetadataFetched{200, metadata()}, now);
    drain();
  }
};

}  // namespace

TEST_CASE("a large artifact streams in ranged reads, one part per chunk, completed only after validation",
          "[unit][workflow][stream]") {
  Harness h;
  const std::int64_t parts_expected = (h.wav.size() + kChunk - 1) / kChunk;
  REQUIRE(parts_expected >= 4);
  h.start();
  CHECK(h.wf.state() == RecordingState::compliance_verified);
  // Every read is a range of at most one chunk, in order, covering the artifact once.
  REQUIRE(h.reads.size() == static_cast<std::size_t>(parts_expected));
  std::int64_t next = 0;
  for (const auto& r : h.reads) {
    CHECK(r.first == next);
    CHECK(r.last - r.first + 1 <= kChunk);
    next = r.last + 1;
  }
  CHECK(next == h.wav.size());
  // Both tiers got every part once, in order, and one create-only completion listing them.
  for (Tier t : kTiers) {
    std::vector<int> want;
    for (int i = 1; i <= parts_expected; ++i) want.push_back(i);
    CHECK(h.parts[t] == want);
  }
  REQUIRE(h.completions.size() == 2);
  for (const auto& c : h.completions) {
    CHECK(c.spec.create_only);
    CHECK(c.spec.part_count == parts_expected);
    CHECK(c.spec.part_etags.back() == "\"part-" + std::to_string(parts_expected) + "\"");
  }
  CHECK(h.completions[0].spec.upload_id == "upload-1");
  // The journalled hash is of the whole artifact, computed while it streamed.
  const auto whole = h.wav.read(0, h.wav.size());
  CHECK(h.wf.row().sha256_hex == crypto::to_hex(crypto::sha256(ByteView(whole))));
  CHECK(h.wf.row().primary.status == TierStatus::written);
  CHECK(h.wf.row().backup.status == TierStatus::written);
  // The memory bound: never more than window + 1 chunks, and nothing once done.
  CHECK(h.peak_held <= (h.policy.stream_window_chunks + 1) * kChunk);
  CHECK(h.peak_held > 0);
  CHECK(h.wf.held_bytes() == 0);
  CHECK(h.aborts.empty());
}

TEST_CASE("a streamed artifact that turns out truncated is never completed and its uploads are aborted",
          "[unit][workflow][stream]") {
  Harness h;
  // The CDN serves only the first 3 chunks of what the header promises.
  h.declared_size = 3 * kChunk;
  h.start();
  CHECK(h.completions.empty());
  REQUIRE(h.aborts.size() == 1);  // Azure has nothing to abort: uncommitted blocks expire
  CHECK(h.aborts[0].tier == Tier::primary);
  CHECK(h.aborts[0].upload_id == "upload-1");
  CHECK(h.wf.row().reason.find("truncated") != std::string::npos);
  CHECK(h.wf.row().primary.status == TierStatus::pending);
  REQUIRE(h.wf.next_deadline().has_value());  // a re-fetch is scheduled
  CHECK(h.wf.held_bytes() == 0);
}

TEST_CASE("a tier whose part fails leaves the stream, the other tier completes and the first is backfilled",
          "[unit][workflow][stream]") {
  Harness h;
  h.part_answer = [](Tier t, int part) {
    return t == Tier::primary && part == 2 ? stores::WriteOutcomeKind::throttled : stores::WriteOutcomeKind::created;
  };
  h.start();
  REQUIRE(h.aborts.size() == 1);
  CHECK(h.aborts[0].tier == Tier::primary);
  // The backup kept going to the end and completed; the primary never did.
  REQUIRE(h.completions.size() == 1);
  CHECK(h.completions[0].tier == Tier::backup);
  CHECK(h.parts[Tier::primary] == std::vector<int>{1, 2});
  CHECK(h.wf.row().backup.status == TierStatus::written);
  CHECK(h.wf.row().primary.status == TierStatus::pending);
  CHECK(h.wf.waiting_for_tier(Tier::primary));
  CHECK(h.wf.held_bytes() == 0);  // nothing is pinned while the primary waits
  // Its turn: the object is larger than a chunk, so it is fetched again from
  // the platform and streamed to the primary alone.
  h.part_answer = [](Tier, int) { return stores::WriteOutcomeKind::created; };
  h.reads.clear();
  h.handle(TierAvailable{Tier::primary});
  REQUIRE(std::holds_alternative<FetchMetadata>(*h.wf.poll_command()));
  h.handle(MetadataFetched{200, h.metadata()});
  h.drain();
  CHECK(h.wf.state() == RecordingState::compliance_verified);
  REQUIRE(h.completions.size() == 2);
  CHECK(h.completions[1].tier == Tier::primary);
  CHECK(h.parts[Tier::backup].size() == static_cast<std::size_t>((h.wav.size() + kChunk - 1) / kChunk));
}

TEST_CASE("an ambiguous 500 on a completion is settled by HEAD against the multipart ETag",
          "[unit][workflow][stream]") {
  Harness h;
  h.complete_answer = [](const CompleteUpload& c) {
    stores::WriteOutcome o;
    o.kind = c.tier == Tier::primary ? stores::WriteOutcomeKind::server_error : stores::WriteOutcomeKind::created;
    o.status = c.tier == Tier::primary ? 500 : 201;
    return o;
  };
  h.start();
  CHECK(h.wf.state() == RecordingState::writing);
  REQUIRE(h.wf.next_deadline().has_value());
  h.now = *h.wf.next_deadline();
  h.wf.handle_timeout(h.now);
  auto head = h.wf.poll_command();
  REQUIRE(head.has_value());
  REQUIRE(std::holds_alternative<HeadObject>(*head));
  // S3's ETag of a multipart object: MD5 of the parts' MD5s, then "-N".
  crypto::Hasher md5s(crypto::Hasher::Algo::md5);
  const std::int64_t n = (h.wav.size() + kChunk - 1) / kChunk;
  for (std::int64_t off = 0; off < h.wav.size(); off += kChunk) {
    const auto part = h.wav.read(off, std::min(kChunk, h.wav.size() - off));
    const auto d = crypto::md5(ByteView(part));
    md5s.update(ByteView(d.data(), d.size()));
  }
  const std::string etag = "\"" + crypto::to_hex(view(md5s.finish())) + "-" + std::to_string(n) + "\"";
  stores::ObjectInfo info;
  info.exists = true;
  info.etag = etag;  // S3 HEAD of a multipart object: no SHA-256 of the whole
  h.handle(TierHeadDone{Tier::primary, 200, info});
  CHECK(h.wf.state() == RecordingState::compliance_verified);
  CHECK(h.wf.row().primary.etag == etag);
  CHECK(h.completions.size() == 2);  // never completed twice
}

TEST_CASE("a completion the pipeline defers keeps its parts and completes when the tier is back",
          "[unit][workflow][stream]") {
  Harness h;
  h.answer_completions = false;
  h.start();
  REQUIRE(h.completions.size() == 2);
  h.handle(TierPutDone{Tier::backup, h.complete_answer(h.completions[1])});
  h.handle(TierDeferred{Tier::primary});
  CHECK(h.wf.waiting_for_tier(Tier::primary));
  h.answer_completions = true;
  h.reads.clear();
  h.handle(TierAvailable{Tier::primary});
  h.drain();
  CHECK(h.reads.empty());  // nothing fetched again
  REQUIRE(h.completions.size() == 3);
  CHECK(h.completions[2].tier == Tier::primary);
  CHECK(h.completions[2].backfill);
  CHECK(h.wf.state() == RecordingState::compliance_verified);
}

TEST_CASE("a small artifact arrives whole in its first ranged read and goes up in one PUT per tier",
          "[unit][workflow][stream]") {
  Harness h;
  h.policy.media_chunk_bytes = 8LL * 1024 * 1024;
  h.start();
  REQUIRE(h.reads.size() == 1);
  CHECK(h.reads[0].first == 0);
  CHECK(h.reads[0].last == h.policy.media_chunk_bytes - 1);
  CHECK(h.completions.empty());
  std::size_t puts = 0;
  for (const auto& c : h.other) puts += std::holds_alternative<PutObject>(c) ? 1 : 0;
  CHECK(puts == 2);
}
