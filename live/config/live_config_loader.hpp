#pragma once
// Loads the live configuration (live/README.md has the format and a complete
// example) strictly: an unknown key, a wrong type, an unreadable URL, an
// inline credential or a credential shared between tiers is an error naming
// the file, the JSON path and what was expected, worded as the scenario
// loader words its errors. No message ever holds a secret's value.
#include <filesystem>
#include <string>
#include <string_view>

#include "core/types/result.hpp"
#include "live/config/live_config.hpp"

namespace recguard::live {

Result<LiveConfig> load_live_config(const std::string& path);
// The same from text; `file_label` names it in messages and relative file
// references resolve against `base_dir`.
Result<LiveConfig> load_live_config_text(std::string_view text, const std::string& file_label,
                                         const std::filesystem::path& base_dir);

}  // namespace recguard::live
