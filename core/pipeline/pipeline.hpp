#pragma once
// The pipeline core: ingress (verify, journal, acknowledge), one workflow per
// recording, group commit of the journal, and translation between workflow
// commands and the real platform and store APIs.
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <vector>

#include "core/ingress/cxone_poller.hpp"
#include "core/pipeline/pipeline_io.hpp"
#include "core/pipeline/request_pacer.hpp"
#include "core/platforms/cxone/cxone_api.hpp"
#include "core/platforms/genesys/recording_api.hpp"
#include "core/stores/store_client.hpp"
#include "core/tiers/tier_health.hpp"
#include "core/tiers/write_budget.hpp"
#include "core/workflow/recording_workflow.hpp"

namespace recguard::pipeline {

// Several orchestrators sharing one journal: every commit claims the calls
// it writes for `owner` (see LeaseTerms). A row refused because another
// orchestrator holds its call leaves this one's memory, its deliveries get
// 503 (the relay re-delivers) and its held side effects are dropped.
struct LeaseConfig {
  std::string owner;
  Duration hold = Duration::seconds(60);
};

struct Config {
  std::string webhook_secret;          // HMAC key shared with the operator's relay
  genesys::ApiConfig genesys;
  std::optional<cxone::ApiConfig> cxone;  // set: poll this CXone tenant
  ingress::ComplianceScope scope;         // what must be kept; the rest is acknowledged and ignored
  std::shared_ptr<const stores::StoreClient> primary;
  std::shared_ptr<const stores::StoreClient> backup;
  workflow::Policy policy;
  std::uint64_t jitter_seed = 0;       // the driver's entropy for backoff jitter
  std::int64_t epoch_unix_s = 0;       // wall time of Instant{0}, for request signing
  std::optional<LeaseConfig> lease;    // empty: the only orchestrator on its journal
  int orchestrators = 1;               // sharing the platforms' rate limits, each pacing to its share
  PaceLimit genesys_api_pace = kGenesysApiPace;  // the organization's API limit, before sharing
  // The primary store's documented PUT limit; live primary writes get half
  // of it (core/tiers/write_budget.hpp), the rest is headroom.
  std::int64_t primary_put_limit_rps = 3500;
  tiers::TierHealthPolicy tier_health;  // breaker and degradation thresholds, per tier
  int backfill_concurrency = 4;         // backfills in flight per healthy tier (1 while it recovers)
  // Group commit window. 0 (the simulator's): a commit goes out as soon as a
  // row is dirty and none is in flight. Above 0 (live): it waits this long
  // once it could go, so that the clients the last commit answered ride the
  // next one with everyone else, instead of one lone row taking a whole
  // fsync while the rest queue behind it.
  Duration commit_window{};
};

// Counters a driver or report may read; never used for decisions.
struct Stats {
  std::uint64_t webhooks_accepted = 0;
  std::uint64_t webhooks_duplicate = 0;
  std::uint64_t webhooks_rejected_signature = 0;
  std::uint64_t webhooks_rejected_payload = 0;
  std::uint64_t journal_commits = 0;
  std::uint64_t requests_sent = 0;
  std::uint64_t rerecord_commands = 0;
  std::uint64_t annotations = 0;
  std::uint64_t requests_paced = 0;     // held back by a token bucket before sending
  std::uint64_t cxone_polls = 0;
  std::uint64_t out_of_scope = 0;       // events outside the compliance scope, acknowledged and ignored
  std::uint64_t dedup_evictions = 0;    // finished recordings whose in-memory state expired
  std::uint64_t cxone_contacts_forgotten = 0;  // ended CXone contacts the poller no longer tracks
  std::uint64_t journal_lookups = 0;    // events checked against the journal after expiry
  std::uint64_t lease_refusals = 0;     // rows another orchestrator's lease kept out of a commit
  std::uint64_t store_writes_deferred = 0;  // live writes held back from an unhealthy or over-budget tier
  std::uint64_t backfills_started = 0;      // deferred writes handed back to a tier that can take them
  std::uint64_t breaker_openings = 0;       // a tier's breaker went from closed to open
};

class Pipeline {
 public:
  // `recovered` are the journal's rows after a restart (empty on first start);
  // `now` is when the process starts: the recovered workflows' first requests
  // (an abort of a crash's open upload among them) are signed with it.
  Pipeline(Config cfg, std::vector<RecordingRow> recovered, Instant now = Instant{});

  void handle(Event event, Instant now);
  void handle_timeout(Instant now);
  std::optional<Command> poll_command();
  std::optional<Instant> next_deadline() const;

  // Nothing pending: no workflow with work left, nothing to commit or send.
  bool idle() const;
  // Rows or audit records not durable yet (dirty, or in the commit in
  // flight): a driver stopping gracefully waits for this to clear.
  bool has_uncommitted() const { return !dirty_.empty() || !audits_.empty() || commit_in_flight_.has_value(); }
  const Stats& stats() const { return stats_; }
  const workflow::RecordingWorkflow* find(const RecordingId& id) const;
  std::size_t recording_count() const { return workflows_.size(); }
  // Artifact bytes all workflows hold right now (media_stream.hpp states the
  // bound per recording). O(recordings): for drivers that sample it.
  std::int64_t held_media_bytes() const;
  // When the newest contact-states poll whose answer has been read was sent
  // (empty without CXone): a simulator waits past every platform change.
  std::optional<Instant> cxone_caught_up_to() const { return cxone_caught_up_to_; }

 private:
  struct PendingRequest {
    RecordingId recording;
    enum class Kind {
      metadata, media, put, head, call_state, rerecord, list_recordings, annotation, cxone_states, cxone_status,
      call_queue, stored_get, upload_begin, upload_part, upload_complete, upload_abort
    } kind;
    Tier tier = Tier::primary;
    CallId contact;       // cxone_status
    Instant sent_at{};    // cxone_states
    int part = {};        // upload_part
    std::string upload_id = {};  // upload_abort
    TokenBucket* pace = nullptr;  // the platform limit it was paced under, if any
  };

  // Store writes go through their tier's lane (tier_lanes.cpp): a tier that
  // is throttling, failing or refusing the credential gets no live writes;
  // they are deferred and backfilled from the other tier once it recovers.
  struct TierLane {
    explicit TierLane(Tier t, const tiers::TierHealthPolicy& p) : health(t, p) {}
    tiers::TierHealth health;
    // Writes (PutObject, BeginUpload, UploadPart, CompleteUpload) waiting for
    // the breaker's probe or the budget.
    std::deque<std::pair<RecordingId, workflow::Command>> waiting;
    std::deque<RecordingId> backfill;   // deferred, in the order they were deferred
    std::set<RecordingId> queued;       // what `backfill` holds
    std::set<RecordingId> backfilling;  // handed TierAvailable, not finished yet
  };
  TierLane& lane(Tier t) { return t == Tier::primary ? primary_lane_ : backup_lane_; }
  const TierLane& lane(Tier t) const { return t == Tier::primary ? primary_lane_ : backup_lane_; }
  // A workflow's store write: sent, waiting in the lane, or deferred (returns false).
  bool route_write(const RecordingId& id, workflow::Command write, Instant now);
  // The tier cannot take this write now (counted as deferred when true).
  bool must_defer(const workflow::Command& write, Instant now);
  bool admit_put(Tier t, Instant now);
  // The primary's write budget is spent for now (the backup has none).
  bool budget_blocks(Tier t, Instant now) const;
  void send_write(const RecordingId& id, const workflow::Command& write, Instant now);
  // A workflow's store command other than a write: sent at once, or answered
  // here (an Azure upload has no begin). Returns that answer, if any.
  std::optional<workflow::Event> send_store_command(workflow::RecordingWorkflow& wf, workflow::Command cmd,
                                                   std::vector<Tier>& deferred, Instant now);
  void read_store_answer(workflow::RecordingWorkflow& wf, const PendingRequest& pr, const HttpCompleted& c,
                         Instant now);
  void release_store(Instant now);
  void dispatch_backfills(Instant now);
  std::size_t backfill_limit(Tier t, Instant now) const;
  void note_write_answer(Tier t, const std::optional<stores::WriteOutcome>& o, Instant now);
  // After a workflow moved: queue its deferred tiers, drop finished backfills.
  void track_tiers(workflow::RecordingWorkflow& wf);
  void on_credentials_rotated(const CredentialsRotated& r, Instant now);
  void on_token_refreshed(const PlatformTokenRefreshed& t);

  void on_webhook(WebhookReceived w, Instant now);
  // Acknowledge once this recording's current row is durable (or at once if it already is).
  void ack_when_durable(const DeliveryId& delivery, const RecordingId& touched);
  // A journalled row back in memory, with nothing new to write.
  workflow::RecordingWorkflow& adopt(RecordingRow row);
  // A normalised platform event from either ingress; returns the recording it touched, if any.
  std::optional<RecordingId> apply(const ingress::PlatformEvent& ev, Instant now);
  void poll_cxone(Instant now);
  void on_row_loaded(JournalRowLoaded l, Instant now);
  // Drops finished recordings whose de-duplication window has passed.
  void expire(Instant now);
  // Removes a recording from memory; later events for it ask the journal.
  void forget(const RecordingId& id);
  // Another orchestrator holds the call of these rows: let go of them.
  void let_go(const std::vector<LeaseRefusal>& refused);
  void on_cxone_answer(const PendingRequest& pr, const HttpCompleted& c, Instant now);
  // The platform-specific request for a workflow command.
  void send_platform(workflow::RecordingWorkflow& wf, const workflow::Command& cmd);
  void read_platform_answer(workflow::RecordingWorkflow& wf, PendingRequest::Kind kind, const HttpCompleted& c,
                            Instant now);
  // Out through the token buckets: a platform request waits for a token.
  void emit(SendHttp cmd);
  // The token bucket a request to `ep` at `path` waits in; null: not paced.
  TokenBucket* bucket_for(Endpoint ep, std::string_view path);
  void release_paced(Instant now);
  void on_http(HttpCompleted c, Instant now);
  void on_committed(const JournalCommitted& c, Instant now);
  // Sends what the workflow asked for, then re-indexes its deadline.
  void pump(workflow::RecordingWorkflow& wf, Instant now);
  void drain(workflow::RecordingWorkflow& wf, Instant now);
  // Keeps deadlines_ in step with the workflow's own next_deadline().
  void index_deadline(const workflow::RecordingWorkflow& wf);
  // after_commit: hold the request until the next journal commit is durable.
  // Returns the request's id.
  std::uint64_t send(const RecordingId& id, PendingRequest::Kind kind, Tier tier, Endpoint ep, http::Request req,
                     bool after_commit = false);
  void maybe_commit(Instant now);
  void on_call_ended(const CallId& call, Instant now);
  void annotate(const workflow::RecordingWorkflow& wf);
  workflow::RecordingWorkflow& workflow_for(const RecordingId& id, Platform p, const CallId& call, Instant now);
  std::int64_t unix_seconds(Instant now) const { return cfg_.epoch_unix_s + now.us / 1000000; }
  const stores::StoreClient& store(Tier t) const { return t == Tier::primary ? *cfg_.primary : *cfg_.backup; }

  Config cfg_;
  // std::map, not unordered: iteration order reaches the trace and the journal.
  std::map<RecordingId, std::unique_ptr<workflow::RecordingWorkflow>> workflows_;
  // The revision of each workflow's row as last written (or in flight) or
  // loaded: every write numbers the row one past it (RecordingRow::revision).
  std::map<RecordingId, std::uint64_t> revisions_;
  // Every workflow's next deadline, so that next_deadline() and
  // handle_timeout() do not scan thousands of idle recordings (a tier down
  // for hours holds one deferred workflow per recording). A workflow only
  // changes inside pump(), adopt() and workflow_for(), which re-index it.
  std::set<std::pair<Instant, RecordingId>> deadlines_;
  std::map<RecordingId, Instant> deadline_of_;
  std::map<std::uint64_t, PendingRequest> pending_requests_;
  std::deque<Command> out_;
  std::uint64_t next_request_id_ = 1;
  std::uint64_t next_batch_id_ = 1;

  // Group commit: rows dirtied since the last CommitJournal, and the acks that
  // may only be sent once they are durable.
  std::vector<RecordingId> dirty_;
  std::vector<AuditRecord> audits_;
  std::optional<Instant> commit_window_opened_;  // when the next commit could first have gone (commit_window > 0)
  std::size_t commit_target_rows_ = 0;  // rows that close the window early: the last commit's and those that waited
  struct WaitingAck {
    AckWebhook ack;
    RecordingId recording;  // whose row must be durable first
  };
  std::vector<WaitingAck> acks_waiting_next_commit_;
  std::optional<std::uint64_t> commit_in_flight_;
  std::vector<WaitingAck> acks_waiting_in_flight_commit_;
  std::vector<RecordingId> rows_in_flight_;   // re-dirtied if the commit fails
  std::vector<AuditRecord> audits_in_flight_;
  // Journal before side effect: a start-recording command waits here until
  // the commit that holds its key is durable.
  std::vector<SendHttp> held_next_commit_;
  std::vector<SendHttp> held_in_flight_commit_;
  // Calls the platform said were over, and each call's recordings (to link a
  // re-record's capture to the recording that failed).
  std::map<CallId, Instant> ended_calls_;
  std::map<CallId, std::vector<RecordingId>> recordings_by_call_;
  std::optional<ingress::CxonePoller> cxone_poller_;
  std::optional<Instant> cxone_caught_up_to_;
  TokenBucket genesys_bucket_;
  TokenBucket playback_bucket_;
  std::deque<SendHttp> genesys_waiting_;
  std::deque<SendHttp> playback_waiting_;
  // De-duplication expiry: when each finished recording may leave memory,
  // and the events waiting for a journal lookup after it did.
  std::multimap<Instant, RecordingId> expiries_;
  // Memory is not the whole truth: a recording expired from it, or (with
  // leases) another orchestrator writes the same journal. Unknown ids then
  // ask the journal before anything else.
  bool journal_may_know_more_ = false;
  // Rows adopted from the shared journal whose call this orchestrator has not
  // claimed yet: they act only once a commit has taken the lease.
  std::set<RecordingId> claiming_;
  struct WaitingLookup {
    std::optional<DeliveryId> delivery;  // empty: from the CXone poller
    ingress::RecordingUpdate update;
  };
  std::map<std::uint64_t, WaitingLookup> lookups_;
  std::uint64_t next_lookup_id_ = 1;
  TierLane primary_lane_;
  TierLane backup_lane_;
  tiers::WriteBudget primary_budget_;
  Instant now_{};  // of the event being handled: pacing and sends read it
  Stats stats_;
};

}  // namespace recguard::pipeline
