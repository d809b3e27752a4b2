#pragma once
// Loopback helpers for the live tests, on plain POSIX sockets so that they
// share nothing with the code under test: a blocking HTTP/1.1 exchange that
// reports a reset, a close or a timeout as such, and a small threaded HTTP
// upstream that echoes what it is sent.
#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace recguard::testing {

struct RawExchange {
  bool ok = false;      // a complete response was read
  int status = 0;
  std::string head;     // status line and header fields
  std::string body;
  std::string error;    // "reset", "closed", "timeout", "connect", ... when !ok
  std::string header(const std::string& name) const;  // first value, case-insensitive; "" when absent
};

// One request on a new connection; `timeout_ms` bounds every send and receive.
RawExchange raw_http(unsigned short port, const std::string& request, int timeout_ms = 10000);

std::string http_request(const std::string& method, const std::string& target,
                         const std::vector<std::pair<std::string, std::string>>& headers = {},
                         const std::string& body = {});

// An HTTP upstream on 127.0.0.1: GET /bytes/N answers N bytes (a known
// pattern, see pattern_bytes); any other request is answered 200 with its own
// body echoed, and a header X-Seen-Target naming its target. Keep-alive.
class EchoUpstream {
 public:
  EchoUpstream();
  ~EchoUpstream();
  EchoUpstream(const EchoUpstream&) = delete;
  EchoUpstream& operator=(const EchoUpstream&) = delete;
  unsigned short port() const { return port_; }
  std::uint64_t requests() const { return requests_; }
  // Every request read so far: (head, body), in arrival order.
  std::vector<std::pair<std::string, std::string>> received() const;

 private:
  void accept_loop();
  void serve(int fd);
  int listen_fd_ = -1;
  unsigned short port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<std::uint64_t> requests_{0};
  mutable std::mutex mu_;
  std::vector<std::pair<std::string, std::string>> received_;
  std::vector<int> open_fds_;
  std::vector<std::thread> threads_;
  std::thread acceptor_;
};

std::string pattern_bytes(std::size_t n);

}  // namespace recguard::testing
