#include "live/loop/io_loop.hpp"

#include <algorithm>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <csignal>
#include <optional>
#include <thread>

namespace recguard::live {

namespace asio = boost::asio;

struct IoLoop::Impl {
  asio::io_context io;
  // Keeps run() from returning while the loop merely waits for work.
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> guard{asio::make_work_guard(io)};
  std::thread thread;
};

IoLoop::IoLoop() : impl_(std::make_unique<Impl>()) {}

IoLoop::~IoLoop() {
  stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

asio::io_context& IoLoop::io() { return impl_->io; }

int IoLoop::run_until_signal() {
  int got = 0;
  asio::signal_set signals(impl_->io, SIGTERM, SIGINT);
  signals.async_wait([this, &got](const boost::system::error_code& ec, int sig) {
    if (ec) return;
    got = sig;
    impl_->io.stop();
  });
  impl_->io.run();
  return got;
}

void IoLoop::start_thread() {
  impl_->thread = std::thread([this] { impl_->io.run(); });
}

void IoLoop::stop() {
  impl_->guard.reset();
  impl_->io.stop();
}

void IoLoop::post(std::function<void()> fn) { asio::post(impl_->io, std::move(fn)); }

void IoLoop::after(Duration delay, std::function<void()> fn) {
  auto timer = std::make_shared<asio::steady_timer>(impl_->io, std::chrono::microseconds(std::max<std::int64_t>(0, delay.us)));
  timer->async_wait([timer, fn = std::move(fn)](const boost::system::error_code& ec) {
    if (!ec) fn();
  });
}

}  // namespace recguard::live
