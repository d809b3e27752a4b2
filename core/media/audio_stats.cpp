#include "core/media/audio_stats.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdio>

namespace recguard::media {

namespace {

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

}  // namespace

void AudioStats::Running::add(double x) {
  ++n;
  const double delta = x - mean;
  mean += delta / static_cast<double>(n);
  m2 += delta * (x - mean);
}

double AudioStats::Running::stddev() const {
  return n < 2 ? 0.0 : std::sqrt(std::max(0.0, m2 / static_cast<double>(n)));
}

AudioStats::AudioStats(int channels, int sample_rate)
    : channels_(channels),
      frame_samples_(sample_rate / kFramesPerSecond),
      channel_(static_cast<std::size_t>(channels)) {
  assert(channels >= 1);
  assert(sample_rate >= kFramesPerSecond);
}

double AudioStats::level_dbfs(std::int64_t sum_sq, std::int64_t samples) {
  assert(samples > 0);
  const double rms = std::sqrt(static_cast<double>(sum_sq) / static_cast<double>(samples)) / 32768.0;
  // Floor digital zero at -100 dBFS so that it does not drag the level's
  // variance to infinity.
  return std::max(-100.0, 20.0 * std::log10(std::max(rms, 1e-12)));
}

// Channel by channel over the rest of the open frame: tight loops with no
// per-sample bookkeeping, since this runs over every sample of hours of audio.
void AudioStats::add(std::span<const std::int16_t> interleaved) {
  const auto channels = static_cast<std::size_t>(channels_);
  assert(interleaved.size() % channels == 0);
  const std::size_t frames = interleaved.size() / channels;
  std::size_t done = 0;
  while (done < frames) {
    const std::size_t take = std::min(frames - done, static_cast<std::size_t>(frame_samples_ - in_frame_));
    for (std::size_t c = 0; c < channels; ++c) {
      Channel& ch = channel_[c];
      const std::int16_t* p = interleaved.data() + done * channels + c;
      if (!ch.have_prev) {
        ch.prev = p[0];  // the first sample crosses nothing
        ch.have_prev = true;
      }
      // Two samples lie on opposite sides of zero exactly when their XOR is
      // negative. Comparing each sample with its neighbour in memory, rather
      // than carrying a sign through the loop, leaves no loop-carried state,
      // and the square is summed as unsigned 32-bit (at most 2^30) so that
      // the compiler can vectorise both loops (this file builds with -O3).
      std::int64_t sum_sq = 0;
      std::int32_t crossings = 0;  // at most one frame's samples
      if (channels == 1) {
        crossings += (p[0] ^ ch.prev) < 0;
        for (std::size_t k = 1; k < take; ++k) crossings += static_cast<std::int16_t>(p[k] ^ p[k - 1]) < 0;
        for (std::size_t k = 0; k < take; ++k) {
          const std::int32_t x = p[k];
          sum_sq += static_cast<std::uint32_t>(x * x);
        }
      } else if (channels == 2) {
        // Agent/customer stereo, the common case: the same carried-state-free
        // loops with a constant stride of 2, which GCC still vectorises.
        crossings += (p[0] ^ ch.prev) < 0;
        for (std::size_t k = 1; k < take; ++k) crossings += static_cast<std::int16_t>(p[2 * k] ^ p[2 * k - 2]) < 0;
        for (std::size_t k = 0; k < take; ++k) {
          const std::int32_t x = p[2 * k];
          sum_sq += static_cast<std::uint32_t>(x * x);
        }
      } else {
        std::int16_t before = ch.prev;
        for (std::size_t k = 0; k < take; ++k) {
          const std::int16_t x = p[k * channels];
          sum_sq += static_cast<std::uint32_t>(std::int32_t{x} * x);
          crossings += (x ^ before) < 0;
          before = x;
        }
      }
      ch.prev = p[(take - 1) * channels];
      ch.frame_sum_sq += sum_sq;
      ch.frame_crossings += crossings;
    }
    done += take;
    in_frame_ += static_cast<std::int64_t>(take);
    samples_per_channel_ += static_cast<std::int64_t>(take);
    if (in_frame_ == frame_samples_) close_frame(true);
  }
}

void AudioStats::close_frame(bool complete) {
  for (Channel& ch : channel_) {
    const double level = level_dbfs(ch.frame_sum_sq, in_frame_);
    ch.max_level_dbfs = std::max(ch.max_level_dbfs, level);
    if (complete) {
      ch.level_dbfs.add(level);
      ch.zcr.add(static_cast<double>(ch.frame_crossings) / static_cast<double>(in_frame_));
    }
    ch.frame_sum_sq = 0;
    ch.frame_crossings = 0;
  }
  in_frame_ = 0;
}

AudioJudgement AudioStats::judge() const {
  if (samples_per_channel_ == 0) return {};

  double loudest_dbfs = -100.0;
  for (const Channel& ch : channel_) {
    double max_dbfs = ch.max_level_dbfs;
    // The open, partial frame counts for silence: a short burst of speech at
    // the very end still makes a recording non-silent.
    if (in_frame_ > 0) max_dbfs = std::max(max_dbfs, level_dbfs(ch.frame_sum_sq, in_frame_));
    loudest_dbfs = std::max(loudest_dbfs, max_dbfs);
  }
  if (loudest_dbfs < kSilenceDbfs) {
    return {AudioContent::silence, "every 100 ms frame is below " + fixed(kSilenceDbfs, 0) + " dBFS (loudest " +
                                       fixed(loudest_dbfs, 1) + " dBFS)"};
  }

  const std::int64_t frames = channel_.front().level_dbfs.n;
  if (frames < kToneMinFrames) return {};
  std::string detail;
  for (std::size_t c = 0; c < channel_.size(); ++c) {
    const Channel& ch = channel_[c];
    if (ch.max_level_dbfs < kSilenceDbfs) continue;
    const double level_sd = ch.level_dbfs.stddev();
    const double zcr_sd = ch.zcr.stddev();
    if (level_sd >= kToneMaxLevelStddevDb || zcr_sd >= kToneMaxZcrStddev) return {};
    if (!detail.empty()) detail += "; ";
    detail += "channel " + std::to_string(c + 1) + " holds a steady tone at " + fixed(ch.level_dbfs.mean, 1) +
              " dBFS (level varies " + fixed(level_sd, 2) + " dB, zero-crossing rate " + fixed(ch.zcr.mean, 3) +
              " +/- " + fixed(zcr_sd, 3) + " over " + std::to_string(frames) + " frames)";
  }
  return {AudioContent::constant_tone, detail};
}

}  // namespace recguard::media
