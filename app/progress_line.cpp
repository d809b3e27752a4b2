#include "app/progress_line.hpp"

#include <unistd.h>

#include <cstdio>

namespace recguard::app {

namespace {

std::string clock(Instant t) {
  const long long s = t.us / 1000000;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
  return buf;
}

}  // namespace

bool stdout_is_terminal() { return ::isatty(STDOUT_FILENO) == 1; }

void ProgressLine::start(std::size_t n, std::size_t total, const std::string& what) {
  prefix_ = "[" + std::to_string(n) + "/" + std::to_string(total) + "] " + what;
  if (!terminal_) {
    out_ << prefix_ << "\n" << std::flush;
    return;
  }
  out_ << "\r\033[K" << prefix_ << std::flush;
  drawn_ = true;
  last_draw_ = std::chrono::steady_clock::now();
}

void ProgressLine::reached(Instant t) {
  if (!terminal_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  out_ << "\r\033[K" << prefix_ << "  virtual " << clock(t) << std::flush;
  drawn_ = true;
}

void ProgressLine::clear() {
  if (!terminal_ || !drawn_) return;
  out_ << "\r\033[K" << std::flush;
  drawn_ = false;
}

}  // namespace recguard::app
