#pragma once
// The answers the fault proxy gives in a busy service's name, in the real
// shapes: S3's SlowDown XML, Azure's ServerBusy XML with x-ms-error-code, and
// Genesys-style JSON with too.many.requests.retry.after for anything else.
#include <string>

#include "core/types/time.hpp"
#include "live/proxy/request_framer.hpp"

namespace recguard::live {

// The whole HTTP/1.1 response, ready for the wire. `close`: the proxy closes
// the connection after it (a request that waited for 100-continue may or may
// not send its body now, so its framing is lost).
std::string injected_response(int status, const RequestHead& req, Duration retry_after, bool close);

}  // namespace recguard::live
