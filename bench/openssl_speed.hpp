#pragma once
// `openssl speed <algorithm>` run on this machine, in this run: the baseline
// every throughput figure is reported against (never a number remembered
// from another machine).
#include <string>

namespace recguard::bench {

// MB/s (1 MB = 1e6 bytes) at 16384-byte blocks for `algorithm` ("sha256",
// "md5"), 0 when openssl is missing or printed no such figure. `command`
// receives the command line that produced it.
double openssl_speed_mbps(const std::string& algorithm, int seconds, std::string& command);

// The figure for `algorithm` at 16384 bytes from openssl speed's output, or 0.
double parse_openssl_speed(const std::string& text, const std::string& algorithm);

}  // namespace recguard::bench
