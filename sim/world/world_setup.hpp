#pragma once
// Everything the simulated world needs, resolved from a scenario: explicit
// calls with their ids, media and platform, store identities, links and the
// relay's delivery policy. Random draws (Poisson arrivals, call lengths) are
// made once, from the seed, when the scenario is planned, so the plan itself
// is deterministic and can be printed.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/media/media_format.hpp"
#include "core/types/ids.hpp"
#include "core/types/time.hpp"
#include "sim/scenario/scenario.hpp"

namespace recguard::sim {

struct CallPlan {
  CallId id;
  RecordingId recording;
  Platform platform = Platform::genesys;
  Instant start{};
  Duration length{};
  media::MediaFormat format = media::MediaFormat::wav_pcm16_8k;
  int channels = 1;
  std::string queue;  // ACD queue (Genesys) / skill (CXone); empty: none
};

struct WebhookPlan {
  Duration timeout = Duration::seconds(30);
  int retries = 3;
  Duration retry_delay = Duration::seconds(15);
  std::string secret = "s3cr3t";
};

struct StorePlan {
  std::string kind;          // "s3" or "azure_blob"
  std::string location;      // bucket or container
  std::string account;       // Azure account
  std::string region;
  std::string credentials;   // credential name (isolation is checked at load)
  double put_limit_rps = 3500;
};

// The reconciler node (scenarios/README.md, "The reconciler").
struct ReconcilerPlan {
  // Its name on the simulated network: "reconciler" in its own region
  // (links and partitions naming it apply), "orchestrator" when it shares
  // the orchestrator's region (the orchestrator's links apply to it).
  std::string network_node = "reconciler";
  Duration every = Duration::hours(1);
  int page_size = 1000;
  std::int64_t low_traffic_rows_per_hour = 60;
};

// Long enough for the slowest recovery the policy allows once faults have
// healed (a breaker's cool-down, three re-fetches, a backlog of backfills
// paced by the write budget), short enough that a stuck recording fails.
inline constexpr Duration kDefaultConvergeWithin = Duration::minutes(30);

struct WorldSetup {
  std::string name;
  std::uint64_t seed = 1;
  std::optional<Duration> run_for;           // empty: until quiet, at most 1 day
  std::string genesys_org = "acme";
  // world.platforms[].api_rate_limit_rps of the Genesys platform, per minute:
  // the model answers 429 above it and the pipeline paces under it.
  int genesys_requests_per_minute = 300;
  std::string cxone_tenant;                  // empty: no CXone platform in this world
  WebhookPlan webhook;
  // Orchestrators sharing one journal: the relay spreads deliveries over
  // them, the journal's per-call leases keep them from racing.
  int orchestrators = 1;
  StorePlan primary{"s3", "rec-primary", "", "us-east-1", "primary-writer", 3500};
  StorePlan backup{"azure_blob", "rec-backup", "recbackup", "eastus2", "backup-writer", 0};
  Duration default_latency = Duration::millis(20);
  std::map<std::pair<std::string, std::string>, Duration> link_latency;
  std::vector<CallPlan> calls;
  ScopeConfig scope;  // what the pipeline is configured to keep
  // How long a finished recording stays UPLOADING on the platform.
  Duration upload_time_min = Duration::seconds(2);
  Duration upload_time_max = Duration::seconds(20);
  Duration journal_commit_latency = Duration::millis(2);
  std::optional<ReconcilerPlan> reconciler;  // empty: no reconciler runs
  // The scenario's faults that the world applies (scenarios/README.md says
  // how each kind acts); the planner reports the ones this build does not apply.
  std::vector<Fault> faults;
  // The liveness bound: see sim/oracle/liveness.hpp.
  Duration converge_within = kDefaultConvergeWithin;
};

inline constexpr Duration kQuietLimit = Duration::hours(24);

}  // namespace recguard::sim
