#pragma once
// The simulation driver: one thread, virtual time, every event ordered by
// (time, sequence). It runs the real pipeline core against the product's
// models of Genesys, the CDN, S3 and Azure Blob, and records a canonical trace.
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <vector>

#include "core/journal/sqlite_journal.hpp"
#include "core/pipeline/pipeline.hpp"
#include "core/reconcile/reconcile_pass.hpp"
#include "mocks/cdn/cdn_model.hpp"
#include "mocks/platforms/cxone_model.hpp"
#include "mocks/platforms/genesys_model.hpp"
#include "mocks/stores/azure_blob_model.hpp"
#include "mocks/stores/s3_model.hpp"
#include "sim/kernel/event_queue.hpp"
#include "sim/kernel/network.hpp"
#include "sim/kernel/prng.hpp"
#include "sim/kernel/trace_recorder.hpp"
#include "sim/kernel/virtual_clock.hpp"
#include "sim/world/node_faults.hpp"
#include "sim/world/run_result.hpp"
#include "sim/world/sim_events.hpp"
#include "sim/world/world_setup.hpp"

namespace recguard::sim {

// Wall time of virtual Instant{0}: 2026-01-01T00:00:00Z. Signatures need a date.
inline constexpr std::int64_t kSimEpochUnixSeconds = 1767225600;
// The HTTP clients' timeout (orchestrators and reconciler): a request or
// answer lost to a partition surfaces as a transport error after this long.
inline constexpr Duration kHttpClientTimeout = Duration::seconds(30);

class SimWorld {
 public:
  explicit SimWorld(WorldSetup setup);
  ~SimWorld();

  // Runs to the end (run_for, or quiet) and returns the result with the
  // oracle's verdict filled in.
  RunResult run();
  void set_trace_sink(std::ostream* out) { trace_.set_file_sink(out); }
  // Every trace line, as it is recorded (for the determinism check's first
  // differing line). Observers see the trace; they cannot change it.
  void set_trace_observer(TraceRecorder::LineObserver observer) { trace_.set_line_observer(std::move(observer)); }
  // Called every few thousand events with the virtual time reached: the app
  // draws progress from it. The world never reads a clock itself.
  void set_progress(std::function<void(Instant)> progress) { progress_ = std::move(progress); }

  // The true state of the world, for the oracle.
  const WorldSetup& setup() const { return setup_; }
  const mocks::GenesysModel& genesys() const { return *genesys_; }
  const mocks::CxoneModel* cxone() const { return cxone_.get(); }  // null: no CXone in this world
  // Every capture and start-recording command of both platforms, for the oracle.
  std::vector<const mocks::SimRecording*> platform_recordings() const;
  std::vector<const mocks::StartRecordingLog*> platform_starts() const;
  const RunMetrics& metrics() const { return metrics_; }
  // The first orchestrator's current process (a crash starts its counters again).
  const pipeline::Stats& pipeline_stats() const;
  const mocks::S3Model& primary_store() const { return *s3_; }
  const mocks::AzureBlobModel& backup_store() const { return *azure_; }
  Journal& journal() { return *journal_; }
  const TraceRecorder& trace() const { return trace_; }
  Instant now() const { return clock_.now(); }

  // For oracle tests, which play a faulty pipeline or platform against the
  // world's true state after (or part way through) a run: a request sent at
  // the current instant and answered by the models' real handlers, the API
  // credentials the pipeline uses, and the Genesys model itself (to crash a
  // capture at will). Never called by the simulation.
  http::Response send_as_pipeline(pipeline::Endpoint ep, const http::Request& req) {
    note_media_request(ep, req);
    return serve(ep, req);
  }
  genesys::ApiConfig genesys_api() const;
  std::optional<cxone::ApiConfig> cxone_api() const;
  mocks::GenesysModel& genesys_model() { return *genesys_; }

 private:
  struct Delivery {
    std::string body;
    std::string about;      // recording or call id, for the trace
    int attempts = 0;
    int resolved_attempt = 0;  // the attempt already answered or timed out
    bool answered = false;
    std::optional<Instant> arrived_at;  // of the current attempt, at the orchestrator
  };

  void dispatch(SimEvent ev);
  void on(const CallStarts& e);
  void on(const CallEnds& e);
  void on(const UploadFinishes& e);
  void on(const RelaySend& e);
  void on(WebhookArrives e);
  void on(const WebhookAnswered& e);
  void on(const WebhookTimedOut& e);
  void on(RequestArrives e);
  void on(ResponseArrives e);
  void on(const JournalDone& e);
  void on(JournalRowLoadedEv e);
  void on(const PipelineWake& e);
  void on(const CaptureCrashes& e);
  void on(const CaptureStopsEarly& e);
  void on(const SpoofedWebhooks& e);
  void on(const FaultEdge& e);
  // The reconciler node (sim_world_reconciler.cpp).
  void on(const ReconcilerTick& e);
  void on(const ReconcilerWake& e);
  void on(ReconcilerAnswer e);
  void on(const ReconcilerAuditsDone& e);
  void start_reconcile_pass();
  void drain_reconciler();
  void trace_comparison(const reconcile::PassReport& rep);
  void end_reconcile_pass();
  void crash_reconciler();
  void restart_reconciler();
  // Whether a run without run_for may stop: see run().
  bool reconciler_settled() const;
  void lose_objects(const Fault& f, std::size_t fault_index);
  // crash of the media_server: every running Genesys capture is cut now.
  void fail_over_media_server();
  // How long a capture of `c` that just stopped stays UPLOADING (slow_upload included).
  Duration upload_time(const CallPlan& c, const RecordingId& rec);
  void crash_orchestrator(std::uint32_t o);
  void restart_orchestrator(std::uint32_t o);
  // `request_label` as the trace names the request: "#12", or the reconciler's "#rc2.5".
  void note_injected(const InjectedAnswer& a, const std::string& request_label);
  static std::string reconciler_request_label(std::uint64_t pass, std::uint64_t request_id);
  void schedule_faults();
  mocks::ArtifactPtr make_artifact(const CallId& call, const RecordingId& rec, std::int64_t duration_ms, bool silent);
  bool quiet() const;
  bool silent_capture_armed() const;
  void note_fault_windows();
  bool fault_hits(FaultKind kind, const CallPlan& call, Instant t, const Fault** which = nullptr) const;

  void relay(std::string body, std::string about);
  void drain_pipeline(std::uint32_t o);
  void drain_pipelines();
  void schedule_wake(std::uint32_t o);
  void send(const std::string& from, const std::string& to, Duration extra, SimEvent ev);
  http::Response serve(pipeline::Endpoint ep, const http::Request& req);
  // Counts a media request for an artifact its platform has not made
  // AVAILABLE yet (RunMetrics::early_media_fetches); never traced.
  void note_media_request(pipeline::Endpoint ep, const http::Request& req);
  void trace(std::string_view component, std::string_view text) { trace_.record(clock_.now(), component, text); }
  // A fault of this kind acted: the suite's coverage of the fault space.
  void fired(std::string_view kind) { ++metrics_.faults_fired[std::string(kind)]; }
  // The journal made these rows durable: note every state change for the timeline.
  void note_committed(const JournalBatch& batch, const std::vector<LeaseRefusal>& refused);
  void note_store_answer(pipeline::Endpoint ep, const http::Request& req, const http::Response& resp);
  void note_platform_change() { timeline_.last_platform_change_us = clock_.now().us; }
  std::unique_ptr<pipeline::Pipeline> boot_pipeline(std::uint32_t o);

  WorldSetup setup_;
  VirtualClock clock_;
  EventQueue<SimEvent> queue_;
  TraceRecorder trace_;
  Network network_;
  Prng platform_rng_;
  Prng media_rng_;
  Prng fault_rng_;
  NodeFaults node_faults_;
  std::map<CallId, std::size_t> call_index_;

  std::unique_ptr<mocks::GenesysModel> genesys_;
  std::unique_ptr<mocks::CxoneModel> cxone_;
  Instant last_cxone_change_{};  // a contact started or ended, or media became playable
  mocks::CdnModel cdn_;
  std::unique_ptr<mocks::S3Model> s3_;
  std::unique_ptr<mocks::AzureBlobModel> azure_;
  // The oracle's connection to the journal; orchestrator 1 writes through it.
  std::unique_ptr<SqliteJournal> journal_;
  // One orchestrator per `orchestrators` in the scenario. Several share one
  // in-memory journal through their own connections and hold per-call leases.
  struct Orchestrator {
    std::string name;                       // "orchestrator", then "orchestrator-2", ...
    std::unique_ptr<SqliteJournal> own_journal;  // empty for the first: it uses journal_
    SqliteJournal* journal = nullptr;
    std::unique_ptr<pipeline::Pipeline> pipeline;  // null while crashed
    std::uint32_t incarnation = 1;
    // Counters of processes that crashed, so run totals survive a restart.
    // Counters of the processes that crashed, so run totals include them.
    std::vector<pipeline::Stats> retired;
    std::uint64_t wake_generation = 0;
    std::optional<Instant> wake_at;
    // Wakes in a row at one virtual instant: a pipeline that keeps asking to
    // be woken `now` without getting anywhere would spin the run forever.
    Instant spin_at = {};
    std::uint64_t spin_wakes = 0;
  };
  std::vector<Orchestrator> orchs_;

  // The reconciler: its own journal connection (a snapshot per pass), the
  // pass in progress, and what the last pass found (for a run's end).
  struct ReconcilerNode {
    ReconcilerPlan plan;
    std::unique_ptr<SqliteJournal> journal;
    std::shared_ptr<const stores::StoreClient> primary;
    std::shared_ptr<const stores::StoreClient> backup;
    std::unique_ptr<reconcile::ReconcilePass> pass;  // null between passes
    std::uint64_t pass_no = 0;
    std::uint64_t jitter_seed = 0;
    std::uint64_t wake_generation = 0;
    std::optional<Instant> wake_at;
    bool down = false;  // crashed, until its restart
    std::optional<reconcile::PassReport> last;  // of the last pass that ended
    std::uint64_t world_version_at_last_start = 0;
    bool comparison_traced = false;  // of the pass in progress
  };
  std::optional<ReconcilerNode> reconciler_;
  // Bumped by every change a reconciler pass could find: a journal commit of
  // an orchestrator, a store write it made, an objects_lost fault. The
  // reconciler's own copies do not count: a pass that copied is followed by
  // one more anyway.
  std::uint64_t world_version_ = 0;
  // Queue entries that are timers by nature (pipeline wakes, the
  // reconciler's tick and wakes): when only they are left, the world has no
  // work of its own.
  std::uint64_t timers_pending_ = 0;

  RunTimeline timeline_;
  std::map<RecordingId, RecordingState> journalled_state_;  // the latest state each recording committed
  std::function<void(Instant)> progress_;

  std::map<std::uint64_t, Delivery> deliveries_;
  std::set<std::uint64_t> spoofed_;  // forged deliveries: never retried, answers recorded
  std::uint64_t next_delivery_ = 1;
  RunMetrics metrics_;
};

}  // namespace recguard::sim
