#include "mocks/media/synthetic_signal.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

namespace recguard::mocks {

namespace {

constexpr std::uint64_t kGolden = 0x9E3779B97F4A7C15ULL;

// splitmix64's finaliser. Keyed by seed and fed a counter, it is a
// counter-based generator: value n costs O(1) and needs no state, which is
// what makes every range of the file independent.
std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

std::uint64_t hash_of(std::uint64_t seed, std::uint64_t stream, std::uint64_t n) {
  return mix64(mix64(seed ^ (stream * kGolden)) + n * kGolden);
}

std::int64_t pick(std::uint64_t bits, std::int64_t lo, std::int64_t hi) {
  return lo + static_cast<std::int64_t>(bits % static_cast<std::uint64_t>(hi - lo + 1));
}

// The file is laid out on a grid of 250 ms slots: one syllable or pause per
// slot, and one offset into the noise table per slot and channel.
constexpr std::int64_t kSlotsPerSecond = 4;

constexpr int kSineBits = 12;
constexpr int kPhaseShift = 32 - kSineBits;
constexpr int kEnvelopeSteps = 1024;
constexpr int kNoiseBits = 14;  // 16 Ki entries: longer than any slot (4000 samples at 16 kHz)
constexpr std::uint32_t kNoiseMask = (1u << kNoiseBits) - 1;

// std::sin only fills the tables, rounded to integers; everything after is
// integer arithmetic, so a last-ulp difference between libms cannot reach
// the bytes.
//
// Noise comes from a table of splitmix64 outputs read from a hashed offset
// per slot and channel: still a pure function of (seed, channel, sample
// index), but a load instead of a 64-bit hash per sample, which was a third
// of the generation time. Each entry holds 16 bits of voice noise (breath,
// fricatives) and 16 of line noise.
struct Tables {
  std::array<std::int16_t, 1 << kSineBits> sine{};          // Q15, one period
  std::array<std::int32_t, kEnvelopeSteps + 1> envelope{};  // Q15 sin^2 over [0, pi]: a syllable's rise and fall
  std::array<std::uint32_t, 1 << kNoiseBits> noise{};
};

const Tables& tables() {
  static const Tables t = [] {
    Tables r;
    const double pi = std::acos(-1.0);
    for (std::size_t i = 0; i < r.sine.size(); ++i) {
      r.sine[i] =
          static_cast<std::int16_t>(std::lround(32767.0 * std::sin(2.0 * pi * static_cast<double>(i) / 4096.0)));
    }
    for (std::size_t i = 0; i < r.envelope.size(); ++i) {
      const double s = std::sin(pi * static_cast<double>(i) / kEnvelopeSteps);
      r.envelope[i] = static_cast<std::int32_t>(std::lround(32767.0 * s * s));
    }
    for (std::size_t i = 0; i < r.noise.size(); ++i) r.noise[i] = static_cast<std::uint32_t>(mix64(i * kGolden) >> 32);
    return r;
  }();
  return t;
}

std::int32_t voice_noise(std::uint32_t bits) { return static_cast<std::int16_t>(bits & 0xFFFF); }
std::int32_t line_noise(std::uint32_t bits) { return static_cast<std::int16_t>(bits >> 16); }

std::uint32_t phase_increment(int frequency_hz, int sample_rate) {
  return static_cast<std::uint32_t>((static_cast<std::uint64_t>(frequency_hz) << 32) /
                                    static_cast<std::uint64_t>(sample_rate));
}

// The phase of a closed-form oscillator at sample n: n * increment modulo
// 2^32 (unsigned wrap-around is exact), so no state carries across ranges.
std::uint32_t phase_at(std::int64_t n, std::uint32_t increment) {
  return static_cast<std::uint32_t>(static_cast<std::uint64_t>(n) * increment);
}

std::int16_t clamp16(std::int32_t v) { return static_cast<std::int16_t>(std::clamp<std::int32_t>(v, -32768, 32767)); }

// Every 8 s period holds an agent turn and then a customer turn, split at a
// seeded point between 2.5 s and 5.5 s. The first two slots of a turn always
// speak (so a 1 s file already holds speech); later slots pause with
// probability kPausePercent.
constexpr std::int64_t kSlotsPerPeriod = 32;
constexpr std::uint64_t kPausePercent = 18;
constexpr std::int32_t kBackgroundQ15 = 16;  // line noise around -71 dBFS: below the silence threshold
constexpr std::int32_t kHumNoiseQ15 = 4;

enum Stream : std::uint64_t { split_stream = 1, noise_stream = 2, hum_stream = 3, syllable_stream = 4 };

// Syllables come from a bank rendered once per sample rate: kBankSize per
// party, each with its own length, pitch, two formants, breath noise and
// rise-and-fall envelope baked in. A slot picks one by hash and scales it, so
// rendering a sample costs two contiguous loads and a multiply, which the
// compiler vectorises, instead of five table lookups and six multiplies
// (generation was a third of a simulated hour's wall time). Samples are
// stored at half scale: the weighted sum reaches 340/256 of full scale.
constexpr int kBankSize = 32;
constexpr std::uint64_t kBankSeed = 0x5EC0'11AB'1E5ULL;

struct BankEntry {
  std::vector<std::int16_t> samples;  // voiced and enveloped, half scale
};

}  // namespace

struct SyllableBank {
  std::array<std::array<BankEntry, kBankSize>, 2> party;
  std::vector<std::int16_t> line_noise;  // scaled background, one table's length plus one slot
};

namespace {

SyllableBank build_bank(int sample_rate) {
  const Tables& t = tables();
  const std::int64_t slot_samples = sample_rate / kSlotsPerSecond;
  SyllableBank bank;
  for (int q = 0; q < 2; ++q) {
    for (int e = 0; e < kBankSize; ++e) {
      const std::uint64_t a = hash_of(kBankSeed, syllable_stream + static_cast<std::uint64_t>(q), static_cast<std::uint64_t>(e));
      const std::uint64_t b = mix64(a);
      const std::int64_t length = slot_samples * pick(a, 55, 95) / 100;
      const auto envelope_step_q16 = static_cast<std::uint32_t>((std::int64_t{kEnvelopeSteps} << 16) / length);
      const int f0_hz = static_cast<int>(q == 0 ? pick(a >> 24, 105, 150) : pick(a >> 24, 170, 240));
      const std::uint32_t i0 = phase_increment(f0_hz, sample_rate);
      const std::uint32_t i1 = phase_increment(static_cast<int>(pick(a >> 32, 300, 900)), sample_rate);
      const std::uint32_t i2 = phase_increment(static_cast<int>(pick(a >> 42, 900, 2400)), sample_rate);
      const auto w0 = static_cast<std::int32_t>(pick(b, 96, 128));
      const auto w1 = static_cast<std::int32_t>(pick(b >> 8, 64, 96));
      const auto w2 = static_cast<std::int32_t>(pick(b >> 16, 24, 56));
      const auto wn = static_cast<std::int32_t>(pick(b >> 24, 8, 60));
      auto noise_pos = static_cast<std::uint32_t>(b >> 40);
      std::vector<std::int16_t>& out = bank.party[static_cast<std::size_t>(q)][static_cast<std::size_t>(e)].samples;
      out.resize(static_cast<std::size_t>(length));
      std::uint32_t p0 = 0, p1 = 0, p2 = 0, envelope_pos_q16 = 0;
      for (std::int64_t k = 0; k < length; ++k) {
        const std::int32_t voiced =
            (w0 * t.sine[p0 >> kPhaseShift] + w1 * t.sine[p1 >> kPhaseShift] + w2 * t.sine[p2 >> kPhaseShift] +
             wn * voice_noise(t.noise[noise_pos++ & kNoiseMask])) >>
            8;
        out[static_cast<std::size_t>(k)] =
            static_cast<std::int16_t>(((voiced * t.envelope[envelope_pos_q16 >> 16]) >> 15) >> 1);
        p0 += i0;
        p1 += i1;
        p2 += i2;
        envelope_pos_q16 += envelope_step_q16;
      }
    }
  }
  bank.line_noise.resize(t.noise.size() + (1u << kNoiseBits));
  for (std::size_t i = 0; i < bank.line_noise.size(); ++i) {
    bank.line_noise[i] = static_cast<std::int16_t>((line_noise(t.noise[i & kNoiseMask]) * kBackgroundQ15) >> 15);
  }
  return bank;
}

// One bank per sample rate for the whole process, built on first use.
// Worlds may run on several threads (explore --jobs), hence the lock.
const SyllableBank& bank_for(int sample_rate) {
  static std::mutex mu;
  static std::map<int, std::unique_ptr<const SyllableBank>> banks;
  const std::lock_guard lock(mu);
  auto& slot = banks[sample_rate];
  if (!slot) slot = std::make_unique<const SyllableBank>(build_bank(sample_rate));
  return *slot;
}

int speaker_of(std::uint64_t seed, std::int64_t slot, std::int64_t* slots_into_turn) {
  const std::int64_t period = slot / kSlotsPerPeriod;
  const std::int64_t j = slot % kSlotsPerPeriod;
  const std::int64_t split = pick(hash_of(seed, split_stream, static_cast<std::uint64_t>(period)), 10, 22);
  *slots_into_turn = j < split ? j : j - split;
  return j < split ? 0 : 1;
}

struct Syllable {
  const std::int16_t* samples = nullptr;  // null: a pause
  std::int64_t length_samples = 0;
  std::int32_t amplitude_q14 = 0;
};

Syllable syllable_of(const SyllableBank& bank, std::uint64_t seed, int party, std::int64_t slot,
                     std::int64_t slots_into_turn) {
  const std::uint64_t a =
      hash_of(seed, syllable_stream + static_cast<std::uint64_t>(party), static_cast<std::uint64_t>(slot));
  Syllable s;
  if (slots_into_turn >= 2 && (a >> 54) % 100 < kPausePercent) return s;
  const auto& entry = bank.party[static_cast<std::size_t>(party)][static_cast<std::size_t>(pick(a, 0, kBankSize - 1))];
  s.samples = entry.samples.data();
  s.length_samples = static_cast<std::int64_t>(entry.samples.size());
  s.amplitude_q14 = static_cast<std::int32_t>(pick(a >> 8, 3000, 12000));  // about -21 to -9 dBFS peak
  return s;
}

// Where channel's noise for slot starts in the noise table.
std::uint32_t noise_offset(std::uint64_t seed, int channel, std::int64_t slot) {
  return static_cast<std::uint32_t>(
      hash_of(seed, noise_stream + 16 * static_cast<std::uint64_t>(channel), static_cast<std::uint64_t>(slot)));
}

}  // namespace

SyntheticSignal::SyntheticSignal(int sample_rate, int channels, std::uint64_t seed, SyntheticContent content)
    : sample_rate_(sample_rate), channels_(channels), seed_(seed), content_(content), bank_(&bank_for(sample_rate)) {
  assert(sample_rate > 0);
  assert(sample_rate % kSlotsPerSecond == 0);
  assert(sample_rate / kSlotsPerSecond <= (1 << kNoiseBits));
  assert(channels >= 1);
  (void)tables();  // build the tables now rather than inside the first timed read
}

void SyntheticSignal::render(int channel, std::int64_t first_sample, std::int64_t count, std::int16_t* dst,
                             std::size_t stride) const {
  assert(channel >= 0);
  assert(channel < channels_);
  assert(first_sample >= 0);
  assert(count >= 0);
  switch (content_) {
    case SyntheticContent::silence:
      for (std::int64_t i = 0; i < count; ++i) dst[static_cast<std::size_t>(i) * stride] = 0;
      return;
    case SyntheticContent::hum:
      render_hum(channel, first_sample, count, dst, stride);
      return;
    case SyntheticContent::speech_like:
      render_speech(channel, first_sample, count, dst, stride);
      return;
  }
}

void SyntheticSignal::render_speech(int channel, std::int64_t first_sample, std::int64_t count, std::int16_t* dst,
                                    std::size_t stride) const {
  const SyllableBank& bank = *bank_;
  // A mono recording carries both parties; a stereo one puts the agent on
  // the first channel and the customer on the second.
  const int party = channels_ == 1 ? -1 : channel % 2;
  const std::int64_t slot_samples = sample_rate_ / kSlotsPerSecond;

  std::int64_t n = first_sample;
  const std::int64_t end = first_sample + count;
  std::int16_t* out = dst;
  while (n < end) {
    const std::int64_t slot = n / slot_samples;
    const std::int64_t slot_start = slot * slot_samples;
    const std::int64_t segment_end = std::min(end, slot_start + slot_samples);
    std::int64_t slots_into_turn = 0;
    const int speaker = speaker_of(seed_, slot, &slots_into_turn);
    Syllable syl;
    if (party < 0 || party == speaker) syl = syllable_of(bank, seed_, speaker, slot, slots_into_turn);
    const std::int64_t voiced_end = std::clamp(slot_start + syl.length_samples, n, segment_end);
    // Within a slot the noise is a contiguous run of the padded table.
    const std::int16_t* noise = bank.line_noise.data() + (noise_offset(seed_, channel, slot) & kNoiseMask) +
                                (n - slot_start);
    const std::int16_t* voice = syl.samples + (n - slot_start);
    const std::int32_t amp = syl.amplitude_q14;
    const auto voiced_n = static_cast<std::size_t>(voiced_end - n);
    const auto quiet_n = static_cast<std::size_t>(segment_end - voiced_end);
    if (stride == 1) {
      for (std::size_t k = 0; k < voiced_n; ++k) out[k] = clamp16(((voice[k] * amp) >> 14) + noise[k]);
      for (std::size_t k = 0; k < quiet_n; ++k) out[voiced_n + k] = noise[voiced_n + k];
    } else {
      for (std::size_t k = 0; k < voiced_n; ++k) out[k * stride] = clamp16(((voice[k] * amp) >> 14) + noise[k]);
      for (std::size_t k = 0; k < quiet_n; ++k) out[(voiced_n + k) * stride] = noise[voiced_n + k];
    }
    out += (voiced_n + quiet_n) * stride;
    n = segment_end;
  }
}

// A mains hum: 60 Hz with a third harmonic, steady for the whole file, under
// faint line noise. The validator must call it constant_tone.
void SyntheticSignal::render_hum(int channel, std::int64_t first_sample, std::int64_t count, std::int16_t* dst,
                                 std::size_t stride) const {
  const Tables& t = tables();
  const std::int64_t slot_samples = sample_rate_ / kSlotsPerSecond;
  const auto amplitude_q15 = static_cast<std::int32_t>(pick(hash_of(seed_, hum_stream, 0), 2500, 4500));
  const std::uint32_t inc60 = phase_increment(60, sample_rate_);
  const std::uint32_t inc180 = phase_increment(180, sample_rate_);
  std::uint32_t p60 = phase_at(first_sample, inc60);
  std::uint32_t p180 = phase_at(first_sample, inc180);
  std::int16_t* out = dst;
  std::int64_t n = first_sample;
  const std::int64_t end = first_sample + count;
  while (n < end) {
    const std::int64_t slot = n / slot_samples;
    const std::int64_t segment_end = std::min(end, (slot + 1) * slot_samples);
    std::uint32_t noise_pos = noise_offset(seed_, channel, slot) + static_cast<std::uint32_t>(n - slot * slot_samples);
    for (; n < segment_end; ++n) {
      // Fundamental at full amplitude, third harmonic at a third of it.
      const std::int32_t tone =
          (t.sine[p60 >> kPhaseShift] * 3 + t.sine[p180 >> kPhaseShift]) / 3 * amplitude_q15 >> 15;
      *out = clamp16(tone + ((line_noise(t.noise[noise_pos & kNoiseMask]) * kHumNoiseQ15) >> 15));
      out += stride;
      p60 += inc60;
      p180 += inc180;
      ++noise_pos;
    }
  }
}

}  // namespace recguard::mocks
