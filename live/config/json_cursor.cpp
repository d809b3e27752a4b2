#include "live/config/json_cursor.hpp"

#include "core/types/units.hpp"
#include "live/net/http_client.hpp"

namespace recguard::live {

namespace {

std::string describe(const nlohmann::json& v) {
  std::string s = v.dump();
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

std::string join(const std::set<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace

void JsonCursor::fail(const std::string& expected) const { fail(expected, describe(node_)); }

void JsonCursor::fail(const std::string& expected, const std::string& got) const {
  throw ConfigPathError(path_, expected, got);
}

void JsonCursor::expect_object(const std::set<std::string>& allowed) const {
  if (!node_.is_object()) fail("an object");
  for (const auto& item : node_.items()) {
    if (!allowed.count(item.key())) {
      throw ConfigPathError(path_ + "." + item.key(), "one of the keys " + join(allowed),
                            "unknown key \"" + item.key() + "\"");
    }
  }
}

JsonCursor JsonCursor::at(const std::string& key) const {
  if (!has(key)) throw ConfigPathError(path_ + "." + key, "a value here (required)", "nothing (the key is missing)");
  return JsonCursor(node_.at(key), path_ + "." + key);
}

std::size_t JsonCursor::array_size() const {
  if (!node_.is_array()) fail("an array");
  return node_.size();
}

std::string JsonCursor::string() const {
  if (!node_.is_string()) fail("a string");
  return node_.get<std::string>();
}

std::string JsonCursor::non_empty_string() const {
  if (!node_.is_string() || node_.get<std::string>().empty()) fail("a non-empty string");
  return node_.get<std::string>();
}

std::string JsonCursor::string_of(const std::set<std::string>& allowed) const {
  if (!node_.is_string() || !allowed.count(node_.get<std::string>())) fail("one of " + join(allowed));
  return node_.get<std::string>();
}

bool JsonCursor::boolean() const {
  if (!node_.is_boolean()) fail("true or false");
  return node_.get<bool>();
}

std::int64_t JsonCursor::integer_in(std::int64_t lo, std::int64_t hi) const {
  if (!node_.is_number_integer() || node_.get<std::int64_t>() < lo || node_.get<std::int64_t>() > hi) {
    fail("an integer from " + std::to_string(lo) + " to " + std::to_string(hi));
  }
  return node_.get<std::int64_t>();
}

Duration JsonCursor::duration() const {
  if (!node_.is_string()) fail("a duration string like \"250ms\", \"30s\", \"10m\", \"2h\" or \"1d\"");
  auto d = parse_duration(node_.get<std::string>());
  if (!d) fail(d.error().message);
  return *d;
}

std::int64_t JsonCursor::size_bytes() const {
  if (node_.is_number_integer() && node_.get<std::int64_t>() >= 0) return node_.get<std::int64_t>();
  if (!node_.is_string()) fail("a size in bytes, or like \"512KiB\", \"64MiB\" or \"1GiB\"");
  auto s = parse_size(node_.get<std::string>());
  if (!s) fail(s.error().message);
  return *s;
}

std::string JsonCursor::url() const {
  if (!node_.is_string() || !parse_origin(node_.get<std::string>())) {
    fail("an http:// or https:// URL like \"https://host:port\"");
  }
  return node_.get<std::string>();
}

}  // namespace recguard::live
