#include "live/proxy/request_framer.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace recguard::live {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// A request line starts with an upper-case method token and a space
// ("GET ", "PUT ", "OPTIONS "); decided on as few bytes as are there.
bool looks_like_request_line(std::string_view s) {
  constexpr std::size_t kLongestMethod = 16;
  for (std::size_t i = 0; i < s.size() && i <= kLongestMethod; ++i) {
    if (s[i] == ' ') return i > 0;
    if (s[i] < 'A' || s[i] > 'Z') return false;
  }
  return s.size() <= kLongestMethod;
}

}  // namespace

bool parse_request_head(std::string_view head, RequestHead& out, std::int64_t& content_length) {
  content_length = 0;
  const auto line_end = head.find("\r\n");
  if (line_end == std::string_view::npos) return false;
  const std::string_view line = head.substr(0, line_end);
  const auto sp1 = line.find(' ');
  const auto sp2 = line.rfind(' ');
  if (sp1 == std::string_view::npos || sp2 == sp1 || line.substr(sp2 + 1).rfind("HTTP/1.", 0) != 0) return false;
  out.method = std::string(line.substr(0, sp1));
  out.target = std::string(line.substr(sp1 + 1, sp2 - sp1 - 1));
  std::size_t pos = line_end + 2;
  while (pos < head.size()) {
    const auto end = head.find("\r\n", pos);
    if (end == std::string_view::npos || end == pos) break;
    const std::string_view field = head.substr(pos, end - pos);
    pos = end + 2;
    const auto colon = field.find(':');
    if (colon == std::string_view::npos) return false;
    const std::string name = lower(trim(field.substr(0, colon)));
    const std::string_view value = trim(field.substr(colon + 1));
    if (name == "content-length") {
      const auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), content_length);
      if (ec != std::errc{} || p != value.data() + value.size() || content_length < 0) return false;
    } else if (name == "transfer-encoding") {
      return false;  // chunked bodies are not followed: pass through from here
    } else if (name == "authorization") {
      if (value.rfind("SharedKey", 0) == 0) out.azure = true;
      if (value.rfind("AWS4-HMAC-SHA256", 0) == 0) out.s3 = true;
    } else if (name.rfind("x-ms-", 0) == 0) {
      out.azure = true;
    } else if (name.rfind("x-amz-", 0) == 0) {
      out.s3 = true;
    } else if (name == "expect") {
      out.expects_continue = lower(value) == "100-continue";
    }
  }
  return true;
}

std::vector<RequestHead> RequestFramer::feed(std::string_view bytes, const Decide& decide, std::string& forward) {
  std::vector<RequestHead> dropped;
  while (!bytes.empty()) {
    if (passthrough_) {
      forward.append(bytes);
      return dropped;
    }
    if (state_ == State::body) {
      const auto n = static_cast<std::size_t>(std::min<std::int64_t>(body_left_, static_cast<std::int64_t>(bytes.size())));
      if (!dropping_) forward.append(bytes.substr(0, n));
      bytes.remove_prefix(n);
      body_left_ -= static_cast<std::int64_t>(n);
      if (body_left_ == 0) state_ = State::head;
      continue;
    }
    // Looking for the end of a head; the terminator may straddle two reads.
    const std::size_t before = head_.size();
    head_.append(bytes);
    if (!looks_like_request_line(head_)) {
      // TLS or another protocol: never hold its bytes back waiting for a head.
      passthrough_ = true;
      forward.append(head_);
      head_.clear();
      return dropped;
    }
    const auto end = head_.find("\r\n\r\n", before >= 3 ? before - 3 : 0);
    if (end == std::string::npos) {
      if (head_.size() > kMaxHeadBytes) {
        passthrough_ = true;
        forward.append(head_);
        head_.clear();
      }
      return dropped;
    }
    const std::size_t head_len = end + 4;
    const std::size_t used_from_bytes = head_len - before;
    bytes.remove_prefix(used_from_bytes);
    std::string head = head_.substr(0, head_len);
    head_.clear();
    RequestHead h;
    std::int64_t length = 0;
    if (!parse_request_head(head, h, length)) {
      passthrough_ = true;
      forward.append(head);
      continue;
    }
    ++heads_seen_;
    dropping_ = decide(h);
    if (dropping_) dropped.push_back(h);
    else forward.append(head);
    body_left_ = length;
    state_ = length > 0 ? State::body : State::head;
  }
  return dropped;
}

}  // namespace recguard::live
