#pragma once
// One backfill, sans-I/O: read the good copy from the source tier, check its
// bytes against the journal's SHA-256, write them create-only to the tier
// that lost them. An "already exists" answer is settled by HEAD and
// checksums: the same bytes are fine, other bytes are reported and never
// overwritten.
//
// The copy decides what each answer means; the pass (reconcile_pass.hpp)
// decides when to send, counts attempts and waits out the backoff.
#include <cstdint>
#include <string>

#include "core/reconcile/pass_io.hpp"
#include "core/stores/store_client.hpp"

namespace recguard::reconcile {

// A transport error, 429 or a 5xx other than 501: worth another try.
bool is_transient(const StoreAnswer& a);

class BackfillCopy {
 public:
  enum class Step { get, put, head, done };
  enum class Verdict {
    next,   // go on with the (new) current step at once
    retry,  // send the current step again after a backoff (one more attempt)
    done,   // finished: result() says how
  };
  struct Answer {
    Verdict verdict = Verdict::done;
    std::int64_t retry_after_s = -1;  // the store's Retry-After, when it gave one
    std::string why = {};             // what went wrong, for a retry that runs out
  };

  BackfillCopy(BackfillAction action, std::string journal_sha256_hex);

  Step step() const { return step_; }
  // The tier the current step's request goes to.
  Tier tier() const { return step_ == Step::get ? result_.action.source : result_.action.missing; }
  // The current step's request, built afresh for every attempt (signatures carry the time).
  http::Request build(const stores::StoreClient& source, const stores::StoreClient& missing,
                      std::int64_t unix_seconds) const;
  // The answer to the current step's request; `missing` reads a PUT or HEAD answer.
  Answer on_answer(const stores::StoreClient& missing, const StoreAnswer& a);
  // max_attempts ran out on the current step, or a tier it needs is unreachable.
  void end(CopyOutcome outcome, std::string detail);
  void count_request() { ++result_.requests; }

  const CopyResult& result() const { return result_; }

 private:
  Answer on_get(const StoreAnswer& a);
  Answer on_put(const stores::StoreClient& missing, const StoreAnswer& a);
  Answer on_head(const stores::StoreClient& missing, const StoreAnswer& a);
  Answer finish(CopyOutcome outcome, std::string detail, std::string etag = {});

  CopyResult result_;
  std::string journal_sha256_hex_;
  Step step_ = Step::get;
  SharedBytes body_;       // the source's bytes, held from GET until the copy ends
  std::string md5_b64_;    // of body_, for Content-MD5
  std::string md5_hex_;    // of body_, to recognise an S3 ETag
  // A PUT whose answer was lost or was a 5xx may have applied: a later
  // "already exists" with our bytes is then our own write.
  bool maybe_applied_ = false;
};

}  // namespace recguard::reconcile
