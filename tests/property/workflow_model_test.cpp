// One recording's workflow against a model of what it may do and what it
// owes. RapidCheck's rc::state picks the steps: the platform's updates (and
// duplicates of them), answers to whatever the workflow asked (success,
// throttling, 5xx, no answer, 412/409, a 500 after the write applied, wrong
// bytes, a PUT the pipeline held back), time moving to the next deadline, the
// customer hanging up, the pipeline offering a backfill, and a crash after
// which the workflow is rebuilt from its journalled row.
//
// The workflow chooses which command comes next and when, so a model that
// predicted its commands would be a second implementation. Instead the
// model holds the rules, and a small fake world (the platform, the CDN, two
// create-only stores) answers truthfully; after every step the rules are
// checked against what the workflow did:
//   - its state moves only along allowed transitions, never out of a terminal one;
//   - compliance_verified only with both tiers written (etag, SHA-256 of the
//     validated bytes) and both stores really holding those bytes;
//   - at most 3 re-fetches (row.fetch_attempts <= 3);
//   - every PUT is create-only, carries the validated bytes, and never targets
//     a tier once it is written; a written tier stays written, also across a crash;
//   - a re-record is one key for the recording's lifetime, each StartRerecord
//     follows a "call is live" answer, a second one follows a look at the
//     call's recordings, and a duplicate webhook never sends one;
//   - requires_manual_review always says why;
//   - a recording past `received` and not terminal always has something
//     that will move it on (a command out, a deadline, or a tier waiting
//     for the pipeline's backfill offer): after a crash it resumes;
//   - once the world turns healthy, it reaches a terminal state with its
//     re-record settled and nothing left in flight.
// Three worlds: mostly healthy, hostile (most answers are trouble), and a call
// that never ends (so every failure goes down the re-record path).
//
// Not covered here: large artifacts (streamed in parts: the artifact is 5 s
// of G.711, one ranged read answered 200 whole, so BeginUpload, UploadPart,
// CompleteUpload and AbortUpload never appear; a test fails if one does),
// the compliance-scope queue check (FetchCallQueue), the 2-hour limits on
// UPLOADING and 429s (time only jumps to the next deadline, a few dozen times),
// and several orchestrators (the journal's leases: journal_model_test.cpp).
#include <catch2/catch.hpp>
#include <rapidcheck/catch.h>
#include <rapidcheck/state.h>

#include <algorithm>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/crypto/digest.hpp"
#include "core/workflow/recording_workflow.hpp"
#include "mocks/media/synthetic_audio.hpp"

using namespace recguard;
using namespace recguard::workflow;
using stores::WriteOutcomeKind;

namespace {

constexpr std::int64_t kDurationMs = 5000;
constexpr const char* kMediaUri = "https://cdn/rec-0001.wav";

SharedBytes wav(std::uint64_t seed) {
  mocks::SyntheticWav w(media::MediaFormat::wav_ulaw_8k, 1, kDurationMs, seed);
  return share(w.read(0, w.size()));
}

// The recording's real bytes.
const SharedBytes& artifact() {
  static const SharedBytes bytes = wav(9);
  return bytes;
}
const std::string& artifact_sha() {
  static const std::string sha = crypto::to_hex(crypto::sha256(ByteView(*artifact())));
  return sha;
}
// What a CDN serves when the upload was cut short.
const SharedBytes& truncated_artifact() {
  static const SharedBytes bytes = share(ByteVec(artifact()->begin(), artifact()->begin() + 1000));
  return bytes;
}
// Somebody else's recording: a valid WAV, other bytes.
const SharedBytes& foreign_bytes() {
  static const SharedBytes bytes = wav(10);
  return bytes;
}

std::string sha_of(const SharedBytes& b) { return crypto::to_hex(crypto::sha256(ByteView(*b))); }

// ---- the model: where a recording may go ----

bool allowed_transition(RecordingState from, RecordingState to, bool recovering) {
  using S = RecordingState;
  if (from == to) return true;
  if (is_terminal(from)) return false;  // terminal means terminal
  static const std::multimap<S, S> kAllowed{
      {S::received, S::awaiting_upload},             // UPLOADING: not final, never fetched yet
      {S::received, S::fetching_metadata},           // AVAILABLE or ERROR
      {S::awaiting_upload, S::fetching_metadata},    // AVAILABLE, ERROR, or the poll timer
      {S::awaiting_upload, S::requires_manual_review},  // ERROR with no re-fetch left
      {S::fetching_metadata, S::awaiting_upload},    // metadata says still uploading
      {S::fetching_metadata, S::fetching_media},
      {S::fetching_metadata, S::requires_manual_review},
      {S::fetching_media, S::writing},               // validated
      {S::fetching_media, S::requires_manual_review},
      {S::writing, S::compliance_verified},
      {S::writing, S::requires_manual_review},       // different bytes under our key
      {S::writing, S::fetching_metadata},            // a backfill with no bytes anywhere: fetch again
  };
  const auto [lo, hi] = kAllowed.equal_range(from);
  for (auto it = lo; it != hi; ++it) {
    if (it->second == to) return true;
  }
  // Media bytes are never journalled: a recording that was writing fetches
  // them again after a crash.
  return recovering && from == S::writing && to == S::fetching_media;
}

// ---- the world: a platform, a CDN and two create-only stores ----

struct StoredObject {
  SharedBytes body;
  std::string etag;
};

struct World {
  std::string file_state = "UPLOADING";  // what the platform says of the artifact
  bool call_live = true;
  bool capture_running = false;          // a capture on the call newer than ours
  std::map<Tier, std::optional<StoredObject>> stores{{Tier::primary, std::nullopt}, {Tier::backup, std::nullopt}};
  int etags_issued = 0;

  void store(Tier t, SharedBytes body) {
    stores[t] = StoredObject{std::move(body), "\"etag-" + std::string(to_string(t)) + "-" +
                                                  std::to_string(++etags_issued) + "\""};
  }
  bool holds_ours(Tier t) const {
    const auto& o = stores.at(t);
    return o && sha_of(o->body) == artifact_sha();
  }
};

// How the next outstanding command is answered. What each means depends on
// the command (answer_with below); where a kind has no meaning for a
// command, it is answered 503.
enum class Answer { ok, busy, unavailable, timeout, exists, ambiguous, bad, deferred };

const char* to_text(Answer a) {
  switch (a) {
    case Answer::ok: return "ok";
    case Answer::busy: return "429/SlowDown";
    case Answer::unavailable: return "503";
    case Answer::timeout: return "no answer (timeout)";
    case Answer::exists: return "412/409 exists";
    case Answer::ambiguous: return "ambiguous 500 (applied)";
    case Answer::bad: return "bad content";
    case Answer::deferred: return "deferred by the pipeline";
  }
  return "?";
}

std::string name_of(const Command& c) {
  return std::visit(
      [](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, FetchMetadata>) return "FetchMetadata";
        else if constexpr (std::is_same_v<T, FetchMedia>) return "FetchMedia";
        else if constexpr (std::is_same_v<T, PutObject>) return std::string("PutObject(") + to_string(x.tier) + ")";
        else if constexpr (std::is_same_v<T, HeadObject>) return std::string("HeadObject(") + to_string(x.tier) + ")";
        else if constexpr (std::is_same_v<T, FetchStored>) return std::string("FetchStored(from ") + to_string(x.from) + ")";
        else if constexpr (std::is_same_v<T, FetchCallState>) return "FetchCallState";
        else if constexpr (std::is_same_v<T, StartRerecord>) return "StartRerecord(" + x.idempotency_key.substr(0, 8) + ")";
        else if constexpr (std::is_same_v<T, ListCallRecordings>) return "ListCallRecordings";
        else if constexpr (std::is_same_v<T, FetchCallQueue>) return "FetchCallQueue";
        else if constexpr (std::is_same_v<T, BeginUpload>) return "BeginUpload";
        else if constexpr (std::is_same_v<T, UploadPart>) return "UploadPart";
        else if constexpr (std::is_same_v<T, CompleteUpload>) return "CompleteUpload";
        else return "AbortUpload";
      },
      c);
}

stores::WriteOutcome write_outcome(WriteOutcomeKind kind, int status, std::string etag = {}) {
  stores::WriteOutcome o;
  o.kind = kind;
  o.status = status;
  o.etag = std::move(etag);
  return o;
}

// ---- the system under test, the world, and the rules' bookkeeping ----

class WorkflowSut {
 public:
  WorkflowSut() {
    RecordingRow row;
    row.id = RecordingId{"rec-0001"};
    row.call = CallId{"call-0001"};
    journalled_ = row;
    wf_ = std::make_unique<RecordingWorkflow>(row, policy_, kJitterSeed);
    collect_commands();
    if (wf_->take_dirty()) journalled_ = wf_->row();
  }

  void deliver(const std::string& what, const Event& e, bool duplicate = false) {
    step(what, false, duplicate, [&] { wf_->handle(e, now_); });
  }

  void platform_update(const std::string& file_state, bool duplicate) {
    // A duplicate is an old notification delivered again: the platform has
    // not changed its mind.
    if (!duplicate) world_.file_state = file_state;
    PlatformUpdate u{file_state, {}};
    if (file_state == "AVAILABLE") u.media_uris.push_back(kMediaUri);
    deliver(std::string(duplicate ? "duplicate " : "") + "PlatformUpdate " + file_state, u, duplicate);
  }

  void call_ends(bool notified) {
    world_.call_live = false;
    if (notified) {
      deliver("CallEndedSeen", CallEndedSeen{});
    } else {
      trace("the customer hangs up; the notification is lost");
    }
  }

  void answer(std::size_t which, Answer kind) {
    if (outstanding_.empty()) {
      trace("nothing outstanding to answer");
      return;
    }
    const auto it = outstanding_.begin() + static_cast<std::ptrdiff_t>(std::min(which, outstanding_.size() - 1));
    const Command cmd = *it;
    outstanding_.erase(it);
    auto [event, text] = answer_with(cmd, kind);
    deliver(name_of(cmd) + " -> " + text, event);
  }

  void advance_to_deadline() {
    const auto d = wf_->next_deadline();
    if (!d) {
      trace("no deadline to advance to");
      return;
    }
    // A deadline rebuilt from an old row may lie in the past: time never goes back.
    if (*d > now_) now_ = *d;
    step("timeout", false, false, [&] { wf_->handle_timeout(now_); });
  }

  void offer_backfill(Tier t) {
    deliver(std::string("TierAvailable ") + to_string(t), TierAvailable{t});
  }

  // After the random steps the world turns healthy: the upload completes,
  // every command is answered with success, every waiting tier is offered
  // its backfill, time moves to each deadline. A recording must then reach
  // a terminal state with nothing left in flight: no livelock, no retry loop.
  void settle() {
    trace("-- the world turns healthy --");
    if (world_.file_state != "AVAILABLE") platform_update("AVAILABLE", false);
    for (int i = 0; i < 500; ++i) {
      if (!outstanding_.empty()) {
        answer(0, Answer::ok);
      } else if (wf_->waiting_for_tier(Tier::primary) || wf_->waiting_for_tier(Tier::backup)) {
        offer_backfill(wf_->waiting_for_tier(Tier::primary) ? Tier::primary : Tier::backup);
      } else if (wf_->next_deadline()) {
        advance_to_deadline();
      } else {
        break;
      }
    }
    require(is_terminal(wf_->state()), "a healthy world did not bring the recording to a terminal state");
    require(wf_->row().rerecord.status != RerecordStatus::requested, "a re-record left unsettled in a healthy world");
    require(wf_->idle(), "a terminal recording still has work in flight");
  }

  // The process dies: every answer on its way is lost, the workflow is
  // rebuilt from the journal. With in_flight_landed, the requests it had
  // sent reached their servers before it died.
  void crash(bool in_flight_landed) {
    if (in_flight_landed) {
      for (const Command& c : outstanding_) {
        if (const auto* put = std::get_if<PutObject>(&c); put && !world_.stores[put->tier]) {
          world_.store(put->tier, put->spec.body);
        } else if (std::holds_alternative<StartRerecord>(c) && world_.call_live) {
          world_.capture_running = true;
        }
      }
    }
    outstanding_.clear();
    // Whatever this process learned is gone; only the journal speaks now.
    live_answer_since_start_ = false;
    step(std::string("crash and recover from the journal") + (in_flight_landed ? " (in-flight requests landed)" : ""),
         true, false, [&] { wf_ = std::make_unique<RecordingWorkflow>(journalled_, policy_, kJitterSeed); });
  }

 private:
  static constexpr std::uint64_t kJitterSeed = 42;

  void trace(const std::string& line) { trace_.push_back(format_instant(now_) + " " + line); }

  // A rule broken: the failure names it and shows what the workflow was told
  // and did, after the shrunk list of steps RapidCheck prints.
  void require(bool ok, const std::string& rule) const {
    if (ok) return;
    std::string msg = rule + "\n  row: state " + std::string(to_string(wf_->state())) + ", fetch_attempts " +
                      std::to_string(wf_->row().fetch_attempts) + ", primary " +
                      std::string(to_string(wf_->row().primary.status)) + ", backup " +
                      std::string(to_string(wf_->row().backup.status)) + ", rerecord " +
                      std::string(to_string(wf_->row().rerecord.status)) + "\n  what happened:";
    // A shrunk case is short; a long trace is cut to its end, where it broke.
    constexpr std::size_t kShown = 80;
    const std::size_t from = trace_.size() > kShown ? trace_.size() - kShown : 0;
    if (from > 0) msg += "\n    (" + std::to_string(from) + " earlier lines)";
    for (std::size_t i = from; i < trace_.size(); ++i) msg += "\n    " + trace_[i];
    RC_FAIL(msg);
  }

  // One step: act, then take every command the workflow issued, journal its
  // row if it changed (as the pipeline's group commit does), check the rules.
  template <class Act>
  void step(const std::string& what, bool recovering, bool duplicate, Act&& act) {
    trace(what);
    const RecordingState before = wf_->state();
    act();
    collect_commands(duplicate);
    if (wf_->take_dirty()) journalled_ = wf_->row();
    check_after_step(before, recovering);
  }

  void collect_commands(bool duplicate = false) {
    while (auto c = wf_->poll_command()) {
      trace("  <- " + name_of(*c));
      check_command(*c, duplicate);
      outstanding_.push_back(std::move(*c));
    }
  }

  void check_command(const Command& c, bool duplicate) {
    const RecordingRow& row = wf_->row();
    const bool storage_or_fetch = std::holds_alternative<FetchMetadata>(c) || std::holds_alternative<FetchMedia>(c) ||
                                  std::holds_alternative<PutObject>(c) || std::holds_alternative<HeadObject>(c) ||
                                  std::holds_alternative<FetchStored>(c);
    require(!(storage_or_fetch && is_terminal(row.state)), "a terminal recording fetched or wrote: " + name_of(c));
    if (const auto* fm = std::get_if<FetchMedia>(&c)) {
      require(fm->uri == kMediaUri, "media fetched from '" + fm->uri + "', not the URI the platform gave");
    } else if (const auto* put = std::get_if<PutObject>(&c)) {
      require(put->spec.create_only, "a PUT that may overwrite (create_only is off)");
      require(row.tier(put->tier).status != TierStatus::written && !written_[put->tier],
              std::string("a PUT to ") + to_string(put->tier) + ", which is already written");
      require(put->spec.body && sha_of(put->spec.body) == row.sha256_hex && put->spec.sha256_hex == row.sha256_hex,
              "a PUT whose bytes are not the validated artifact");
    } else if (const auto* rr = std::get_if<StartRerecord>(&c)) {
      require(!duplicate || rerecord_key_.empty(), "a duplicate webhook sent a second StartRerecord");
      require(rerecord_key_.empty() || rr->idempotency_key == rerecord_key_,
              "a second re-record key for one recording: " + rr->idempotency_key + " after " + rerecord_key_);
      require(live_answer_since_start_, "StartRerecord without a 'call is live' answer since the last one");
      require(!start_unconfirmed_, "StartRerecord again before looking at the call's recordings");
      require(row.rerecord.attempts <= 3, "more than 3 start-recording attempts");
      require(!rerecord_settled_, "StartRerecord after the re-record was settled");
      rerecord_key_ = rr->idempotency_key;
      live_answer_since_start_ = false;
      start_unconfirmed_ = true;
    } else if (!std::holds_alternative<FetchMetadata>(c) && !std::holds_alternative<HeadObject>(c) &&
               !std::holds_alternative<FetchStored>(c) && !std::holds_alternative<FetchCallState>(c) &&
               !std::holds_alternative<ListCallRecordings>(c)) {
      require(false, "a command this test does not drive: " + name_of(c) + " (see the header comment)");
    }
  }

  void check_after_step(RecordingState before, bool recovering) {
    const RecordingRow& row = wf_->row();
    require(allowed_transition(before, row.state, recovering),
            std::string("transition ") + std::string(to_string(before)) + " -> " + std::string(to_string(row.state)));
    require(row.fetch_attempts <= 3, "more than 3 re-fetches: " + std::to_string(row.fetch_attempts));
    for (Tier t : kTiers) {
      const TierRecord& rec = row.tier(t);
      if (written_[t]) {
        require(rec.status == TierStatus::written && rec.etag == written_[t]->etag &&
                    rec.sha256_hex == written_[t]->sha256_hex,
                std::string("a written ") + to_string(t) + " tier was lost or changed");
      } else if (rec.status == TierStatus::written) {
        written_[t] = rec;
      }
    }
    if (row.state == RecordingState::compliance_verified) {
      for (Tier t : kTiers) {
        const TierRecord& rec = row.tier(t);
        require(rec.status == TierStatus::written && !rec.etag.empty() && !rec.sha256_hex.empty() &&
                    rec.sha256_hex == row.sha256_hex && row.sha256_hex == artifact_sha(),
                std::string("compliance_verified with ") + to_string(t) + " not written with the artifact's etag and SHA-256");
        require(world_.holds_ours(t), std::string("compliance_verified but the ") + to_string(t) + " store lacks our bytes");
      }
    }
    // A settled re-record stays settled, also across a crash.
    const bool settled = row.rerecord.status == RerecordStatus::confirmed || row.rerecord.status == RerecordStatus::refused;
    require(settled || !rerecord_settled_, "a settled re-record went back to " +
                                               std::string(to_string(row.rerecord.status)));
    rerecord_settled_ = rerecord_settled_ || settled;
    if (row.state == RecordingState::requires_manual_review) {
      require(!row.reason.empty(), "requires_manual_review without a reason for the reviewer");
    }
    if (is_terminal(row.state)) {
      if (!final_row_) final_row_ = row;
      require(row.primary == final_row_->primary && row.backup == final_row_->backup,
              "the tiers of a terminal recording changed");
    } else if (row.state != RecordingState::received) {
      // Received waits for the platform's first word; every later state must
      // have something that moves it on, or the recording is silently stuck.
      require(!outstanding_.empty() || wf_->next_deadline() || wf_->waiting_for_tier(Tier::primary) ||
                  wf_->waiting_for_tier(Tier::backup),
              "stuck: nothing in flight, no deadline, no tier waiting for a backfill");
    }
  }

  // The world's answer to one command, and a line for the trace.
  std::pair<Event, std::string> answer_with(const Command& c, Answer kind) {
    const std::string how = to_text(kind);
    // The status of an answer that never reached the server, or could not apply.
    const int failed_status = kind == Answer::busy ? 429 : kind == Answer::timeout ? 0 : kind == Answer::ambiguous ? 500 : 503;
    if (std::holds_alternative<FetchMetadata>(c)) {
      if (kind == Answer::ok || kind == Answer::bad) {
        genesys::RecordingMetadata md;
        md.id = RecordingId{"rec-0001"};
        md.call = CallId{"call-0001"};
        md.file_state = kind == Answer::bad ? "ERROR" : world_.file_state;
        if (md.file_state == "AVAILABLE") md.media_uri = kMediaUri;
        md.output_duration_ms = kDurationMs;
        md.output_size_bytes = static_cast<std::int64_t>(artifact()->size());
        return {MetadataFetched{200, md}, "200 fileState " + md.file_state};
      }
      return {MetadataFetched{failed_status, std::nullopt}, how};
    }
    if (std::holds_alternative<FetchMedia>(c)) {
      if (kind == Answer::ok) return {MediaFetched{200, artifact(), -1}, "200 the whole artifact"};
      if (kind == Answer::bad) return {MediaFetched{200, truncated_artifact(), -1}, "200 a truncated artifact"};
      return {MediaFetched{failed_status, nullptr, -1}, how};
    }
    if (const auto* put = std::get_if<PutObject>(&c)) return answer_put(*put, kind);
    if (const auto* head = std::get_if<HeadObject>(&c)) {
      if (kind == Answer::ok || kind == Answer::exists || kind == Answer::bad) {
        const auto& o = world_.stores[head->tier];
        if (!o) return {TierHeadDone{head->tier, 404, stores::ObjectInfo{false, {}, {}, -1}}, "404 no object"};
        const std::string sha = sha_of(o->body);
        return {TierHeadDone{head->tier, 200,
                             stores::ObjectInfo{true, o->etag, sha, static_cast<std::int64_t>(o->body->size())}},
                std::string("200 ") + (sha == artifact_sha() ? "our bytes" : "other bytes")};
      }
      return {TierHeadDone{head->tier, failed_status, std::nullopt}, how};
    }
    if (const auto* get = std::get_if<FetchStored>(&c)) {
      if (kind == Answer::ok) {
        const auto& o = world_.stores[get->from];
        if (!o) return {StoredFetched{get->from, 404, nullptr}, "404 no object"};
        return {StoredFetched{get->from, 200, o->body}, "200 the stored object"};
      }
      if (kind == Answer::bad) return {StoredFetched{get->from, 200, foreign_bytes()}, "200 bytes that rotted"};
      return {StoredFetched{get->from, failed_status, nullptr}, how};
    }
    if (std::holds_alternative<FetchCallState>(c)) {
      if (kind == Answer::ok) {
        if (world_.call_live) live_answer_since_start_ = true;
        return {CallStateFetched{200, world_.call_live}, world_.call_live ? "200 live" : "200 ended"};
      }
      if (kind == Answer::bad) return {CallStateFetched{200, std::nullopt}, "200 without a state"};
      return {CallStateFetched{failed_status, std::nullopt}, how};
    }
    if (std::holds_alternative<StartRerecord>(c)) return answer_start_rerecord(kind);
    if (std::holds_alternative<ListCallRecordings>(c)) {
      // Whatever the workflow learns here, it has looked.
      start_unconfirmed_ = false;
      if (kind == Answer::busy || kind == Answer::unavailable || kind == Answer::timeout || kind == Answer::deferred) {
        return {CallRecordingsListed{failed_status, false}, how};
      }
      return {CallRecordingsListed{200, world_.capture_running},
              world_.capture_running ? "200 a newer capture" : "200 no newer capture"};
    }
    require(false, "no answer for " + name_of(c));
    return {PlatformUpdate{}, ""};
  }

  std::pair<Event, std::string> answer_put(const PutObject& put, Answer kind) {
    const Tier t = put.tier;
    switch (kind) {
      case Answer::deferred: return {TierDeferred{t}, "deferred: never sent"};
      case Answer::busy: return {TierPutDone{t, write_outcome(WriteOutcomeKind::throttled, 503)}, "503 SlowDown"};
      case Answer::unavailable:
        return {TierPutDone{t, write_outcome(WriteOutcomeKind::server_error, 503)}, "503 (not applied)"};
      case Answer::timeout:
        return {TierPutDone{t, write_outcome(WriteOutcomeKind::server_error, 0)}, "no answer (not applied)"};
      default: break;
    }
    // The request reaches the store, which never replaces an object.
    if (world_.stores[t]) return {TierPutDone{t, write_outcome(WriteOutcomeKind::already_exists, 412)}, "412 (the key is taken)"};
    switch (kind) {
      case Answer::ok:
        world_.store(t, put.spec.body);
        return {TierPutDone{t, write_outcome(WriteOutcomeKind::created, 200, world_.stores[t]->etag)}, "200 created"};
      case Answer::exists:
        // Another replica wrote the same recording first.
        world_.store(t, put.spec.body);
        return {TierPutDone{t, write_outcome(WriteOutcomeKind::already_exists, 412)}, "412 (a twin wrote our bytes)"};
      case Answer::ambiguous:
        world_.store(t, put.spec.body);
        return {TierPutDone{t, write_outcome(WriteOutcomeKind::server_error, 500)}, "500 (but the write applied)"};
      default:
        world_.store(t, foreign_bytes());
        return {TierPutDone{t, write_outcome(WriteOutcomeKind::already_exists, 409)},
                "409 (someone else's bytes hold our key)"};
    }
  }

  std::pair<Event, std::string> answer_start_rerecord(Answer kind) {
    if (kind == Answer::busy || kind == Answer::unavailable || kind == Answer::timeout || kind == Answer::deferred) {
      const int status = kind == Answer::busy ? 429 : kind == Answer::timeout ? 0 : 503;
      return {RerecordAnswered{status}, std::string(to_text(kind)) + " (not landed)"};
    }
    // The command reached the platform: whatever it says is final.
    start_unconfirmed_ = false;
    if (!world_.call_live) return {RerecordAnswered{404}, "404 the call has ended"};
    if (world_.capture_running || kind == Answer::exists) {
      world_.capture_running = true;
      return {RerecordAnswered{409}, "409 already recording"};
    }
    if (kind == Answer::bad) return {RerecordAnswered{400}, "400 refused"};
    world_.capture_running = true;
    if (kind == Answer::ambiguous) {
      start_unconfirmed_ = true;  // the workflow cannot know it landed
      return {RerecordAnswered{500}, "500 (but the capture started)"};
    }
    return {RerecordAnswered{201}, "201 capture started"};
  }

  Policy policy_;
  World world_;
  std::unique_ptr<RecordingWorkflow> wf_;
  RecordingRow journalled_;           // what the journal holds: the row at its last dirty commit
  std::deque<Command> outstanding_;   // issued, not yet answered, oldest first
  Instant now_{Duration::hours(1).us};
  std::vector<std::string> trace_;

  // The rules' bookkeeping.
  std::map<Tier, std::optional<TierRecord>> written_{{Tier::primary, std::nullopt}, {Tier::backup, std::nullopt}};
  std::optional<RecordingRow> final_row_;
  std::string rerecord_key_;
  bool live_answer_since_start_ = false;  // a "call is live" answer reached this process since its last StartRerecord
  bool start_unconfirmed_ = false;        // a StartRerecord may have landed and nobody has looked since
  bool rerecord_settled_ = false;         // the row said confirmed or refused
};

// ---- what generation needs to know: updates a duplicate can repeat ----

// How often the world answers a command with success, out of that plus one
// for each kind of trouble. A healthy world lets most recordings reach a
// terminal state; a hostile one reaches the rare paths (a backfill with no
// bytes anywhere, a re-record retried after a lost answer) often enough.
struct Profile {
  std::size_t ok_weight = 12;
  bool call_may_end = true;  // false: the customer stays on the line, so failures are re-recorded
};

struct WorkflowModel {
  Profile profile;
  std::vector<std::string> delivered;  // platform updates delivered so far
  bool call_ended = false;
};

using WorkflowCommand = rc::state::Command<WorkflowModel, WorkflowSut>;

struct DeliverUpdate : WorkflowCommand {
  std::string file_state;
  explicit DeliverUpdate(const WorkflowModel&)
      : file_state(*rc::gen::weightedElement<std::string>({{4, "AVAILABLE"}, {2, "UPLOADING"}, {1, "ERROR"}})) {}
  void apply(WorkflowModel& m) const override { m.delivered.push_back(file_state); }
  void run(const WorkflowModel&, WorkflowSut& sut) const override { sut.platform_update(file_state, false); }
  void show(std::ostream& os) const override { os << "platform: fileState " << file_state; }
};

// Webhooks are delivered at least once: the same update again, at any time.
struct DuplicateUpdate : WorkflowCommand {
  std::string file_state;
  explicit DuplicateUpdate(const WorkflowModel& m) {
    RC_PRE(!m.delivered.empty());
    file_state = *rc::gen::elementOf(m.delivered);
  }
  void checkPreconditions(const WorkflowModel& m) const override {
    RC_PRE(std::find(m.delivered.begin(), m.delivered.end(), file_state) != m.delivered.end());
  }
  void run(const WorkflowModel&, WorkflowSut& sut) const override { sut.platform_update(file_state, true); }
  void show(std::ostream& os) const override { os << "platform: fileState " << file_state << " again (duplicate)"; }
};

struct AnswerCommand : WorkflowCommand {
  std::size_t which = 0;  // 0: the oldest outstanding command
  Answer answer = Answer::ok;
  explicit AnswerCommand(const WorkflowModel& m)
      : which(*rc::gen::weightedElement<std::size_t>({{4, 0}, {1, 1}, {1, 2}})),
        answer(*rc::gen::weightedElement<bool>({{m.profile.ok_weight, true}, {7, false}})
                   ? Answer::ok
                   : *rc::gen::element(Answer::busy, Answer::unavailable, Answer::timeout, Answer::exists,
                                       Answer::ambiguous, Answer::bad, Answer::deferred)) {}
  void run(const WorkflowModel&, WorkflowSut& sut) const override { sut.answer(which, answer); }
  void show(std::ostream& os) const override {
    static const char* const kNth[] = {"the oldest", "the 2nd oldest (or newest)", "the 3rd oldest (or newest)"};
    os << "answer " << kNth[which] << " outstanding command: " << to_text(answer);
  }
};

struct AdvanceTime : WorkflowCommand {
  explicit AdvanceTime(const WorkflowModel&) {}
  void run(const WorkflowModel&, WorkflowSut& sut) const override { sut.advance_to_deadline(); }
  void show(std::ostream& os) const override { os << "advance time to the next deadline"; }
};

struct CallEnds : WorkflowCommand {
  bool notified = true;
  explicit CallEnds(const WorkflowModel& m) : notified(*rc::gen::arbitrary<bool>()) { checkPreconditions(m); }
  void checkPreconditions(const WorkflowModel& m) const override {
    RC_PRE(m.profile.call_may_end);
    RC_PRE(!m.call_ended);
  }
  void apply(WorkflowModel& m) const override { m.call_ended = true; }
  void run(const WorkflowModel&, WorkflowSut& sut) const override { sut.call_ends(notified); }
  void show(std::ostream& os) const override {
    os << "the customer hangs up" << (notified ? "" : " (notification lost)");
  }
};

struct OfferBackfill : WorkflowCommand {
  Tier tier = Tier::primary;
  explicit OfferBackfill(const WorkflowModel&) : tier(*rc::gen::element(Tier::primary, Tier::backup)) {}
  void run(const WorkflowModel&, WorkflowSut& sut) const override { sut.offer_backfill(tier); }
  void show(std::ostream& os) const override { os << "pipeline: " << to_string(tier) << " takes writes again"; }
};

struct CrashRecover : WorkflowCommand {
  bool in_flight_landed = false;
  explicit CrashRecover(const WorkflowModel&) : in_flight_landed(*rc::gen::arbitrary<bool>()) {}
  void run(const WorkflowModel&, WorkflowSut& sut) const override { sut.crash(in_flight_landed); }
  void show(std::ostream& os) const override {
    os << "crash, recover from the journalled row" << (in_flight_landed ? " (requests in flight landed)" : "");
  }
};

// Answers are listed four times and time twice: most steps should move the
// recording along. Sequences are three times RapidCheck's default length so
// that most reach writing and beyond.
void check_workflow(const Profile& profile) {
  WorkflowSut sut;
  const WorkflowModel initial{profile, {}, false};
  const auto steps = *rc::gen::scale(
      3.0, rc::state::gen::commands(
               initial, rc::state::gen::execOneOfWithArgs<DeliverUpdate, DuplicateUpdate, AnswerCommand, AnswerCommand,
                                                          AnswerCommand, AnswerCommand, AdvanceTime, AdvanceTime,
                                                          CallEnds, OfferBackfill, CrashRecover>()));
  rc::state::runAll(steps, initial, sut);
  sut.settle();
}

}  // namespace

TEST_CASE("the recording workflow keeps its rules under any platform, store and crash sequence",
          "[property][workflow]") {
  rc::prop("in a mostly healthy world", [] { check_workflow(Profile{12}); });
  rc::prop("in a hostile world", [] { check_workflow(Profile{2}); });
  rc::prop("on a call that stays up, so every failure is re-recorded", [] { check_workflow(Profile{4, false}); });
}
