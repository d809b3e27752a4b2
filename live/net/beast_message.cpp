#include "live/net/beast_message.hpp"

#include <boost/beast/http/field.hpp>

namespace recguard::live {
namespace bhttp = boost::beast::http;

namespace {

template <class Fields>
void copy_fields_in(const http::Headers& from, Fields& to) {
  for (const auto& [name, value] : from.fields()) to.insert(name, value);
}

template <class Fields>
void copy_fields_out(const Fields& from, http::Headers& to) {
  for (const auto& f : from) to.add(std::string(f.name_string()), std::string(f.value()));
}

SharedBytes take_body(std::vector<std::uint8_t>&& body) {
  if (body.empty()) return nullptr;
  return share(std::move(body));
}

}  // namespace

WireRequest to_wire(const http::Request& req) {
  WireRequest out;
  out.method_string(req.method);
  out.target(req.target);
  out.version(11);
  copy_fields_in(req.headers, out);
  if (req.body) out.body().assign(req.body->begin(), req.body->end());
  // A GET without a body carries no Content-Length (as curl sends it); any
  // other method says its length, 0 included, or servers answer 411.
  if (!req.headers.has("Content-Length") && (req.body_size() > 0 || req.method != "GET")) out.prepare_payload();
  return out;
}

http::Request from_wire(WireRequest&& req) {
  http::Request out;
  out.method = std::string(req.method_string());
  out.target = std::string(req.target());
  copy_fields_out(req, out.headers);
  out.body = take_body(std::move(req.body()));
  return out;
}

WireResponse to_wire(const http::Response& resp, unsigned http_version) {
  WireResponse out;
  out.result(static_cast<unsigned>(resp.status));
  out.version(http_version);
  copy_fields_in(resp.headers, out);
  if (resp.body) out.body().assign(resp.body->begin(), resp.body->end());
  if (!resp.headers.has("Content-Length")) out.prepare_payload();
  return out;
}

http::Response from_wire(WireResponse&& resp) {
  http::Response out;
  out.status = static_cast<int>(resp.result_int());
  copy_fields_out(resp, out.headers);
  out.body = take_body(std::move(resp.body()));
  return out;
}

}  // namespace recguard::live
