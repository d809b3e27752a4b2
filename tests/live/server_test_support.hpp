#pragma once
// Helpers for the HTTP server's socket tests: the server on its own io thread,
// a blocking client over plain POSIX sockets or OpenSSL (no Asio in the
// client, so a test sees the bytes a real peer would), and certificates made
// with the openssl command line.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "live/net/http_server.hpp"
#include "support/command_line.hpp"

namespace recguard::testing {

// The server runs on one io thread, as in the driver; the test thread talks to it over sockets.
class ServerUnderTest {
 public:
  ServerUnderTest(live::ServerOptions options, live::Handler handler) {
    server_ = std::make_unique<live::HttpServer>(io_, std::move(options), std::move(handler));
    thread_ = std::thread([this] { io_.run(); });
  }
  ~ServerUnderTest() {
    on_io([this] { server_.reset(); });
    guard_.reset();
    io_.stop();
    thread_.join();
  }
  ServerUnderTest(const ServerUnderTest&) = delete;
  ServerUnderTest& operator=(const ServerUnderTest&) = delete;

  unsigned short port() const { return server_->port(); }
  live::HttpServer& server() { return *server_; }
  boost::asio::io_context& io() { return io_; }

  // Runs f on the io thread and waits for it.
  template <class F>
  void on_io(F f) {
    std::promise<void> done;
    boost::asio::post(io_, [&] {
      f();
      done.set_value();
    });
    done.get_future().wait();
  }

 private:
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_ =
      boost::asio::make_work_guard(io_);
  std::unique_ptr<live::HttpServer> server_;
  std::thread thread_;
};

// A blocking connection to 127.0.0.1:port, plain or TLS. Reads give up after
// 10 s so that a broken server fails a test instead of hanging it.
class TestConnection {
 public:
  explicit TestConnection(unsigned short port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd_ >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    timeval tv{10, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  ~TestConnection() {
    if (ssl_) SSL_free(ssl_);
    if (ctx_) SSL_CTX_free(ctx_);
    if (fd_ >= 0) ::close(fd_);
  }
  TestConnection(const TestConnection&) = delete;
  TestConnection& operator=(const TestConnection&) = delete;

  bool connected() const { return connected_; }

  // TLS handshake trusting ca_file; with cert/key, presents a client certificate.
  bool start_tls(const std::string& ca_file, const std::string& cert_file = {}, const std::string& key_file = {}) {
    ctx_ = SSL_CTX_new(TLS_client_method());
    SSL_CTX_set_min_proto_version(ctx_, TLS1_2_VERSION);
    if (SSL_CTX_load_verify_locations(ctx_, ca_file.c_str(), nullptr) != 1) return false;
    SSL_CTX_set_verify(ctx_, SSL_VERIFY_PEER, nullptr);
    if (!cert_file.empty()) {
      if (SSL_CTX_use_certificate_chain_file(ctx_, cert_file.c_str()) != 1) return false;
      if (SSL_CTX_use_PrivateKey_file(ctx_, key_file.c_str(), SSL_FILETYPE_PEM) != 1) return false;
    }
    ssl_ = SSL_new(ctx_);
    SSL_set_fd(ssl_, fd_);
    SSL_set1_host(ssl_, "127.0.0.1");
    return SSL_connect(ssl_) == 1;
  }

  bool send(const std::string& bytes) {
    std::size_t off = 0;
    while (off < bytes.size()) {
      const long n = ssl_ ? SSL_write(ssl_, bytes.data() + off, static_cast<int>(bytes.size() - off))
                          : ::send(fd_, bytes.data() + off, bytes.size() - off, MSG_NOSIGNAL);
      if (n <= 0) return false;
      off += static_cast<std::size_t>(n);
    }
    return true;
  }

  // Up to n bytes; 0 on end of stream, timeout or error.
  std::size_t recv_some(char* buf, std::size_t n) {
    const long got = ssl_ ? SSL_read(ssl_, buf, static_cast<int>(n)) : ::recv(fd_, buf, n, 0);
    return got > 0 ? static_cast<std::size_t>(got) : 0;
  }

  // One whole response (head and a Content-Length body); nullopt when the
  // connection ended first. The raw head stays in `head`.
  struct Answer {
    int status = 0;
    std::string head;
    std::string body;
    bool has_header(const std::string& line) const { return head.find(line) != std::string::npos; }
  };
  std::optional<Answer> read_response(bool head_request = false) {
    while (pending_.find("\r\n\r\n") == std::string::npos) {
      if (!fill()) return std::nullopt;
    }
    const auto end = pending_.find("\r\n\r\n");
    Answer a;
    a.head = pending_.substr(0, end + 2);
    pending_.erase(0, end + 4);
    if (a.head.size() < 12) return std::nullopt;
    a.status = std::atoi(a.head.substr(9, 3).c_str());
    std::size_t len = 0;
    std::string lower = a.head;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (const auto p = lower.find("content-length:"); p != std::string::npos) {
      len = std::strtoul(lower.c_str() + p + 15, nullptr, 10);
    }
    if (head_request) len = 0;
    while (pending_.size() < len) {
      if (!fill()) return std::nullopt;
    }
    a.body = pending_.substr(0, len);
    pending_.erase(0, len);
    return a;
  }

  // The peer closed: a read returns end of stream (or a reset) rather than data.
  bool closed_by_peer() {
    if (!pending_.empty()) return false;
    char c = 0;
    return recv_some(&c, 1) == 0;
  }

 private:
  bool fill() {
    char buf[8192];
    const std::size_t n = recv_some(buf, sizeof buf);
    if (n == 0) return false;
    pending_.append(buf, n);
    return true;
  }

  int fd_ = -1;
  bool connected_ = false;
  SSL_CTX* ctx_ = nullptr;
  SSL* ssl_ = nullptr;
  std::string pending_;
};

inline std::string post_request(const std::string& target, const std::string& body,
                                const std::string& extra_headers = {}) {
  return "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n" + extra_headers + "\r\n" + body;
}

// A CA, a server certificate for 127.0.0.1 and a client certificate, both
// signed by the CA, and a second CA nobody trusts. EC keys: quick to make.
struct TestPki {
  TempFolder dir{"pki"};
  std::string ca_cert, server_cert, server_key, client_cert, client_key, stranger_cert, stranger_key;

  TestPki() {
    const std::string d = dir.path.string();
    dir.write("server.ext", "subjectAltName=IP:127.0.0.1\n");
    const std::string q = " >/dev/null 2>&1";
    auto run = [&](const std::string& cmd) { REQUIRE(std::system((cmd + q).c_str()) == 0); };
    auto make_ca = [&](const std::string& name) {
      run("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=" + name + " -keyout " + d + "/" + name +
          ".key -out " + d + "/" + name + ".pem");
    };
    auto make_leaf = [&](const std::string& ca, const std::string& name, const std::string& ext) {
      run("openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj /CN=" + name + " -keyout " + d + "/" + name + ".key -out " +
          d + "/" + name + ".csr");
      run("openssl x509 -req -days 2 -in " + d + "/" + name + ".csr -CA " + d + "/" + ca + ".pem -CAkey " + d +
          "/" + ca + ".key -CAcreateserial -out " + d + "/" + name + ".pem" + ext);
    };
    make_ca("ca");
    make_ca("stranger-ca");
    make_leaf("ca", "server", " -extfile " + d + "/server.ext");
    make_leaf("ca", "client", "");
    make_leaf("stranger-ca", "stranger", "");
    ca_cert = d + "/ca.pem";
    server_cert = d + "/server.pem";
    server_key = d + "/server.key";
    client_cert = d + "/client.pem";
    client_key = d + "/client.key";
    stranger_cert = d + "/stranger.pem";
    stranger_key = d + "/stranger.key";
  }
};

// One set per test run: every TLS test may share it.
inline const TestPki& shared_pki() {
  static const TestPki pki;
  return pki;
}

}  // namespace recguard::testing
