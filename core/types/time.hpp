#pragma once
// Virtual and real time as plain integers with units. The core never reads a
// clock: every `now` is handed in by a driver (ARCHITECTURE.md, sans-I/O).
#include <compare>
#include <cstdint>
#include <string>

namespace recguard {

// A span of time in microseconds. Integer so that sums are exact and the
// simulation's ordering never depends on floating-point rounding.
struct Duration {
  std::int64_t us = 0;

  static constexpr Duration micros(std::int64_t v) { return Duration{v}; }
  static constexpr Duration millis(std::int64_t v) { return Duration{v * 1000}; }
  static constexpr Duration seconds(std::int64_t v) { return Duration{v * 1000000}; }
  static constexpr Duration minutes(std::int64_t v) { return seconds(v * 60); }
  static constexpr Duration hours(std::int64_t v) { return minutes(v * 60); }

  constexpr std::int64_t ms() const { return us / 1000; }
  constexpr double seconds_f() const { return static_cast<double>(us) / 1e6; }

  constexpr Duration operator+(Duration o) const { return Duration{us + o.us}; }
  constexpr Duration operator-(Duration o) const { return Duration{us - o.us}; }
  constexpr Duration operator*(std::int64_t k) const { return Duration{us * k}; }
  constexpr Duration& operator+=(Duration o) { us += o.us; return *this; }
  constexpr auto operator<=>(const Duration&) const = default;
};

// A point in time: microseconds since the start of the run (simulation) or
// since the Unix epoch (live mode). The core only ever subtracts instants.
struct Instant {
  std::int64_t us = 0;

  constexpr Instant operator+(Duration d) const { return Instant{us + d.us}; }
  constexpr Instant operator-(Duration d) const { return Instant{us - d.us}; }
  constexpr Duration operator-(Instant o) const { return Duration{us - o.us}; }
  constexpr auto operator<=>(const Instant&) const = default;
};

// "12.345678s": fixed width fraction so trace lines sort and diff cleanly.
std::string format_instant(Instant t);
// "250ms", "15s", "2h": the shortest exact rendering in the scenario syntax.
std::string format_duration(Duration d);

}  // namespace recguard
