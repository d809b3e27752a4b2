#include "sim/kernel/network.hpp"

#include <cassert>

namespace recguard::sim {

namespace {

bool matches(std::string_view pattern, std::string_view node) { return pattern == kAnyNode || pattern == node; }

}  // namespace

bool Network::Window::covers(std::string_view x, std::string_view y) const {
  return (matches(a, x) && matches(b, y)) || (matches(a, y) && matches(b, x));
}

Network::Network(Duration default_latency) : default_latency_(default_latency) {
  assert(default_latency.us >= 0);
}

void Network::set_latency(std::string a, std::string b, Duration d) {
  assert(d.us >= 0);
  assert(a != kAnyNode);
  assert(b != kAnyNode);
  if (b < a) std::swap(a, b);
  latency_[LinkKey{std::move(a), std::move(b)}] = d;
}

void Network::add_latency_window(std::string a, std::string b, Instant from, Instant until, Duration extra) {
  assert(from <= until);
  assert(extra.us >= 0);
  latency_windows_.push_back(Window{std::move(a), std::move(b), from, until, extra});
}

void Network::add_partition(std::string a, std::string b, Instant from, Instant until) {
  assert(from <= until);
  partitions_.push_back(Window{std::move(a), std::move(b), from, until, Duration{}});
}

Duration Network::latency(std::string_view a, std::string_view b, Instant at) const {
  const LinkLess::View key = b < a ? LinkLess::View{b, a} : LinkLess::View{a, b};
  const auto it = latency_.find(key);
  Duration total = it == latency_.end() ? default_latency_ : it->second;
  for (const Window& w : latency_windows_) {
    if (w.active(at) && w.covers(a, b)) {
      total += w.extra;
      ++delayed_;
    }
  }
  return total;
}

bool Network::partitioned(std::string_view a, std::string_view b, Instant at) const {
  for (const Window& w : partitions_) {
    if (w.active(at) && w.covers(a, b)) return true;
  }
  return false;
}

}  // namespace recguard::sim
