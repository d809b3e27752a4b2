#include "core/media/g711.hpp"

#include <array>

namespace recguard::media {

namespace {

constexpr int kSignBit = 0x80;
constexpr int kQuantMask = 0x0F;
constexpr int kSegShift = 4;
constexpr int kSegMask = 0x70;

constexpr int kUlawBias = 0x84;
constexpr int kUlawClip = 8159;  // 14-bit magnitude ceiling after the >> 2

constexpr std::array<int, 8> kSegUlawEnd{0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF, 0x1FFF};
constexpr std::array<int, 8> kSegAlawEnd{0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF};

// Index of the first segment whose end is >= value; 8 when beyond them all.
int segment(int value, const std::array<int, 8>& ends) {
  for (int i = 0; i < 8; ++i) {
    if (value <= ends[static_cast<std::size_t>(i)]) return i;
  }
  return 8;
}

}  // namespace

std::uint8_t linear_to_ulaw(std::int16_t pcm) {
  // Shift before taking the magnitude, as the reference does: negating first
  // would round small negative values towards zero differently.
  int value = pcm >> 2;
  int mask = 0xFF;
  if (value < 0) {
    value = -value;
    mask = 0x7F;
  }
  if (value > kUlawClip) value = kUlawClip;
  value += kUlawBias >> 2;
  const int seg = segment(value, kSegUlawEnd);
  if (seg >= 8) return static_cast<std::uint8_t>(0x7F ^ mask);
  const int code = (seg << 4) | ((value >> (seg + 1)) & 0xF);
  return static_cast<std::uint8_t>(code ^ mask);
}

std::int16_t ulaw_to_linear(std::uint8_t code) {
  const int u = ~code & 0xFF;
  int t = ((u & kQuantMask) << 3) + kUlawBias;
  t <<= (u & kSegMask) >> kSegShift;
  return static_cast<std::int16_t>((u & kSignBit) ? (kUlawBias - t) : (t - kUlawBias));
}

std::uint8_t linear_to_alaw(std::int16_t pcm) {
  int value = pcm >> 3;
  int mask = 0xD5;  // even bits inverted, sign bit set for positive values
  if (value < 0) {
    mask = 0x55;
    value = -value - 1;
  }
  const int seg = segment(value, kSegAlawEnd);
  if (seg >= 8) return static_cast<std::uint8_t>(0x7F ^ mask);
  int code = seg << kSegShift;
  code |= seg < 2 ? (value >> 1) & kQuantMask : (value >> seg) & kQuantMask;
  return static_cast<std::uint8_t>(code ^ mask);
}

std::int16_t alaw_to_linear(std::uint8_t code) {
  const int a = code ^ 0x55;
  int t = (a & kQuantMask) << 4;
  const int seg = (a & kSegMask) >> kSegShift;
  switch (seg) {
    case 0:
      t += 8;
      break;
    case 1:
      t += 0x108;
      break;
    default:
      t += 0x108;
      t <<= seg - 1;
  }
  return static_cast<std::int16_t>((a & kSignBit) ? t : -t);
}

}  // namespace recguard::media
