// What conform prints when it is not on a terminal (CI logs, pipes): plain
// lines, one per scenario as it starts, no carriage returns or escape codes,
// the coverage line and the totals; and report.json's figures.
#include <catch2/catch.hpp>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "support/command_line.hpp"

namespace fs = std::filesystem;
using namespace recguard::testing;

TEST_CASE("conform off a terminal is line-oriented and ends with coverage and totals", "[e2e]") {
  TempFolder d("conform-out");
  const fs::path lib = fs::path(RECGUARD_SOURCE_DIR) / "scenarios";
  fs::create_directories(d.path / "suite");
  for (const char* name : {"happy-path.json", "spoofed-webhooks.json"}) {
    fs::copy_file(lib / name, d.path / "suite" / name);
  }
  const auto r = run_recguard("conform " + (d.path / "suite").string() + " --check-determinism --report-dir " +
                              (d.path / "report").string());
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(r.output.find('\r') == std::string::npos);
  CHECK(r.output.find('\033') == std::string::npos);
  CHECK(r.output.find("[1/2] ") != std::string::npos);
  CHECK(r.output.find("[2/2] ") != std::string::npos);
  CHECK(r.output.find("determinism: a second run gave the same trace digest") != std::string::npos);
  CHECK(r.output.find("coverage: ") != std::string::npos);
  CHECK(r.output.find("spoofed_webhook") == r.output.rfind("spoofed_webhook"));  // not listed as a gap
  CHECK(r.output.find("2 of 2 scenarios passed") != std::string::npos);

  const auto report = nlohmann::json::parse(d.read("report/report.json"));
  CHECK(report["summary"]["passed"] == 2);
  CHECK(report["summary"]["wall_seconds"].get<double>() > 0);
  for (const auto& sc : report["scenarios"]) {
    INFO(sc["name"]);
    CHECK(sc["time_compression"].get<double>() > 1);
    CHECK(sc["trace_sha256"].get<std::string>().size() == 64);
    CHECK(sc["metrics"].contains("ack_latency_p99_ms"));
    CHECK(sc["metrics"]["queue_depth_peak_in_flight"].get<int>() >= 1);
    CHECK(sc["convergence"]["converged_at_s"].is_number());
  }
  const auto& spoofed = report["scenarios"][1];
  CHECK(spoofed["faults_fired"]["spoofed_webhook"].get<int>() > 0);
  bool gap_listed = false;
  for (const auto& row : report["coverage"]) {
    if (row["name"] == "spoofed_webhook") CHECK(row["reached"] == true);
    if (row["name"] == "throttle") gap_listed = row["reached"] == false;
  }
  CHECK(gap_listed);
}
