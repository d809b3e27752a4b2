// Where a workflow's store command becomes a real S3 / Azure Blob request
// (through the StoreClient codecs), and where the store's answer becomes the
// workflow's event. Writes pass their tier's lane first (tier_lanes.cpp).
#include "core/pipeline/pipeline.hpp"

namespace recguard::pipeline {

namespace {

// A dropped connection after a write was sent is as ambiguous as a 500.
stores::WriteOutcome transport_outcome(const HttpCompleted& c) {
  stores::WriteOutcome o;
  o.kind = stores::WriteOutcomeKind::server_error;
  o.status = 0;
  o.error_code = c.transport_error;
  return o;
}

}  // namespace

std::optional<workflow::Event> Pipeline::send_store_command(workflow::RecordingWorkflow& wf, workflow::Command cmd,
                                                           std::vector<Tier>& deferred, Instant now) {
  const RecordingId id = wf.row().id;
  const std::int64_t unix_s = unix_seconds(now);
  return std::visit(
      [&](auto&& c) -> std::optional<workflow::Event> {
        using T = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<T, workflow::PutObject> || std::is_same_v<T, workflow::UploadPart> ||
                      std::is_same_v<T, workflow::CompleteUpload>) {
          const Tier t = c.tier;
          if (!route_write(id, std::move(c), now)) deferred.push_back(t);
        } else if constexpr (std::is_same_v<T, workflow::BeginUpload>) {
          const Tier t = c.tier;
          if (store(t).needs_upload_begin()) {
            if (!route_write(id, std::move(c), now)) deferred.push_back(t);
            return std::nullopt;
          }
          // Azure block blobs need no begin: no request, but the same deferral rule.
          if (must_defer(c, now)) {
            deferred.push_back(t);
            return std::nullopt;
          }
          return workflow::UploadBegun{t, true, {}, {}};
        } else if constexpr (std::is_same_v<T, workflow::AbortUpload>) {
          if (auto r = store(c.tier).build_abort_upload(c.key, c.upload_id, unix_s)) {
            const auto rid =
                send(id, PendingRequest::Kind::upload_abort, c.tier, store_endpoint(c.tier), std::move(*r));
            pending_requests_.at(rid).upload_id = c.upload_id;
            return std::nullopt;
          }
          // A store without aborts (Azure discards uncommitted blocks itself).
          return workflow::UploadAborted{c.tier, c.upload_id, 204};
        } else if constexpr (std::is_same_v<T, workflow::FetchStored>) {
          send(id, PendingRequest::Kind::stored_get, c.from, store_endpoint(c.from), store(c.from).build_get(c.key, unix_s));
        } else if constexpr (std::is_same_v<T, workflow::HeadObject>) {
          send(id, PendingRequest::Kind::head, c.tier, store_endpoint(c.tier), store(c.tier).build_head(c.key, unix_s));
        }
        return std::nullopt;
      },
      std::move(cmd));
}

void Pipeline::read_store_answer(workflow::RecordingWorkflow& wf, const PendingRequest& pr, const HttpCompleted& c,
                                 Instant now) {
  const Tier t = pr.tier;
  const int status = c.response ? c.response->status : 0;
  switch (pr.kind) {
    case PendingRequest::Kind::put:
    case PendingRequest::Kind::upload_complete: {
      stores::WriteOutcome o = transport_outcome(c);
      if (c.response) {
        o = pr.kind == PendingRequest::Kind::put ? store(t).parse_put(*c.response)
                                                 : store(t).parse_complete_upload(*c.response);
        note_write_answer(t, o, now);
      } else {
        note_write_answer(t, std::nullopt, now);
      }
      wf.handle(workflow::TierPutDone{t, o}, now);
      break;
    }
    case PendingRequest::Kind::upload_begin: {
      workflow::UploadBegun b{t, false, {}, transport_outcome(c)};
      if (c.response) {
        if (auto upload_id = store(t).parse_begin_upload(*c.response)) {
          b.ok = true;
          b.upload_id = *upload_id;
          b.failure = {};
          stores::WriteOutcome created;
          created.kind = stores::WriteOutcomeKind::created;
          created.status = status;
          note_write_answer(t, created, now);
        } else {
          // Every S3 write names its error the same way: read it as a PUT's.
          b.failure = store(t).parse_put(*c.response);
          if (b.failure.kind == stores::WriteOutcomeKind::created) b.failure.kind = stores::WriteOutcomeKind::server_error;
          note_write_answer(t, b.failure, now);
        }
      } else {
        note_write_answer(t, std::nullopt, now);
      }
      wf.handle(b, now);
      break;
    }
    case PendingRequest::Kind::upload_part: {
      stores::PartOutcome po;
      po.kind = stores::WriteOutcomeKind::server_error;
      po.error_code = c.transport_error;
      if (c.response) {
        po = store(t).parse_upload_part(*c.response);
        stores::WriteOutcome o;
        o.kind = po.kind;
        o.status = po.status;
        o.error_code = po.error_code;
        o.retry_after_s = po.retry_after_s;
        note_write_answer(t, o, now);
      } else {
        note_write_answer(t, std::nullopt, now);
      }
      wf.handle(workflow::PartUploaded{t, pr.part, po}, now);
      break;
    }
    case PendingRequest::Kind::upload_abort:
      wf.handle(workflow::UploadAborted{t, pr.upload_id, status}, now);
      break;
    case PendingRequest::Kind::stored_get:
      wf.handle(workflow::StoredFetched{t, status, c.response ? c.response->body : nullptr}, now);
      break;
    case PendingRequest::Kind::head: {
      workflow::TierHeadDone h{t, status, std::nullopt};
      if (c.response) {
        if (auto info = store(t).parse_head(*c.response)) h.info = *info;
      }
      wf.handle(h, now);
      break;
    }
    default:
      break;  // not a store request
  }
}

}  // namespace recguard::pipeline
