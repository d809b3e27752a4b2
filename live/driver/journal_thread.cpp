#include "live/driver/journal_thread.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <cstdio>
#include <cstdlib>

namespace recguard::live {

JournalThread::JournalThread(boost::asio::io_context& io, std::unique_ptr<Journal> journal)
    : io_(io), journal_(std::move(journal)), thread_([this] { run(); }) {}

JournalThread::~JournalThread() { stop(); }

void JournalThread::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void JournalThread::enqueue(std::function<void()> task) {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    tasks_.push_back(std::move(task));
  }
  cv_.notify_one();
}

void JournalThread::commit(JournalBatch batch, std::function<void(Result<Committed>)> done) {
  enqueue([this, b = std::move(batch), d = std::move(done)]() mutable {
    auto res = journal_->commit(b);
    boost::asio::post(io_, [d = std::move(d), r = std::move(res)]() mutable { d(std::move(r)); });
  });
}

void JournalThread::load(RecordingId id, std::function<void(std::optional<RecordingRow>)> done) {
  enqueue([this, id = std::move(id), d = std::move(done)]() mutable {
    std::optional<RecordingRow> row;
    try {
      row = journal_->load(id);
    } catch (const std::exception& e) {
      // Answering "not known" would let the pipeline start the recording
      // afresh and overwrite its row. Everything acknowledged is durable, so
      // stopping here loses nothing; a restart recovers from the journal.
      std::fprintf(stderr, "recguard: journal read failed, stopping: %s\n", e.what());
      std::abort();
    }
    boost::asio::post(io_, [d = std::move(d), r = std::move(row)]() mutable { d(std::move(r)); });
  });
}

void JournalThread::run() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || !tasks_.empty(); });
      if (tasks_.empty()) return;  // stopping, and nothing left to do
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    task();
  }
}

}  // namespace recguard::live
