#pragma once
// Just enough XML for the stores' flat error and listing documents. These are
// machine-generated, unnested-by-name bodies (<Error><Code>..</Code>...), so a
// scanner over tag names is sufficient; a general parser would add a
// dependency for no gain.
#include <string>
#include <string_view>
#include <vector>

namespace recguard::stores {

// Escapes & < > " ' for element text and attribute values.
std::string xml_escape(std::string_view text);
// Reverses xml_escape (the five predefined entities only).
std::string xml_unescape(std::string_view text);
// Text of the first <tag>...</tag> (unescaped); empty when absent. <tag/> is empty.
std::string xml_text(std::string_view body, std::string_view tag);
// Raw inner XML of every <tag>...</tag> in document order (for repeated
// elements such as <Contents> or <Blob>).
std::vector<std::string_view> xml_elements(std::string_view body, std::string_view tag);
// "<Error><Code>SlowDown</Code>..." -> "SlowDown"; empty when absent.
std::string xml_error_code(std::string_view body);

}  // namespace recguard::stores
