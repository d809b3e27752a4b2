#include "sim/world/sim_world.hpp"

#include <cassert>

#include "core/ingress/webhook_signature.hpp"
#include "core/platforms/genesys/notification_codec.hpp"
#include "core/stores/store_client.hpp"
#include "mocks/platforms/both_platforms.hpp"
#include "sim/oracle/liveness.hpp"
#include "sim/oracle/oracle.hpp"
#include "sim/world/capture_faults.hpp"
#include "sim/world/fault_targeting.hpp"
#include "sim/world/sim_credentials.hpp"

namespace recguard::sim {

namespace {

constexpr const char* kPlatform = "platform";
constexpr const char* kOrchestrator = "orchestrator";
constexpr const char* kSimToken = "sim-oauth-token";
constexpr const char* kCxoneApiHost = "api-c1.incontact.com";
// Answers at least this large carry artifact bytes (media, a stored object).
constexpr std::size_t kLargeAnswerBytes = 64 * 1024;
// How often the run reports progress: rare enough to cost nothing.
constexpr std::uint64_t kProgressEvents = 8192;
constexpr std::uint64_t kMaxWakesPerInstant = 100000;

const char* node_of(pipeline::Endpoint ep) {
  switch (ep) {
    case pipeline::Endpoint::genesys_api:
    case pipeline::Endpoint::cxone_api: return kPlatform;
    case pipeline::Endpoint::cdn: return "cdn";
    case pipeline::Endpoint::primary_store: return "primary";
    case pipeline::Endpoint::backup_store: return "backup";
  }
  return "?";
}

// The relay's POST; signed with `secret` when one is given (a forged one
// carries the wrong secret or none).
http::Request webhook_request(const std::string& body, const std::optional<std::string>& secret) {
  http::Request req;
  req.method = "POST";
  req.target = "/webhooks/genesys";
  req.headers.set("Host", "recguard.internal");
  req.headers.set("Content-Type", "application/json");
  if (secret) req.headers.set(std::string(ingress::kSignatureHeader), ingress::sign_webhook_body(body, *secret));
  req.body = share(body);
  return req;
}

// Time a node spends serving a request: a fixed cost plus the bytes at a
// link-ish rate, so large artifacts take visibly longer than small ones.
Duration service_time(std::size_t bytes) {
  return Duration::millis(5) + Duration::micros(static_cast<std::int64_t>(bytes / 100));  // ~100 MB/s
}

std::string s3_host(const StorePlan& p) { return "s3." + p.region + ".amazonaws.com"; }
std::string azure_host(const StorePlan& p) { return p.account + ".blob.core.windows.net"; }

}  // namespace

SimWorld::SimWorld(WorldSetup setup)
    : setup_(std::move(setup)),
      network_(setup_.default_latency),
      platform_rng_(Prng::for_component(setup_.seed, "platform")),
      media_rng_(Prng::for_component(setup_.seed, "media")),
      fault_rng_(Prng::for_component(setup_.seed, "faults")),
      node_faults_(setup_.faults, setup_.seed) {
  for (const auto& [link, latency] : setup_.link_latency) network_.set_latency(link.first, link.second, latency);
  for (const auto& f : setup_.faults) {
    const Instant from = Instant{} + f.at;
    const Instant until = f.until ? Instant{} + *f.until : Instant{} + kQuietLimit * 2;
    const auto* link = std::get_if<TargetLink>(&f.target);
    const auto* node = std::get_if<TargetNode>(&f.target);
    if (f.kind == FaultKind::partition && link) network_.add_partition(link->a, link->b, from, until);
    if (f.kind == FaultKind::latency && link) network_.add_latency_window(link->a, link->b, from, until, f.add);
    if (f.kind == FaultKind::latency && node) {
      for (const char* other : {"platform", "orchestrator", "cdn", "primary", "backup", "reconciler"}) {
        if (node->node != other) network_.add_latency_window(node->node, other, from, until, f.add);
      }
    }
  }

  const std::string cdn_host = "cdn." + setup_.genesys_org + ".mypurecloud.com";
  // Both platforms' captures get their bytes from the same synthetic media server.
  const mocks::ArtifactFactory artifacts = [this](const CallId& call, const RecordingId& rec, std::int64_t ms,
                                                  bool silent) { return make_artifact(call, rec, ms, silent); };
  genesys_ = std::make_unique<mocks::GenesysModel>(setup_.genesys_org, cdn_host, kSimToken, kSimEpochUnixSeconds,
                                                   artifacts);
  genesys_->set_requests_per_minute(setup_.genesys_requests_per_minute);
  if (!setup_.cxone_tenant.empty()) {
    cxone_ = std::make_unique<mocks::CxoneModel>(setup_.cxone_tenant, "cdn-" + setup_.cxone_tenant + ".niceincontact.com",
                                                 kSimToken, kSimEpochUnixSeconds, artifacts);
  }

  const auto aws = aws_credentials_for(setup_.primary.credentials);
  s3_ = std::make_unique<mocks::S3Model>(setup_.primary.location, setup_.primary.region);
  s3_->add_credential(aws.access_key_id, aws.secret_access_key);
  const auto az = azure_key_for(setup_.backup.account, setup_.backup.credentials);
  azure_ = std::make_unique<mocks::AzureBlobModel>(setup_.backup.account, setup_.backup.location);
  azure_->add_credential(az.account, az.key_base64);

  // The simulator's journal is real SQLite with real transactions, kept in
  // memory: it outlives the pipeline across a simulated crash, as a disk would.
  // Several orchestrators: one shared in-memory database, a connection each.
  // The reconciler reads it through a connection of its own, as well.
  const int n = std::max(1, setup_.orchestrators);
  static std::uint64_t shared_journals = 0;  // names only; never reaches the trace
  const std::string journal_name =
      n == 1 && !setup_.reconciler
          ? ":memory:"
          : "file:recguard-sim-" + std::to_string(++shared_journals) + "?mode=memory&cache=shared";
  auto j = SqliteJournal::open(journal_name);
  assert(j.ok());
  journal_ = std::move(j.value());
  for (int i = 0; i < n; ++i) {
    Orchestrator o;
    o.name = i == 0 ? std::string(kOrchestrator) : std::string(kOrchestrator) + "-" + std::to_string(i + 1);
    if (i == 0) {
      o.journal = journal_.get();
    } else {
      auto own = SqliteJournal::open(journal_name);
      assert(own.ok());
      o.own_journal = std::move(own.value());
      o.journal = o.own_journal.get();
    }
    orchs_.push_back(std::move(o));
  }

  for (std::size_t i = 0; i < setup_.calls.size(); ++i) {
    call_index_.emplace(setup_.calls[i].id, i);
    queue_.push(setup_.calls[i].start, CallStarts{i});
  }
  schedule_faults();
  for (std::uint32_t i = 0; i < orchs_.size(); ++i) orchs_[i].pipeline = boot_pipeline(i);
  if (setup_.reconciler) {
    ReconcilerNode rn;
    rn.plan = *setup_.reconciler;
    auto own = SqliteJournal::open(journal_name);
    assert(own.ok());
    rn.journal = std::move(own.value());
    // Each tier's own credential, as the pipeline's: the stores see no other.
    rn.primary = stores::make_s3_client(stores::S3Config{s3_host(setup_.primary), setup_.primary.location,
                                                         setup_.primary.region,
                                                         aws_credentials_for(setup_.primary.credentials)});
    rn.backup = stores::make_azure_blob_client(stores::AzureConfig{
        azure_host(setup_.backup), setup_.backup.account, setup_.backup.location,
        azure_key_for(setup_.backup.account, setup_.backup.credentials), false});
    rn.jitter_seed = Prng::for_component(setup_.seed, "reconciler-jitter").next_u64();
    reconciler_ = std::move(rn);
    // Its own schedule: the first pass one interval after the start.
    ++timers_pending_;
    queue_.push(Instant{} + setup_.reconciler->every, ReconcilerTick{});
  }
}

SimWorld::~SimWorld() = default;

genesys::ApiConfig SimWorld::genesys_api() const { return genesys::ApiConfig{"api.mypurecloud.com", kSimToken}; }

std::optional<cxone::ApiConfig> SimWorld::cxone_api() const {
  if (!cxone_) return std::nullopt;
  return cxone::ApiConfig{kCxoneApiHost, kSimToken, "recguard-agent"};
}

std::unique_ptr<pipeline::Pipeline> SimWorld::boot_pipeline(std::uint32_t o) {
  pipeline::Config cfg;
  cfg.webhook_secret = setup_.webhook.secret;
  cfg.genesys = genesys_api();
  // CXone has no push: one poller is enough, and two would spend its limits twice.
  if (o == 0) cfg.cxone = cxone_api();
  cfg.primary = stores::make_s3_client(
      stores::S3Config{s3_host(setup_.primary), setup_.primary.location, setup_.primary.region,
                       aws_credentials_for(setup_.primary.credentials)});
  cfg.backup = stores::make_azure_blob_client(stores::AzureConfig{
      azure_host(setup_.backup), setup_.backup.account, setup_.backup.location,
      azure_key_for(setup_.backup.account, setup_.backup.credentials), false});
  cfg.jitter_seed = Prng::for_component(setup_.seed, o == 0 ? std::string("orchestrator-jitter")
                                                              : "orchestrator-jitter-" + std::to_string(o + 1))
                        .next_u64();
  // clock_skew on an orchestrator: its wall clock, read at boot, is off.
  cfg.epoch_unix_s = kSimEpochUnixSeconds + node_faults_.clock_offset_s(orchs_[o].name, clock_.now());
  if (cfg.epoch_unix_s != kSimEpochUnixSeconds) fired("clock_skew");
  cfg.scope.media_types = setup_.scope.media;
  cfg.scope.queues = setup_.scope.queues;
  // Each orchestrator's share of the primary's PUT limit comes off it in the pipeline.
  cfg.primary_put_limit_rps = static_cast<std::int64_t>(setup_.primary.put_limit_rps);
  cfg.orchestrators = static_cast<int>(orchs_.size());
  cfg.genesys_api_pace = setup_.genesys_requests_per_minute == mocks::kGenesysRequestsPerMinute
                             ? pipeline::kGenesysApiPace
                             : pipeline::genesys_pace_for(setup_.genesys_requests_per_minute);
  if (orchs_.size() > 1) cfg.lease = pipeline::LeaseConfig{orchs_[o].name, Duration::seconds(60)};
  return std::make_unique<pipeline::Pipeline>(std::move(cfg), orchs_[o].journal->load_all(), clock_.now());
}

RunResult SimWorld::run() {
  const Instant limit = Instant{} + setup_.run_for.value_or(kQuietLimit);
  trace("sim", "start " + setup_.name + " seed=" + std::to_string(setup_.seed) + " calls=" +
                   std::to_string(setup_.calls.size()));
  drain_pipelines();  // the pipelines' own timers (the CXone poller) start with them
  while (!queue_.empty() && queue_.next_time() <= limit) {
    // The reconciler never stops either: without run_for, a world with one
    // ends once nothing but timers is left, the pipelines are quiet and a
    // pass has found nothing to do since the world last changed.
    if (reconciler_ && !setup_.run_for && queue_.size() == timers_pending_ && reconciler_settled()) break;
    auto entry = queue_.pop();
    if (std::holds_alternative<PipelineWake>(entry.event) || std::holds_alternative<ReconcilerTick>(entry.event) ||
        std::holds_alternative<ReconcilerWake>(entry.event)) {
      --timers_pending_;
    }
    // The CXone poller never stops polling; the world is quiet once only its
    // next poll is left and it has seen every platform change.
    if (queue_.empty() && std::holds_alternative<PipelineWake>(entry.event) && !setup_.run_for && quiet()) break;
    clock_.advance_to(entry.at);
    ++metrics_.events;
    dispatch(std::move(entry.event));
    if (progress_ && metrics_.events % kProgressEvents == 0) progress_(clock_.now());
  }
  if (setup_.run_for) clock_.advance_to(std::max(clock_.now(), limit));
  trace("sim", "end pending_events=" + std::to_string(queue_.size()));

  RunResult r;
  r.name = setup_.name;
  r.seed = setup_.seed;
  r.end_time = clock_.now();
  metrics_.journal_commits = 0;
  metrics_.lease_refusals = 0;
  metrics_.store_writes_deferred = 0;
  metrics_.backfills = 0;
  metrics_.breaker_openings = 0;
  const auto add = [&](const pipeline::Stats& s) {
    metrics_.journal_commits += s.journal_commits;
    metrics_.lease_refusals += s.lease_refusals;
    metrics_.store_writes_deferred += s.store_writes_deferred;
    metrics_.backfills += s.backfills_started;
    metrics_.breaker_openings += s.breaker_openings;
  };
  for (const auto& o : orchs_) {
    for (const auto& s : o.retired) add(s);
    if (o.pipeline) add(o.pipeline->stats());
  }
  if (const auto delayed = network_.messages_delayed()) metrics_.faults_fired["latency"] += delayed;
  metrics_.rerecord_commands = platform_starts().size();
  metrics_.s3_uploads_left_open = s3_->uploads_in_progress();
  metrics_.annotations = genesys_->annotations().size();
  metrics_.platform_api_requests =
      static_cast<std::uint64_t>(genesys_->api_requests() + (cxone_ ? cxone_->api_requests() : 0));
  r.metrics = metrics_;
  note_fault_windows();
  r.timeline = std::move(timeline_);
  for (const auto& row : journal_->load_all()) {
    // Start-recording commands the platform received for this recording's failure.
    int commands = 0;
    for (const auto* st : platform_starts()) {
      if (!row.rerecord.idempotency_key.empty() && st->idempotency_key == row.rerecord.idempotency_key) ++commands;
    }
    r.recordings[row.id] = RecordingOutcome{std::string(to_string(row.state)), row.reason, commands};
    r.metrics.fetch_retries += static_cast<std::uint64_t>(std::max(0, row.fetch_attempts));
    r.metrics.write_retries += static_cast<std::uint64_t>(std::max(0, row.primary.attempts - 1) +
                                                          std::max(0, row.backup.attempts - 1));
    // silent_capture acts only on a pipeline that re-records an ended call;
    // it was reached when a failure was found after its call had ended and
    // recguard declined to re-record.
    if (silent_capture_armed() && row.state == RecordingState::requires_manual_review &&
        row.rerecord.status != RerecordStatus::confirmed && row.rerecord.status != RerecordStatus::requested) {
      r.metrics.faults_fired["silent_capture"] += 1;
    }
    ++r.outcome_counts[std::string(to_string(row.state))];
  }
  r.convergence = measure_convergence(setup_, r.timeline);
  r.violations = check_invariants(*this, r);
  for (const auto& v : r.violations) {
    trace("oracle", "violation " + v.invariant + " " + v.recording + " " + v.detail);
  }
  r.trace_digest = trace_.digest_hex();
  r.trace_lines = trace_.line_count();
  return r;
}

bool SimWorld::quiet() const {
  for (const auto& o : orchs_) {
    if (!o.pipeline || !o.pipeline->idle()) return false;
  }
  if (!cxone_) return true;
  const auto seen = orchs_.front().pipeline->cxone_caught_up_to();
  return seen && *seen > last_cxone_change_;
}

std::vector<const mocks::SimRecording*> SimWorld::platform_recordings() const {
  return mocks::recordings_of(*genesys_, cxone_.get());
}

std::vector<const mocks::StartRecordingLog*> SimWorld::platform_starts() const {
  return mocks::starts_of(*genesys_, cxone_.get());
}

void SimWorld::dispatch(SimEvent ev) {
  std::visit([&](auto&& e) { on(std::move(e)); }, std::move(ev));
}

void SimWorld::send(const std::string& from, const std::string& to, Duration extra, SimEvent ev) {
  const Instant now = clock_.now();
  if (network_.partitioned(from, to, now)) {
    trace("net", "lost " + from + "->" + to);
    fired("partition");
    return;
  }
  queue_.push(now + network_.latency(from, to, now) + extra, std::move(ev));
}

// ---- platform side ----

void SimWorld::on(const CallStarts& e) {
  const CallPlan& c = setup_.calls[e.call];
  if (c.platform == Platform::cxone) {
    cxone_->start_contact(c.id, c.recording, clock_.now(), c.queue);
    last_cxone_change_ = clock_.now();
  } else {
    genesys_->start_call(c.id, c.recording, clock_.now(), c.queue);
  }
  trace(kPlatform, "call-start " + c.id.str() + " " + c.recording.str() + " " +
                       std::string(media::to_string(c.format)) + "/" + std::to_string(c.channels) + "ch " +
                       format_duration(c.length) + (c.queue.empty() ? "" : " queue=" + c.queue));
  queue_.push(clock_.now() + c.length, CallEnds{e.call});
  // webhook_storm acts through the arrivals the planner drew: a call that
  // started inside its window is one it brought.
  for (const auto& f : setup_.faults) {
    if (f.kind == FaultKind::webhook_storm && fault_active(f, clock_.now())) fired("webhook_storm");
  }
}

void SimWorld::on(const CallEnds& e) {
  const CallPlan& c = setup_.calls[e.call];
  trace(kPlatform, "call-end " + c.id.str());
  note_platform_change();
  if (c.platform == Platform::cxone) {
    cxone_->end_contact(c.id, clock_.now());  // the poller finds out on its own
    last_cxone_change_ = clock_.now();
  } else {
    for (auto& body : genesys_->end_call(c.id, clock_.now())) relay(std::move(body), c.id.str());
  }
  queue_.push(clock_.now() + upload_time(c, c.recording), UploadFinishes{e.call});
}

Duration SimWorld::upload_time(const CallPlan& c, const RecordingId& rec) {
  Duration upload = platform_rng_.uniform_duration(setup_.upload_time_min, setup_.upload_time_max);
  const Fault* slow = nullptr;
  if (fault_hits(FaultKind::slow_upload, c, clock_.now(), &slow)) {
    upload = upload + slow->extra.value_or(Duration::minutes(10));
    trace("fault", "slow_upload " + rec.str() + " +" + format_duration(upload));
    fired("slow_upload");
  }
  return upload;
}

void SimWorld::on(const UploadFinishes& e) {
  const CallPlan& c = setup_.calls[e.call];
  note_platform_change();
  if (c.platform == Platform::cxone) {
    for (const auto& rid : cxone_->finish_uploads(c.id, clock_.now())) {
      const auto* rec = cxone_->recording(rid);
      cdn_.publish(rec->media_path, rec->artifact);
      trace(kPlatform, "available " + rid.str() + " bytes=" + std::to_string(rec->artifact->size()));
    }
    last_cxone_change_ = clock_.now();
    return;
  }
  for (auto& [rid, body] : genesys_->finish_uploads(c.id, clock_.now())) {
    const auto* rec = genesys_->recording(rid);
    cdn_.publish(rec->media_path, rec->artifact);
    trace(kPlatform, "available " + rid.str() + " bytes=" + std::to_string(rec->artifact->size()));
    relay(std::move(body), rid.str());
  }
}

void SimWorld::relay(std::string body, std::string about) {
  const std::uint64_t id = next_delivery_++;
  const Delivery& d = deliveries_.emplace(id, Delivery{std::move(body), std::move(about), 0, 0, false, std::nullopt})
                          .first->second;
  queue_.push(clock_.now(), RelaySend{id});
  // duplicate_webhooks: the relay delivers the same event again, as an
  // independent delivery, after `delay`.
  for (const auto& f : setup_.faults) {
    if (f.kind != FaultKind::duplicate_webhooks || !fault_active(f, clock_.now())) continue;
    if (fault_rng_.uniform01() >= f.probability) continue;
    const std::uint64_t dup = next_delivery_++;
    deliveries_.emplace(dup, Delivery{d.body, d.about + " (duplicate)", 0, 0, false, std::nullopt});
    queue_.push(clock_.now() + f.delay, RelaySend{dup});
    ++metrics_.webhook_duplicates_injected;
    fired("duplicate_webhooks");
  }
}

void SimWorld::on(const RelaySend& e) {
  Delivery& d = deliveries_.at(e.delivery);
  ++d.attempts;
  ++metrics_.webhook_deliveries;
  http::Request req = webhook_request(d.body, setup_.webhook.secret);
  trace("relay", "deliver d" + std::to_string(e.delivery) + "#" + std::to_string(d.attempts) + " " + d.about);
  bool dropped = false;
  for (const auto& f : setup_.faults) {
    if (f.kind == FaultKind::drop_webhooks && fault_active(f, clock_.now()) && fault_rng_.uniform01() < f.probability) {
      dropped = true;
    }
  }
  if (dropped) {
    trace("fault", "drop_webhooks d" + std::to_string(e.delivery) + "#" + std::to_string(d.attempts));
    ++metrics_.webhook_drops_injected;
    fired("drop_webhooks");
  } else {
    // Several orchestrators: the load balancer spreads attempts over them,
    // so a retry usually lands on another one than the first attempt.
    const auto o = static_cast<std::uint32_t>((e.delivery + static_cast<std::uint64_t>(d.attempts) - 2) % orchs_.size());
    send(kPlatform, kOrchestrator, Duration{}, WebhookArrives{e.delivery, d.attempts, std::move(req), o});
  }
  queue_.push(clock_.now() + setup_.webhook.timeout, WebhookTimedOut{e.delivery, d.attempts});
}

void SimWorld::on(const WebhookAnswered& e) {
  if (spoofed_.count(e.delivery)) {
    trace("relay", "spoof d" + std::to_string(e.delivery) + " answered " + std::to_string(e.status));
    metrics_.spoofed_answers.push_back(e.status);
    return;
  }
  Delivery& d = deliveries_.at(e.delivery);
  if (e.attempt != d.attempts || d.answered || d.resolved_attempt == e.attempt) return;  // late answer
  d.resolved_attempt = e.attempt;
  trace("relay", "answered d" + std::to_string(e.delivery) + "#" + std::to_string(e.attempt) + " " +
                     std::to_string(e.status));
  if (e.status >= 200 && e.status < 300) {
    d.answered = true;
  } else if (d.attempts <= setup_.webhook.retries) {
    queue_.push(clock_.now() + setup_.webhook.retry_delay, RelaySend{e.delivery});
  } else {
    ++metrics_.webhook_lost;
  }
}

void SimWorld::on(const WebhookTimedOut& e) {
  Delivery& d = deliveries_.at(e.delivery);
  if (d.answered || e.attempt != d.attempts || d.resolved_attempt == e.attempt) return;
  d.resolved_attempt = e.attempt;
  if (d.attempts <= setup_.webhook.retries) {
    trace("relay", "timeout d" + std::to_string(e.delivery) + "#" + std::to_string(e.attempt) + " retry");
    queue_.push(clock_.now() + setup_.webhook.retry_delay, RelaySend{e.delivery});
  } else {
    trace("relay", "timeout d" + std::to_string(e.delivery) + "#" + std::to_string(e.attempt) + " gave-up");
    ++metrics_.webhook_lost;
  }
}

// ---- orchestrator side ----

const pipeline::Stats& SimWorld::pipeline_stats() const {
  static const pipeline::Stats crashed{};
  return orchs_.front().pipeline ? orchs_.front().pipeline->stats() : crashed;
}

void SimWorld::on(WebhookArrives e) {
  Delivery& d = deliveries_.at(e.delivery);
  d.arrived_at = clock_.now();
  const std::string delivery_id = "d" + std::to_string(e.delivery) + "#" + std::to_string(e.attempt);
  Orchestrator& o = orchs_.at(e.orch);
  if (!o.pipeline) {
    // Nothing listens on a crashed orchestrator: the relay hears nothing and
    // retries on its timeout, as it would in production.
    trace("fault", "crash " + o.name + " down: webhook " + delivery_id + " unanswered");
    fired("crash");
    ++metrics_.webhooks_unanswered;
    return;
  }
  trace(o.name, "webhook " + delivery_id);
  o.pipeline->handle(pipeline::WebhookReceived{DeliveryId{delivery_id}, std::move(e.request)}, clock_.now());
  drain_pipeline(e.orch);
}

void SimWorld::on(ResponseArrives e) {
  Orchestrator& o = orchs_.at(e.orch);
  if (e.incarnation != o.incarnation) return;  // answer to a process that has since crashed
  // Only a large answer (media, a stored object) can raise what the
  // pipeline holds: sample its memory bound then, not on every event.
  const bool large = e.response && e.response->body_size() >= kLargeAnswerBytes;
  o.pipeline->handle(pipeline::HttpCompleted{e.request_id, std::move(e.response), e.transport_error}, clock_.now());
  drain_pipeline(e.orch);
  if (large && o.pipeline) {
    metrics_.media_held_peak_bytes = std::max(metrics_.media_held_peak_bytes, o.pipeline->held_media_bytes());
  }
}

void SimWorld::on(const JournalDone& e) {
  Orchestrator& o = orchs_.at(e.orch);
  if (e.incarnation != o.incarnation) return;
  o.pipeline->handle(pipeline::JournalCommitted{e.batch_id, e.ok, e.error, e.refused}, clock_.now());
  drain_pipeline(e.orch);
}

void SimWorld::on(JournalRowLoadedEv e) {
  Orchestrator& o = orchs_.at(e.orch);
  if (e.incarnation != o.incarnation) return;
  o.pipeline->handle(pipeline::JournalRowLoaded{e.lookup_id, std::move(e.row)}, clock_.now());
  drain_pipeline(e.orch);
}

void SimWorld::on(const PipelineWake& e) {
  Orchestrator& o = orchs_.at(e.orch);
  if (e.generation != o.wake_generation) return;  // superseded by a later schedule
  o.spin_wakes = o.spin_at == clock_.now() ? o.spin_wakes + 1 : 0;
  o.spin_at = clock_.now();
  // No scenario needs anywhere near this many wakes of one pipeline within
  // one instant; reaching it is a pipeline deadline that never moves (a
  // programmer error), which would otherwise hang the run without a word.
  assert(o.spin_wakes < kMaxWakesPerInstant);
  o.wake_at.reset();
  o.pipeline->handle_timeout(clock_.now());
  drain_pipeline(e.orch);
}

void SimWorld::drain_pipelines() {
  for (std::uint32_t i = 0; i < orchs_.size(); ++i) drain_pipeline(i);
}

void SimWorld::drain_pipeline(std::uint32_t oi) {
  Orchestrator& o = orchs_.at(oi);
  const std::string& name = o.name;
  while (auto cmd = o.pipeline->poll_command()) {
    std::visit(
        [&](auto&& c) {
          using T = std::decay_t<decltype(c)>;
          if constexpr (std::is_same_v<T, pipeline::AckWebhook>) {
            // "d12#2" -> delivery 12, attempt 2
            const std::string& s = c.delivery.str();
            const auto hash = s.find('#');
            const std::uint64_t id = std::stoull(s.substr(1, hash - 1));
            const int attempt = std::stoi(s.substr(hash + 1));
            auto it = deliveries_.find(id);
            if (it != deliveries_.end() && it->second.arrived_at && c.status >= 200 && c.status < 300) {
              metrics_.ack_latencies_us.push_back((clock_.now() - *it->second.arrived_at).us);
            }
            trace(name, "ack " + s + " " + std::to_string(c.status));
            send(kOrchestrator, kPlatform, Duration{}, WebhookAnswered{id, attempt, c.status});
          } else if constexpr (std::is_same_v<T, pipeline::SendHttp>) {
            ++metrics_.http_requests;
            trace(name, "http #" + std::to_string(c.request_id) + " " + c.request.method + " " +
                                     node_of(c.endpoint) + " " + c.request.target);
            const std::string to = node_of(c.endpoint);
            if (c.endpoint == pipeline::Endpoint::primary_store && is_data_write(c.endpoint, c.request)) {
              metrics_.primary_write_times_us.push_back(clock_.now().us);
            }
            if (network_.partitioned(kOrchestrator, to, clock_.now())) {
              // Lost on the way: the orchestrator's HTTP client gives up after its timeout.
              trace("net", "lost " + std::string(kOrchestrator) + "->" + to);
              fired("partition");
              queue_.push(clock_.now() + kHttpClientTimeout,
                          ResponseArrives{c.request_id, std::nullopt, "timeout", o.incarnation, oi});
              return;
            }
            send(kOrchestrator, to, Duration{},
                 RequestArrives{c.request_id, c.endpoint, std::move(c.request), o.incarnation, oi});
          } else if constexpr (std::is_same_v<T, pipeline::LoadJournalRow>) {
            // A point read of the real SQLite journal; as fast as a cached page.
            trace(name, "journal-lookup " + c.recording.str());
            queue_.push(clock_.now() + Duration::micros(200),
                        JournalRowLoadedEv{c.lookup_id, o.journal->load(c.recording), o.incarnation, oi});
          } else if constexpr (std::is_same_v<T, pipeline::CommitJournal>) {
            // A real SQLite transaction; the latency models the fsync.
            auto res = o.journal->commit(c.batch);
            ++world_version_;
            if (res.ok()) note_committed(c.batch, res->refused);
            trace(name, "commit b" + std::to_string(c.batch_id) + " rows=" +
                                     std::to_string(c.batch.rows.size()) + " audits=" +
                                     std::to_string(c.batch.audits.size()) + (res.ok() ? "" : " FAILED"));
            queue_.push(clock_.now() + setup_.journal_commit_latency,
                        JournalDone{c.batch_id, res.ok(), res.ok() ? "" : res.error().message, o.incarnation,
                                    res.ok() ? res->refused : std::vector<LeaseRefusal>{}, oi});
          }
        },
        std::move(*cmd));
  }
  schedule_wake(oi);
}

void SimWorld::schedule_wake(std::uint32_t oi) {
  Orchestrator& o = orchs_.at(oi);
  const auto d = o.pipeline->next_deadline();
  if (d == o.wake_at) return;
  o.wake_at = d;
  ++o.wake_generation;
  if (d) {
    ++timers_pending_;
    queue_.push(std::max(*d, clock_.now()), PipelineWake{o.wake_generation, oi});
  }
}

// ---- service nodes ----

void SimWorld::on(RequestArrives e) {
  const std::string node = node_of(e.endpoint);
  // Who sent it, and so where its answer goes: an orchestrator, or the
  // reconciler from its own region.
  const std::string client = e.from_reconciler ? reconciler_->plan.network_node : std::string(kOrchestrator);
  const std::string label =
      e.from_reconciler ? reconciler_request_label(e.incarnation, e.request_id) : "#" + std::to_string(e.request_id);
  const auto answer = [&e](std::optional<http::Response> resp, std::string error) -> SimEvent {
    if (e.from_reconciler) return ReconcilerAnswer{e.incarnation, e.request_id, std::move(resp), std::move(error)};
    return ResponseArrives{e.request_id, std::move(resp), std::move(error), e.incarnation, e.orch};
  };
  if (!e.from_reconciler) note_media_request(e.endpoint, e.request);
  auto injected = node_faults_.before(node, e.endpoint, e.request, clock_.now());
  if (injected && !injected->response) {  // a crashed store: no answer, a transport error
    note_injected(*injected, label);
    send(node, client, Duration{}, answer(std::nullopt, injected->transport_error));
    return;
  }
  // A throttled or failed request never reaches the model; an ambiguous write does.
  http::Response resp = injected ? std::move(*injected->response) : serve(e.endpoint, e.request);
  if (!injected) {
    injected = node_faults_.after(node, e.endpoint, e.request, resp, clock_.now());
    if (injected) resp = std::move(*injected->response);
  }
  if (injected) note_injected(*injected, label);
  const bool store = e.endpoint == pipeline::Endpoint::primary_store || e.endpoint == pipeline::Endpoint::backup_store;
  if (store && (resp.status == 401 || resp.status == 403)) ++metrics_.store_auth_refusals;
  trace(node, label + " " + std::to_string(resp.status) +
                  (resp.body_size() ? " bytes=" + std::to_string(resp.body_size()) : ""));
  if (e.endpoint == pipeline::Endpoint::cdn) metrics_.bytes_downloaded += resp.body_size();
  note_store_answer(e.endpoint, e.request, resp);
  const Duration work = service_time(e.request.body_size() + resp.body_size());
  if (network_.partitioned(node, client, clock_.now())) {
    // The answer is lost (the write may well have applied): the client times out.
    trace("net", "lost " + node + "->" + client);
    fired("partition");
    queue_.push(clock_.now() + kHttpClientTimeout, answer(std::nullopt, "timeout"));
    return;
  }
  send(node, client, work, answer(std::move(resp), ""));
}

void SimWorld::note_media_request(pipeline::Endpoint ep, const http::Request& req) {
  if (ep != pipeline::Endpoint::cdn) return;
  // Judged by the platform's truth at this instant, not by the CDN's answer
  // (this CDN answers 404 until then; a real one may serve a partial file).
  const std::string path = req.path();
  const mocks::SimRecording* r = genesys_->recording_at_media_path(path);
  if (!r && cxone_) r = cxone_->recording_at_media_path(path);
  if (r && r->file_state != "AVAILABLE") ++metrics_.early_media_fetches;
}

http::Response SimWorld::serve(pipeline::Endpoint ep, const http::Request& req) {
  const std::int64_t unix_s = kSimEpochUnixSeconds + clock_.now().us / 1000000;
  switch (ep) {
    case pipeline::Endpoint::genesys_api: {
      auto resp = genesys_->handle(req, clock_.now());
      if (resp.status == 409) fired("conflict_on_start");
      // A capture on an ended call (silent_capture) starts uploading at once.
      for (const auto& call : genesys_->take_uploads_started()) {
        queue_.push(clock_.now() + setup_.upload_time_min, UploadFinishes{call_index_.at(call)});
      }
      return resp;
    }
    case pipeline::Endpoint::cdn:
      for (const auto& f : setup_.faults) {
        if (f.kind == FaultKind::cdn_unavailable && fault_active(f, clock_.now())) {
          fired("cdn_unavailable");
          return http::make_response(f.status ? f.status : 503, "<Error><Code>ServiceUnavailable</Code></Error>",
                                     "application/xml");
        }
      }
      return cdn_.handle(req);
    case pipeline::Endpoint::primary_store: {
      const auto skew = node_faults_.clock_offset_s("primary", clock_.now());
      if (skew != 0) fired("clock_skew");
      return s3_->handle(req, unix_s + skew);
    }
    case pipeline::Endpoint::backup_store: {
      const auto skew = node_faults_.clock_offset_s("backup", clock_.now());
      if (skew != 0) fired("clock_skew");
      return azure_->handle(req, unix_s + skew);
    }
    case pipeline::Endpoint::cxone_api: {
      if (!cxone_) break;
      auto resp = cxone_->handle(req, clock_.now());
      if (resp.status == 409) fired("conflict_on_start");
      for (const auto& call : cxone_->take_uploads_started()) {
        queue_.push(clock_.now() + setup_.upload_time_min, UploadFinishes{call_index_.at(call)});
      }
      return resp;
    }
  }
  return http::make_response(404, "no such endpoint");
}

// ---- faults ----

bool SimWorld::fault_hits(FaultKind kind, const CallPlan& call, Instant t, const Fault** which) const {
  const Fault* f = fault_hitting(setup_, kind, call, t);
  if (which && f) *which = f;
  return f != nullptr;
}

void SimWorld::schedule_faults() {
  for (std::size_t i = 0; i < setup_.faults.size(); ++i) {
    const Fault& f = setup_.faults[i];
    const Instant at = Instant{} + f.at;
    switch (f.kind) {
      case FaultKind::capture_crash:
        // Each hit call's capture dies (capture_faults.hpp says when).
        for (const auto& cut : capture_cuts(f, i, setup_)) queue_.push(cut.at, CaptureCrashes{cut.call});
        break;
      case FaultKind::truncate_artifact:
        // capture_stops "mid_call": cut as capture_crash is; the cut artifact
        // is made (make_artifact) when the capture stops.
        if (f.capture_stops != "mid_call") break;
        for (const auto& cut : capture_cuts(f, i, setup_)) queue_.push(cut.at, CaptureStopsEarly{cut.call});
        break;
      case FaultKind::spoofed_webhook: queue_.push(at, SpoofedWebhooks{i}); break;
      case FaultKind::objects_lost: queue_.push(at, FaultEdge{i, true}); break;
      case FaultKind::conflict_on_start:
        for (const auto& call : setup_.calls) {
          if (!fault_hits_call(f, i, call, setup_.seed)) continue;
          if (call.platform == Platform::cxone) cxone_->set_conflict_on_start(call.id);
          else genesys_->set_conflict_on_start(call.id);
        }
        break;
      case FaultKind::silent_capture:
        genesys_->set_silent_capture_on_ended(true);
        if (cxone_) cxone_->set_silent_capture_on_ended(true);
        break;
      case FaultKind::crash:
        queue_.push(at, FaultEdge{i, true});
        queue_.push(at + f.restart_after, FaultEdge{i, false});
        break;
      case FaultKind::throttle:
      case FaultKind::error_rate:
      case FaultKind::ambiguous_write:
      case FaultKind::credential_revoked:
      case FaultKind::clock_skew:
        queue_.push(at, FaultEdge{i, true});
        if (f.until) queue_.push(Instant{} + *f.until, FaultEdge{i, false});
        break;
      default: break;  // applied where they act (relay, CDN, uploads, artifacts)
    }
  }
}

mocks::ArtifactPtr SimWorld::make_artifact(const CallId& call, const RecordingId& rec, std::int64_t duration_ms,
                                           bool silent) {
  const CallPlan& c = setup_.calls[call_index_.at(call)];
  mocks::ArtifactSpec spec;
  spec.format = c.format;
  spec.channels = c.channels;
  spec.duration_ms = duration_ms;
  spec.seed = media_rng_.next_u64();
  if (silent) spec.content = mocks::SyntheticContent::silence;
  const Fault* cut = nullptr;
  if (rec == c.recording && fault_hits(FaultKind::truncate_artifact, c, clock_.now(), &cut)) {
    const std::int64_t full = media::wav_file_size(spec.format, spec.channels, duration_ms);
    spec.keep_bytes = truncated_keep_bytes(*cut, full);
    // CXone's media-playback reports no size or duration to go stale.
    if (cut->metadata == "stale" && c.platform == Platform::genesys) genesys_->set_stale_metadata(rec);
    trace("fault", "truncate_artifact " + rec.str() + " keep=" + std::to_string(spec.keep_bytes) + " of " +
                       std::to_string(full) + " metadata=" + cut->metadata);
    fired("truncate_artifact");
  }
  return std::make_shared<mocks::MediaArtifact>(spec);
}

void SimWorld::on(const CaptureCrashes& e) {
  const CallPlan& c = setup_.calls[e.call];
  if (c.platform == Platform::cxone) {
    if (cxone_->fail_capture(c.id, clock_.now())) {
      trace("fault", "capture_crash " + c.id.str());
      fired("capture_crash");
      note_platform_change();
    }
    return;
  }
  if (auto body = genesys_->crash_capture(c.id, clock_.now())) {
    trace("fault", "capture_crash " + c.id.str());
    fired("capture_crash");
    note_platform_change();
    relay(std::move(*body), c.recording.str());
  }
}

void SimWorld::on(const CaptureStopsEarly& e) {
  const CallPlan& c = setup_.calls[e.call];
  auto body = genesys_->stop_capture(c.id, clock_.now());
  if (!body) return;
  trace("fault", "truncate_artifact mid_call " + c.recording.str() + " capture stopped, call " + c.id.str() +
                     " still up");
  note_platform_change();
  relay(std::move(*body), c.recording.str());
  // Uploaded as any finished capture is (a slow_upload on the call slows it
  // too); AVAILABLE while the call goes on.
  queue_.push(clock_.now() + upload_time(c, c.recording), UploadFinishes{e.call});
}

void SimWorld::on(const SpoofedWebhooks& e) {
  const Fault& f = setup_.faults[e.fault];
  for (int i = 0; i < f.count; ++i) {
    // A forged "recording failed" for a real recording: if it were believed
    // it would trigger a re-record. Half carry a wrong signature, half none.
    const CallPlan* victim = setup_.calls.empty() ? nullptr : &setup_.calls[static_cast<std::size_t>(i) % setup_.calls.size()];
    ingress::RecordingUpdate u;
    u.recording = victim ? victim->recording : RecordingId{"rec-spoof"};
    u.call = victim ? victim->id : CallId{"call-spoof"};
    u.file_state = "ERROR";
    u.correlation_id = "spoof-" + std::to_string(i);
    const std::string body = genesys::recording_notification("agent-spoof", u);
    const std::uint64_t id = next_delivery_++;
    deliveries_.emplace(id, Delivery{body, "spoof", 1, 0, false, std::nullopt});
    http::Request req = webhook_request(body, i % 2 == 0 ? "not-the-secret" : std::optional<std::string>{});
    spoofed_.insert(id);
    ++metrics_.spoofed_sent;
    trace("fault", "spoofed_webhook d" + std::to_string(id) + (i % 2 == 0 ? " wrong-signature" : " unsigned"));
    fired("spoofed_webhook");
    send(kPlatform, kOrchestrator, Duration{}, WebhookArrives{id, 1, std::move(req)});
  }
}

}  // namespace recguard::sim
