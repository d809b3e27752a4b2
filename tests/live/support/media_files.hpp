#pragma once
// Real recordings from the shared media folder (RECGUARD_SHARED_MEDIA_DIR),
// so the stores receive and return real audio bytes.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "core/types/bytes.hpp"

namespace recguard::testing {

inline SharedBytes shared_media(const std::string& name) {
  const auto path = std::filesystem::path(RECGUARD_SHARED_MEDIA_DIR) / name;
  std::ifstream in(path, std::ios::binary);
  INFO("media file " << path.string());
  REQUIRE(in);
  ByteVec bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  REQUIRE(!bytes.empty());
  return share(std::move(bytes));
}

// A recording of at least `min_bytes`, made of whole copies of a real one
// back to back: large enough for S3's 5 MiB multipart parts while every byte
// is still real audio.
inline SharedBytes long_recording(const std::string& name, std::size_t min_bytes) {
  const SharedBytes one = shared_media(name);
  ByteVec out;
  out.reserve(min_bytes + one->size());
  while (out.size() < min_bytes) out.insert(out.end(), one->begin(), one->end());
  return share(std::move(out));
}

inline SharedBytes slice(const SharedBytes& b, std::size_t from, std::size_t n) {
  return share(ByteVec(b->begin() + static_cast<std::ptrdiff_t>(from),
                       b->begin() + static_cast<std::ptrdiff_t>(std::min(b->size(), from + n))));
}

}  // namespace recguard::testing
