#pragma once
// Incremental content statistics over decoded samples, so that silence and a
// steady hum are caught in one pass with O(channels) memory, whatever the
// recording's length.
//
// The signal is cut into 100 ms frames per channel. For each frame we take
// the RMS level in dBFS (floored at -100) and the zero-crossing rate (the
// fraction of adjacent samples whose sign differs, a cheap stand-in for
// spectral content). Per channel we keep the loudest frame and running
// (Welford) mean and variance of both measures.
//
// Verdicts, deliberately conservative so that real calls are never flagged:
//  * silence: every frame of every channel, including a final partial frame,
//    is below kSilenceDbfs. One party talking on one channel of a stereo
//    file is a valid call, so a silent channel alone is not enough.
//  * constant_tone: at least kToneMinFrames complete frames, and every
//    channel is either silent or steady: its frame level varies by less than
//    kToneMaxLevelStddevDb and its zero-crossing rate by less than
//    kToneMaxZcrStddev. Speech swings by 10 dB or more between syllables and
//    pauses, and its zero-crossing rate moves between voiced and unvoiced
//    sounds; a mains hum or a stuck test tone does neither. Steady noise sits
//    near the line (its crossing rate wanders by about sqrt(p(1-p)/N) for N
//    samples per frame): white noise passes, a steady low-passed hiss may
//    be flagged, and a file of nothing but hiss is no call either.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace recguard::media {

inline constexpr double kSilenceDbfs = -60.0;
inline constexpr double kToneMaxLevelStddevDb = 1.0;
inline constexpr double kToneMaxZcrStddev = 0.01;
inline constexpr std::int64_t kToneMinFrames = 10;  // 1 s: less is too little to call anything steady
inline constexpr int kFramesPerSecond = 10;         // 100 ms frames

enum class AudioContent { normal, silence, constant_tone };

struct AudioJudgement {
  AudioContent content = AudioContent::normal;
  std::string detail;  // why, in a sentence, when not normal
};

class AudioStats {
 public:
  AudioStats(int channels, int sample_rate);
  // Interleaved samples of whole frames (size is a multiple of channels).
  void add(std::span<const std::int16_t> interleaved);
  AudioJudgement judge() const;
  std::int64_t samples_per_channel() const { return samples_per_channel_; }

 private:
  struct Running {  // Welford's running mean and sum of squared deviations
    std::int64_t n = 0;
    double mean = 0, m2 = 0;
    void add(double x);
    double stddev() const;
  };
  struct Channel {
    std::int64_t frame_sum_sq = 0;  // exact: 1600 samples of 2^30 stay far below 2^63
    std::int64_t frame_crossings = 0;
    std::int16_t prev = 0;  // the previous sample, whose sign the next one may cross
    bool have_prev = false;
    double max_level_dbfs = -100.0;
    Running level_dbfs;
    Running zcr;
  };

  void close_frame(bool complete);
  static double level_dbfs(std::int64_t sum_sq, std::int64_t samples);

  int channels_;
  std::int64_t frame_samples_;  // per channel
  std::int64_t in_frame_ = 0;   // samples per channel in the open frame
  std::int64_t samples_per_channel_ = 0;
  std::vector<Channel> channel_;
};

}  // namespace recguard::media
