#include "live/proxy/fault_proxy.hpp"

#include <boost/asio/post.hpp>
#include <stdexcept>
#include <vector>

#include "live/proxy/proxy_state.hpp"

namespace recguard::live {

void FaultProxy::Impl::accept() {
  acceptor.async_accept([self = shared_from_this()](const boost::system::error_code& ec, tcp::socket socket) {
    if (self->closed) return;
    if (!ec) {
      ++self->connections;
      const std::uint64_t id = ++self->next_id;
      self->open.emplace(id, start_connection(self, id, std::move(socket)));
    }
    self->accept();
  });
}

FaultProxy::FaultProxy(asio::io_context& io, ProxyOptions options, FaultSettings faults)
    : impl_(std::make_shared<Impl>(io, std::move(options), std::move(faults))) {
  const ProxyOptions& o = impl_->options;
  boost::system::error_code ec;
  tcp::resolver resolver(io);
  const auto found = resolver.resolve(o.upstream_host, std::to_string(o.upstream_port), ec);
  if (ec || found.empty()) {
    throw std::runtime_error("fault proxy: cannot resolve upstream " + o.upstream_host + ":" +
                             std::to_string(o.upstream_port) + ": " + ec.message());
  }
  impl_->upstream = found.begin()->endpoint();
  const auto address = asio::ip::make_address(o.listen_host, ec);
  if (ec) throw std::runtime_error("fault proxy: bad listen address " + o.listen_host);
  const tcp::endpoint listen(address, o.listen_port);
  impl_->acceptor.open(listen.protocol(), ec);
  if (!ec) impl_->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl_->acceptor.bind(listen, ec);
  if (!ec) impl_->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    throw std::runtime_error("fault proxy: cannot listen on " + o.listen_host + ":" + std::to_string(o.listen_port) +
                             ": " + ec.message());
  }
  impl_->accept();
}

FaultProxy::~FaultProxy() { close(); }

unsigned short FaultProxy::port() const {
  boost::system::error_code ec;
  return impl_->acceptor.local_endpoint(ec).port();
}

void FaultProxy::set_faults(FaultSettings faults) {
  std::lock_guard lock(impl_->mu);
  impl_->settings = std::move(faults);
}

FaultSettings FaultProxy::faults() const { return impl_->snapshot(); }

ProxyCounters FaultProxy::counters() const {
  const Impl& i = *impl_;
  return ProxyCounters{i.connections,  i.resets,   i.blackholed, i.requests_seen, i.requests_injected,
                       i.upstream_connect_failures, i.bytes_up, i.bytes_down};
}

void FaultProxy::close() {
  asio::post(impl_->io, [impl = impl_] {
    if (impl->closed) return;
    impl->closed = true;
    boost::system::error_code ignored;
    impl->acceptor.close(ignored);
    // Copy first: killing a connection may destroy it, which erases from `open`.
    std::vector<std::shared_ptr<ProxyConnection>> live;
    for (const auto& [id, weak] : impl->open) {
      if (auto c = weak.lock()) live.push_back(std::move(c));
    }
    for (const auto& c : live) kill_connection(*c);
  });
}

}  // namespace recguard::live
