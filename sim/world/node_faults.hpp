#pragma once
// Faults a service node shows at its front door (scenarios/README.md, "Node
// faults"): a crashed store refuses connections, a throttled node answers its
// own throttle error, a failing node answers a 5xx, and an ambiguous write is
// applied by the model and then answered 500. The models stay the product's
// models of the real services; these answers are put around them, in each
// service's own error shape, so the client code parses what it would parse
// in production.
//
// Its randomness comes from its own stream ("node-faults"), so adding a node
// fault to a scenario never shifts the draws of the world's other faults.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/http/message.hpp"
#include "core/pipeline/pipeline_io.hpp"
#include "core/types/time.hpp"
#include "sim/kernel/prng.hpp"
#include "sim/scenario/scenario.hpp"

namespace recguard::sim {

struct InjectedAnswer {
  enum class Kind { throttled, error, ambiguous, refused };
  Kind kind = Kind::error;
  std::optional<http::Response> response = {};  // empty: no answer at all, the connection failed
  std::string transport_error = {};             // when there is no response
  std::string note = {};                        // the trace line's text
};

class NodeFaults {
 public:
  NodeFaults(std::vector<Fault> faults, std::uint64_t seed);

  // Before the node's model sees a request. Every request that reaches a
  // running node counts toward its throttle window, throttled or not.
  std::optional<InjectedAnswer> before(std::string_view node, pipeline::Endpoint ep, const http::Request& req,
                                       Instant now);
  // After the model has answered: a write it applied may still be answered
  // 500 (ambiguous_write). `answer` is the model's own.
  std::optional<InjectedAnswer> after(std::string_view node, pipeline::Endpoint ep, const http::Request& req,
                                      const http::Response& answer, Instant now);
  // Seconds the node's clock is ahead (negative: behind) at `now` (clock_skew).
  std::int64_t clock_offset_s(std::string_view node, Instant now) const;

 private:
  std::vector<Fault> faults_;
  Prng rng_;
  // Fixed one-second windows of virtual time, per node: the second and how
  // many requests reached the node in it.
  struct Window {
    std::int64_t second = -1;
    std::uint64_t requests = 0;
  };
  std::map<std::string, Window, std::less<>> windows_;
  std::uint64_t injected_ = 0;  // request ids of injected answers
};

// A node fault's node, when its target is {"node": ...}; empty otherwise.
std::string fault_node(const Fault& f);
// PutObject, UploadPart, CompleteMultipartUpload (S3); Put Blob, Put Block,
// Put Block List (Azure): the requests that store data.
bool is_data_write(pipeline::Endpoint ep, const http::Request& req);

}  // namespace recguard::sim
