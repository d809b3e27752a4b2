#pragma once
// Running a command as a user would, for end-to-end tests: its exit code and
// what it printed, and a temporary folder that cleans up after itself.
#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace recguard::testing {

struct CommandOutcome {
  int exit_code = -1;
  std::string output;  // stdout, and stderr unless the command redirects it
};

inline CommandOutcome run_shell(const std::string& cmd) {
  FILE* pipe = ::popen(cmd.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string out;
  std::array<char, 4096> buf{};
  while (std::fgets(buf.data(), buf.size(), pipe)) out += buf.data();
  const int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

// The recguard binary with these arguments, stderr folded into the output.
inline CommandOutcome run_recguard(const std::string& args) {
  return run_shell(std::string(RECGUARD_BINARY) + " " + args + " 2>&1");
}

struct TempFolder {
  std::filesystem::path path;
  explicit TempFolder(const std::string& tag) {
    static int n = 0;
    path = std::filesystem::temp_directory_path() /
           ("recguard-" + tag + "-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
    std::filesystem::create_directories(path);
  }
  ~TempFolder() { std::filesystem::remove_all(path); }
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;
  std::filesystem::path write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name) << text;
    return path / name;
  }
  std::string read(const std::string& name) const {
    std::ifstream in(path / name);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
};

}  // namespace recguard::testing
