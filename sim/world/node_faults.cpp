#include "sim/world/node_faults.hpp"

#include <utility>

#include "core/platforms/cxone/cxone_api.hpp"
#include "core/platforms/genesys/recording_api.hpp"
#include "mocks/stores/model_wire.hpp"
#include "sim/world/fault_targeting.hpp"

namespace recguard::sim {

namespace {

using pipeline::Endpoint;

bool targets(const Fault& f, std::string_view node) {
  const auto* n = std::get_if<TargetNode>(&f.target);
  return n && n->node == node;
}

// A 5xx the service itself does not send (502, 504, ...) comes from a load
// balancer in front of it, as an HTML page: a client must not count on the
// service's error shape for those.
http::Response gateway_page(int status) {
  const std::string s = std::to_string(status);
  return http::make_response(status, "<html><body><h1>" + s + "</h1>gateway error</body></html>", "text/html");
}

// HEAD answers carry no body (HTTP forbids one); S3 and Azure still send the
// status and, for Azure, x-ms-error-code.
http::Response s3_answer(int status, std::string_view code, std::string_view message, const http::Request& req,
                         const std::string& request_id) {
  http::Response r = mocks::s3_error(status, code, message, req.path(), request_id);
  if (req.method == "HEAD") r.body.reset();
  return r;
}

http::Response azure_answer(int status, std::string_view code, std::string_view message, const http::Request& req,
                            const std::string& request_id) {
  return mocks::azure_error(status, code, message, request_id, req.method != "HEAD");
}

// What each node answers above its rate: S3 throttles with 503 SlowDown (429
// when the scenario asks for it, with the same code), Azure with 503
// ServerBusy (it never sends 429), Genesys with 429, Retry-After and its JSON
// error, CXone with 429 and its own JSON error.
http::Response throttle_answer(Endpoint ep, const Fault& f, const http::Request& req, const std::string& request_id) {
  switch (ep) {
    case Endpoint::primary_store:
      return s3_answer(f.as == "slowdown" ? 503 : 429, "SlowDown", "Please reduce your request rate.", req,
                       request_id);
    case Endpoint::backup_store:
      return azure_answer(503, "ServerBusy", "Operations per second is over the account limit.", req, request_id);
    case Endpoint::cdn:
      return http::make_response(429, "<Error><Code>TooManyRequests</Code><Message>Rate exceeded</Message></Error>",
                                 "application/xml");
    case Endpoint::genesys_api: {
      auto r = http::make_response(
          429,
          genesys::error_body(429, "too.many.requests.retry.after",
                              "Rate limit exceeded the maximum. Retry the request in [1] seconds"),
          "application/json");
      r.headers.set("Retry-After", "1");
      return r;
    }
    case Endpoint::cxone_api: {
      auto r = http::make_response(429, cxone::error_body("TooManyRequests", "Too many requests"), "application/json");
      r.headers.set("Retry-After", "1");
      return r;
    }
  }
  return gateway_page(429);
}

// error_rate answers, in each service's shape for the statuses it sends.
http::Response error_answer(Endpoint ep, int status, const http::Request& req, const std::string& request_id) {
  switch (ep) {
    case Endpoint::primary_store:
      if (status == 500) return s3_answer(500, "InternalError", "We encountered an internal error. Please try again.", req, request_id);
      if (status == 503) return s3_answer(503, "ServiceUnavailable", "Service is unable to handle request.", req, request_id);
      break;
    case Endpoint::backup_store:
      if (status == 500) {
        return azure_answer(500, "InternalError", "The server encountered an internal error. Please retry the request.",
                            req, request_id);
      }
      if (status == 503) {
        return azure_answer(503, "ServerBusy",
                            "The server is currently unable to receive requests. Please retry your request.", req,
                            request_id);
      }
      break;
    case Endpoint::cdn:
      if (status == 500) return http::make_response(500, "<Error><Code>InternalError</Code></Error>", "application/xml");
      if (status == 503) {
        return http::make_response(503, "<Error><Code>ServiceUnavailable</Code></Error>", "application/xml");
      }
      break;
    case Endpoint::genesys_api:
      if (status == 500 || status == 503) {
        return http::make_response(
            status,
            genesys::error_body(status, status == 500 ? "internal.server.error" : "service.unavailable",
                                status == 500 ? "The server encountered an internal error" : "Service unavailable"),
            "application/json");
      }
      break;
    case Endpoint::cxone_api:
      if (status == 500 || status == 503) {
        return http::make_response(
            status,
            cxone::error_body(status == 500 ? "InternalServerError" : "ServiceUnavailable",
                              status == 500 ? "Internal server error" : "Service unavailable"),
            "application/json");
      }
      break;
  }
  return gateway_page(status);
}

// S3 documents that a 500 on a write may come after the write was applied.
http::Response ambiguous_answer(Endpoint ep, const http::Request& req, const std::string& request_id) {
  if (ep == Endpoint::backup_store) {
    return azure_answer(500, "InternalError", "The server encountered an internal error. Please retry the request.",
                        req, request_id);
  }
  return s3_answer(500, "InternalError", "We encountered an internal error. Please try again.", req, request_id);
}

// The error code an answer carries, for the trace: Azure's x-ms-error-code,
// S3's <Code>, Genesys' "code", CXone's "internalCode"; empty for none.
std::string error_code_of(const http::Response& r) {
  if (auto code = r.headers.get("x-ms-error-code")) return *code;
  const std::string_view body = r.body_view();
  for (const auto& [open, close] : {std::pair<std::string_view, std::string_view>{"<Code>", "</Code>"},
                                    {"\"code\":\"", "\""},
                                    {"\"internalCode\":\"", "\""}}) {
    const auto from = body.find(open);
    if (from == std::string_view::npos) continue;
    const auto to = body.find(close, from + open.size());
    if (to != std::string_view::npos) return std::string(body.substr(from + open.size(), to - from - open.size()));
  }
  return {};
}

std::string describe(const http::Response& r) {
  const std::string code = error_code_of(r);
  return std::to_string(r.status) + (code.empty() ? "" : " " + code);
}

}  // namespace

std::string fault_node(const Fault& f) {
  const auto* n = std::get_if<TargetNode>(&f.target);
  return n ? n->node : std::string{};
}

bool is_data_write(Endpoint ep, const http::Request& req) {
  if (ep == Endpoint::primary_store) {
    // PutObject and UploadPart are PUTs (UploadPartCopy copies, it brings no
    // data); CompleteMultipartUpload is the POST with an uploadId.
    if (req.method == "PUT") return !req.headers.has("x-amz-copy-source");
    return req.method == "POST" && http::query_param(req, "uploadId").has_value();
  }
  if (ep == Endpoint::backup_store) {
    if (req.method != "PUT") return false;
    const auto comp = http::query_param(req, "comp");
    return !comp || *comp == "block" || *comp == "blocklist";
  }
  return false;
}

NodeFaults::NodeFaults(std::vector<Fault> faults, std::uint64_t seed)
    : faults_(std::move(faults)), rng_(Prng::for_component(seed, "node-faults")) {}

std::optional<InjectedAnswer> NodeFaults::before(std::string_view node, Endpoint ep, const http::Request& req,
                                                 Instant now) {
  for (const Fault& f : faults_) {
    if (f.kind != FaultKind::crash || !targets(f, node)) continue;
    const Instant from = Instant{} + f.at;
    if (now >= from && now < from + f.restart_after) {
      // A crashed process: nothing listens, the connection is refused.
      return InjectedAnswer{InjectedAnswer::Kind::refused, std::nullopt,
                            "connection refused: " + std::string(node) + " is down",
                            "crash " + std::string(node) + " down: connection refused"};
    }
  }
  auto it = windows_.find(node);
  if (it == windows_.end()) it = windows_.emplace(std::string(node), Window{}).first;
  Window& w = it->second;
  const std::int64_t second = now.us / 1000000;
  if (w.second != second) w = Window{second, 0};
  ++w.requests;

  auto request_id = [this] { return "fault-" + std::to_string(++injected_); };
  for (const Fault& f : faults_) {
    if (f.kind != FaultKind::throttle || !targets(f, node) || !fault_active(f, now)) continue;
    if (static_cast<double>(w.requests) > f.rps) {
      auto r = throttle_answer(ep, f, req, request_id());
      const std::string note = "throttle " + std::string(node) + " " + describe(r) + " (request " +
                               std::to_string(w.requests) + " this second)";
      return InjectedAnswer{InjectedAnswer::Kind::throttled, std::move(r), "", note};
    }
  }
  for (const Fault& f : faults_) {
    if (f.kind != FaultKind::error_rate || !targets(f, node) || !fault_active(f, now)) continue;
    if (rng_.uniform01() < f.probability) {
      auto r = error_answer(ep, f.status, req, request_id());
      const std::string note = "error_rate " + std::string(node) + " " + describe(r);
      return InjectedAnswer{InjectedAnswer::Kind::error, std::move(r), "", note};
    }
  }
  return std::nullopt;
}

std::optional<InjectedAnswer> NodeFaults::after(std::string_view node, Endpoint ep, const http::Request& req,
                                                const http::Response& answer, Instant now) {
  // Only a write the model applied is ambiguous; a refused one changed nothing.
  if (answer.status < 200 || answer.status >= 300 || !is_data_write(ep, req)) return std::nullopt;
  for (const Fault& f : faults_) {
    if (f.kind != FaultKind::ambiguous_write || !targets(f, node) || !fault_active(f, now)) continue;
    if (rng_.uniform01() < f.probability) {
      auto r = ambiguous_answer(ep, req, "fault-" + std::to_string(++injected_));
      const std::string note =
          "ambiguous_write " + std::string(node) + " applied (" + std::to_string(answer.status) + "), answered " + describe(r);
      return InjectedAnswer{InjectedAnswer::Kind::ambiguous, std::move(r), "", note};
    }
  }
  return std::nullopt;
}

std::int64_t NodeFaults::clock_offset_s(std::string_view node, Instant now) const {
  std::int64_t offset_s = 0;
  for (const Fault& f : faults_) {
    if (f.kind == FaultKind::clock_skew && targets(f, node) && fault_active(f, now)) offset_s += f.offset.us / 1000000;
  }
  return offset_s;
}

}  // namespace recguard::sim
