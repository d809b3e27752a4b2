#pragma once
// The canonical trace: one line per event, "<time> <component> <text>". Its
// SHA-256 is printed at the end of every run; the same scenario and seed must
// give the same digest (ARCHITECTURE.md, determinism rules).
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/types/time.hpp"

// OpenSSL's context type, declared here so the header does not pull in
// <openssl/evp.h> (same declaration as <openssl/types.h>).
struct evp_md_ctx_st;

namespace recguard::sim {

class TraceRecorder {
 public:
  TraceRecorder();
  ~TraceRecorder();
  TraceRecorder(TraceRecorder&&) noexcept;
  TraceRecorder& operator=(TraceRecorder&&) noexcept;
  TraceRecorder(const TraceRecorder&) = delete;
  TraceRecorder& operator=(const TraceRecorder&) = delete;

  // Neither component nor text may contain '\n': one event, one line.
  void record(Instant t, std::string_view component, std::string_view text);

  // SHA-256 (lower-case hex) of every line so far, each ending in '\n'.
  // Callable mid-run: it finishes a copy of the running hash, not the hash.
  std::string digest_hex() const;
  std::uint64_t line_count() const { return line_count_; }

  // Every line is also written to `out` (nullptr: none). Not flushed per line.
  void set_file_sink(std::ostream* out) { sink_ = out; }
  // Called with every line (0-based index, text without '\n') as it is
  // recorded: the determinism check hashes lines to name the first that differs.
  using LineObserver = std::function<void(std::uint64_t index, std::string_view line)>;
  void set_line_observer(LineObserver observer) { observer_ = std::move(observer); }

  // The last n lines (oldest first, without '\n'), from a ring of the last
  // kRecentCapacity lines; for failure reports, not for the digest.
  std::vector<std::string> recent(std::size_t n) const;
  // The last n lines that contain `needle`, oldest first.
  std::vector<std::string> recent_matching(std::string_view needle, std::size_t n) const;

  static constexpr std::size_t kRecentCapacity = 20000;

 private:
  struct CtxFree {
    void operator()(evp_md_ctx_st* ctx) const;
  };
  // Index into ring_ of the line `back` positions before the newest (0 = newest).
  std::size_t ring_index(std::size_t back) const;

  std::unique_ptr<evp_md_ctx_st, CtxFree> hash_;
  std::vector<std::string> ring_;  // slots are reused, so steady state allocates nothing
  std::size_t ring_next_ = 0;      // slot the next line goes into
  std::uint64_t line_count_ = 0;
  std::ostream* sink_ = nullptr;
  LineObserver observer_;
};

}  // namespace recguard::sim
