#pragma once
// The audio a simulated media server records, as a pure function of
// (seed, channel, sample index): any range can be rendered on its own and
// matches the same range of a whole-file render, so a 600 MB recording is
// never held in memory and a ranged CDN read costs only its own length.
//
// Integer arithmetic over precomputed tables throughout: fast (hours of
// simulated audio per run) and bit-identical wherever the simulator runs.
#include <cstddef>
#include <cstdint>

namespace recguard::mocks {

enum class SyntheticContent { speech_like, silence, hum };

struct SyllableBank;  // syllables rendered once per sample rate (synthetic_signal.cpp)

class SyntheticSignal {
 public:
  SyntheticSignal(int sample_rate, int channels, std::uint64_t seed, SyntheticContent content);

  // Writes samples [first_sample, first_sample + count) of channel to
  // dst[0], dst[stride], dst[2 * stride], ...
  void render(int channel, std::int64_t first_sample, std::int64_t count, std::int16_t* dst, std::size_t stride) const;

 private:
  void render_speech(int channel, std::int64_t first_sample, std::int64_t count, std::int16_t* dst,
                     std::size_t stride) const;
  void render_hum(int channel, std::int64_t first_sample, std::int64_t count, std::int16_t* dst,
                  std::size_t stride) const;

  int sample_rate_;
  int channels_;
  std::uint64_t seed_;
  SyntheticContent content_;
  const SyllableBank* bank_;  // process-wide, never freed
};

}  // namespace recguard::mocks
