// Stable ids for named platform objects (platform_truth.hpp): a SHA-256 of
// the name, so ids never depend on the order objects were created in; and
// the recording id a media path names.
#include "core/crypto/digest.hpp"
#include "mocks/platforms/platform_truth.hpp"

namespace recguard::mocks {

std::string platform_guid(std::string_view name) {
  const std::string hex = crypto::to_hex(crypto::sha256(name));
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
         hex.substr(20, 12);
}

std::string platform_number(std::string_view name) {
  const auto d = crypto::sha256(name);
  std::uint32_t n = 0;
  for (int i = 0; i < 4; ++i) n = (n << 8) | d[static_cast<std::size_t>(i)];
  return std::to_string(1000000 + n % 9000000);  // seven digits, like CXone's skill ids
}

std::optional<RecordingId> recording_in_media_path(std::string_view path, std::string_view folder) {
  constexpr std::string_view suffix = ".wav";
  if (path.size() <= folder.size() + suffix.size() || !path.starts_with(folder) || !path.ends_with(suffix)) {
    return std::nullopt;
  }
  return RecordingId{std::string(path.substr(folder.size(), path.size() - folder.size() - suffix.size()))};
}

}  // namespace recguard::mocks
