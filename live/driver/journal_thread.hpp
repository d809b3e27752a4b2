#pragma once
// The SQLite journal on its own thread. A group commit waits for fsync
// (synchronous=FULL); on the io thread that wait would stall every socket, so
// commits and point reads run here, in the order asked, and each answer is
// posted back to the io thread. The pipeline keeps one commit in flight and
// batches everything dirtied meanwhile into the next, so under load each
// fsync carries many webhooks.
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "core/journal/journal.hpp"

namespace boost::asio {
class io_context;
}

namespace recguard::live {

class JournalThread {
 public:
  // Takes the opened journal; answers are posted to `io`.
  JournalThread(boost::asio::io_context& io, std::unique_ptr<Journal> journal);
  ~JournalThread();  // finishes what was queued, then joins
  JournalThread(const JournalThread&) = delete;
  JournalThread& operator=(const JournalThread&) = delete;

  void commit(JournalBatch batch, std::function<void(Result<Committed>)> done);
  void load(RecordingId id, std::function<void(std::optional<RecordingRow>)> done);
  // Finishes the queue and joins; later calls are refused (their `done` never runs).
  void stop();

 private:
  void run();
  void enqueue(std::function<void()> task);

  boost::asio::io_context& io_;
  std::unique_ptr<Journal> journal_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace recguard::live
