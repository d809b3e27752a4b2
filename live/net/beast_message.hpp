#pragma once
// Conversions between core http values and Beast messages. Included only by
// the .cpp files of live/net that run Beast (the server and the client), so
// Beast's templates are instantiated in those few translation units.
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/vector_body.hpp>

#include "core/http/message.hpp"

namespace recguard::live {

// Bodies as byte vectors: the core's SharedBytes is a vector of the same bytes.
using WireBody = boost::beast::http::vector_body<std::uint8_t>;
using WireRequest = boost::beast::http::request<WireBody>;
using WireResponse = boost::beast::http::response<WireBody>;

// Headers are copied in order and as given: the core signed exactly these
// fields (Host among them), so nothing may be added or rewritten except
// Content-Length, which Beast sets from the body when the core left it out.
WireRequest to_wire(const http::Request& req);
http::Request from_wire(WireRequest&& req);
WireResponse to_wire(const http::Response& resp, unsigned http_version = 11);
http::Response from_wire(WireResponse&& resp);

}  // namespace recguard::live
