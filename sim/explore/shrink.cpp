#include "sim/explore/shrink.hpp"

#include <set>

#include "core/crypto/digest.hpp"
#include "sim/explore/case_builder.hpp"
#include "sim/explore/scenario_writer.hpp"

namespace recguard::sim::explore {

ShrinkOutcome shrink_case(const rc::Shrinkable<ExploreCase>& failing, const Verdict& failure, const Judge& judge,
                          const ShrinkLimits& limits, const ShrinkStep& on_step) {
  const std::string target = failure.invariant();
  rc::Shrinkable<ExploreCase> current = failing;
  ShrinkOutcome out;
  out.smallest = current.value();
  out.scenario = build_scenario(out.smallest);
  out.verdict = failure;
  // Different drafts often build the same scenario (a fault of a kind
  // switched off, a window already cut at the horizon): such a candidate
  // fails exactly as the current one does and is taken without a run, and
  // one judged not to fail that way is never judged again.
  std::set<std::string> rejected;
  // Where the last shrink was taken. A node's shrinks come in the same
  // order as its parent's (swarm, faults, swizzle, traffic, world, each
  // field's own), so the next pass starts there and wraps around instead of
  // trying the earlier components again first: they were just tried and,
  // when a later component is being shrunk, almost always fail again. A
  // pass still covers every shrink, so the result is a local minimum all
  // the same; it is only found with far fewer runs.
  std::size_t resume = 0;
  enum class Try { taken, failed_otherwise, out_of_budget };
  auto attempt = [&](const rc::Shrinkable<ExploreCase>& candidate) {
    ExploreCase c = candidate.value();
    Scenario sc = build_scenario(c);
    if (sc == out.scenario) {
      current = candidate;
      out.smallest = std::move(c);
      return Try::taken;
    }
    const std::string key = crypto::to_hex(crypto::sha256(std::string_view(write_scenario_text(sc))));
    if (rejected.count(key)) return Try::failed_otherwise;
    if (out.runs >= limits.max_runs || (limits.should_stop && limits.should_stop())) return Try::out_of_budget;
    Verdict v = judge(sc);
    ++out.runs;
    if (!v.fails_with(target)) {
      rejected.insert(key);
      return Try::failed_otherwise;
    }
    current = candidate;
    out.smallest = std::move(c);
    out.scenario = std::move(sc);
    out.verdict = std::move(v);
    ++out.steps;
    if (on_step) on_step(out);
    return Try::taken;
  };
  for (;;) {
    bool took = false;
    // From `resume` to the end, then from the start up to `resume`.
    for (int lap = 0; lap < 2 && !took; ++lap) {
      auto shrinks = current.shrinks();
      std::size_t index = 0;
      while (auto candidate = shrinks.next()) {
        const std::size_t i = index++;
        if (lap == 0 ? i < resume : i >= resume) {
          if (lap == 1) break;
          continue;
        }
        const Try t = attempt(*candidate);
        if (t == Try::out_of_budget) {
          out.stopped_early = true;
          return out;
        }
        if (t == Try::taken) {
          resume = i;
          took = true;
          break;
        }
      }
    }
    if (!took) return out;
  }
}

}  // namespace recguard::sim::explore
