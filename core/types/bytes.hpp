#pragma once
// Byte buffers. Media chunks are shared immutably so that one downloaded chunk
// can go to both storage tiers without a copy.
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace recguard {

using ByteVec = std::vector<std::uint8_t>;
using SharedBytes = std::shared_ptr<const ByteVec>;
using ByteView = std::span<const std::uint8_t>;

inline SharedBytes share(ByteVec v) { return std::make_shared<const ByteVec>(std::move(v)); }
inline SharedBytes share(std::string_view s) { return share(ByteVec(s.begin(), s.end())); }
inline ByteView view(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}
inline std::string_view as_string_view(ByteView b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

}  // namespace recguard
