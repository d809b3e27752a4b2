#include "sim/explore/scenario_gen.hpp"

#include "sim/explore/case_builder.hpp"

namespace recguard::sim::explore {

namespace {

using rc::Gen;
namespace gen = rc::gen;

// Inclusive bounds read better here than RapidCheck's half-open ones.
Gen<int> between(int lo, int hi) { return gen::inRange(lo, hi + 1); }

// A vector of 0..max_len elements that shrinks by removing elements and then
// by shrinking each one. gen::container draws its length from the size, so
// the size is set to max_len for the length and back to nominal for the
// elements (whose integer ranges also scale with the size).
template <class T>
Gen<std::vector<T>> vector_upto(int max_len, Gen<T> element) {
  return gen::resize(max_len, gen::container<std::vector<T>>(gen::resize(rc::kNominalSize, std::move(element))));
}

// Present in `percent` of draws; a present value first shrinks to absent,
// as gen::maybe does (whose odds depend on the size instead).
template <class T>
rc::Shrinkable<std::optional<T>> prepend_absent(rc::Shrinkable<std::optional<T>> s) {
  return rc::shrinkable::mapShrinks(std::move(s), [](rc::Seq<rc::Shrinkable<std::optional<T>>>&& shrinks) {
    return rc::seq::concat(rc::seq::just(rc::shrinkable::just(std::optional<T>{})),
                           rc::seq::map(std::move(shrinks), &prepend_absent<T>));
  });
}

template <class T>
Gen<std::optional<T>> sometimes(int percent, Gen<T> g) {
  return [=](const rc::Random& random, int size) -> rc::Shrinkable<std::optional<T>> {
    rc::Random r = random;
    if (static_cast<int>(r.split().next() % 100) >= percent) return rc::shrinkable::just(std::optional<T>{});
    return prepend_absent<T>(
        rc::shrinkable::map(g(r, size), [](T&& v) { return std::optional<T>(std::move(v)); }));
  };
}

Gen<CallDraft> call_gen(const GenLimits& l) {
  return gen::build<CallDraft>(
      gen::set(&CallDraft::start_permille, between(0, 999)),
      // Mostly short calls keep a run's audio (hashed and decoded several
      // times over) small; one in ten is long.
      gen::set(&CallDraft::length_s, gen::weightedOneOf<int>({{9, between(5, l.max_short_call_s)},
                                                              {1, between(l.max_short_call_s, l.max_long_call_s)}})),
      gen::set(&CallDraft::cxone, gen::arbitrary<bool>()),
      gen::set(&CallDraft::media_pick, gen::weightedOneOf<int>({{3, gen::just(0)}, {1, between(1, 6)}})));
}

Gen<ArrivalsDraft> arrivals_gen() {
  return gen::build<ArrivalsDraft>(
      gen::set(&ArrivalsDraft::per_minute_tenths, between(1, 20)), gen::set(&ArrivalsDraft::for_minutes, between(1, 20)),
      gen::set(&ArrivalsDraft::uniform, gen::arbitrary<bool>()),
      gen::set(&ArrivalsDraft::median_length_s, between(20, 180)), gen::set(&ArrivalsDraft::p95_factor, between(1, 4)),
      gen::set(&ArrivalsDraft::genesys_share_pick, between(0, 2)));
}

Gen<TrafficDraft> traffic_gen(const GenLimits& l) {
  return gen::build<TrafficDraft>(
      gen::set(&TrafficDraft::horizon_minutes, between(2, l.max_horizon_minutes)),
      gen::set(&TrafficDraft::media_pick, between(0, 5)),
      gen::set(&TrafficDraft::calls, vector_upto(l.max_calls, call_gen(l))),
      gen::set(&TrafficDraft::arrivals, sometimes(l.arrivals_percent, arrivals_gen())));
}

Gen<WorldDraft> world_gen(const GenLimits& l) {
  return gen::build<WorldDraft>(
      gen::set(&WorldDraft::platforms, gen::weightedOneOf<int>({{2, gen::just(0)}, {1, gen::just(1)}, {2, gen::just(2)}})),
      gen::set(&WorldDraft::orchestrators, gen::weightedOneOf<int>({{3, gen::just(1)}, {1, gen::just(2)}})),
      gen::set(&WorldDraft::primary_limit_pick, gen::weightedOneOf<int>({{2, gen::just(0)}, {1, between(1, 4)}})),
      gen::set(&WorldDraft::backup_limit_pick, gen::weightedOneOf<int>({{2, gen::just(0)}, {1, between(1, 4)}})),
      gen::set(&WorldDraft::default_latency_ms, between(1, 100)),
      gen::set(&WorldDraft::link_latencies,
               vector_upto(3, gen::build<LinkLatencyDraft>(gen::set(&LinkLatencyDraft::link_pick, between(0, 5)),
                                                           gen::set(&LinkLatencyDraft::latency_ms, between(1, 500))))),
      gen::set(&WorldDraft::reconciler,
               sometimes(l.reconciler_percent,
                         gen::build<ReconcilerDraft>(gen::set(&ReconcilerDraft::every_minutes, between(10, 60)),
                                                     gen::set(&ReconcilerDraft::same_region, gen::arbitrary<bool>())))));
}

Gen<FaultDraft> fault_gen(const GenLimits& l) {
  return gen::build<FaultDraft>(
      gen::set(&FaultDraft::kind_pick, between(0, 99)), gen::set(&FaultDraft::at_permille, between(0, 999)),
      gen::set(&FaultDraft::length_s, between(1, l.max_fault_window_s)),
      gen::set(&FaultDraft::target_pick, between(0, 99)), gen::set(&FaultDraft::magnitude, between(0, 99)),
      gen::set(&FaultDraft::variant, between(0, 7)));
}

Gen<SwizzleDraft> swizzle_gen(const GenLimits& l) {
  const auto link = gen::build<SwizzleLinkDraft>(gen::set(&SwizzleLinkDraft::link_pick, between(0, 5)),
                                                 gen::set(&SwizzleLinkDraft::heal_rank, between(0, 99)));
  return gen::build<SwizzleDraft>(gen::set(&SwizzleDraft::start_permille, between(0, 999)),
                                  gen::set(&SwizzleDraft::step_s, between(5, 120)),
                                  gen::set(&SwizzleDraft::hold_s, between(0, 600)),
                                  gen::set(&SwizzleDraft::links, vector_upto(l.max_swizzle_links, link)));
}

}  // namespace

rc::Gen<ExploreCase> explore_case_gen(std::uint64_t seed, const GenLimits& limits) {
  // Swarm testing: each kind is on in about half the runs, so a run hits a
  // few kinds hard instead of every kind once. Shrinking switches kinds off.
  const auto swarm = gen::container<std::vector<bool>>(fault_kind_names().size(), gen::arbitrary<bool>());
  return gen::build<ExploreCase>(gen::set(&ExploreCase::seed, gen::just(seed)), gen::set(&ExploreCase::swarm, swarm),
                                 gen::set(&ExploreCase::faults, vector_upto(limits.max_faults, fault_gen(limits))),
                                 gen::set(&ExploreCase::swizzle, sometimes(limits.swizzle_percent, swizzle_gen(limits))),
                                 gen::set(&ExploreCase::traffic, traffic_gen(limits)),
                                 gen::set(&ExploreCase::world, world_gen(limits)));
}

rc::Gen<Scenario> scenario_gen(std::uint64_t seed, const GenLimits& limits) {
  return gen::map(explore_case_gen(seed, limits), [](const ExploreCase& c) { return build_scenario(c); });
}

rc::Shrinkable<ExploreCase> draw_case(std::uint64_t seed, const GenLimits& limits) {
  return explore_case_gen(seed, limits)(rc::Random(seed), rc::kNominalSize);
}

}  // namespace recguard::sim::explore
