#pragma once
// A cursor over the live configuration's JSON that knows its own path
// ("$.primary.secret_access_key") and the keys its object may have, so every
// error names the file, the path and what was expected, in the scenario
// loader's words (sim/scenario/json_reader.hpp; live/ may not include sim/).
#include <cstdint>
#include <set>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "core/types/time.hpp"

namespace recguard::live {

// Thrown inside the loader only; load_live_config turns it into an Error.
struct ConfigPathError : std::runtime_error {
  std::string json_path, expected, got;
  ConfigPathError(std::string path, std::string exp, std::string g)
      : std::runtime_error(exp), json_path(std::move(path)), expected(std::move(exp)), got(std::move(g)) {}
};

class JsonCursor {
 public:
  JsonCursor(const nlohmann::json& node, std::string path) : node_(node), path_(std::move(path)) {}

  const nlohmann::json& node() const { return node_; }
  const std::string& path() const { return path_; }
  // `got` describes the value found; a caller reading a secret passes its own
  // description so the value itself never reaches a message.
  [[noreturn]] void fail(const std::string& expected) const;
  [[noreturn]] void fail(const std::string& expected, const std::string& got) const;

  void expect_object(const std::set<std::string>& allowed) const;
  bool has(const std::string& key) const { return node_.is_object() && node_.contains(key); }
  JsonCursor at(const std::string& key) const;  // a required key
  JsonCursor index(std::size_t i) const { return JsonCursor(node_.at(i), path_ + "[" + std::to_string(i) + "]"); }
  std::size_t array_size() const;

  std::string string() const;
  std::string non_empty_string() const;
  std::string string_of(const std::set<std::string>& allowed) const;
  bool boolean() const;
  std::int64_t integer_in(std::int64_t lo, std::int64_t hi) const;
  Duration duration() const;       // "30s", "2h"
  std::int64_t size_bytes() const; // 1048576 or "1MiB"
  std::string url() const;         // http(s)://host[:port][/path], checked with parse_origin

 private:
  const nlohmann::json& node_;
  std::string path_;
};

}  // namespace recguard::live
