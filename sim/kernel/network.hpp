#pragma once
// Simulated links between named nodes: a base latency per link plus timed
// faults (extra latency, partitions). Lookups go through ordered containers
// and windows apply in insertion order, so nothing depends on hash order.
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/types/time.hpp"

namespace recguard::sim {

// The node name that matches every node in a fault window.
inline constexpr std::string_view kAnyNode = "*";

class Network {
 public:
  explicit Network(Duration default_latency);

  // Base one-way latency of the link a<->b (symmetric), replacing the default.
  void set_latency(std::string a, std::string b, Duration d);
  // Adds `extra` to the latency of a<->b for messages sent in [from, until).
  // b (or a) may be "*": every link touching the other node. Overlapping
  // windows add up.
  void add_latency_window(std::string a, std::string b, Instant from, Instant until, Duration extra);
  // Cuts a<->b for [from, until); "*" as for latency windows.
  void add_partition(std::string a, std::string b, Instant from, Instant until);

  // One-way latency of a message sent from a to b at `at`.
  Duration latency(std::string_view a, std::string_view b, Instant at) const;
  // A message sent at `at` is lost if the link is partitioned at send time; a
  // message already in flight when a partition starts still arrives.
  bool partitioned(std::string_view a, std::string_view b, Instant at) const;
  // Messages a latency window slowed: the latency fault's coverage.
  std::uint64_t messages_delayed() const { return delayed_; }

 private:
  struct Window {
    std::string a;
    std::string b;
    Instant from;
    Instant until;  // exclusive
    Duration extra;
    bool active(Instant at) const { return from <= at && at < until; }
    bool covers(std::string_view x, std::string_view y) const;
  };

  // Symmetric links are stored once, under (smaller name, larger name).
  using LinkKey = std::pair<std::string, std::string>;
  struct LinkLess {
    using is_transparent = void;
    using View = std::pair<std::string_view, std::string_view>;
    static View view(const LinkKey& k) { return {k.first, k.second}; }
    static View view(const View& k) { return k; }
    template <class X, class Y>
    bool operator()(const X& x, const Y& y) const { return view(x) < view(y); }
  };

  Duration default_latency_;
  std::map<LinkKey, Duration, LinkLess> latency_;
  std::vector<Window> latency_windows_;
  std::vector<Window> partitions_;
  mutable std::uint64_t delayed_ = 0;
};

}  // namespace recguard::sim
