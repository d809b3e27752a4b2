#include "bench/openssl_speed.hpp"

#include <cstdio>
#include <cstdlib>
#include <sstream>

namespace recguard::bench {

// `openssl speed` prints a "type" line naming its block sizes ("16 bytes
// 64 bytes ... 16384 bytes") and one line per algorithm with one figure per
// size in thousands of bytes per second ("1761198.08k").
double parse_openssl_speed(const std::string& text, const std::string& algorithm) {
  std::istringstream lines(text);
  std::string line;
  int column = -1;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::string word;
    words >> word;
    if (word == "type") {
      for (int i = 0; words >> word; ++i) {
        if (word == "16384") column = i / 2;  // each size is followed by the word "bytes"
      }
    } else if (word == algorithm && column >= 0) {
      for (int i = 0; i <= column; ++i) words >> word;
      if (!words || word.empty() || word.back() != 'k') return 0;
      return std::strtod(word.c_str(), nullptr) / 1000.0;
    }
  }
  return 0;
}

double openssl_speed_mbps(const std::string& algorithm, int seconds, std::string& command) {
  const std::string s = std::to_string(seconds);
  // Older builds lack -bytes; they then print every block size, 16384 among them.
  for (const std::string& cmd : {"openssl speed -seconds " + s + " -bytes 16384 " + algorithm + " 2>/dev/null",
                                 "openssl speed -seconds " + s + " " + algorithm + " 2>/dev/null"}) {
    FILE* p = popen(cmd.c_str(), "r");
    if (p == nullptr) continue;
    std::string text;
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) text.append(buf, n);
    const int status = pclose(p);
    const double mbps = parse_openssl_speed(text, algorithm);
    if (status == 0 && mbps > 0) {
      command = cmd;
      return mbps;
    }
  }
  return 0;
}

}  // namespace recguard::bench
