#pragma once
// Real third-party servers for live tests (Azurite, s3rver), started by the
// test on a free loopback port and stopped with it. They come from
// tools/live-peers, which scripts/install-live-deps.sh installs; a missing
// one fails the test and says so, it never skips. Header-only test plumbing.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace recguard::testing {

inline const char* const kInstallLivePeers = "scripts/install-live-deps.sh";

// tools/live-peers/node_modules/.bin/<name>, or a failed test naming the installer.
inline std::string live_peer_binary(const std::string& name) {
  const auto path = std::filesystem::path(RECGUARD_SOURCE_DIR) / "tools" / "live-peers" / "node_modules" / ".bin" / name;
  if (!std::filesystem::exists(path)) {
    FAIL(name << " is not installed at " << path.string() << ": run " << kInstallLivePeers);
  }
  return path.string();
}

// A port the kernel just handed out on 127.0.0.1. Another process could take
// it before the peer binds; the peer then fails to start and the test says so.
inline unsigned short free_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  socklen_t len = sizeof addr;
  REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
  ::close(fd);
  return ntohs(addr.sin_port);
}

inline bool accepts_connections(unsigned short port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

// One child process in its own process group, output to `log_file`; waits
// until it listens on `port`. It runs in the log's folder. SIGTERM to the group (then SIGKILL) on destruction.
class PeerProcess {
 public:
  using Environment = std::vector<std::pair<std::string, std::string>>;  // added to the test's own

  PeerProcess(std::vector<std::string> argv, unsigned short port, std::filesystem::path log_file,
              Environment env = {}, std::chrono::seconds start_limit = std::chrono::seconds(60))
      : log_file_(std::move(log_file)), name_(argv.at(0)) {
    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      ::setpgid(0, 0);
      // In the log's folder, so whatever the peer writes beside it goes when the test's folder does.
      if (::chdir(log_file_.parent_path().c_str()) != 0) ::_exit(126);
      const int fd = ::open(log_file_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (fd >= 0) {
        ::dup2(fd, 1);
        ::dup2(fd, 2);
        ::close(fd);
      }
      for (const auto& [name, value] : env) ::setenv(name.c_str(), value.c_str(), 1);
      std::vector<char*> args;
      for (auto& a : argv) args.push_back(a.data());
      args.push_back(nullptr);
      ::execv(args[0], args.data());
      ::_exit(127);
    }
    ::setpgid(pid_, pid_);  // also here: whichever runs first, the group exists before we may kill it
    const auto deadline = std::chrono::steady_clock::now() + start_limit;
    while (!accepts_connections(port)) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        FAIL(name_ << " exited before listening on port " << port << "; its output:\n" << log());
      }
      if (std::chrono::steady_clock::now() > deadline) {
        stop();
        FAIL(name_ << " did not listen on port " << port << " within " << start_limit.count() << " s; its output:\n"
                   << log());
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  ~PeerProcess() { stop(); }
  PeerProcess(const PeerProcess&) = delete;
  PeerProcess& operator=(const PeerProcess&) = delete;

  std::string log() const {
    std::ifstream in(log_file_);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }

 private:
  void stop() {
    if (pid_ <= 0) return;
    const pid_t pid = pid_;
    pid_ = -1;
    ::kill(-pid, SIGTERM);
    for (int i = 0; i < 50; ++i) {
      if (::waitpid(pid, nullptr, WNOHANG) == pid) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ::kill(-pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
  }

  pid_t pid_ = -1;
  std::filesystem::path log_file_;
  std::string name_;
};

}  // namespace recguard::testing
