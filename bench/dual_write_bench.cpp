// Dual-write throughput of the data path a large recording takes (ranged CDN
// reads -> streaming validation -> S3 parts and Azure blocks -> completions),
// in MB/s (1 MB = 1e6 bytes), against `openssl speed md5` and `sha256` run on
// the same machine in the same run: every byte must go through SHA-256 (the
// validator's whole-object hash and each part's x-amz-checksum-sha256) and MD5
// (each part's Content-MD5, the whole object's for Azure). Then the peak
// memory of the whole simulation running scenarios/recording-600mb.json.
// Prints figures; never a timed test.
//
// Usage: recguard_dual_write_bench [--mb N] [--seconds N] [--skip-scenario]
//   --mb N           size of the in-memory artifact for the data-path rows (default 256)
//   --seconds N      openssl speed's -seconds (default 2)
//   --skip-scenario  leave out the 600 MB scenario row
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <variant>

#include "bench/openssl_speed.hpp"
#include "core/stores/store_client.hpp"
#include "core/workflow/recording_workflow.hpp"
#include "mocks/media/synthetic_audio.hpp"
#include "mocks/stores/azure_blob_model.hpp"
#include "mocks/stores/s3_model.hpp"
#include "sim/runner/world_planner.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/world/sim_credentials.hpp"
#include "sim/world/sim_world.hpp"

namespace {

using namespace recguard;
using Clock = std::chrono::steady_clock;

constexpr std::int64_t kUnixSeconds = 1'767'225'600;  // any fixed time: the models check skew against it

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

long peak_rss_kib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;  // KiB on Linux
}

// One recording's workflow driven to compliance_verified, its commands
// answered in process: the CDN from memory, the stores by the simulation's
// S3 and Azure models through the real request codecs (or, without models,
// by "created" answers after the requests were built and signed).
class DataPath {
 public:
  DataPath(const ByteVec& artifact, std::int64_t duration_ms, bool with_models)
      : artifact_(artifact), duration_ms_(duration_ms), with_models_(with_models) {
    const auto aws = sim::aws_credentials_for("primary-writer");
    const auto az = sim::azure_key_for("recbackup", "backup-writer");
    s3_.add_credential(aws.access_key_id, aws.secret_access_key);
    azure_.add_credential(az.account, az.key_base64);
    s3c_ = stores::make_s3_client({"s3.us-east-1.amazonaws.com", "rec-primary", "us-east-1", aws});
    azc_ = stores::make_azure_blob_client({"recbackup.blob.core.windows.net", "recbackup", "rec-backup", az, false});
  }

  // True when the recording ended compliance_verified.
  bool run() {
    RecordingRow row;
    row.id = RecordingId{"rec-bench"};
    row.call = CallId{"call-bench"};
    workflow::RecordingWorkflow wf(row, policy_, 1);
    Instant now{1000};
    wf.handle(workflow::CallEndedSeen{}, now);
    wf.handle(workflow::PlatformUpdate{"AVAILABLE", {"https://cdn/rec-bench.wav"}}, now);
    while (auto c = wf.poll_command()) {
      answer(wf, *c, now);
    }
    return wf.state() == RecordingState::compliance_verified;
  }

 private:
  const stores::StoreClient& client(Tier t) const { return t == Tier::primary ? *s3c_ : *azc_; }
  http::Response serve(Tier t, const http::Request& r) {
    return t == Tier::primary ? s3_.handle(r, kUnixSeconds) : azure_.handle(r, kUnixSeconds);
  }

  void answer(workflow::RecordingWorkflow& wf, const workflow::Command& c, Instant now) {
    using namespace workflow;
    if (std::holds_alternative<FetchMetadata>(c)) {
      genesys::RecordingMetadata md;
      md.file_state = "AVAILABLE";
      md.media_uri = "https://cdn/rec-bench.wav";
      md.output_duration_ms = duration_ms_;
      md.output_size_bytes = static_cast<std::int64_t>(artifact_.size());
      wf.handle(MetadataFetched{200, md}, now);
    } else if (auto* f = std::get_if<FetchMedia>(&c)) {
      const auto size = static_cast<std::int64_t>(artifact_.size());
      const std::int64_t last = f->last < 0 ? size - 1 : std::min(f->last, size - 1);
      // A copy, as a socket read would make one.
      auto body = std::make_shared<const ByteVec>(artifact_.begin() + f->first, artifact_.begin() + last + 1);
      wf.handle(MediaFetched{206, std::move(body), size}, now);
    } else if (auto* b = std::get_if<BeginUpload>(&c)) {
      auto req = client(b->tier).build_begin_upload(b->spec, kUnixSeconds);
      UploadBegun ans{b->tier, true, {}, {}};
      if (req && with_models_) {
        auto id = client(b->tier).parse_begin_upload(serve(b->tier, *req));
        ans.ok = static_cast<bool>(id);
        if (id) ans.upload_id = *id;
      } else if (req) {
        ans.upload_id = "upload-bench";
      }
      wf.handle(ans, now);
    } else if (auto* p = std::get_if<UploadPart>(&c)) {
      const auto req = client(p->tier).build_upload_part(p->spec, kUnixSeconds);
      stores::PartOutcome o;
      o.kind = stores::WriteOutcomeKind::created;
      o.etag = "\"part\"";
      if (with_models_) o = client(p->tier).parse_upload_part(serve(p->tier, req));
      wf.handle(PartUploaded{p->tier, p->spec.part_number, o}, now);
    } else if (auto* done = std::get_if<CompleteUpload>(&c)) {
      const auto req = client(done->tier).build_complete_upload(done->spec, kUnixSeconds);
      stores::WriteOutcome o;
      o.kind = stores::WriteOutcomeKind::created;
      if (with_models_) o = client(done->tier).parse_complete_upload(serve(done->tier, req));
      wf.handle(TierPutDone{done->tier, o}, now);
    }
  }

  const ByteVec& artifact_;
  std::int64_t duration_ms_;
  bool with_models_;
  workflow::Policy policy_;
  mocks::S3Model s3_{"rec-primary", "us-east-1"};
  mocks::AzureBlobModel azure_{"recbackup", "rec-backup"};
  std::unique_ptr<stores::StoreClient> s3c_;
  std::unique_ptr<stores::StoreClient> azc_;
};

struct Row {
  double mb = 0;
  double seconds = 0;
  double mbps() const { return mb / seconds; }
};

void print_row(const char* label, const Row& r, double md5, double sha) {
  std::printf("%-58s %8.1f %7.2f %8.1f %8.1f%% %8.1f%%\n", label, r.mb, r.seconds, r.mbps(), 100 * r.mbps() / sha,
              100 * r.mbps() / md5);
}

}  // namespace

int main(int argc, char** argv) {
  std::int64_t mb = 256;
  int seconds = 2;
  bool scenario = true;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--mb") && i + 1 < argc) mb = std::atoll(argv[++i]);
    else if (!std::strcmp(argv[i], "--seconds") && i + 1 < argc) seconds = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--skip-scenario")) scenario = false;
    else {
      std::fprintf(stderr, "usage: recguard_dual_write_bench [--mb N] [--seconds N] [--skip-scenario]\n");
      return 2;
    }
  }

  // The scenario first: its peak RSS is the process's peak before the
  // data-path rows allocate their in-memory artifact.
  if (scenario) {
    const auto file = std::filesystem::path(RECGUARD_SOURCE_DIR) / "scenarios" / "recording-600mb.json";
    auto loaded = sim::load_scenario_file(file);
    if (auto* e = std::get_if<sim::ScenarioError>(&loaded)) {
      std::fprintf(stderr, "%s\n", e->message().c_str());
      return 2;
    }
    const auto& sc = std::get<sim::LoadedScenario>(loaded).scenario;
    const long rss_before = peak_rss_kib();
    const auto t0 = Clock::now();
    sim::SimWorld world(sim::plan_world(sc, sc.seed).setup);
    const auto result = world.run();
    const double s = seconds_since(t0);
    std::printf("scenario recording-600mb (whole simulation: the CDN model renders the audio, both store models hash "
                "every part)\n");
    std::printf("  %.1f MB downloaded in %.2f s wall: %.1f MB/s; %s\n", result.metrics.bytes_downloaded / 1e6, s,
                result.metrics.bytes_downloaded / 1e6 / s, result.violations.empty() ? "all invariants held"
                                                                                        : "INVARIANTS VIOLATED");
    std::printf("  peak RSS of the whole process: %.1f MiB (before the run: %.1f MiB; goal < 64 MiB)\n",
                peak_rss_kib() / 1024.0, rss_before / 1024.0);
    std::printf("  most artifact bytes the pipeline held at once: %.1f MiB (bound: 3 chunks of 8 MiB = 24 MiB)\n\n",
                result.metrics.media_held_peak_bytes / 1048576.0);
  }

  std::string md5_cmd, sha_cmd;
  const double md5 = bench::openssl_speed_mbps("md5", seconds, md5_cmd);
  const double sha = bench::openssl_speed_mbps("sha256", seconds, sha_cmd);
  if (md5 <= 0 || sha <= 0) {
    std::fprintf(stderr, "openssl speed md5/sha256 did not run or printed no 16384-byte figure\n");
    return 1;
  }
  std::printf("baseline: %s -> %.1f MB/s\n", md5_cmd.c_str(), md5);
  std::printf("baseline: %s -> %.1f MB/s\n", sha_cmd.c_str(), sha);
  // The core hashes every byte with SHA-256 twice and MD5 twice (see the top
  // of this file): this is as fast as the data path can be on this machine.
  const double floor = 1.0 / (2.0 / sha + 2.0 / md5);
  std::printf("hash floor (2 x SHA-256 + 2 x MD5 per byte): %.1f MB/s\n\n", floor);

  // 16 kHz stereo PCM (the largest format a call arrives in), mb long.
  const std::int64_t duration_ms = mb * 1'000'000 / 64'000 * 1000;
  mocks::SyntheticWav wav(media::MediaFormat::wav_pcm16_16k, 2, duration_ms, 7);
  const ByteVec artifact = wav.read(0, wav.size());
  std::printf("%-58s %8s %7s %8s %9s %9s\n", "data path (one recording, 8 MiB parts)", "MB", "s", "MB/s", "/sha256",
              "/md5");
  for (bool models : {false, true}) {
    DataPath path(artifact, duration_ms, models);
    const auto t0 = Clock::now();
    const bool ok = path.run();
    const Row r{static_cast<double>(artifact.size()) / 1e6, seconds_since(t0)};
    print_row(models ? "core + S3 and Azure models (each hashes every part again)"
                     : "core alone: validate, part digests, sign, build requests",
              r, md5, sha);
    if (!ok) {
      std::fprintf(stderr, "the recording did not end compliance_verified\n");
      return 1;
    }
    if (!models) std::printf("  %.0f%% of the hash floor\n", 100 * r.mbps() / floor);
  }
  return 0;
}
