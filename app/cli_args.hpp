#pragma once
// A small, strict argument parser: unknown flags are errors (exit 2), like
// unknown scenario keys.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace recguard::app {

struct ParsedArgs {
  std::vector<std::string> positional;
  std::map<std::string, std::string> options;  // "--seed" -> "7"
  std::set<std::string> flags;                 // "--check-determinism"
  std::string error;                           // non-empty: bad usage
};

// value_options take a value ("--seed N"); flag_options take none.
ParsedArgs parse_args(const std::vector<std::string>& args, const std::set<std::string>& value_options,
                      const std::set<std::string>& flag_options);

}  // namespace recguard::app
