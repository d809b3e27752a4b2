#pragma once
// The recording formats the pipeline accepts, and the sizes their bitrates
// imply. Sizes are always derived from the format: a fixed "150 KB minimum"
// rule would reject a valid short 8 kHz G.711 call (8 KB/s).
#include <cstdint>
#include <optional>
#include <string_view>

namespace recguard::media {

enum class MediaFormat { wav_pcm16_8k, wav_pcm16_16k, wav_ulaw_8k, wav_alaw_8k };

// "wav_pcm16_8k", ... exactly the enumerator names.
std::string_view to_string(MediaFormat f);
std::optional<MediaFormat> media_format_from_string(std::string_view name);

int sample_rate(MediaFormat f);       // Hz
int bytes_per_sample(MediaFormat f);  // per channel: 2 for PCM16, 1 for G.711
std::int64_t bytes_per_second(MediaFormat f, int channels);
// Bytes before the audio payload in the canonical header build_wav_header()
// writes: 44 for PCM, 58 for G.711 (18-byte fmt chunk plus a 'fact' chunk).
std::int64_t wav_header_size(MediaFormat f);
// Exact size of the file build_wav_header() plus duration_ms of audio make
// (and so of what mocks::SyntheticWav generates). The frame count is
// duration_ms * rate / 1000, rounded down.
std::int64_t wav_file_size(MediaFormat f, int channels, std::int64_t duration_ms);

// Whether an artifact of size_bytes is plausible for duration_ms of this
// format: within 2 s of audio (2 * bytes_per_second) plus one header of the
// expected file size. The slack absorbs a platform rounding its duration to
// whole seconds and writers that add LIST/fact chunks; a recording cut short
// by more than 2 s does not fit. A negative size_bytes (unknown) never fits.
bool size_fits_codec(MediaFormat f, int channels, std::int64_t duration_ms, std::int64_t size_bytes);

}  // namespace recguard::media
