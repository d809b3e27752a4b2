// recguard validate-media FILE...: one JSON verdict per file, exit 0 only if all are valid.
#include <fstream>
#include <iostream>

#include "app/commands.hpp"
#include "core/media/media_validator.hpp"

namespace recguard::app {

int validate_media_command(const std::vector<std::string>& args) {
  if (args.empty()) {
    std::cerr << "recguard validate-media: needs at least one FILE\n";
    return 2;
  }
  bool all_valid = true, unreadable = false;
  for (const auto& file : args) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      std::cerr << "recguard validate-media: cannot read " << file << "\n";
      unreadable = true;
      continue;
    }
    // Stream the file through the validator: memory stays bounded for any size.
    media::MediaValidator validator;
    ByteVec chunk(1 << 20);
    while (in) {
      in.read(reinterpret_cast<char*>(chunk.data()), static_cast<std::streamsize>(chunk.size()));
      const auto got = static_cast<std::size_t>(in.gcount());
      if (got > 0) validator.feed(ByteView(chunk.data(), got));
    }
    auto verdict = validator.finish();
    all_valid &= verdict.valid;
    auto j = media::verdict_to_json(verdict);
    j["file"] = file;
    std::cout << j.dump() << "\n";
  }
  return unreadable ? 2 : all_valid ? 0 : 1;
}

}  // namespace recguard::app
