#include "fault_proxy_loopback.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>

namespace recguard::testing {

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// The Content-Length of a head, or 0.
std::size_t content_length(const std::string& head) {
  const std::string l = lower(head);
  const auto at = l.find("\r\ncontent-length:");
  if (at == std::string::npos) return 0;
  return static_cast<std::size_t>(std::stoull(l.substr(at + 17)));
}

bool send_all(int fd, const std::string& data) {
  std::size_t sent = 0;
  while (sent < data.size()) {
    const auto n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

// Reads one message (head and Content-Length body) from `fd`, with `pending`
// holding bytes already read past the previous one. Empty error: read.
std::string read_message(int fd, std::string& pending, std::string& head, std::string& body) {
  char buf[16384];
  std::size_t end = std::string::npos;
  while ((end = pending.find("\r\n\r\n")) == std::string::npos) {
    const auto n = ::recv(fd, buf, sizeof buf, 0);
    if (n == 0) return "closed";
    if (n < 0) return errno == EAGAIN || errno == EWOULDBLOCK ? "timeout" : errno == ECONNRESET ? "reset" : std::strerror(errno);
    pending.append(buf, static_cast<std::size_t>(n));
  }
  head = pending.substr(0, end + 4);
  const std::size_t want = content_length(head);
  pending.erase(0, end + 4);
  while (pending.size() < want) {
    const auto n = ::recv(fd, buf, sizeof buf, 0);
    if (n == 0) return "closed";
    if (n < 0) return errno == EAGAIN || errno == EWOULDBLOCK ? "timeout" : errno == ECONNRESET ? "reset" : std::strerror(errno);
    pending.append(buf, static_cast<std::size_t>(n));
  }
  body = pending.substr(0, want);
  pending.erase(0, want);
  return {};
}

}  // namespace

std::string pattern_bytes(std::size_t n) {
  std::string out(n, '\0');
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<char>('a' + (i * 7 + i / 251) % 26);
  return out;
}

std::string RawExchange::header(const std::string& name) const {
  const std::string l = lower(head);
  const auto at = l.find("\r\n" + lower(name) + ":");
  if (at == std::string::npos) return {};
  auto from = at + 3 + name.size();
  while (from < head.size() && head[from] == ' ') ++from;
  return head.substr(from, head.find("\r\n", from) - from);
}

std::string http_request(const std::string& method, const std::string& target,
                         const std::vector<std::pair<std::string, std::string>>& headers, const std::string& body) {
  std::string out = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (const auto& [n, v] : headers) out += n + ": " + v + "\r\n";
  if (!body.empty() || method == "PUT" || method == "POST") out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  return out + "\r\n" + body;
}

RawExchange raw_http(unsigned short port, const std::string& request, int timeout_ms) {
  RawExchange r;
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  timeval tv{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    r.error = "connect";
  } else if (!send_all(fd, request)) {
    r.error = errno == ECONNRESET || errno == EPIPE ? "reset" : "send";
  } else {
    std::string pending;
    r.error = read_message(fd, pending, r.head, r.body);
    r.ok = r.error.empty();
    if (r.ok) r.status = std::stoi(r.head.substr(9, 3));
  }
  ::close(fd);
  return r;
}

EchoUpstream::EchoUpstream() {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  ::listen(listen_fd_, 64);
  socklen_t len = sizeof addr;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

EchoUpstream::~EchoUpstream() {
  stopping_ = true;
  ::shutdown(listen_fd_, SHUT_RDWR);
  ::close(listen_fd_);
  acceptor_.join();
  {
    std::lock_guard lock(mu_);
    for (int fd : open_fds_) ::shutdown(fd, SHUT_RDWR);
  }
  for (auto& t : threads_) t.join();
}

std::vector<std::pair<std::string, std::string>> EchoUpstream::received() const {
  std::lock_guard lock(mu_);
  return received_;
}

void EchoUpstream::accept_loop() {
  while (!stopping_) {
    const int fd = ::accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) return;
    std::lock_guard lock(mu_);
    open_fds_.push_back(fd);
    threads_.emplace_back([this, fd] { serve(fd); });
  }
}

void EchoUpstream::serve(int fd) {
  std::string pending, head, body;
  while (!stopping_ && read_message(fd, pending, head, body).empty()) {
    ++requests_;
    {
      std::lock_guard lock(mu_);
      received_.emplace_back(head, body);
    }
    const auto sp = head.find(' ');
    const std::string target = head.substr(sp + 1, head.find(' ', sp + 1) - sp - 1);
    std::string answer = body;
    if (target.rfind("/bytes/", 0) == 0) answer = pattern_bytes(std::stoull(target.substr(7)));
    const std::string resp = "HTTP/1.1 200 OK\r\nX-Seen-Target: " + target + "\r\nContent-Length: " +
                             std::to_string(answer.size()) + "\r\n\r\n" + answer;
    if (!send_all(fd, resp)) break;
  }
  std::lock_guard lock(mu_);
  open_fds_.erase(std::remove(open_fds_.begin(), open_fds_.end(), fd), open_fds_.end());
  ::close(fd);
}

}  // namespace recguard::testing
