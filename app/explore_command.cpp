// recguard explore [--seeds N] [--time-budget DUR] [--jobs J] [--out DIR] [--first-seed S] [--shrink-budget DUR]
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <iostream>
#include <optional>

#include "app/cli_args.hpp"
#include "app/commands.hpp"
#include "app/explore_console.hpp"
#include "app/explore_workers.hpp"
#include "sim/scenario/units.hpp"

namespace recguard::app {

namespace {

std::optional<std::uint64_t> whole_number(const std::string& text, std::uint64_t lo, std::uint64_t hi) {
  try {
    std::size_t used = 0;
    if (text.empty() || text[0] == '-') return std::nullopt;
    const auto v = std::stoull(text, &used);
    if (used != text.size() || v < lo || v > hi) return std::nullopt;
    return v;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

int usage_error(const std::string& what) {
  std::cerr << "recguard explore: " << what << "\n"
            << "usage: recguard explore [--seeds N] [--time-budget DUR] [--jobs J] [--out DIR] [--first-seed S] "
               "[--shrink-budget DUR]\n";
  return 2;
}

}  // namespace

int explore_command(const std::vector<std::string>& args) {
  const auto p =
      parse_args(args, {"--seeds", "--time-budget", "--jobs", "--out", "--first-seed", "--shrink-budget"}, {});
  if (!p.error.empty()) return usage_error(p.error);
  if (!p.positional.empty()) return usage_error("takes no positional arguments, got '" + p.positional[0] + "'");

  SeedPlan plan;
  if (p.options.count("--seeds")) {
    const auto n = whole_number(p.options.at("--seeds"), 1, 1000000000);
    if (!n) return usage_error("--seeds: expected a whole number of at least 1, got '" + p.options.at("--seeds") + "'");
    plan.count = *n;
  }
  if (p.options.count("--first-seed")) {
    // The scenario files explore writes carry the seed, which the loader
    // reads as a non-negative 64-bit signed integer.
    const auto s = whole_number(p.options.at("--first-seed"), 0, static_cast<std::uint64_t>(INT64_MAX) - plan.count);
    if (!s) return usage_error("--first-seed: expected a non-negative whole number, got '" + p.options.at("--first-seed") + "'");
    plan.first = *s;
  }
  if (p.options.count("--jobs")) {
    const auto j = whole_number(p.options.at("--jobs"), 1, 256);
    if (!j) return usage_error("--jobs: expected a whole number from 1 to 256, got '" + p.options.at("--jobs") + "'");
    plan.jobs = static_cast<int>(*j);
  }
  plan.jobs = static_cast<int>(std::min<std::uint64_t>(static_cast<std::uint64_t>(plan.jobs), plan.count));
  std::optional<std::chrono::steady_clock::time_point> deadline;
  if (p.options.count("--time-budget")) {
    const auto d = sim::parse_duration(p.options.at("--time-budget"));
    if (!d || d->us <= 0) {
      return usage_error("--time-budget: expected a duration like \"90s\", \"10m\" or \"1h\", got '" +
                         p.options.at("--time-budget") + "'");
    }
    deadline = std::chrono::steady_clock::now() + std::chrono::microseconds(d->us);
  }

  // Each counterexample's shrink gets this long at most (a failing run may
  // simulate a whole day before the oracle judges it): a bug is reported
  // in minutes, as the smallest case found by then.
  Duration shrink_budget = Duration::minutes(5);
  if (p.options.count("--shrink-budget")) {
    const auto d = sim::parse_duration(p.options.at("--shrink-budget"));
    if (!d || d->us <= 0) {
      return usage_error("--shrink-budget: expected a duration like \"90s\" or \"10m\", got '" +
                         p.options.at("--shrink-budget") + "'");
    }
    shrink_budget = *d;
  }

  sim::explore::ExploreOptions options;
  if (p.options.count("--out")) options.out_dir = p.options.at("--out");
  // The budget bounds the whole command: no seed starts after it, and a
  // shrink in progress stops and writes the smallest failing case so far.
  const StopCheck should_stop = [deadline] { return deadline && std::chrono::steady_clock::now() >= *deadline; };
  options.shrink.should_stop = should_stop;
  options.start_shrink_budget = [shrink_budget] {
    const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(shrink_budget.us);
    return std::function<bool()>([until] { return std::chrono::steady_clock::now() >= until; });
  };

  std::cout << "explore: seeds " << plan.first << ".." << plan.first + plan.count - 1 << ", " << plan.jobs
            << (plan.jobs == 1 ? " job" : " jobs") << ", counterexamples to " << options.out_dir.string();
  if (deadline) std::cout << ", time budget " << p.options.at("--time-budget");
  std::cout << "\n" << std::flush;

  ExploreConsole console(std::cout, stdout_is_terminal(), plan.count);
  const auto t0 = std::chrono::steady_clock::now();
  std::string error;
  if (plan.jobs == 1) {
    sim::explore::Explorer explorer(options);
    explore_share(plan, 0, explorer, console, should_stop);
  } else {
    error = run_workers(plan, options, console, should_stop);
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  console.print_summary(wall, plan.jobs, console.runs() < plan.count && should_stop());
  if (!error.empty()) {
    std::cerr << "recguard explore: " << error << "\n";
    return 1;
  }
  return console.anything_failed() ? 1 : 0;
}

}  // namespace recguard::app
