#include "core/reconcile/pass_io.hpp"

namespace recguard::reconcile {

std::string_view to_string(CopyOutcome o) {
  switch (o) {
    case CopyOutcome::copied: return "copied";
    case CopyOutcome::already_present: return "already_present";
    case CopyOutcome::conflict: return "conflict";
    case CopyOutcome::source_unreadable: return "source_unreadable";
    case CopyOutcome::source_mismatch: return "source_mismatch";
    case CopyOutcome::source_gone: return "source_gone";
    case CopyOutcome::failed: return "failed";
    case CopyOutcome::skipped: return "skipped";
  }
  return "?";
}

bool is_copied(CopyOutcome o) { return o == CopyOutcome::copied; }

std::int64_t PassReport::copied() const {
  std::int64_t n = 0;
  for (const auto& c : copies) n += is_copied(c.outcome) ? 1 : 0;
  return n;
}

std::int64_t PassReport::not_copied() const {
  std::int64_t n = 0;
  for (const auto& c : copies) {
    n += c.outcome != CopyOutcome::copied && c.outcome != CopyOutcome::already_present ? 1 : 0;
  }
  return n;
}

}  // namespace recguard::reconcile
