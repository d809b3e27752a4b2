#include "core/reconcile/backfill_copy.hpp"

#include <cassert>
#include <utility>

#include "core/crypto/digest.hpp"
#include "core/stores/xml.hpp"

namespace recguard::reconcile {

namespace {

std::string lower_hex(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

// "501 NotImplemented", "403 AuthenticationFailed": the status and the
// store's own error code (Azure's header, else the XML body's <Code>).
std::string describe(const http::Response& r) {
  std::string code = r.headers.get("x-ms-error-code").value_or(stores::xml_error_code(r.body_view()));
  return std::to_string(r.status) + (code.empty() ? "" : " " + code);
}

std::string describe(const StoreAnswer& a) {
  return a.response ? describe(*a.response) : "no answer (" + a.transport_error + ")";
}

}  // namespace

bool is_transient(const StoreAnswer& a) {
  if (!a.response) return true;
  const int s = a.response->status;
  return s == 429 || (s >= 500 && s != 501);
}

BackfillCopy::BackfillCopy(BackfillAction action, std::string journal_sha256_hex)
    : journal_sha256_hex_(lower_hex(std::move(journal_sha256_hex))) {
  assert(action.source != action.missing);
  result_.action = std::move(action);
}

http::Request BackfillCopy::build(const stores::StoreClient& source, const stores::StoreClient& missing,
                                  std::int64_t unix_seconds) const {
  const BackfillAction& a = result_.action;
  switch (step_) {
    case Step::get:
      // Both tiers store a recording under the same key (Reconciler::add_row).
      return source.build_get(a.key, unix_seconds);
    case Step::put: {
      stores::PutSpec spec;
      spec.key = a.key;
      spec.body = body_;
      spec.sha256_hex = journal_sha256_hex_;
      spec.md5_b64 = md5_b64_;
      spec.create_only = true;  // never over anything, whatever it holds
      return missing.build_put(spec, unix_seconds);
    }
    case Step::head: return missing.build_head(a.key, unix_seconds);
    case Step::done: break;
  }
  assert(false);  // nothing to send once done
  return {};
}

BackfillCopy::Answer BackfillCopy::on_answer(const stores::StoreClient& missing, const StoreAnswer& a) {
  // A GET's answer is the bytes themselves: no codec is needed to read it.
  switch (step_) {
    case Step::get: return on_get(a);
    case Step::put: return on_put(missing, a);
    case Step::head: return on_head(missing, a);
    case Step::done: break;
  }
  assert(false);  // answers to a finished copy are the pass's to drop
  return {};
}

BackfillCopy::Answer BackfillCopy::on_get(const StoreAnswer& a) {
  const std::string from = to_string(result_.action.source);
  if (is_transient(a)) return Answer{Verdict::retry, a.response ? stores::retry_after_seconds(*a.response) : -1,
                                     "GET from " + from + ": " + describe(a)};
  const int s = a.response->status;
  if (s == 404) return finish(CopyOutcome::source_gone, from + " no longer holds the object (GET 404)");
  if (s == 501) {
    // The models keep only the digests of an object assembled from parts
    // (S3 multipart, Azure block list): there are no bytes to copy.
    return finish(CopyOutcome::source_unreadable, from + " cannot serve the object's bytes (GET " + describe(*a.response) +
                                                      ", e.g. assembled from parts: digests only)");
  }
  if (s != 200) return finish(CopyOutcome::failed, "GET from " + from + " answered " + describe(*a.response));
  if (journal_sha256_hex_.empty()) {
    return finish(CopyOutcome::failed, "the journal names no SHA-256 to check the bytes against");
  }
  static const ByteVec kEmpty;
  const ByteView bytes = a.response->body ? ByteView(*a.response->body) : ByteView(kEmpty);
  const std::string got = crypto::to_hex(crypto::sha256(bytes));
  if (got != journal_sha256_hex_) {
    // Never propagate bytes the journal did not verify.
    return finish(CopyOutcome::source_mismatch,
                  from + "'s bytes hash to " + got + ", the journal says " + journal_sha256_hex_);
  }
  body_ = a.response->body ? a.response->body : share(ByteVec{});
  const auto md5 = crypto::md5(bytes);
  md5_b64_ = crypto::base64_encode(md5);
  md5_hex_ = crypto::to_hex(md5);
  step_ = Step::put;
  return Answer{Verdict::next};
}

BackfillCopy::Answer BackfillCopy::on_put(const stores::StoreClient& missing, const StoreAnswer& a) {
  const std::string to = to_string(result_.action.missing);
  if (!a.response) {
    maybe_applied_ = true;  // the write may have arrived; only its answer was lost
    return Answer{Verdict::retry, -1, "PUT to " + to + ": " + describe(a)};
  }
  const stores::WriteOutcome o = missing.parse_put(*a.response);
  using K = stores::WriteOutcomeKind;
  switch (o.kind) {
    case K::created: return finish(CopyOutcome::copied, "copied from " + std::string(to_string(result_.action.source)), o.etag);
    case K::already_exists:
      // Something holds the key: ours from a lost answer, the pipeline's, or other bytes.
      step_ = Step::head;
      return Answer{Verdict::next};
    case K::server_error:
      maybe_applied_ = true;  // S3 documents that a 500 may follow an applied write
      [[fallthrough]];
    case K::race_conflict:
    case K::throttled:
    case K::rejected_digest:  // damaged in transit: the same bytes again
      return Answer{Verdict::retry, o.retry_after_s, "PUT to " + to + ": " + describe(*a.response)};
    case K::auth_error:
    case K::client_error: break;
  }
  return finish(CopyOutcome::failed, "PUT to " + to + " answered " + describe(*a.response));
}

BackfillCopy::Answer BackfillCopy::on_head(const stores::StoreClient& missing, const StoreAnswer& a) {
  const std::string to = to_string(result_.action.missing);
  if (is_transient(a)) return Answer{Verdict::retry, -1, "HEAD on " + to + ": " + describe(a)};
  const auto info = missing.parse_head(*a.response);
  if (!info) return finish(CopyOutcome::failed, "HEAD on " + to + ": " + info.error().message);
  if (!info->exists) {
    // Gone again between the PUT's 412/409 and the HEAD: write it (one more attempt).
    step_ = Step::put;
    return Answer{Verdict::retry, -1, "PUT to " + to + ": the object came and went"};
  }
  // The store's SHA-256 (S3's verified checksum, or the writer's metadata)
  // when it has one; else an S3 single-PUT ETag, which is the MD5.
  bool same = false;
  if (!info->sha256_hex.empty()) {
    same = lower_hex(info->sha256_hex) == journal_sha256_hex_;
  } else {
    same = info->etag == "\"" + md5_hex_ + "\"";
  }
  if (same && maybe_applied_) {
    return finish(CopyOutcome::copied, "copied from " + std::string(to_string(result_.action.source)) +
                                           " (an earlier attempt applied; its answer was lost)",
                  info->etag);
  }
  if (same) return finish(CopyOutcome::already_present, to + " holds the journal's bytes already");
  return finish(CopyOutcome::conflict,
                to + " holds other bytes under the key (sha256 " +
                    (info->sha256_hex.empty() ? std::string("unknown, etag ") + info->etag : info->sha256_hex) +
                    ", journal " + journal_sha256_hex_ + "): not overwritten");
}

BackfillCopy::Answer BackfillCopy::finish(CopyOutcome outcome, std::string detail, std::string etag) {
  end(outcome, std::move(detail));
  result_.etag = std::move(etag);
  return Answer{Verdict::done};
}

void BackfillCopy::end(CopyOutcome outcome, std::string detail) {
  step_ = Step::done;
  result_.outcome = outcome;
  result_.detail = std::move(detail);
  body_.reset();  // the bytes are needed no longer: bounded memory
}

}  // namespace recguard::reconcile
