// The recguard binary's contract (SCENARIOS.md): exit 0/1/2, messages that name
// the file, the JSON path and what was expected, and a trace digest per run.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "support/command_line.hpp"

namespace fs = std::filesystem;

namespace {

using recguard::testing::run_recguard;

// A temporary folder per test, removed after it.
struct TempDir : recguard::testing::TempFolder {
  TempDir() : TempFolder("e2e") {}
};

recguard::testing::CommandOutcome run(const std::string& args) { return run_recguard(args); }

std::string scenario(const std::string& faults, const std::string& expect_outcomes,
                     const std::string& backup_credentials = "backup-writer") {
  return R"({"name":"t","seed":3,
    "world":{"platforms":[{"kind":"genesys","org":"acme","webhook":{"secret":"k"}}],
      "stores":{"primary":{"kind":"s3","bucket":"p","region":"us-east-1","credentials":"primary-writer"},
                "backup":{"kind":"azure_blob","account":"a","container":"b","region":"eastus2","credentials":")" +
         backup_credentials + R"("}}},
    "traffic":{"calls":[{"id":"call-0001","platform":"genesys","start":"0s","length":"30s",
                         "media":{"format":"wav_ulaw_8k","channels":1}}]},
    "faults":)" + faults + R"(,
    "expect":{"invariants":["no_loss","no_overwrite","audit_complete"],"outcomes":)" + expect_outcomes + "}}";
}

}  // namespace

TEST_CASE("run: a passing scenario exits 0 and prints its trace digest", "[e2e]") {
  TempDir d;
  const auto f = d.write("ok.json", scenario("[]", R"({"compliance_verified": 1})"));
  const auto r = run("run " + f.string());
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("trace sha256: ") != std::string::npos);
}

TEST_CASE("run: an expectation that does not hold exits 1 with the replay command", "[e2e]") {
  TempDir d;
  const auto f = d.write("fail.json", scenario("[]", R"({"compliance_verified": 2})"));
  const auto r = run("run " + f.string());
  INFO(r.output);
  CHECK(r.exit_code == 1);
  CHECK(r.output.find("recguard run " + f.string() + " --seed 3") != std::string::npos);
}

TEST_CASE("run: bad input exits 2 naming the file, the JSON path and what was expected", "[e2e]") {
  TempDir d;
  SECTION("missing file") {
    const auto r = run("run " + (d.path / "nope.json").string());
    CHECK(r.exit_code == 2);
    CHECK(r.output.find("nope.json") != std::string::npos);
  }
  SECTION("invalid JSON") {
    const auto f = d.write("bad.json", "{\"name\": ");
    const auto r = run("run " + f.string());
    INFO(r.output);
    CHECK(r.exit_code == 2);
    CHECK(r.output.find("bad.json") != std::string::npos);
  }
  SECTION("unknown fault kind") {
    const auto f = d.write("kind.json", scenario(R"([{"kind":"trunc","at":"1s"}])", R"({"compliance_verified": 1})"));
    const auto r = run("run " + f.string());
    INFO(r.output);
    CHECK(r.exit_code == 2);
    CHECK(r.output.find("$.faults[0].kind") != std::string::npos);
    CHECK(r.output.find("truncate_artifact") != std::string::npos);  // lists what is allowed
  }
  SECTION("negative duration") {
    const auto f = d.write("neg.json", scenario(R"([{"kind":"latency","at":"-5s","target":{"node":"primary"},"add":"1s"}])",
                                                R"({"compliance_verified": 1})"));
    const auto r = run("run " + f.string());
    INFO(r.output);
    CHECK(r.exit_code == 2);
    CHECK(r.output.find("$.faults[0].at") != std::string::npos);
  }
  SECTION("shared credentials between tiers") {
    const auto f = d.write("cred.json", scenario("[]", R"({"compliance_verified": 1})", "primary-writer"));
    const auto r = run("run " + f.string());
    INFO(r.output);
    CHECK(r.exit_code == 2);
    CHECK(r.output.find("$.world.stores.backup.credentials") != std::string::npos);
  }
  SECTION("unknown option") {
    CHECK(run("run --sed 3 x.json").exit_code == 2);
  }
}

// The library's bad-input fixture for the shared-credentials trap: a whole,
// realistic scenario (kept out of scenarios/, where conform would exit 2).
TEST_CASE("run: the shared-credentials fixture is refused at load time, naming the file and the path", "[e2e]") {
  const auto f = fs::path(RECGUARD_SOURCE_DIR) / "tests" / "data" / "scenarios-invalid" / "shared-credentials.json";
  REQUIRE(fs::exists(f));
  const auto r = run("run " + f.string());
  INFO(r.output);
  CHECK(r.exit_code == 2);
  CHECK(r.output.find(f.string()) != std::string::npos);
  CHECK(r.output.find("$.world.stores.backup.credentials") != std::string::npos);
  CHECK(r.output.find("distinct from the primary's") != std::string::npos);
  CHECK(r.output.find("trace sha256") == std::string::npos);  // nothing ran
}

TEST_CASE("run: the same file and seed give the same digest, another seed another", "[e2e]") {
  TempDir d;
  const auto f = d.write("ok.json", scenario("[]", R"({"compliance_verified": 1})"));
  auto digest = [](const std::string& out) { return out.substr(out.rfind("trace sha256: ")); };
  const auto a = run("run " + f.string());
  const auto b = run("run " + f.string());
  const auto c = run("run " + f.string() + " --seed 99");
  CHECK(digest(a.output) == digest(b.output));
  CHECK(digest(a.output) != digest(c.output));
}

TEST_CASE("conform: one broken file is reported, the others still run, exit 2", "[e2e]") {
  TempDir d;
  d.write("a-good.json", scenario("[]", R"({"compliance_verified": 1})"));
  d.write("b-broken.json", "{ not json");
  const auto reports = d.path / "report";
  const auto r = run("conform " + d.path.string() + " --report-dir " + reports.string());
  INFO(r.output);
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("b-broken.json") != std::string::npos);
  CHECK(r.output.find("1 of 2 scenarios passed") != std::string::npos);
  std::ifstream junit(reports / "junit.xml");
  std::string xml((std::istreambuf_iterator<char>(junit)), std::istreambuf_iterator<char>());
  CHECK(xml.find("tests=\"2\"") != std::string::npos);
  CHECK(xml.find("<error") != std::string::npos);
  CHECK(fs::exists(reports / "report.json"));
  CHECK(fs::exists(reports / "report.html"));
}

TEST_CASE("validate-media: exit 0 only when every file is valid", "[e2e]") {
  const std::string media = RECGUARD_SHARED_MEDIA_DIR;
  const auto ok = run("validate-media " + media + "/mono_8k_pcm16.wav " + media + "/mono_8k_ulaw.wav");
  INFO(ok.output);
  CHECK(ok.exit_code == 0);
  CHECK(ok.output.find("\"valid\":true") != std::string::npos);
  const auto bad = run("validate-media " + media + "/mono_8k_pcm16.wav " + media + "/zero_bytes.wav");
  INFO(bad.output);
  CHECK(bad.exit_code == 1);
  CHECK(bad.output.find("zero_bytes") != std::string::npos);
}

TEST_CASE("conform --check-determinism runs each scenario twice and passes when digests agree", "[e2e]") {
  TempDir d;
  d.write("ok.json", scenario("[]", R"({"compliance_verified": 1})"));
  const auto r = run("conform " + d.path.string() + " --check-determinism --report-dir " + (d.path / "r").string());
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("determinism: a second run gave the same trace digest") != std::string::npos);
  CHECK(r.output.find("1 of 1 scenarios passed") != std::string::npos);
}
