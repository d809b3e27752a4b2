#pragma once
// An io_context with the few things a command of the recguard binary needs
// around it (app/ may not include Asio): run it here until SIGTERM or SIGINT,
// or on a thread of its own, post work to it and set one-shot timers.
#include <functional>
#include <memory>

#include "core/types/time.hpp"

namespace boost::asio {
class io_context;
}

namespace recguard::live {

class IoLoop {
 public:
  IoLoop();
  ~IoLoop();  // stops the loop and joins its thread, if any
  IoLoop(const IoLoop&) = delete;
  IoLoop& operator=(const IoLoop&) = delete;

  boost::asio::io_context& io();
  // Runs the loop on this thread until SIGTERM, SIGINT or stop(); returns the
  // signal that ended it (0: stop()).
  int run_until_signal();
  // Runs the loop on a thread of its own until stop() (tests).
  void start_thread();
  // From any thread.
  void stop();
  void post(std::function<void()> fn);
  // Runs `fn` on the loop once `delay` has passed (a cancelled loop drops it).
  void after(Duration delay, std::function<void()> fn);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace recguard::live
