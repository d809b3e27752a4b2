#pragma once
// ITU-T G.711 mu-law and A-law, after the Sun Microsystems / CCITT reference
// code (g711.c) that libsndfile, SoX and most telephony stacks agree with.
// Encoders take 16-bit linear PCM; mu-law ignores the low 2 bits, A-law the
// low 3 (the reference's 14- and 13-bit inputs).
#include <cstdint>

namespace recguard::media {

std::uint8_t linear_to_ulaw(std::int16_t pcm);
std::int16_t ulaw_to_linear(std::uint8_t code);
std::uint8_t linear_to_alaw(std::int16_t pcm);
std::int16_t alaw_to_linear(std::uint8_t code);

}  // namespace recguard::media
