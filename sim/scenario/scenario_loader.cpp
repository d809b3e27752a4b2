#include "sim/scenario/scenario_loader.hpp"

#include <cmath>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "core/crypto/digest.hpp"
#include "sim/oracle/oracle.hpp"
#include "sim/scenario/json_reader.hpp"
#include "sim/scenario/units.hpp"

namespace recguard::sim {

std::string ScenarioError::message() const { return file + ": " + json_path + ": expected " + expected + ", got " + got; }

namespace {

const std::set<std::string> kFormats{"wav_pcm16_8k", "wav_pcm16_16k", "wav_ulaw_8k", "wav_alaw_8k"};
const std::set<std::string> kNodes{"platform", "orchestrator", "cdn", "primary", "backup", "reconciler", "relay"};
// A fault may also name the media server that captures the calls' audio: it
// has no link of its own to the pipeline (the platform stands between them),
// so it is a fault target only, never a link end.
const std::set<std::string> kTargetNodes = [] {
  auto nodes = kNodes;
  nodes.insert("media_server");
  return nodes;
}();

Platform platform_of(const JsonReader& r) {
  return r.string_of({"genesys", "cxone"}) == "cxone" ? Platform::cxone : Platform::genesys;
}

MediaSpec read_media(const JsonReader& r) {
  r.expect_object({"format", "channels"});
  MediaSpec m;
  if (r.has("format")) m.format = *media::media_format_from_string(r.at("format").string_of(kFormats));
  if (r.has("channels")) m.channels = static_cast<int>(r.at("channels").integer_in(1, 2));
  return m;
}

PlatformConfig read_platform(const JsonReader& r) {
  r.expect_object({"kind", "org", "tenant", "api_rate_limit_rps", "webhook"});
  PlatformConfig p;
  p.kind = platform_of(r.at("kind"));
  if (r.has("org")) p.org = r.at("org").string();
  if (r.has("tenant")) p.tenant = r.at("tenant").string();
  if (r.has("api_rate_limit_rps")) p.api_rate_limit_rps = r.at("api_rate_limit_rps").number_in(0.001, 1e6);
  if (r.has("webhook")) {
    const auto w = r.at("webhook");
    w.expect_object({"timeout", "retries", "retry_delay", "secret"});
    if (w.has("timeout")) p.webhook.timeout = w.at("timeout").duration();
    if (w.has("retries")) p.webhook.retries = static_cast<int>(w.at("retries").integer_in(0, 100));
    if (w.has("retry_delay")) p.webhook.retry_delay = w.at("retry_delay").duration();
    if (w.has("secret")) p.webhook.secret = w.at("secret").string();
  }
  return p;
}

StoreConfig read_store(const JsonReader& r, const char* expected_kind) {
  r.expect_object({"kind", "bucket", "account", "container", "region", "put_limit_rps", "credentials"});
  StoreConfig s;
  s.kind = r.at("kind").string_of({"s3", "azure_blob"});
  if (s.kind != expected_kind) r.at("kind").fail(std::string("\"") + expected_kind + "\" for this tier");
  if (s.kind == "s3") {
    s.bucket = r.at("bucket").string();
    if (r.has("account")) r.at("account").fail("no \"account\" on an s3 store");
    if (r.has("container")) r.at("container").fail("no \"container\" on an s3 store");
  } else {
    s.account = r.at("account").string();
    s.container = r.at("container").string();
    if (r.has("bucket")) r.at("bucket").fail("no \"bucket\" on an azure_blob store");
  }
  s.region = r.has("region") ? r.at("region").string() : (s.kind == "s3" ? "us-east-1" : "eastus2");
  if (r.has("put_limit_rps")) s.put_limit_rps = r.at("put_limit_rps").number_in(0.001, 1e7);
  s.credentials = r.at("credentials").string();
  if (s.credentials.empty()) r.at("credentials").fail("a non-empty credential name");
  return s;
}

World read_world(const JsonReader& r) {
  r.expect_object({"platforms", "stores", "orchestrators", "reconciler", "links", "compliance_scope"});
  World w;
  const auto ps = r.at("platforms");
  if (ps.array_size() == 0) ps.fail("at least one platform");
  for (std::size_t i = 0; i < ps.array_size(); ++i) w.platforms.push_back(read_platform(ps.index(i)));
  const auto st = r.at("stores");
  st.expect_object({"primary", "backup"});
  w.primary = read_store(st.at("primary"), "s3");
  w.backup = read_store(st.at("backup"), "azure_blob");
  if (w.backup.credentials == w.primary.credentials) {
    // Credential isolation is a configuration rule, not a hope.
    st.at("backup").at("credentials").fail("a credential distinct from the primary's");
  }
  if (r.has("orchestrators")) w.orchestrators = static_cast<int>(r.at("orchestrators").integer_in(1, 64));
  if (r.has("reconciler")) {
    // Present (even as {}): a reconciler runs, with these settings.
    const auto rc = r.at("reconciler");
    rc.expect_object({"region", "every", "page_size", "low_traffic_rows_per_hour"});
    ReconcilerConfig c;
    if (rc.has("region")) c.region = rc.at("region").string_of({"separate", "same"});
    if (rc.has("every")) {
      c.every = rc.at("every").duration();
      // A pass lists both stores whole: more often than once a minute is a
      // typo, and would fill a day's run with ticks.
      if (c.every < Duration::minutes(1)) rc.at("every").fail("an interval of at least 1m");
    }
    if (rc.has("page_size")) c.page_size = static_cast<int>(rc.at("page_size").integer_in(1, 5000));
    if (rc.has("low_traffic_rows_per_hour")) {
      c.low_traffic_rows_per_hour = rc.at("low_traffic_rows_per_hour").integer_in(0, 1000000000);
    }
    w.reconciler = c;
  }
  if (r.has("compliance_scope")) {
    const auto sc = r.at("compliance_scope");
    sc.expect_object({"media", "queues"});
    auto names = [](const JsonReader& list) {
      std::vector<std::string> out;
      if (!list.node().is_array()) list.fail("an array of names");
      for (std::size_t i = 0; i < list.array_size(); ++i) {
        out.push_back(list.index(i).string());
        if (out.back().empty()) list.index(i).fail("a non-empty name");
      }
      return out;
    };
    if (sc.has("media")) w.scope.media = names(sc.at("media"));
    if (sc.has("queues")) w.scope.queues = names(sc.at("queues"));
  }
  if (r.has("links")) {
    const auto links = r.at("links");
    if (!links.node().is_object()) links.fail("an object of link latencies");
    for (const auto& [key, value] : links.node().items()) {
      (void)value;
      const JsonReader v = links.at(key);
      if (key == "default_latency") {
        w.default_latency = v.duration();
        continue;
      }
      const auto dash = key.find('-');
      const std::string a = key.substr(0, dash), b = dash == std::string::npos ? "" : key.substr(dash + 1);
      if (!kNodes.count(a) || !kNodes.count(b)) {
        throw ScenarioPathError(v.path(), "\"default_latency\" or a link \"<node>-<node>\" between platform, "
                                          "orchestrator, cdn, primary, backup, reconciler",
                                "\"" + key + "\"");
      }
      w.links[{a, b}] = v.duration();
    }
  }
  return w;
}

Traffic read_traffic(const JsonReader& r) {
  r.expect_object({"arrivals", "call_length", "media", "platform_mix", "queue_mix", "calls"});
  Traffic t;
  if (!r.has("arrivals") && !r.has("calls")) r.fail("traffic with \"arrivals\", \"calls\" or both");
  if (r.has("media")) t.media = read_media(r.at("media"));
  if (r.has("arrivals")) {
    const auto a = r.at("arrivals");
    a.expect_object({"per_minute", "for", "process"});
    Arrivals arr;
    arr.per_minute = a.at("per_minute").number_in(0, 100000);
    arr.for_duration = a.at("for").duration();
    if (a.has("process")) arr.process = a.at("process").string_of({"poisson", "uniform"});
    t.arrivals = arr;
  }
  if (r.has("call_length")) {
    const auto c = r.at("call_length");
    c.expect_object({"median", "p95"});
    if (c.has("median")) t.call_length.median = c.at("median").duration();
    if (c.has("p95")) t.call_length.p95 = c.at("p95").duration();
    if (t.call_length.median.us <= 0) c.at("median").fail("a positive duration");
    if (t.call_length.p95 < t.call_length.median) c.at("p95").fail("a p95 at least the median");
  }
  if (r.has("platform_mix")) {
    const auto m = r.at("platform_mix");
    m.expect_object({"genesys", "cxone"});
    double sum = 0;
    for (const auto& [k, v] : m.node().items()) {
      (void)v;
      t.platform_mix[k] = m.at(k).number_in(0, 1);
      sum += t.platform_mix[k];
    }
    if (std::abs(sum - 1.0) > 1e-9) m.fail("fractions that sum to 1");
  }
  if (r.has("queue_mix")) {
    const auto m = r.at("queue_mix");
    if (!m.node().is_object() || m.node().empty()) m.fail("an object of queue name to fraction");
    double sum = 0;
    for (const auto& [k, v] : m.node().items()) {
      (void)v;
      t.queue_mix[k] = m.at(k).number_in(0, 1);
      sum += t.queue_mix[k];
    }
    if (std::abs(sum - 1.0) > 1e-9) m.fail("fractions that sum to 1");
  }
  if (r.has("calls")) {
    const auto calls = r.at("calls");
    std::set<std::string> seen;
    static const std::regex call_id("call-[0-9]{4,}");
    for (std::size_t i = 0; i < calls.array_size(); ++i) {
      const auto c = calls.index(i);
      c.expect_object({"id", "platform", "start", "length", "media", "queue"});
      ExplicitCall ec;
      const std::string id = c.at("id").string();
      if (!std::regex_match(id, call_id)) c.at("id").fail("a call id of the form \"call-0001\"");
      if (!seen.insert(id).second) c.at("id").fail("a call id not used by another call");
      ec.id = CallId{id};
      ec.platform = c.has("platform") ? platform_of(c.at("platform")) : Platform::genesys;
      ec.start = c.at("start").duration();
      ec.length = c.at("length").duration();
      if (ec.length.us <= 0) c.at("length").fail("a positive duration");
      if (c.has("media")) ec.media = read_media(c.at("media"));
      if (c.has("queue")) ec.queue = c.at("queue").string();
      t.calls.push_back(ec);
    }
  }
  return t;
}

FaultTarget read_target(const JsonReader& r) {
  r.expect_object({"recording", "call", "fraction", "node", "link"});
  if (r.node().size() != 1) r.fail("exactly one of recording, call, fraction, node, link");
  static const std::regex rec_id("rec-[0-9]{4,}"), call_id("call-[0-9]{4,}");
  if (r.has("recording")) {
    const std::string id = r.at("recording").string();
    if (!std::regex_match(id, rec_id)) r.at("recording").fail("a recording id of the form \"rec-0003\"");
    return TargetRecording{RecordingId{id}};
  }
  if (r.has("call")) {
    const std::string id = r.at("call").string();
    if (!std::regex_match(id, call_id)) r.at("call").fail("a call id of the form \"call-0007\"");
    return TargetCall{CallId{id}};
  }
  if (r.has("fraction")) return TargetFraction{r.at("fraction").number_in(0, 1)};
  if (r.has("node")) {
    // With several orchestrators "orchestrator-2", ... name the later ones
    // ("orchestrator" is the first); the planner checks the world has it.
    static const std::regex nth_orchestrator("orchestrator-([2-9]|[1-9][0-9]+)");
    const auto n = r.at("node");
    if (n.node().is_string() && std::regex_match(n.node().get<std::string>(), nth_orchestrator)) {
      return TargetNode{n.node().get<std::string>()};
    }
    return TargetNode{n.string_of(kTargetNodes)};
  }
  const auto l = r.at("link");
  if (l.array_size() != 2) l.fail("a pair of node names");
  return TargetLink{l.index(0).string_of(kNodes), l.index(1).string_of(kNodes)};
}

Fault read_fault(const JsonReader& r) {
  static const std::map<std::string, std::set<std::string>> own_keys{
      {"truncate_artifact", {"keep_bytes", "keep_fraction", "metadata", "capture_stops"}},
      {"capture_crash", {}},
      {"slow_upload", {"extra"}},
      {"cdn_unavailable", {"status"}},
      {"webhook_storm", {"multiplier"}},
      {"duplicate_webhooks", {"probability", "delay"}},
      {"spoofed_webhook", {"count"}},
      {"drop_webhooks", {"probability"}},
      {"throttle", {"rps", "as"}},
      {"error_rate", {"status", "probability"}},
      {"latency", {"add"}},
      {"partition", {}},
      {"credential_revoked", {"credential"}},
      {"crash", {"restart_after"}},
      {"conflict_on_start", {}},
      {"ambiguous_write", {"probability"}},
      {"clock_skew", {"offset"}},
      {"silent_capture", {}},
      {"objects_lost", {"count"}},
  };
  if (!r.node().is_object()) r.fail("a fault object");
  const auto kind_reader = r.at("kind");
  std::set<std::string> kinds;
  for (const auto& [k, v] : own_keys) kinds.insert(k);
  const std::string kind = kind_reader.string_of(kinds);
  std::set<std::string> allowed{"kind", "at", "until", "target"};
  allowed.insert(own_keys.at(kind).begin(), own_keys.at(kind).end());
  r.expect_object(allowed);

  Fault f;
  for (std::size_t i = 0; i < fault_kind_names().size(); ++i) {
    if (fault_kind_names()[i] == kind) f.kind = static_cast<FaultKind>(i);
  }
  f.at = r.at("at").duration();
  if (r.has("until")) {
    f.until = r.at("until").duration();
    if (*f.until < f.at) r.at("until").fail("an \"until\" not before \"at\"");
  }
  f.target = r.has("target") ? read_target(r.at("target")) : FaultTarget{TargetNone{}};
  if (r.has("keep_bytes")) f.keep_bytes = r.at("keep_bytes").size();
  if (r.has("keep_fraction")) f.keep_fraction = r.at("keep_fraction").number_in(0, 1);
  if (r.has("metadata")) f.metadata = r.at("metadata").string_of({"stale", "fresh"});
  if (r.has("capture_stops")) f.capture_stops = r.at("capture_stops").string_of({"call_end", "mid_call"});
  if (r.has("extra")) f.extra = r.at("extra").duration();
  f.status = kind == "cdn_unavailable" ? 503 : kind == "error_rate" ? 500 : 0;
  if (r.has("status")) f.status = static_cast<int>(r.at("status").integer_in(400, 599));
  if (r.has("multiplier")) f.multiplier = r.at("multiplier").number_in(1, 1e6);
  if (r.has("probability")) f.probability = r.at("probability").number_in(0, 1);
  if (r.has("delay")) f.delay = r.at("delay").duration();
  if (r.has("count")) f.count = static_cast<int>(r.at("count").integer_in(1, 1000000));
  if (r.has("rps")) f.rps = r.at("rps").number_in(0, 1e7);
  if (r.has("as")) f.as = r.at("as").string_of({"slowdown", "429"});
  if (r.has("add")) f.add = r.at("add").duration();
  if (r.has("credential")) f.credential = r.at("credential").string();
  if (r.has("restart_after")) f.restart_after = r.at("restart_after").duration();
  if (r.has("offset")) f.offset = r.at("offset").duration(/*allow_negative=*/true);
  if (kind == "truncate_artifact" && !f.keep_bytes && !f.keep_fraction) r.fail_at("keep_bytes", "keep_bytes or keep_fraction");
  if (kind == "credential_revoked" && f.credential.empty()) r.fail_at("credential", "the credential name to revoke");
  return f;
}

Expect read_expect(const JsonReader& r) {
  r.expect_object({"invariants", "outcomes", "recordings", "metrics", "converge_within"});
  Expect e;
  if (r.has("converge_within")) e.converge_within = r.at("converge_within").duration();
  const std::set<std::string> known(standard_invariants().begin(), standard_invariants().end());
  if (r.has("invariants")) {
    const auto inv = r.at("invariants");
    if (inv.node().is_string()) {
      if (inv.string() != "all") inv.fail("\"all\" or a list of invariant names");
      e.all_invariants = true;
      e.invariants = standard_invariants();
    } else {
      for (std::size_t i = 0; i < inv.array_size(); ++i) e.invariants.push_back(inv.index(i).string_of(known));
    }
  } else {
    e.all_invariants = true;
    e.invariants = standard_invariants();
  }
  auto comparison = [](const JsonReader& v) {
    auto c = parse_comparison(v.node());
    if (!c) v.fail(c.error().message);
    return *c;
  };
  if (r.has("outcomes")) {
    const auto o = r.at("outcomes");
    o.expect_object({"compliance_verified", "requires_manual_review", "out_of_scope"});
    for (const auto& [k, v] : o.node().items()) {
      (void)v;
      e.outcomes[k] = comparison(o.at(k));
    }
  }
  if (r.has("recordings")) {
    const auto recs = r.at("recordings");
    if (!recs.node().is_object()) recs.fail("an object keyed by recording id");
    // CXone media is per contact, so a CXone recording carries its call's id.
    static const std::regex rec_id("(rec|call)-[0-9]{4,}(-r[0-9]+)?");
    for (const auto& [k, v] : recs.node().items()) {
      (void)v;
      const auto one = recs.at(k);
      if (!std::regex_match(k, rec_id)) throw ScenarioPathError(one.path(), "a recording id like \"rec-0003\" (or \"rec-0003-r1\", the capture a re-record started; a CXone recording is named after its call, \"call-0007\")", "\"" + k + "\"");
      one.expect_object({"outcome", "rerecord_commands"});
      RecordingExpectation re;
      if (one.has("outcome")) {
        re.outcome = one.at("outcome").string_of({"compliance_verified", "requires_manual_review", "out_of_scope"});
      }
      if (one.has("rerecord_commands")) re.rerecord_commands = comparison(one.at("rerecord_commands"));
      e.recordings[k] = re;
    }
  }
  if (r.has("metrics")) {
    const auto m = r.at("metrics");
    m.expect_object({"webhook_ack_p99", "webhook_ack_p50", "rerecord_commands", "http_requests", "journal_commits",
                     "webhook_lost", "store_writes_deferred", "backfills", "breaker_openings",
                     "media_held_peak_bytes", "s3_uploads_left_open", "reconcile_passes",
                     "reconcile_incomplete", "reconcile_listed", "reconcile_backfills", "reconcile_not_copied",
                     "reconcile_missing_everywhere", "reconcile_orphans", "reconcile_checksum_mismatches",
                     "throttled_answers", "store_auth_refusals",
                     "early_media_fetches"});
    for (const auto& [k, v] : m.node().items()) {
      (void)v;
      e.metrics[k] = comparison(m.at(k));
    }
  }
  return e;
}

Scenario read_scenario(const JsonReader& r) {
  r.expect_object({"name", "description", "seed", "run_for", "world", "traffic", "faults", "expect"});
  Scenario s;
  s.name = r.at("name").string();
  if (s.name.empty()) r.at("name").fail("a non-empty name");
  if (r.has("description")) s.description = r.at("description").string();
  if (r.has("seed")) s.seed = static_cast<std::uint64_t>(r.at("seed").integer_in(0, INT64_MAX));
  if (r.has("run_for")) s.run_for = r.at("run_for").duration();
  s.world = read_world(r.at("world"));
  s.traffic = read_traffic(r.at("traffic"));
  if (r.has("faults")) {
    const auto fs = r.at("faults");
    for (std::size_t i = 0; i < fs.array_size(); ++i) s.faults.push_back(read_fault(fs.index(i)));
  }
  s.expect = read_expect(r.at("expect"));
  return s;
}

}  // namespace

const std::vector<std::string>& fault_kind_names() {
  static const std::vector<std::string> names{
      "truncate_artifact", "capture_crash",  "slow_upload",  "cdn_unavailable",  "webhook_storm", "duplicate_webhooks",
      "spoofed_webhook",   "drop_webhooks",  "throttle",     "error_rate",       "latency",       "partition",
      "credential_revoked", "crash",         "conflict_on_start", "ambiguous_write", "clock_skew",  "silent_capture",
      "objects_lost"};
  return names;
}

std::string_view to_string(FaultKind k) { return fault_kind_names().at(static_cast<std::size_t>(k)); }

std::variant<LoadedScenario, ScenarioError> load_scenario_text(std::string_view text, std::string file_label) {
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // Turn the byte offset into line:column, which is what an editor shows.
    std::size_t line = 1, col = 1;
    for (std::size_t i = 0; i + 1 < e.byte && i < text.size(); ++i) {
      if (text[i] == '\n') { ++line; col = 1; } else { ++col; }
    }
    return ScenarioError{file_label, "$", "valid JSON",
                         "a syntax error at line " + std::to_string(line) + ", column " + std::to_string(col)};
  }
  try {
    LoadedScenario out;
    out.scenario = read_scenario(JsonReader(doc, "$"));
    out.file = file_label;
    out.source_sha256_hex = crypto::to_hex(crypto::sha256(text));
    return out;
  } catch (const ScenarioPathError& e) {
    return ScenarioError{file_label, e.json_path, e.expected, e.got};
  }
}

std::variant<LoadedScenario, ScenarioError> load_scenario_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return ScenarioError{path.string(), "$", "a readable scenario file", "a file that cannot be opened"};
  std::stringstream ss;
  ss << in.rdbuf();
  return load_scenario_text(ss.str(), path.string());
}

}  // namespace recguard::sim
