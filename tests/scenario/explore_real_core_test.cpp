// `recguard explore` against the real core: twenty generated worlds and
// fault schedules, each run until quiet and judged by every invariant and
// the liveness bound. A failure here is a finding: the shrunk scenario is
// printed in full (and kept under the system's temp folder) so that
// `recguard run` reproduces it.
#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <sstream>

#include "sim/explore/explorer.hpp"

using namespace recguard;
using namespace recguard::sim;

namespace {

struct Findings : explore::ExploreListener {
  std::vector<explore::Counterexample> written;
  std::vector<std::uint64_t> failed;
  std::set<std::string> kinds_acted;
  void on_run(const explore::RunRecord& r) override {
    if (r.verdict.failed) failed.push_back(r.seed);
    for (const auto& [k, n] : r.verdict.faults_fired) {
      if (n > 0) kinds_acted.insert(k);
    }
  }
  void on_counterexample(const explore::Counterexample& c) override { written.push_back(c); }
};

std::string text_of(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("explore: twenty generated worlds and fault schedules hold every invariant on the real core", "[scenario][explore]") {
  explore::ExploreOptions options;
  options.out_dir = std::filesystem::temp_directory_path() / "recguard-explore-findings";
  options.shrink.max_runs = 150;
  explore::Explorer explorer(options);
  Findings findings;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) explorer.explore_seed(seed, findings);
  for (const auto& c : findings.written) {
    INFO("seed " << c.seed << ": " << c.verdict.detail << "\n" << c.description << "file " << c.file.string() << ":\n"
                 << text_of(c.file));
    CHECK(c.reproduced);
  }
  CHECK(findings.failed.empty());
  // Swarm testing over twenty runs reaches most of the vocabulary.
  CHECK(findings.kinds_acted.size() >= 12);
}
