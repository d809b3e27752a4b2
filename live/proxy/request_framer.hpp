#pragma once
// Finds HTTP/1.1 request boundaries in a client's byte stream, so the fault
// proxy can answer a whole request itself (dropping its head and body) or
// forward it untouched. No Asio here: bytes in, decisions out.
//
// It follows Content-Length only. A chunked request body, a head larger than
// kMaxHeadBytes or anything that does not parse as a request turns the framer
// into a plain pass-through for the rest of the connection: the proxy then
// forwards bytes and injects nothing, which is always safe.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace recguard::live {

// What the framer learnt from one request head.
struct RequestHead {
  std::string method;
  std::string target;
  bool azure = false;          // SharedKey-signed or x-ms-version: answer as Azure Blob does
  bool s3 = false;             // SigV4-signed or x-amz-*: answer as S3 does
  bool expects_continue = false;
};

class RequestFramer {
 public:
  static constexpr std::size_t kMaxHeadBytes = 64 * 1024;

  // Called once per complete request head: true drops the request (head and
  // body) so that the caller can answer it; false forwards it.
  using Decide = std::function<bool(const RequestHead&)>;

  // Feeds the next bytes from the client; appends to `forward` what must go
  // upstream and returns the heads of the requests that were dropped, in order.
  std::vector<RequestHead> feed(std::string_view bytes, const Decide& decide, std::string& forward);
  bool passthrough() const { return passthrough_; }
  std::uint64_t heads_seen() const { return heads_seen_; }

 private:
  enum class State { head, body };
  State state_ = State::head;
  std::string head_;              // bytes of a head not yet complete (held back)
  std::int64_t body_left_ = 0;    // bytes of the current body still to pass or drop
  bool dropping_ = false;         // the current request is being answered by the proxy
  bool passthrough_ = false;
  std::uint64_t heads_seen_ = 0;
};

// Parses one complete head ("...\r\n\r\n"); false when it is not a request
// this framer can follow (see the file comment).
bool parse_request_head(std::string_view head, RequestHead& out, std::int64_t& content_length);

}  // namespace recguard::live
