#include "core/stores/xml.hpp"

namespace recguard::stores {

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::string xml_unescape(std::string_view text) {
  static constexpr std::pair<std::string_view, char> kEntities[] = {
      {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    bool replaced = false;
    if (text[i] == '&') {
      for (const auto& [entity, c] : kEntities) {
        if (text.substr(i, entity.size()) == entity) {
          out.push_back(c);
          i += entity.size() - 1;
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) out.push_back(text[i]);
  }
  return out;
}

std::vector<std::string_view> xml_elements(std::string_view body, std::string_view tag) {
  std::vector<std::string_view> out;
  const std::string open = "<" + std::string(tag) + ">";
  const std::string close = "</" + std::string(tag) + ">";
  // The self-closing forms: "<Tag/>" and Azure's "<Tag />".
  const std::string empties[] = {"<" + std::string(tag) + "/>", "<" + std::string(tag) + " />"};
  std::size_t pos = 0;
  while (pos < body.size()) {
    const auto o = body.find(open, pos);
    auto e = std::string_view::npos;
    std::size_t e_size = 0;
    for (const auto& empty : empties) {
      const auto at = body.find(empty, pos);
      if (at < e) {
        e = at;
        e_size = empty.size();
      }
    }
    if (e != std::string_view::npos && (o == std::string_view::npos || e < o)) {
      out.push_back(std::string_view{});
      pos = e + e_size;
      continue;
    }
    if (o == std::string_view::npos) break;
    const auto start = o + open.size();
    const auto c = body.find(close, start);
    if (c == std::string_view::npos) break;
    out.push_back(body.substr(start, c - start));
    pos = c + close.size();
  }
  return out;
}

std::string xml_text(std::string_view body, std::string_view tag) {
  const auto all = xml_elements(body, tag);
  return all.empty() ? std::string{} : xml_unescape(all.front());
}

std::string xml_error_code(std::string_view body) { return xml_text(body, "Code"); }

}  // namespace recguard::stores
