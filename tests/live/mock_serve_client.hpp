#pragma once
// What the live tests need to talk to a running mock-serve: its ports file,
// core http values on the wire through raw_http, and the admin state.
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/http/message.hpp"
#include "fault_proxy_loopback.hpp"

namespace recguard::testing {

// The port of a "http://127.0.0.1:PORT" URL.
inline unsigned short port_of(const std::string& url) {
  return static_cast<unsigned short>(std::stoi(url.substr(url.rfind(':') + 1)));
}

inline std::optional<nlohmann::json> read_json_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  try {
    return nlohmann::json::parse(in);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// A core request as HTTP/1.1 text (it carries its own Host).
inline std::string wire_text(const http::Request& req) {
  std::string out = req.method + " " + req.target + " HTTP/1.1\r\n";
  for (const auto& [n, v] : req.headers.fields()) out += n + ": " + v + "\r\n";
  if (!req.headers.has("Content-Length") && (req.body_size() > 0 || req.method != "GET")) {
    out += "Content-Length: " + std::to_string(req.body_size()) + "\r\n";
  }
  out += "\r\n";
  out.append(req.body_view());
  return out;
}

// The header fields of a raw head, as core headers.
inline http::Headers parse_head_fields(const std::string& head) {
  http::Headers h;
  std::size_t pos = head.find("\r\n");
  while (pos != std::string::npos && pos + 2 < head.size()) {
    const auto end = head.find("\r\n", pos + 2);
    const std::string line = head.substr(pos + 2, end - pos - 2);
    pos = end;
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.erase(value.begin());
    h.add(line.substr(0, colon), value);
  }
  return h;
}

inline std::optional<nlohmann::json> mock_state(const nlohmann::json& ports) {
  const auto r = raw_http(port_of(ports.at("admin").get<std::string>()), http_request("GET", "/_mock/state"));
  if (!r.ok || r.status != 200) return std::nullopt;
  return nlohmann::json::parse(r.body);
}

}  // namespace recguard::testing
