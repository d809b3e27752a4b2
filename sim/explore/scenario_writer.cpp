#include "sim/explore/scenario_writer.hpp"

#include "core/media/media_format.hpp"

namespace recguard::sim {

namespace {

using Json = nlohmann::ordered_json;

std::string dur(Duration d) { return format_duration(d); }

Json media_json(const MediaSpec& m) {
  Json j;
  j["format"] = std::string(media::to_string(m.format));
  j["channels"] = m.channels;
  return j;
}

Json platform_json(const PlatformConfig& p) {
  const PlatformConfig defaults;
  Json j;
  j["kind"] = to_string(p.kind);
  // Each platform's own name is written even at its default, so the file
  // says which org or tenant it is; the other one only when it was changed.
  if (p.kind == Platform::genesys || p.org != defaults.org) j["org"] = p.org;
  if (p.kind == Platform::cxone || p.tenant != defaults.tenant) j["tenant"] = p.tenant;
  if (p.api_rate_limit_rps != defaults.api_rate_limit_rps) j["api_rate_limit_rps"] = p.api_rate_limit_rps;
  const WebhookConfig dw;
  Json w = Json::object();
  if (p.webhook.timeout != dw.timeout) w["timeout"] = dur(p.webhook.timeout);
  if (p.webhook.retries != dw.retries) w["retries"] = p.webhook.retries;
  if (p.webhook.retry_delay != dw.retry_delay) w["retry_delay"] = dur(p.webhook.retry_delay);
  if (p.webhook.secret != dw.secret || p.kind == Platform::genesys) w["secret"] = p.webhook.secret;
  if (!w.empty()) j["webhook"] = w;
  return j;
}

Json store_json(const StoreConfig& s) {
  Json j;
  j["kind"] = s.kind;
  if (s.kind == "s3") {
    j["bucket"] = s.bucket;
  } else {
    j["account"] = s.account;
    j["container"] = s.container;
  }
  j["region"] = s.region;
  if (s.put_limit_rps > 0) j["put_limit_rps"] = s.put_limit_rps;
  j["credentials"] = s.credentials;
  return j;
}

Json world_json(const World& w) {
  const World defaults;
  Json j;
  j["platforms"] = Json::array();
  for (const auto& p : w.platforms) j["platforms"].push_back(platform_json(p));
  j["stores"]["primary"] = store_json(w.primary);
  j["stores"]["backup"] = store_json(w.backup);
  if (w.orchestrators != defaults.orchestrators) j["orchestrators"] = w.orchestrators;
  if (w.reconciler) {
    const ReconcilerConfig dr;
    Json r = Json::object();
    if (w.reconciler->region != dr.region) r["region"] = w.reconciler->region;
    if (w.reconciler->every != dr.every) r["every"] = dur(w.reconciler->every);
    if (w.reconciler->page_size != dr.page_size) r["page_size"] = w.reconciler->page_size;
    if (w.reconciler->low_traffic_rows_per_hour != dr.low_traffic_rows_per_hour) {
      r["low_traffic_rows_per_hour"] = w.reconciler->low_traffic_rows_per_hour;
    }
    j["reconciler"] = r;
  }
  if (w.scope != defaults.scope) {
    j["compliance_scope"]["media"] = w.scope.media;
    j["compliance_scope"]["queues"] = w.scope.queues;
  }
  Json links = Json::object();
  if (w.default_latency != defaults.default_latency) links["default_latency"] = dur(w.default_latency);
  for (const auto& [pair, latency] : w.links) links[pair.first + "-" + pair.second] = dur(latency);
  if (!links.empty()) j["links"] = links;
  return j;
}

Json traffic_json(const Traffic& t) {
  const Traffic defaults;
  Json j = Json::object();
  if (t.arrivals) {
    Json a;
    a["per_minute"] = t.arrivals->per_minute;
    a["for"] = dur(t.arrivals->for_duration);
    a["process"] = t.arrivals->process;
    j["arrivals"] = a;
  }
  if (t.call_length != defaults.call_length) {
    j["call_length"]["median"] = dur(t.call_length.median);
    j["call_length"]["p95"] = dur(t.call_length.p95);
  }
  if (t.media != defaults.media) j["media"] = media_json(t.media);
  if (!t.platform_mix.empty()) j["platform_mix"] = t.platform_mix;
  if (!t.queue_mix.empty()) j["queue_mix"] = t.queue_mix;
  // The loader wants arrivals, calls or both: an empty list keeps a scenario
  // with no traffic at all loadable.
  if (!t.calls.empty() || !t.arrivals) j["calls"] = Json::array();
  for (const auto& c : t.calls) {
    Json cj;
    cj["id"] = c.id.str();
    cj["platform"] = to_string(c.platform);
    cj["start"] = dur(c.start);
    cj["length"] = dur(c.length);
    if (c.media) cj["media"] = media_json(*c.media);
    if (!c.queue.empty()) cj["queue"] = c.queue;
    j["calls"].push_back(cj);
  }
  return j;
}

Json target_json(const FaultTarget& target) {
  Json j;
  if (const auto* r = std::get_if<TargetRecording>(&target)) j["recording"] = r->id.str();
  if (const auto* c = std::get_if<TargetCall>(&target)) j["call"] = c->id.str();
  if (const auto* f = std::get_if<TargetFraction>(&target)) j["fraction"] = f->fraction;
  if (const auto* n = std::get_if<TargetNode>(&target)) j["node"] = n->node;
  if (const auto* l = std::get_if<TargetLink>(&target)) j["link"] = Json::array({l->a, l->b});
  return j;
}

// Only the keys the loader allows for this kind (scenario_loader.cpp's
// own_keys), and of those only the ones away from their defaults.
Json fault_json(const Fault& f) {
  const Fault d;
  Json j;
  j["kind"] = std::string(to_string(f.kind));
  j["at"] = dur(f.at);
  if (f.until) j["until"] = dur(*f.until);
  if (!std::holds_alternative<TargetNone>(f.target)) j["target"] = target_json(f.target);
  switch (f.kind) {
    case FaultKind::truncate_artifact:
      if (f.keep_bytes) j["keep_bytes"] = *f.keep_bytes;
      if (f.keep_fraction) j["keep_fraction"] = *f.keep_fraction;
      if (f.metadata != d.metadata) j["metadata"] = f.metadata;
      if (f.capture_stops != d.capture_stops) j["capture_stops"] = f.capture_stops;
      break;
    case FaultKind::slow_upload:
      if (f.extra) j["extra"] = dur(*f.extra);
      break;
    case FaultKind::cdn_unavailable:
    case FaultKind::error_rate:
      // The loader's default status depends on the kind: always say it.
      j["status"] = f.status;
      if (f.kind == FaultKind::error_rate && f.probability != d.probability) j["probability"] = f.probability;
      break;
    case FaultKind::webhook_storm:
      if (f.multiplier != d.multiplier) j["multiplier"] = f.multiplier;
      break;
    case FaultKind::duplicate_webhooks:
      if (f.probability != d.probability) j["probability"] = f.probability;
      if (f.delay != d.delay) j["delay"] = dur(f.delay);
      break;
    case FaultKind::drop_webhooks:
    case FaultKind::ambiguous_write:
      if (f.probability != d.probability) j["probability"] = f.probability;
      break;
    case FaultKind::spoofed_webhook:
    case FaultKind::objects_lost:
      if (f.count != d.count) j["count"] = f.count;
      break;
    case FaultKind::throttle:
      j["rps"] = f.rps;
      if (!f.as.empty()) j["as"] = f.as;
      break;
    case FaultKind::latency:
      j["add"] = dur(f.add);
      break;
    case FaultKind::credential_revoked:
      j["credential"] = f.credential;
      break;
    case FaultKind::crash:
      if (f.restart_after != d.restart_after) j["restart_after"] = dur(f.restart_after);
      break;
    case FaultKind::clock_skew:
      j["offset"] = dur(f.offset);
      break;
    case FaultKind::capture_crash:
    case FaultKind::partition:
    case FaultKind::conflict_on_start:
    case FaultKind::silent_capture: break;
  }
  return j;
}

// A comparison as it was written: a plain number stays a number, anything
// with an operator or a unit stays the string the loader parsed.
Json comparison_json(const Comparison& c) {
  const auto parsed = nlohmann::json::parse(c.text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_number() && parsed.dump() == c.text) return Json::parse(c.text);
  return c.text;
}

Json expect_json(const Expect& e) {
  Json j;
  if (e.all_invariants) {
    j["invariants"] = "all";
  } else {
    j["invariants"] = e.invariants;
  }
  if (e.converge_within) j["converge_within"] = dur(*e.converge_within);
  if (!e.outcomes.empty()) {
    for (const auto& [k, c] : e.outcomes) j["outcomes"][k] = comparison_json(c);
  }
  for (const auto& [id, r] : e.recordings) {
    Json rj = Json::object();
    if (r.outcome) rj["outcome"] = *r.outcome;
    if (r.rerecord_commands) rj["rerecord_commands"] = comparison_json(*r.rerecord_commands);
    j["recordings"][id] = rj;
  }
  for (const auto& [k, c] : e.metrics) j["metrics"][k] = comparison_json(c);
  return j;
}

}  // namespace

nlohmann::ordered_json scenario_to_json(const Scenario& s) {
  Json j;
  j["name"] = s.name;
  if (!s.description.empty()) j["description"] = s.description;
  j["seed"] = s.seed;
  if (s.run_for) j["run_for"] = dur(*s.run_for);
  j["world"] = world_json(s.world);
  j["traffic"] = traffic_json(s.traffic);
  if (!s.faults.empty()) {
    j["faults"] = Json::array();
    for (const auto& f : s.faults) j["faults"].push_back(fault_json(f));
  }
  j["expect"] = expect_json(s.expect);
  return j;
}

std::string write_scenario_text(const Scenario& s) { return scenario_to_json(s).dump(2) + "\n"; }

}  // namespace recguard::sim
