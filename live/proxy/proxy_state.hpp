#pragma once
// The fault proxy's shared state (FaultProxy::Impl) and the one entry point
// of its connections, for the live/proxy .cpp files only: it includes Asio.
#include <array>
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>

#include "live/proxy/fault_proxy.hpp"

namespace recguard::live {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using ProxyClock = std::chrono::steady_clock;

struct ProxyConnection;

struct FaultProxy::Impl : std::enable_shared_from_this<FaultProxy::Impl> {
  Impl(asio::io_context& io_context, ProxyOptions opts, FaultSettings faults)
      : io(io_context),
        options(std::move(opts)),
        acceptor(io_context),
        settings(std::move(faults)),
        connection_dice(options.seed, "connections"),
        request_dice(options.seed, "requests") {}

  FaultSettings snapshot() const {
    std::lock_guard lock(mu);
    return settings;
  }
  double draw_connection() {
    std::lock_guard lock(mu);
    return connection_dice.uniform01();
  }
  double draw_request() {
    std::lock_guard lock(mu);
    return request_dice.uniform01();
  }
  void accept();

  asio::io_context& io;
  ProxyOptions options;
  tcp::acceptor acceptor;
  tcp::endpoint upstream;
  mutable std::mutex mu;  // settings and dice: setters come from any thread
  FaultSettings settings;
  FaultDice connection_dice;
  FaultDice request_dice;
  // The bandwidth limit is one shared link per direction: when it is next free.
  std::array<ProxyClock::time_point, 2> link_free{};
  // Open connections, to close them on close(); touched on the io thread only.
  std::map<std::uint64_t, std::weak_ptr<ProxyConnection>> open;
  std::uint64_t next_id = 0;
  bool closed = false;

  std::atomic<std::uint64_t> connections{0};
  std::atomic<std::uint64_t> resets{0};
  std::atomic<std::uint64_t> blackholed{0};
  std::atomic<std::uint64_t> requests_seen{0};
  std::atomic<std::uint64_t> requests_injected{0};
  std::atomic<std::uint64_t> upstream_connect_failures{0};
  std::atomic<std::uint64_t> bytes_up{0};
  std::atomic<std::uint64_t> bytes_down{0};
};

// Starts serving one accepted client socket (proxy_connection.cpp).
std::shared_ptr<ProxyConnection> start_connection(std::shared_ptr<FaultProxy::Impl> proxy, std::uint64_t id,
                                                  tcp::socket client);
// Closes both sockets of a connection at once (FaultProxy::close()).
void kill_connection(ProxyConnection& c);

}  // namespace recguard::live
