#pragma once
// A scenario as plain values: exactly the contract of SCENARIOS.md. The loader
// (scenario_loader.hpp) fills these strictly; the planner turns them into a
// world. Defaults where the contract is silent are documented beside each field.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/media/media_format.hpp"
#include "core/types/ids.hpp"
#include "core/types/time.hpp"

namespace recguard::sim {

struct Comparison {
  enum class Op { eq, ge, le, lt, gt };
  Op op = Op::eq;
  double value = 0;
  bool is_duration = false;  // value in microseconds when true
  std::string text;          // as written, for messages
  bool holds(double actual) const;
  bool operator==(const Comparison&) const = default;
};

struct WebhookConfig {
  Duration timeout = Duration::seconds(30);
  int retries = 3;
  Duration retry_delay = Duration::seconds(15);
  std::string secret = "s3cr3t";
  bool operator==(const WebhookConfig&) const = default;
};

struct PlatformConfig {
  Platform kind = Platform::genesys;
  std::string org = "acme";          // genesys
  std::string tenant = "tenant";     // cxone
  double api_rate_limit_rps = 5;     // Genesys: 300 requests/min per token
  WebhookConfig webhook;
  bool operator==(const PlatformConfig&) const = default;
};

struct StoreConfig {
  std::string kind;                  // "s3" | "azure_blob"
  std::string bucket;                // s3
  std::string account;               // azure_blob
  std::string container;             // azure_blob
  std::string region;
  double put_limit_rps = 0;          // 0 = the store's documented default (S3 3,500/s)
  std::string credentials;
  bool operator==(const StoreConfig&) const = default;
};

// world.reconciler; absent: no reconciler runs (scenarios/README.md).
struct ReconcilerConfig {
  std::string region = "separate";         // "separate": its own node and links; "same": the orchestrator's
  Duration every = Duration::hours(1);     // a pass every `every`, the first one `every` after the start
  int page_size = 1000;                    // objects per listing page
  std::int64_t low_traffic_rows_per_hour = 60;  // fewer new journal rows in the last hour: primary backfills first
  bool operator==(const ReconcilerConfig&) const = default;
};

// What the deployment must keep (core/ingress ComplianceScope): media types
// and, when listed, the queues (Genesys) or skills (CXone) calls come through.
struct ScopeConfig {
  std::vector<std::string> media{"audio"};
  std::vector<std::string> queues;  // empty: every queue
  bool operator==(const ScopeConfig&) const = default;
};

struct World {
  std::vector<PlatformConfig> platforms;
  StoreConfig primary;
  StoreConfig backup;
  int orchestrators = 1;
  std::optional<ReconcilerConfig> reconciler;
  Duration default_latency = Duration::millis(20);
  std::map<std::pair<std::string, std::string>, Duration> links;  // "a-b" pairs
  ScopeConfig scope;
  bool operator==(const World&) const = default;
};

struct MediaSpec {
  media::MediaFormat format = media::MediaFormat::wav_pcm16_8k;
  int channels = 1;
  bool operator==(const MediaSpec&) const = default;
};

struct ExplicitCall {
  CallId id;
  Platform platform = Platform::genesys;
  Duration start{};
  Duration length{};
  std::optional<MediaSpec> media;  // default: traffic.media
  std::string queue;               // the ACD queue / skill; empty: none (a direct call)
  bool operator==(const ExplicitCall&) const = default;
};

struct Arrivals {
  double per_minute = 0;
  Duration for_duration{};
  std::string process = "poisson";  // "poisson" | "uniform"
  bool operator==(const Arrivals&) const = default;
};

struct CallLength {
  Duration median = Duration::minutes(4);
  Duration p95 = Duration::minutes(20);
  bool operator==(const CallLength&) const = default;
};

struct Traffic {
  std::optional<Arrivals> arrivals;
  CallLength call_length;
  MediaSpec media;
  std::map<std::string, double> platform_mix;  // empty: all genesys
  std::map<std::string, double> queue_mix;     // generated calls' queues; empty: no queue
  std::vector<ExplicitCall> calls;
  bool operator==(const Traffic&) const = default;
};

enum class FaultKind {
  truncate_artifact, capture_crash, slow_upload, cdn_unavailable, webhook_storm, duplicate_webhooks,
  spoofed_webhook, drop_webhooks, throttle, error_rate, latency, partition, credential_revoked, crash,
  conflict_on_start, ambiguous_write, clock_skew, silent_capture, objects_lost,
};
std::string_view to_string(FaultKind k);
const std::vector<std::string>& fault_kind_names();

struct TargetNone { bool operator==(const TargetNone&) const = default; };
struct TargetRecording { RecordingId id; bool operator==(const TargetRecording&) const = default; };
struct TargetCall { CallId id; bool operator==(const TargetCall&) const = default; };
struct TargetFraction { double fraction = 0; bool operator==(const TargetFraction&) const = default; };
struct TargetNode { std::string node; bool operator==(const TargetNode&) const = default; };
struct TargetLink { std::string a, b; bool operator==(const TargetLink&) const = default; };
using FaultTarget = std::variant<TargetNone, TargetRecording, TargetCall, TargetFraction, TargetNode, TargetLink>;

// One fault. Only the parameters of its kind are set; the loader rejects the others.
struct Fault {
  FaultKind kind = FaultKind::latency;
  Duration at{};
  std::optional<Duration> until;
  FaultTarget target;
  std::optional<std::int64_t> keep_bytes;     // truncate_artifact
  std::optional<double> keep_fraction;        // truncate_artifact
  std::string metadata = "stale";             // truncate_artifact: "stale" | "fresh"
  // truncate_artifact (an extension, scenarios/README.md): "call_end", the
  // capture is cut when the call ends; "mid_call", it stops and is uploaded
  // while the call stays up.
  std::string capture_stops = "call_end";
  std::optional<Duration> extra;              // slow_upload
  int status = 0;                             // cdn_unavailable (503), error_rate (500)
  double multiplier = 1;                      // webhook_storm
  double probability = 1;                     // duplicate_webhooks, drop_webhooks, error_rate
  Duration delay{};                           // duplicate_webhooks
  int count = 1;                              // spoofed_webhook, objects_lost
  double rps = 0;                             // throttle
  std::string as;                             // throttle: "" | "slowdown"
  Duration add{};                             // latency
  std::string credential;                     // credential_revoked
  Duration restart_after = Duration::seconds(30);  // crash
  Duration offset{};                          // clock_skew (may be negative)
  bool operator==(const Fault&) const = default;
};

struct RecordingExpectation {
  std::optional<std::string> outcome;
  std::optional<Comparison> rerecord_commands;
  bool operator==(const RecordingExpectation&) const = default;
};

struct Expect {
  std::vector<std::string> invariants;  // resolved: "all" becomes every standard name
  bool all_invariants = false;
  std::map<std::string, Comparison> outcomes;
  std::map<std::string, RecordingExpectation> recordings;
  std::map<std::string, Comparison> metrics;
  // The liveness bound (an extension of the contract): once the world is
  // left alone, every recording reaches a final state within this long.
  std::optional<Duration> converge_within = {};
  bool operator==(const Expect&) const = default;
};

struct Scenario {
  std::string name;
  std::string description;
  std::uint64_t seed = 1;
  std::optional<Duration> run_for;  // absent: until quiet, at most 1 day
  World world;
  Traffic traffic;
  std::vector<Fault> faults;
  Expect expect;
  bool operator==(const Scenario&) const = default;
};

}  // namespace recguard::sim
