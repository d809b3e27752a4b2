#include "live/config/secret_reference.hpp"

#include <cstdlib>
#include <fstream>
#include <iterator>

#include "core/crypto/digest.hpp"

namespace recguard::live {

namespace {

const char* const kExpected = "a reference {\"env\": \"NAME\"} or {\"file\": \"/path\"} (credentials are never inline)";

// What a non-reference value looked like, without showing it.
std::string kind_of(const nlohmann::json& v) {
  if (v.is_string()) return "an inline string (not shown)";
  if (v.is_number()) return "a number (not shown)";
  if (v.is_array()) return "an array";
  if (v.is_boolean()) return "a boolean";
  if (v.is_null()) return "null";
  return "an object";
}

}  // namespace

Secret read_secret(const JsonCursor& at, const std::filesystem::path& base_dir) {
  const auto& node = at.node();
  if (!node.is_object() || node.size() != 1 || !(node.contains("env") || node.contains("file"))) {
    at.fail(kExpected, kind_of(node));
  }
  if (node.contains("env")) {
    const JsonCursor name_at = at.at("env");
    const std::string name = name_at.non_empty_string();
    const char* value = std::getenv(name.c_str());
    if (!value || !*value) name_at.fail("an environment variable that is set and not empty", name + " is unset or empty");
    return Secret(value, "env:" + name);
  }
  const JsonCursor file_at = at.at("file");
  std::filesystem::path file = file_at.non_empty_string();
  if (file.is_relative()) file = base_dir / file;
  std::ifstream in(file, std::ios::binary);
  if (!in) file_at.fail("a readable file holding the secret", file.string() + " cannot be opened");
  std::string value((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!value.empty() && value.back() == '\n') value.pop_back();
  if (!value.empty() && value.back() == '\r') value.pop_back();
  if (value.empty()) file_at.fail("a file holding the secret", file.string() + " is empty");
  return Secret(std::move(value), "file:" + file.string());
}

bool same_secret(const Secret& a, const Secret& b) {
  return a.source() == b.source() || crypto::constant_time_equal(a.reveal(), b.reveal());
}

}  // namespace recguard::live
