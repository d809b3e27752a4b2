#include "core/media/wav_header.hpp"

#include <algorithm>
#include <cassert>
#include <limits>
#include <string_view>

namespace recguard::media {

namespace {

void put_tag(ByteVec& out, std::string_view tag) {
  assert(tag.size() == 4);
  out.insert(out.end(), tag.begin(), tag.end());
}

void put_u16(ByteVec& out, std::uint32_t v) {
  assert(v <= 0xFFFF);
  out.push_back(static_cast<std::uint8_t>(v & 0xFF));
  out.push_back(static_cast<std::uint8_t>((v >> 8) & 0xFF));
}

void put_u32(ByteVec& out, std::uint32_t v) {
  put_u16(out, v & 0xFFFF);
  put_u16(out, v >> 16);
}

std::uint32_t get_u16(ByteView b, std::size_t at) {
  return static_cast<std::uint32_t>(b[at]) | static_cast<std::uint32_t>(b[at + 1]) << 8;
}

std::uint32_t get_u32(ByteView b, std::size_t at) { return get_u16(b, at) | get_u16(b, at + 2) << 16; }

bool tag_is(ByteView b, std::size_t at, std::string_view tag) { return as_string_view(b.subspan(at, 4)) == tag; }

// A torn or garbage header often shows up as a chunk id of binary noise;
// rejecting it early beats waiting for a bogus multi-gigabyte chunk to end.
bool printable_id(ByteView b, std::size_t at) {
  for (std::size_t i = at; i < at + 4; ++i) {
    if (b[i] < 0x20 || b[i] > 0x7E) return false;
  }
  return true;
}

std::string printable(ByteView b) {
  std::string s;
  for (auto c : b) s += (c >= 0x20 && c <= 0x7E) ? static_cast<char>(c) : '?';
  return s;
}

Result<WavInfo> need_more(WavInfo info, std::int64_t min_prefix_bytes) {
  info.need_more = true;
  info.min_prefix_bytes = min_prefix_bytes;
  return info;
}

// Fills the format fields from a complete fmt chunk payload.
Result<WavInfo> parse_fmt(ByteView fmt, WavInfo info) {
  if (fmt.size() < 16) return Error{"fmt chunk of " + std::to_string(fmt.size()) + " bytes (needs 16)"};
  std::uint32_t tag = get_u16(fmt, 0);
  info.channels = static_cast<int>(get_u16(fmt, 2));
  info.sample_rate = static_cast<int>(std::min<std::uint32_t>(get_u32(fmt, 4), std::numeric_limits<int>::max()));
  info.block_align = static_cast<int>(get_u16(fmt, 12));
  info.bits_per_sample = static_cast<int>(get_u16(fmt, 14));
  if (tag == kWaveFormatExtensible && fmt.size() >= 40) tag = get_u16(fmt, 24);  // sub-format GUID's first two bytes
  info.format_tag = static_cast<std::uint16_t>(tag);
  if (info.channels == 0) return Error{"fmt chunk declares 0 channels"};
  if (info.sample_rate == 0) return Error{"fmt chunk declares a 0 Hz sample rate"};
  if (tag == kWaveFormatPcm && info.bits_per_sample == 16) info.codec = WavCodec::pcm16;
  if (tag == kWaveFormatMulaw && info.bits_per_sample == 8) info.codec = WavCodec::ulaw;
  if (tag == kWaveFormatAlaw && info.bits_per_sample == 8) info.codec = WavCodec::alaw;
  if (info.codec != WavCodec::other && info.block_align != info.channels * info.bits_per_sample / 8) {
    return Error{"fmt chunk block align " + std::to_string(info.block_align) + " does not match " +
                 std::to_string(info.channels) + " channels of " + std::to_string(info.bits_per_sample) + " bits"};
  }
  return info;
}

}  // namespace

ByteVec build_wav_header(MediaFormat format, int channels, std::uint32_t data_bytes) {
  assert(channels >= 1);
  assert(channels <= 0xFFFF);
  const auto header_bytes = static_cast<std::uint32_t>(wav_header_size(format));
  assert(data_bytes <= std::numeric_limits<std::uint32_t>::max() - header_bytes);
  const bool pcm = format == MediaFormat::wav_pcm16_8k || format == MediaFormat::wav_pcm16_16k;
  const auto rate = static_cast<std::uint32_t>(sample_rate(format));
  const auto block_align = static_cast<std::uint32_t>(bytes_per_sample(format) * channels);

  ByteVec out;
  out.reserve(header_bytes);
  put_tag(out, "RIFF");
  put_u32(out, header_bytes - 8 + data_bytes);
  put_tag(out, "WAVE");
  put_tag(out, "fmt ");
  put_u32(out, pcm ? 16 : 18);
  put_u16(out, pcm ? kWaveFormatPcm : format == MediaFormat::wav_ulaw_8k ? kWaveFormatMulaw : kWaveFormatAlaw);
  put_u16(out, static_cast<std::uint32_t>(channels));
  put_u32(out, rate);
  put_u32(out, rate * block_align);
  put_u16(out, block_align);
  put_u16(out, static_cast<std::uint32_t>(bytes_per_sample(format) * 8));
  if (!pcm) {
    put_u16(out, 0);  // cbSize
    // Non-PCM WAVE files must carry 'fact' (the frame count); some readers
    // refuse G.711 without it.
    put_tag(out, "fact");
    put_u32(out, 4);
    put_u32(out, data_bytes / block_align);
  }
  put_tag(out, "data");
  put_u32(out, data_bytes);
  assert(out.size() == header_bytes);
  return out;
}

Result<WavInfo> parse_wav_header(ByteView prefix) {
  WavInfo info;
  const std::size_t n = prefix.size();
  constexpr std::string_view kRiff = "RIFF";
  constexpr std::string_view kWave = "WAVE";
  // Check what is present of the magic so that a wrong file fails on its
  // first bytes instead of after we have waited for twelve of them.
  for (std::size_t i = 0; i < 4 && i < n; ++i) {
    if (prefix[i] != static_cast<std::uint8_t>(kRiff[i])) {
      return Error{"bad RIFF magic '" + printable(prefix.first(std::min<std::size_t>(n, 4))) + "'"};
    }
  }
  for (std::size_t i = 8; i < 12 && i < n; ++i) {
    if (prefix[i] != static_cast<std::uint8_t>(kWave[i - 8])) {
      return Error{"RIFF form type is '" + printable(prefix.subspan(8, std::min<std::size_t>(n, 12) - 8)) +
                   "', not 'WAVE'"};
    }
  }
  if (n < 12) return need_more(info, 12);

  bool fmt_seen = false;
  std::int64_t pos = 12;
  for (;;) {
    if (static_cast<std::int64_t>(n) < pos + 8) return need_more(info, pos + 8);
    const auto at = static_cast<std::size_t>(pos);
    if (!printable_id(prefix, at)) return Error{"malformed chunk id at offset " + std::to_string(pos)};
    const std::int64_t size = get_u32(prefix, at + 4);
    if (tag_is(prefix, at, "data")) {
      if (!fmt_seen) return Error{"'data' chunk before any 'fmt ' chunk"};
      info.data_offset = pos + 8;
      info.data_size_claimed = size;
      return info;
    }
    if (tag_is(prefix, at, "fmt ") && !fmt_seen) {
      if (static_cast<std::int64_t>(n) < pos + 8 + size) return need_more(info, pos + 8 + size);
      auto parsed = parse_fmt(prefix.subspan(at + 8, static_cast<std::size_t>(size)), info);
      if (!parsed) return parsed;
      info = *parsed;
      fmt_seen = true;
    } else if (tag_is(prefix, at, "fact") && size >= 4) {
      info.fact_offset = pos + 8;
    }
    pos += 8 + size + (size & 1);  // chunks are padded to an even length
  }
}

std::optional<MediaFormat> media_format_of(const WavInfo& info) {
  if (info.need_more) return std::nullopt;
  if (info.codec == WavCodec::pcm16 && info.sample_rate == 8000) return MediaFormat::wav_pcm16_8k;
  if (info.codec == WavCodec::pcm16 && info.sample_rate == 16000) return MediaFormat::wav_pcm16_16k;
  if (info.codec == WavCodec::ulaw && info.sample_rate == 8000) return MediaFormat::wav_ulaw_8k;
  if (info.codec == WavCodec::alaw && info.sample_rate == 8000) return MediaFormat::wav_alaw_8k;
  return std::nullopt;
}

std::string format_label(const WavInfo& info) {
  if (auto f = media_format_of(info)) return std::string(to_string(*f));
  std::string codec;
  switch (info.format_tag) {
    case kWaveFormatPcm:
      codec = "pcm" + std::to_string(info.bits_per_sample);
      break;
    case kWaveFormatIeeeFloat:
      codec = "float" + std::to_string(info.bits_per_sample);
      break;
    case kWaveFormatMulaw:
      codec = "ulaw";
      break;
    case kWaveFormatAlaw:
      codec = "alaw";
      break;
    default:
      codec = "tag" + std::to_string(info.format_tag);
  }
  return "wav_" + codec + "_" + std::to_string(info.sample_rate);
}

}  // namespace recguard::media
