#include "sim/explore/explorer.hpp"

#include <fstream>
#include <system_error>

#include "sim/explore/case_builder.hpp"
#include "sim/explore/case_summary.hpp"
#include "sim/explore/scenario_writer.hpp"
#include "sim/scenario/scenario_loader.hpp"

namespace recguard::sim::explore {

namespace {

constexpr const char* kIndent = "    ";

}  // namespace

std::filesystem::path counterexample_path(const std::filesystem::path& out_dir, const std::string& invariant,
                                          std::uint64_t seed) {
  return out_dir / (invariant + "-seed" + std::to_string(seed) + ".json");
}

std::string write_scenario_file(const std::filesystem::path& file, const Scenario& scenario) {
  std::error_code ec;
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path(), ec);
  if (ec) return "cannot create " + file.parent_path().string() + ": " + ec.message();
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << write_scenario_text(scenario);
  out.close();
  if (!out) return "cannot write " + file.string();
  return {};
}

Explorer::Explorer(ExploreOptions options) : options_(std::move(options)) {
  if (!options_.judge) options_.judge = simulate_and_judge;
}

RunRecord Explorer::explore_seed(std::uint64_t seed, ExploreListener& listener) {
  const auto tree = draw_case(seed, options_.limits);
  const Scenario scenario = build_scenario(tree.value());
  RunRecord record{seed, options_.judge(scenario)};
  listener.on_run(record);
  if (!record.verdict.failed) return record;

  FailingCase failing{seed, record.verdict, size_line(scenario), describe_scenario(scenario, kIndent),
                      written_.count(record.verdict.invariant()) == 0};
  listener.on_failing(failing);
  if (failing.will_shrink) listener.on_counterexample(shrink_and_write(seed, tree, scenario, record.verdict, listener));
  return record;
}

Counterexample Explorer::shrink_and_write(std::uint64_t seed, const rc::Shrinkable<ExploreCase>& tree,
                                          const Scenario& original, const Verdict& failure,
                                          ExploreListener& listener) {
  ShrinkLimits limits = options_.shrink;
  if (options_.start_shrink_budget) {
    auto own = options_.start_shrink_budget();
    auto outer = limits.should_stop;
    limits.should_stop = [own, outer] { return (outer && outer()) || (own && own()); };
  }
  const auto shrunk = shrink_case(tree, failure, options_.judge, limits, [&](const ShrinkOutcome& so_far) {
    listener.on_shrink_step(seed, size_line(so_far.scenario), so_far.steps, so_far.runs);
  });
  Counterexample cx;
  cx.seed = seed;
  cx.invariant = failure.invariant();
  cx.verdict = shrunk.verdict;
  cx.original_size = size_line(original);
  cx.shrink_steps = shrunk.steps;
  cx.shrink_runs = shrunk.runs;
  cx.shrink_stopped_early = shrunk.stopped_early;
  cx.file = counterexample_path(options_.out_dir, cx.invariant, seed);

  Scenario sc = shrunk.scenario;
  cx.size = size_line(sc);
  cx.description = describe_scenario(sc, kIndent);
  sc.name = cx.invariant + "-seed" + std::to_string(seed);
  sc.description = "Found by recguard explore (seed " + std::to_string(seed) + "): " + shrunk.verdict.detail +
                   ". Shrunk in " + std::to_string(shrunk.steps) + " steps from " + cx.original_size + " to " +
                   cx.size + ". Replay: recguard run " + cx.file.string();
  written_.insert(cx.invariant);
  if (auto err = write_scenario_file(cx.file, sc); !err.empty()) {
    cx.problem = err;
    return cx;
  }
  // Through the ordinary loader, as `recguard run` will read it.
  auto loaded = load_scenario_file(cx.file);
  if (const auto* e = std::get_if<ScenarioError>(&loaded)) {
    cx.problem = "the written file does not load: " + e->message();
    return cx;
  }
  const Scenario& back = std::get<LoadedScenario>(loaded).scenario;
  if (!(back == sc)) cx.problem = "the written file loads back different from the shrunk case";
  const Verdict again = options_.judge(back);
  cx.reproduced = again.fails_with(cx.invariant);
  if (!cx.reproduced && cx.problem.empty()) {
    cx.problem = "running the file did not fail with " + cx.invariant +
                 (again.failed ? " (it failed with " + again.invariant() + ")" : " (it passed)");
  }
  return cx;
}

}  // namespace recguard::sim::explore
