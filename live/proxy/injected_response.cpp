#include "live/proxy/injected_response.hpp"

#include <algorithm>

namespace recguard::live {

namespace {

const char* reason(int status) {
  switch (status) {
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Error";
  }
}

}  // namespace

std::string injected_response(int status, const RequestHead& req, Duration retry_after, bool close) {
  std::string body;
  std::string extra;
  const std::string seconds = std::to_string(std::max<std::int64_t>(1, retry_after.us / 1000000));
  if (req.azure) {
    const char* code = status == 503 ? "ServerBusy" : status == 500 ? "OperationTimedOut" : "ServerBusy";
    body = std::string("<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>") + code +
           "</Code><Message>The server is busy. (injected by recguard fault-proxy)</Message></Error>";
    extra = std::string("Content-Type: application/xml\r\nx-ms-error-code: ") + code + "\r\n";
  } else if (req.s3) {
    const char* code = status == 503 ? "SlowDown" : status == 500 ? "InternalError" : "SlowDown";
    body = std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>") + code +
           "</Code><Message>Please reduce your request rate.</Message><Resource>" + req.target +
           "</Resource><RequestId>fault-proxy</RequestId></Error>";
    extra = "Content-Type: application/xml\r\n";
  } else {
    const bool limited = status == 429;
    body = std::string("{\"message\":\"") +
           (limited ? "Rate limit exceeded the maximum. Retry the request in [" + seconds + "] seconds"
                    : std::string("Service Unavailable")) +
           "\",\"code\":\"" + (limited ? "too.many.requests.retry.after" : "service.unavailable") +
           "\",\"status\":" + std::to_string(status) +
           ",\"contextId\":\"fault-proxy\",\"details\":[],\"errors\":[]}";
    extra = "Content-Type: application/json\r\n";
  }
  // Retry-After on 429 everywhere; S3 and Azure send none with their 503s.
  if (status == 429 || (!req.azure && !req.s3)) extra += "Retry-After: " + seconds + "\r\n";
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " + reason(status) + "\r\n" + extra +
                    "Content-Length: " + std::to_string(body.size()) + "\r\n" +
                    (close ? "Connection: close\r\n" : "") + "\r\n";
  if (req.method != "HEAD") out += body;
  return out;
}

}  // namespace recguard::live
