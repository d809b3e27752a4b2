// report.html as a reader's browser shows it: headless Chromium (Debian's
// chromium, installed by scripts/install-deps.sh) loads the page a conform run
// wrote, and the test checks it rendered, logged nothing to its console and
// shows every scenario, the broken one included.
#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>

#include "support/command_line.hpp"

namespace fs = std::filesystem;
using namespace recguard::testing;

namespace {

const char* kChromium = "/usr/bin/chromium";

std::string count_of(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1)) ++n;
  return std::to_string(n);
}

}  // namespace

TEST_CASE("report.html renders in headless Chromium with no console output and every scenario", "[e2e]") {
  INFO("Chromium is needed for this test: scripts/install-deps.sh installs Debian's chromium");
  REQUIRE(fs::exists(kChromium));
  TempFolder d("html");
  const fs::path lib = fs::path(RECGUARD_SOURCE_DIR) / "scenarios";
  fs::create_directories(d.path / "suite");
  for (const char* name : {"happy-path.json", "cdn-outage-during-fetch.json", "spoofed-webhooks.json"}) {
    fs::copy_file(lib / name, d.path / "suite" / name);
  }
  d.write("suite/zz-broken.json", R"({"name": "broken", "world": 3})");
  const auto conform = run_recguard("conform " + (d.path / "suite").string() + " --report-dir " +
                                    (d.path / "report").string());
  INFO(conform.output);
  REQUIRE(conform.exit_code == 2);  // the broken file is bad input; the others still ran
  const fs::path html = d.path / "report" / "report.html";
  REQUIRE(fs::exists(html));
  const std::string page = d.read("report/report.html");

  // Self-contained: nothing to fetch from anywhere.
  CHECK_FALSE(std::regex_search(page, std::regex(R"((src|href)\s*=\s*"(https?:|//))")));
  CHECK(page.find("<script") == std::string::npos);

  const std::string flags = " --headless --no-sandbox --disable-gpu --enable-logging=stderr --v=0 ";
  const auto dom = run_shell(std::string(kChromium) + flags + "--dump-dom file://" + html.string() + " 2>" +
                             (d.path / "console.log").string());
  REQUIRE(dom.exit_code == 0);
  const std::string console = d.read("console.log");
  INFO(console);
  // Chromium logs each console message as INFO:CONSOLE; the page has none.
  CHECK(console.find(":CONSOLE") == std::string::npos);

  // The DOM the browser built: the summary, the coverage table and a
  // section per scenario with its plots and timeline.
  CHECK(dom.output.find("id=\"summary\"") != std::string::npos);
  CHECK(dom.output.find("id=\"coverage\"") != std::string::npos);
  for (const char* id : {"sc-happy-path", "sc-cdn-outage-during-fetch", "sc-spoofed-webhooks"}) {
    INFO(id);
    CHECK(dom.output.find(std::string("id=\"") + id + "\"") != std::string::npos);
  }
  CHECK(dom.output.find("zz-broken.json") != std::string::npos);
  CHECK(count_of(dom.output, "class=\"scenario-row\"") == "4");
  CHECK(count_of(dom.output, "<svg class=\"chart\"") == "6");     // queue depth and throughput, per good scenario
  CHECK(count_of(dom.output, "<svg class=\"timeline\"") == "3");
  CHECK(dom.output.find(">ERROR<") != std::string::npos);

  // It rendered: a screenshot of the page is a real, non-trivial PNG.
  const fs::path png = d.path / "page.png";
  const auto shot = run_shell(std::string(kChromium) + flags + "--window-size=1100,3000 --screenshot=" +
                              png.string() + " file://" + html.string() + " 2>/dev/null");
  CHECK(shot.exit_code == 0);
  REQUIRE(fs::exists(png));
  CHECK(fs::file_size(png) > 20000);
}
