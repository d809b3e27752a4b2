// Media-validation throughput: MB/s (1 MB = 1e6 bytes) of the pipeline's
// MediaValidator (SHA-256, WAV parse, libsndfile decode, silence/hum
// statistics) on 8 kHz recordings, against `openssl speed sha256` run on the
// same machine in the same run. Prints figures; never a timed test.
// Usage: recguard_media_bench [--seconds N] [--repeat N]
//   --seconds N  minimum wall seconds per row, and openssl speed's -seconds (default 3)
//   --repeat N   measure every row N times and keep the best (default 1)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "bench/openssl_speed.hpp"
#include "core/crypto/digest.hpp"
#include "core/media/media_validator.hpp"

namespace {

using namespace recguard;
namespace fs = std::filesystem;

constexpr double kGoalRatio = 0.70;
constexpr std::int64_t kMinRealBytes = 200'000'000;  // the real files are small: cycle them this far at least
constexpr std::int64_t kLongCallSeconds = 30 * 60;

struct Options {
  int seconds = 3;
  int repeat = 1;
};

struct Recording {
  ByteVec bytes;
  media::MediaExpectation expect;  // what the platform would have said, so every check runs
};

struct Figure {
  double mb = 0;
  double seconds = 0;
  double mbps() const { return mb / seconds; }
};

// Exactly RecordingWorkflow::on_media: the whole body in one feed.
media::MediaVerdict validate(const Recording& r, media::Hashing hashing = media::Hashing::sha256) {
  media::MediaValidator validator(r.expect, hashing);
  validator.feed(ByteView(r.bytes));
  return validator.finish();
}

// Keeps the bytes only if the validator accepts them as `format`: timing a
// rejection path (silence, truncation) would say nothing about real calls.
bool accept(ByteVec bytes, std::string_view format, std::vector<Recording>& out) {
  Recording r{std::move(bytes), {}};
  const media::MediaVerdict v = validate(r);
  if (!v.valid || v.format != format) return false;
  r.expect = {v.duration_data_ms, v.size_bytes, {}};
  out.push_back(std::move(r));
  return true;
}

ByteVec read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return ByteVec(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// A 30-minute mono call built in memory: a canonical header, then a real
// recording's speech repeated, so the content checks see a real call.
ByteVec long_call(const ByteVec& source, media::MediaFormat format) {
  const auto info = media::parse_wav_header(ByteView(source));
  if (!info || info->need_more) return {};
  const ByteView rest = ByteView(source).subspan(static_cast<std::size_t>(info->data_offset));
  const ByteView speech = rest.first(std::min(rest.size(), static_cast<std::size_t>(info->data_size_claimed)));
  if (speech.empty()) return {};
  const auto data_bytes = static_cast<std::size_t>(media::bytes_per_second(format, 1) * kLongCallSeconds);
  ByteVec out = media::build_wav_header(format, 1, static_cast<std::uint32_t>(data_bytes));
  const std::size_t total = out.size() + data_bytes;
  while (out.size() < total) {
    const std::size_t take = std::min(speech.size(), total - out.size());
    out.insert(out.end(), speech.begin(), speech.begin() + static_cast<std::ptrdiff_t>(take));
  }
  return out;
}

// Runs work over the recordings in turn until at least o.seconds and
// min_bytes have gone by; the best of o.repeat such runs.
Figure measure_each(const Options& o, const std::vector<Recording>& recs, std::int64_t min_bytes,
                    const std::function<void(const Recording&)>& work) {
  Figure best;
  for (int r = 0; r < o.repeat; ++r) {
    std::int64_t bytes = 0;
    double elapsed = 0;
    const auto t0 = std::chrono::steady_clock::now();
    for (std::size_t next = 0; elapsed < o.seconds || bytes < min_bytes; ++next) {
      const Recording& rec = recs[next % recs.size()];
      work(rec);
      bytes += static_cast<std::int64_t>(rec.bytes.size());
      elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    }
    const Figure f{static_cast<double>(bytes) / 1e6, elapsed};
    if (r == 0 || f.mbps() > best.mbps()) best = f;
  }
  return best;
}

void print_row(const char* label, const Figure& f, double openssl, double sha) {
  std::printf("%-44s %9.1f %7.2f %8.1f %9.1f%%", label, f.mb, f.seconds, f.mbps(), 100 * f.mbps() / openssl);
  if (sha > 0) std::printf(" %9.1f%%", 100 * f.mbps() / sha);
  std::printf("\n");
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--seconds") == 0) o.seconds = std::max(1, std::atoi(argv[i + 1]));
    else if (std::strcmp(argv[i], "--repeat") == 0) o.repeat = std::max(1, std::atoi(argv[i + 1]));
  }

  // The real 8 kHz PCM16 recordings of the shared corpus: whatever the
  // validator accepts as such, which leaves out the silence and damage fixtures.
  const fs::path dir(RECGUARD_SHARED_MEDIA_DIR);
  std::error_code ec;  // a missing folder leaves no inputs, reported below
  std::vector<fs::path> paths;
  for (const auto& entry : fs::directory_iterator(dir, ec)) paths.push_back(entry.path());
  std::sort(paths.begin(), paths.end());
  std::vector<Recording> real_pcm;
  std::string real_names;
  for (const fs::path& p : paths) {
    if (accept(read_file(p), "wav_pcm16_8k", real_pcm)) real_names += " " + p.filename().string();
  }
  std::vector<Recording> long_pcm, long_ulaw;
  const bool have_long =
      accept(long_call(read_file(dir / "mono_8k_pcm16.wav"), media::MediaFormat::wav_pcm16_8k), "wav_pcm16_8k",
             long_pcm) &&
      accept(long_call(read_file(dir / "mono_8k_ulaw.wav"), media::MediaFormat::wav_ulaw_8k), "wav_ulaw_8k", long_ulaw);
  if (real_pcm.empty() || !have_long) {
    std::fprintf(stderr, "no valid 8 kHz recordings to build the inputs from in %s\n", RECGUARD_SHARED_MEDIA_DIR);
    return 2;
  }

  std::string command;
  double openssl = 0;
  for (int r = 0; r < o.repeat; ++r) openssl = std::max(openssl, bench::openssl_speed_mbps("sha256", o.seconds, command));
  if (openssl <= 0) {
    std::fprintf(stderr, "openssl speed sha256 did not run or printed no 16384-byte figure\n");
    return 2;
  }
  std::printf("real 8 kHz PCM16 files:%s\n", real_names.c_str());
  std::printf("baseline: %s -> %.1f MB/s (best of %d)\n\n", command.c_str(), openssl, o.repeat);
  std::printf("%-44s %9s %7s %8s %10s %10s\n", "input (best of --repeat)", "MB", "s", "MB/s", "/openssl", "/SHA-256");

  const auto validate_all = [](const Recording& r) { validate(r); };
  const auto sha_all = [](const Recording& r) { crypto::sha256(ByteView(r.bytes)); };
  struct Row {
    const char* label;
    const std::vector<Recording>* recs;
    std::int64_t min_bytes;
    bool pcm;
  };
  double worst_pcm = 1e300;  // the goal holds only if every PCM input meets it
  Figure long_pcm_val, long_pcm_sha;
  for (const Row& row : {Row{"8 kHz PCM16, real files cycled", &real_pcm, kMinRealBytes, true},
                         Row{"8 kHz PCM16, 30 min mono in memory", &long_pcm, 0, true},
                         Row{"8 kHz G.711 u-law, 30 min mono (info)", &long_ulaw, 0, false}}) {
    // The in-process baseline: SHA-256 alone over the same bytes.
    const Figure sha = measure_each(o, *row.recs, row.min_bytes, sha_all);
    const Figure val = measure_each(o, *row.recs, row.min_bytes, validate_all);
    print_row(row.label, val, openssl, sha.mbps());
    print_row("  in-process SHA-256 alone, same bytes", sha, openssl, 0);
    if (row.pcm) worst_pcm = std::min(worst_pcm, val.mbps() / openssl);
    if (row.recs == &long_pcm) {
      long_pcm_val = val;
      long_pcm_sha = sha;
    }
  }

  // Where a long PCM call's time goes: each part through the same core types,
  // as a share of the validator's time per byte (validator MB/s / part MB/s).
  const Recording& call = long_pcm.front();
  const auto info = media::parse_wav_header(ByteView(call.bytes));
  const auto header = ByteVec(call.bytes.begin(), call.bytes.begin() + info->data_offset);
  const ByteView audio = ByteView(call.bytes).subspan(static_cast<std::size_t>(info->data_offset));
  std::vector<std::int16_t> samples(audio.size() / 2);
  std::memcpy(samples.data(), audio.data(), samples.size() * 2);  // PCM16 is little-endian, as is this host
  const auto piece = static_cast<std::size_t>(media::kPieceBytes);
  const auto batch = static_cast<std::size_t>(media::SndfilePieceDecoder::kBatchFrames);
  const auto share = [&](const char* label, const Figure& f) {
    std::printf("  %-42s %8.1f MB/s %5.0f%%\n", label, f.mbps(), 100 * long_pcm_val.mbps() / f.mbps());
  };
  const auto part = [&](const char* label, const std::function<void(const Recording&)>& work) {
    share(label, measure_each(o, long_pcm, 0, work));
  };
  std::printf("\nwhere the time goes, 8 kHz PCM16 30 min mono (share of the validator's time)\n");
  share("SHA-256 alone (the row above)", long_pcm_sha);
  part("validator with Hashing::skip", [](const Recording& r) { validate(r, media::Hashing::skip); });
  part("libsndfile decode alone, 1 MiB pieces", [&](const Recording&) {
    media::SndfilePieceDecoder decoder(header, *info);
    for (std::size_t at = 0; at < audio.size(); at += piece) {
      decoder.decode(audio.subspan(at, std::min(piece, audio.size() - at)), [](std::span<const std::int16_t>) {});
    }
  });
  part("audio statistics alone, 4096-sample batches", [&](const Recording&) {
    media::AudioStats stats(1, info->sample_rate);
    for (std::size_t at = 0; at < samples.size(); at += batch) {
      stats.add(std::span<const std::int16_t>(samples).subspan(at, std::min(batch, samples.size() - at)));
    }
  });

  std::printf("\ngoal: >= %.0f%% of openssl speed sha256 for 8 kHz PCM: %s (%.0f%%)\n", 100 * kGoalRatio,
              worst_pcm >= kGoalRatio ? "MET" : "NOT MET", 100 * worst_pcm);
  return 0;
}
