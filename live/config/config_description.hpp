#pragma once
// The live configuration as text for the start-up log and `--print-config`:
// every setting, each credential shown only by where it came from
// ("<redacted> from env:NAME"), never by value.
#include <string>

#include "live/config/live_config.hpp"

namespace recguard::live {

std::string describe(const LiveConfig& cfg);
std::string describe(const Secret& secret);  // "<redacted> from env:NAME"

}  // namespace recguard::live
