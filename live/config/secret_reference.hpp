#pragma once
// Credentials in the live configuration are references, resolved at load:
// {"env": "NAME"} reads an environment variable, {"file": "/path"} a file
// (one trailing newline dropped, as `echo` and editors leave one). A secret
// written inline is refused: config files get copied, committed and pasted
// into tickets, and a secret in one has leaked.
#include <filesystem>

#include "live/config/json_cursor.hpp"
#include "live/config/live_config.hpp"

namespace recguard::live {

// Throws ConfigPathError at `at`'s path; the message never holds the value.
// A relative file path is taken from `base_dir` (the config file's folder).
Secret read_secret(const JsonCursor& at, const std::filesystem::path& base_dir);

// Two secrets are the same credential when they come from the same reference
// or hold the same value.
bool same_secret(const Secret& a, const Secret& b);

}  // namespace recguard::live
