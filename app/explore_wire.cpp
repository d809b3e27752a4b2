#include "app/explore_wire.hpp"

#include <unistd.h>

#include <cerrno>

#include <nlohmann/json.hpp>

namespace recguard::app {

namespace {

using nlohmann::json;
using namespace sim::explore;

json verdict_json(const Verdict& v) {
  return {{"failed", v.failed},
          {"invariants", v.invariants},
          {"detail", v.detail},
          {"faults_fired", v.faults_fired},
          {"virtual_seconds", v.virtual_seconds}};
}

Verdict verdict_from(const json& j) {
  Verdict v;
  v.failed = j.at("failed").get<bool>();
  v.invariants = j.at("invariants").get<std::vector<std::string>>();
  v.detail = j.at("detail").get<std::string>();
  v.faults_fired = j.at("faults_fired").get<std::map<std::string, std::uint64_t>>();
  v.virtual_seconds = j.at("virtual_seconds").get<double>();
  return v;
}

}  // namespace

void WireListener::send(const std::string& line) {
  const std::string text = line + "\n";
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd_, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // the parent is gone: nobody is left to tell
    done += static_cast<std::size_t>(n);
  }
}

void WireListener::on_run(const RunRecord& r) {
  send(json{{"event", "run"}, {"seed", r.seed}, {"verdict", verdict_json(r.verdict)}}.dump());
}

void WireListener::on_failing(const FailingCase& f) {
  send(json{{"event", "failing"},
            {"seed", f.seed},
            {"verdict", verdict_json(f.verdict)},
            {"size", f.size},
            {"description", f.description},
            {"will_shrink", f.will_shrink}}
           .dump());
}

void WireListener::on_shrink_step(std::uint64_t seed, const std::string& size, int steps, int runs) {
  send(json{{"event", "step"}, {"seed", seed}, {"size", size}, {"steps", steps}, {"runs", runs}}.dump());
}

void WireListener::on_counterexample(const Counterexample& c) {
  send(json{{"event", "counterexample"},
            {"seed", c.seed},
            {"invariant", c.invariant},
            {"verdict", verdict_json(c.verdict)},
            {"original_size", c.original_size},
            {"size", c.size},
            {"description", c.description},
            {"shrink_steps", c.shrink_steps},
            {"shrink_runs", c.shrink_runs},
            {"shrink_stopped_early", c.shrink_stopped_early},
            {"file", c.file.string()},
            {"reproduced", c.reproduced},
            {"problem", c.problem}}
           .dump());
}

bool dispatch_wire_line(const std::string& line, ExploreListener& to) {
  const json j = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || !j.contains("event")) return false;
  try {
    const std::string event = j.at("event").get<std::string>();
    const auto seed = j.at("seed").get<std::uint64_t>();
    if (event == "run") {
      to.on_run(RunRecord{seed, verdict_from(j.at("verdict"))});
    } else if (event == "failing") {
      to.on_failing(FailingCase{seed, verdict_from(j.at("verdict")), j.at("size").get<std::string>(),
                                j.at("description").get<std::string>(), j.at("will_shrink").get<bool>()});
    } else if (event == "step") {
      to.on_shrink_step(seed, j.at("size").get<std::string>(), j.at("steps").get<int>(), j.at("runs").get<int>());
    } else if (event == "counterexample") {
      Counterexample c;
      c.seed = seed;
      c.invariant = j.at("invariant").get<std::string>();
      c.verdict = verdict_from(j.at("verdict"));
      c.original_size = j.at("original_size").get<std::string>();
      c.size = j.at("size").get<std::string>();
      c.description = j.at("description").get<std::string>();
      c.shrink_steps = j.at("shrink_steps").get<int>();
      c.shrink_runs = j.at("shrink_runs").get<int>();
      c.shrink_stopped_early = j.at("shrink_stopped_early").get<bool>();
      c.file = j.at("file").get<std::string>();
      c.reproduced = j.at("reproduced").get<bool>();
      c.problem = j.at("problem").get<std::string>();
      to.on_counterexample(c);
    } else {
      return false;
    }
  } catch (const json::exception&) {
    return false;
  }
  return true;
}

}  // namespace recguard::app
