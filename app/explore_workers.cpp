#include "app/explore_workers.hpp"

#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <vector>

#include "app/explore_wire.hpp"

namespace recguard::app {

namespace {

struct Worker {
  pid_t pid = -1;
  int fd = -1;         // read end of its pipe; -1 once it reached EOF
  std::string buffer;  // a line not yet complete
};

// The worker process: explore its share, report over the pipe, exit.
[[noreturn]] void worker_main(const SeedPlan& plan, int job, const sim::explore::ExploreOptions& options, int fd,
                              const StopCheck& should_stop) {
  int code = 0;
  try {
    sim::explore::Explorer explorer(options);
    WireListener wire(fd);
    explore_share(plan, job, explorer, wire, should_stop);
  } catch (const std::exception& e) {
    std::cerr << "recguard explore: worker " << job << ": " << e.what() << "\n";
    code = 3;
  }
  ::close(fd);
  // _exit: the parent's buffers and static objects are the parent's to flush.
  std::cerr.flush();
  ::_exit(code);
}

void forward_lines(Worker& w, sim::explore::ExploreListener& listener, std::string& error) {
  std::size_t nl;
  while ((nl = w.buffer.find('\n')) != std::string::npos) {
    const std::string line = w.buffer.substr(0, nl);
    w.buffer.erase(0, nl + 1);
    if (!dispatch_wire_line(line, listener) && error.empty()) error = "a worker sent an unreadable line: " + line;
  }
}

}  // namespace

void explore_share(const SeedPlan& plan, int job, sim::explore::Explorer& explorer,
                   sim::explore::ExploreListener& listener, const StopCheck& should_stop) {
  const auto jobs = static_cast<std::uint64_t>(std::max(1, plan.jobs));
  for (std::uint64_t i = static_cast<std::uint64_t>(job); i < plan.count; i += jobs) {
    if (should_stop && should_stop()) return;
    explorer.explore_seed(plan.first + i, listener);
  }
}

std::string run_workers(const SeedPlan& plan, const sim::explore::ExploreOptions& options,
                        sim::explore::ExploreListener& listener, const StopCheck& should_stop) {
  std::cout.flush();
  std::cerr.flush();
  std::vector<Worker> workers;
  std::string error;
  for (int j = 0; j < plan.jobs; ++j) {
    int fds[2];
    if (::pipe(fds) != 0) {
      error = std::string("pipe: ") + std::strerror(errno);
      break;
    }
    const pid_t pid = ::fork();
    if (pid < 0) {
      error = std::string("fork: ") + std::strerror(errno);
      ::close(fds[0]);
      ::close(fds[1]);
      break;
    }
    if (pid == 0) {
      ::close(fds[0]);
      for (const auto& w : workers) ::close(w.fd);  // the siblings' pipes are the parent's
      worker_main(plan, j, options, fds[1], should_stop);
    }
    ::close(fds[1]);
    workers.push_back(Worker{pid, fds[0], {}});
  }

  for (;;) {
    std::vector<pollfd> polled;
    std::vector<std::size_t> which;
    for (std::size_t i = 0; i < workers.size(); ++i) {
      if (workers[i].fd < 0) continue;
      polled.push_back(pollfd{workers[i].fd, POLLIN, 0});
      which.push_back(i);
    }
    if (polled.empty()) break;
    if (::poll(polled.data(), polled.size(), -1) < 0) {
      if (errno == EINTR) continue;
      error = std::string("poll: ") + std::strerror(errno);
      break;
    }
    for (std::size_t k = 0; k < polled.size(); ++k) {
      if (polled[k].revents == 0) continue;
      Worker& w = workers[which[k]];
      char buf[65536];
      const ssize_t n = ::read(w.fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        ::close(w.fd);
        w.fd = -1;
        continue;
      }
      w.buffer.append(buf, static_cast<std::size_t>(n));
      forward_lines(w, listener, error);
    }
  }
  for (auto& w : workers) {
    if (w.fd >= 0) ::close(w.fd);
    int status = 0;
    while (::waitpid(w.pid, &status, 0) < 0 && errno == EINTR) {
    }
    const bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (!ok && error.empty()) {
      error = "worker process " + std::to_string(w.pid) +
              (WIFSIGNALED(status) ? " was killed by signal " + std::to_string(WTERMSIG(status))
                                   : " exited with " + std::to_string(WEXITSTATUS(status)));
    }
  }
  return error;
}

}  // namespace recguard::app
