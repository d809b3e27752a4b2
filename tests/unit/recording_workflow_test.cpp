// The per-recording state machine, driven event by event with no I/O at all.
#include <catch2/catch.hpp>

#include "core/crypto/digest.hpp"
#include "core/workflow/recording_workflow.hpp"
#include "mocks/media/synthetic_audio.hpp"

using namespace recguard;
using namespace recguard::workflow;

namespace {

const Policy kPolicy{};

RecordingRow new_row() {
  RecordingRow r;
  r.id = RecordingId{"rec-0001"};
  r.call = CallId{"call-0001"};
  return r;
}

SharedBytes speech(std::int64_t duration_ms = 10000) {
  mocks::SyntheticWav wav(media::MediaFormat::wav_pcm16_8k, 1, duration_ms, 42);
  return share(wav.read(0, wav.size()));
}

genesys::RecordingMetadata metadata_for(const SharedBytes& bytes, std::int64_t duration_ms) {
  genesys::RecordingMetadata md;
  md.id = RecordingId{"rec-0001"};
  md.call = CallId{"call-0001"};
  md.file_state = "AVAILABLE";
  md.media_uri = "https://cdn/rec-0001.wav";
  md.output_duration_ms = duration_ms;
  md.output_size_bytes = static_cast<std::int64_t>(bytes->size());
  return md;
}

template <class T>
T expect_command(RecordingWorkflow& wf) {
  auto c = wf.poll_command();
  REQUIRE(c.has_value());
  REQUIRE(std::holds_alternative<T>(*c));
  return std::get<T>(*c);
}

stores::WriteOutcome outcome(stores::WriteOutcomeKind k, std::string etag = "\"e\"") {
  stores::WriteOutcome o;
  o.kind = k;
  o.etag = std::move(etag);
  return o;
}

// Drives a fresh workflow to the point where both PUTs are in flight.
std::pair<PutObject, PutObject> drive_to_writes(RecordingWorkflow& wf, const SharedBytes& bytes, Instant& now) {
  wf.handle(CallEndedSeen{}, now);  // the usual order: customer.end, then the recording
  wf.handle(PlatformUpdate{"AVAILABLE", {"https://cdn/rec-0001.wav"}}, now);
  expect_command<FetchMetadata>(wf);
  now = now + Duration::millis(50);
  wf.handle(MetadataFetched{200, metadata_for(bytes, 10000)}, now);
  auto fm = expect_command<FetchMedia>(wf);
  CHECK(fm.uri == "https://cdn/rec-0001.wav");
  now = now + Duration::millis(50);
  wf.handle(MediaFetched{200, bytes}, now);
  auto a = expect_command<PutObject>(wf);
  auto b = expect_command<PutObject>(wf);
  return {a, b};
}

}  // namespace

TEST_CASE("happy path: notification to compliance_verified", "[unit][workflow]") {
  RecordingWorkflow wf(new_row(), kPolicy, 1);
  Instant now{1000};
  const auto bytes = speech();
  auto [p, b] = drive_to_writes(wf, bytes, now);
  CHECK(wf.state() == RecordingState::writing);
  // Both tiers are written at once, create-only, with the validated checksum.
  CHECK(p.tier == Tier::primary);
  CHECK(b.tier == Tier::backup);
  CHECK(p.spec.create_only);
  CHECK(p.spec.body == bytes);
  CHECK(p.spec.sha256_hex == crypto::to_hex(crypto::sha256(ByteView(*bytes))));
  CHECK(p.spec.key == "recordings/genesys/rec-0001.wav");

  wf.handle(TierPutDone{Tier::backup, outcome(stores::WriteOutcomeKind::created, "\"b\"")}, now);
  CHECK(wf.state() == RecordingState::writing);
  CHECK_FALSE(wf.take_finished());
  wf.handle(TierPutDone{Tier::primary, outcome(stores::WriteOutcomeKind::created, "\"p\"")}, now);
  CHECK(wf.state() == RecordingState::compliance_verified);
  CHECK(wf.row().primary.etag == "\"p\"");
  CHECK(wf.row().backup.etag == "\"b\"");
  CHECK(wf.take_finished());
  CHECK_FALSE(wf.take_finished());  // the audit record is written once
  CHECK(wf.idle());
}

TEST_CASE("UPLOADING is never fetched, AVAILABLE later is", "[unit][workflow]") {
  RecordingWorkflow wf(new_row(), kPolicy, 1);
  wf.handle(PlatformUpdate{"UPLOADING", {}}, Instant{0});
  CHECK(wf.state() == RecordingState::awaiting_upload);
  CHECK_FALSE(wf.poll_command().has_value());
  REQUIRE(wf.next_deadline().has_value());  // it polls in case the next notification is lost
  wf.handle(PlatformUpdate{"AVAILABLE", {"https://cdn/x"}}, Instant{1000});
  expect_command<FetchMetadata>(wf);
}

TEST_CASE("a duplicate AVAILABLE after writing changes nothing", "[unit][workflow]") {
  RecordingWorkflow wf(new_row(), kPolicy, 1);
  Instant now{0};
  drive_to_writes(wf, speech(), now);
  wf.take_dirty();
  wf.handle(PlatformUpdate{"AVAILABLE", {"https://cdn/rec-0001.wav"}}, now);
  CHECK_FALSE(wf.poll_command().has_value());
  CHECK_FALSE(wf.take_dirty());
}

TEST_CASE("a truncated artifact is re-fetched on 2 s, 8 s, 32 s, then goes to manual review", "[unit][workflow]") {
  RecordingWorkflow wf(new_row(), kPolicy, 1);
  Instant now{0};
  wf.handle(CallEndedSeen{}, now);  // ended: a failure goes to re-fetch, never to re-record
  const auto full = speech(10000);
  auto cut = share(ByteVec(full->begin(), full->begin() + static_cast<std::ptrdiff_t>(full->size() / 2)));
  wf.handle(PlatformUpdate{"AVAILABLE", {"https://cdn/rec-0001.wav"}}, now);
  expect_command<FetchMetadata>(wf);
  wf.handle(MetadataFetched{200, metadata_for(full, 10000)}, now);
  expect_command<FetchMedia>(wf);
  const Duration delays[] = {Duration::seconds(2), Duration::seconds(8), Duration::seconds(32)};
  for (Duration d : delays) {
    wf.handle(MediaFetched{200, cut}, now);
    CHECK_FALSE(wf.poll_command().has_value());
    REQUIRE(wf.next_deadline() == now + d);
    now = *wf.next_deadline();
    wf.handle_timeout(now);
    expect_command<FetchMedia>(wf);
  }
  wf.handle(MediaFetched{200, cut}, now);
  CHECK(wf.state() == RecordingState::requires_manual_review);
  CHECK(wf.row().fetch_attempts == 3);
  CHECK(wf.row().reason.find("truncated") != std::string::npos);
}

TEST_CASE("416 with Content-Range bytes star-slash-0 is an empty artifact, not a failed download", "[unit][workflow]") {
  RecordingWorkflow wf(new_row(), kPolicy, 1);
  Instant now{0};
  wf.handle(CallEndedSeen{}, now);
  const auto full = speech(10000);
  wf.handle(PlatformUpdate{"AVAILABLE", {"https://cdn/rec-0001.wav"}}, now);
  expect_command<FetchMetadata>(wf);
  wf.handle(MetadataFetched{200, metadata_for(full, 10000)}, now);
  expect_command<FetchMedia>(wf);
  for (int attempt = 0; attempt < 3; ++attempt) {
    wf.handle(MediaFetched{416, nullptr, 0}, now);
    REQUIRE(wf.next_deadline().has_value());
    now = *wf.next_deadline();
    wf.handle_timeout(now);
    expect_command<FetchMedia>(wf);
  }
  wf.handle(MediaFetched{416, nullptr, 0}, now);
  CHECK(wf.state() == RecordingState::requires_manual_review);
  INFO(wf.row().reason);
  CHECK(wf.row().reason.find("zero_bytes") != std::string::npos);
  CHECK(wf.row().reason.find("416") == std::string::npos);
}

TEST_CASE("412 already-exists is resolved by comparing checksums", "[unit][workflow]") {
  const auto bytes = speech();
  const std::string sha = crypto::to_hex(crypto::sha256(ByteView(*bytes)));

  SECTION("same bytes: written") {
    RecordingWorkflow wf(new_row(), kPolicy, 1);
    Instant now{0};
    drive_to_writes(wf, bytes, now);
    wf.handle(TierPutDone{Tier::primary, outcome(stores::WriteOutcomeKind::already_exists)}, now);
    auto h = expect_command<HeadObject>(wf);
    CHECK(h.tier == Tier::primary);
    wf.handle(TierHeadDone{Tier::primary, 200, stores::ObjectInfo{true, "\"p\"", sha, 1}}, now);
    wf.handle(TierPutDone{Tier::backup, outcome(stores::WriteOutcomeKind::created)}, now);
    CHECK(wf.state() == RecordingState::compliance_verified);
  }
  SECTION("different bytes: a conflict for review, never an overwrite") {
    RecordingWorkflow wf(new_row(), kPolicy, 1);
    Instant now{0};
    drive_to_writes(wf, bytes, now);
    wf.handle(TierPutDone{Tier::primary, outcome(stores::WriteOutcomeKind::already_exists)}, now);
    expect_command<HeadObject>(wf);
    wf.handle(TierHeadDone{Tier::primary, 200, stores::ObjectInfo{true, "\"x\"", std::string(64, 'a'), 1}}, now);
    wf.handle(TierPutDone{Tier::backup, outcome(stores::WriteOutcomeKind::created)}, now);
    CHECK(wf.state() == RecordingState::requires_manual_review);
    CHECK(wf.row().primary.status == TierStatus::conflict);
    CHECK_FALSE(wf.poll_command().has_value());  // no second PUT
  }
}

TEST_CASE("an ambiguous 500 is verified with HEAD before any rewrite", "[unit][workflow]") {
  RecordingWorkflow wf(new_row(), kPolicy, 7);
  Instant now{0};
  const auto bytes = speech();
  drive_to_writes(wf, bytes, now);
  wf.handle(TierPutDone{Tier::primary, outcome(stores::WriteOutcomeKind::server_error)}, now);
  CHECK_FALSE(wf.poll_command().has_value());
  const auto deadline = wf.next_deadline();
  REQUIRE(deadline.has_value());
  // 5 s base with at most +/-10 % jitter.
  CHECK(*deadline - now >= Duration::millis(4500));
  CHECK(*deadline - now <= Duration::millis(5500));
  now = *deadline;
  wf.handle_timeout(now);
  expect_command<HeadObject>(wf);
  // The write had applied: no second PUT is sent.
  wf.handle(TierHeadDone{Tier::primary, 200,
                         stores::ObjectInfo{true, "\"p\"", crypto::to_hex(crypto::sha256(ByteView(*bytes))), 1}},
            now);
  CHECK_FALSE(wf.poll_command().has_value());
  CHECK(wf.row().primary.status == TierStatus::written);
}

TEST_CASE("a throttled tier backs off exponentially while the other finishes", "[unit][workflow]") {
  RecordingWorkflow wf(new_row(), kPolicy, 3);
  Instant now{0};
  drive_to_writes(wf, speech(), now);
  wf.handle(TierPutDone{Tier::backup, outcome(stores::WriteOutcomeKind::created)}, now);
  CHECK(wf.row().backup.status == TierStatus::written);  // backup never waits for primary
  Duration previous{};
  for (int i = 0; i < 8; ++i) {
    wf.handle(TierPutDone{Tier::primary, outcome(stores::WriteOutcomeKind::throttled)}, now);
    const Duration wait = *wf.next_deadline() - now;
    CHECK(wait <= Duration::minutes(5));  // the cap; jitter only shortens
    if (i > 0 && i < 5) CHECK(wait > previous);
    previous = wait;
    now = *wf.next_deadline();
    wf.handle_timeout(now);
    expect_command<PutObject>(wf);
  }
  CHECK(wf.row().primary.attempts == 9);
}

TEST_CASE("recovery from a journalled row resumes at the last durable step", "[unit][workflow]") {
  RecordingRow row = new_row();
  row.state = RecordingState::writing;
  row.media_uri = "https://cdn/rec-0001.wav";
  row.primary.key = "recordings/genesys/rec-0001.wav";
  row.backup.key = "recordings/genesys/rec-0001.wav";
  const auto bytes = speech();
  row.sha256_hex = crypto::to_hex(crypto::sha256(ByteView(*bytes)));

  SECTION("neither tier written: media bytes are never journalled, so fetch them again") {
    RecordingWorkflow wf(row, kPolicy, 1);
    auto fm = expect_command<FetchMedia>(wf);
    CHECK(fm.uri == row.media_uri);
  }
  SECTION("one tier written: the other is backfilled from it when the pipeline says so, not from the CDN") {
    row.primary.status = TierStatus::written;
    RecordingWorkflow wf(row, kPolicy, 1);
    CHECK_FALSE(wf.poll_command().has_value());
    CHECK(wf.waiting_for_tier(Tier::backup));
    wf.handle(TierAvailable{Tier::backup}, Instant{5});
    auto get = expect_command<FetchStored>(wf);
    CHECK(get.from == Tier::primary);
    CHECK(get.key == row.primary.key);
    wf.handle(StoredFetched{Tier::primary, 200, bytes}, Instant{6});
    auto put = expect_command<PutObject>(wf);
    CHECK(put.tier == Tier::backup);
    CHECK(put.backfill);
    CHECK(put.spec.sha256_hex == row.sha256_hex);
    wf.handle(TierPutDone{Tier::backup, outcome(stores::WriteOutcomeKind::created)}, Instant{7});
    CHECK(wf.state() == RecordingState::compliance_verified);
  }
}

TEST_CASE("a deferred tier lets go of the bytes once the other tier has them, then backfills from it",
          "[unit][workflow][tiers]") {
  RecordingWorkflow wf(new_row(), kPolicy, 1);
  Instant now{0};
  const auto bytes = speech();
  drive_to_writes(wf, bytes, now);
  // The pipeline held the primary PUT back (breaker open): never sent.
  wf.handle(TierDeferred{Tier::primary}, now);
  CHECK(wf.row().primary.attempts == 0);
  CHECK(wf.holds_media());  // the backup is still being written from them
  wf.handle(TierPutDone{Tier::backup, outcome(stores::WriteOutcomeKind::created)}, now);
  CHECK_FALSE(wf.holds_media());
  CHECK(wf.state() == RecordingState::writing);
  CHECK(wf.waiting_for_tier(Tier::primary));
  CHECK(wf.idle());  // nothing in flight: the pipeline's backfill queue holds it

  wf.handle(TierAvailable{Tier::primary}, now + Duration::minutes(30));
  auto get = expect_command<FetchStored>(wf);
  CHECK(get.from == Tier::backup);

  SECTION("the copy matches the validated SHA-256: written to the primary") {
    wf.handle(StoredFetched{Tier::backup, 200, bytes}, now + Duration::minutes(30));
    auto put = expect_command<PutObject>(wf);
    CHECK(put.tier == Tier::primary);
    CHECK(put.backfill);
    wf.handle(TierPutDone{Tier::primary, outcome(stores::WriteOutcomeKind::created)}, now + Duration::minutes(31));
    CHECK(wf.state() == RecordingState::compliance_verified);
  }
  SECTION("the source tier failed to answer: back to waiting, offered again later") {
    wf.handle(StoredFetched{Tier::backup, 503, nullptr}, now + Duration::minutes(30));
    CHECK(wf.waiting_for_tier(Tier::primary));
    CHECK_FALSE(wf.poll_command().has_value());
  }
  SECTION("the copy differs from what was validated: never propagated, the platform's artifact is fetched again") {
    auto other = speech(9000);
    wf.handle(StoredFetched{Tier::backup, 200, other}, now + Duration::minutes(30));
    CHECK(wf.state() == RecordingState::fetching_metadata);
    expect_command<FetchMetadata>(wf);
    CHECK(wf.row().failure_log.back().find("SHA-256 differs") != std::string::npos);
  }
}

TEST_CASE("both tiers deferred: no bytes kept, a fresh fetch from the platform once a tier is back",
          "[unit][workflow][tiers]") {
  RecordingWorkflow wf(new_row(), kPolicy, 1);
  Instant now{0};
  const auto bytes = speech();
  drive_to_writes(wf, bytes, now);
  wf.handle(TierDeferred{Tier::primary}, now);
  wf.handle(TierDeferred{Tier::backup}, now);
  CHECK_FALSE(wf.holds_media());
  CHECK(wf.state() == RecordingState::writing);
  wf.handle(TierAvailable{Tier::backup}, now + Duration::hours(1));
  CHECK(wf.state() == RecordingState::fetching_metadata);
  expect_command<FetchMetadata>(wf);
  wf.handle(MetadataFetched{200, metadata_for(bytes, 10000)}, now + Duration::hours(1));
  expect_command<FetchMedia>(wf);
  wf.handle(MediaFetched{200, bytes}, now + Duration::hours(1));
  auto a = expect_command<PutObject>(wf);
  auto b = expect_command<PutObject>(wf);
  CHECK(a.tier == Tier::primary);
  CHECK(b.tier == Tier::backup);
}
