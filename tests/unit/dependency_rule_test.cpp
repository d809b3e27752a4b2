// The core must not know which world it is in (ARCHITECTURE.md): no Asio, no
// clock, no threads, no entropy, nothing from sim/, mocks/, live/ or reports/.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Finding {
  std::string file;
  int line;
  std::string text;
};

const std::vector<std::regex>& forbidden() {
  static const std::vector<std::regex> r{
      std::regex(R"(#\s*include\s*[<"](boost/asio|boost/beast)[^>"]*[>"])"),
      std::regex(R"(#\s*include\s*<(chrono|thread|future|random|ctime|time\.h|sys/time\.h|unistd\.h)>)"),
      std::regex(R"(#\s*include\s*"(sim|mocks|live|reports|app)/)"),
      std::regex(R"(\b(random_device|system_clock|steady_clock|high_resolution_clock|std::rand|srand|gettimeofday|clock_gettime)\b)"),
      std::regex(R"(\bstd::(thread|jthread|async)\b)"),
  };
  return r;
}

std::vector<Finding> scan_text(const std::string& file, const std::string& text) {
  std::vector<Finding> out;
  std::istringstream in(text);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    const auto comment = line.find("//");
    const std::string code = comment == std::string::npos ? line : line.substr(0, comment);
    for (const auto& re : forbidden()) {
      if (std::regex_search(code, re)) out.push_back({file, n, line});
    }
  }
  return out;
}

}  // namespace

TEST_CASE("the scanner recognises every forbidden dependency", "[unit][architecture]") {
  CHECK(scan_text("x", "#include <boost/asio.hpp>").size() == 1);
  CHECK(scan_text("x", "#include <chrono>").size() == 1);
  CHECK(scan_text("x", "#include <thread>").size() == 1);
  CHECK(scan_text("x", "std::random_device rd;").size() == 1);
  CHECK(scan_text("x", "auto t = std::chrono::steady_clock::now();").size() == 1);
  CHECK(scan_text("x", "#include \"sim/world/sim_world.hpp\"").size() == 1);
  CHECK(scan_text("x", "// mentions steady_clock only in a comment").empty());
  CHECK(scan_text("x", "#include \"core/types/time.hpp\"").empty());
}

TEST_CASE("core/ includes no Asio, clock, thread, entropy or outer module", "[unit][architecture]") {
  const std::filesystem::path core = std::filesystem::path(RECGUARD_SOURCE_DIR) / "core";
  REQUIRE(std::filesystem::is_directory(core));
  std::vector<Finding> findings;
  int files = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(core)) {
    const auto ext = e.path().extension();
    if (!e.is_regular_file() || (ext != ".hpp" && ext != ".cpp" && ext != ".h")) continue;
    ++files;
    std::ifstream in(e.path());
    std::stringstream ss;
    ss << in.rdbuf();
    auto f = scan_text(e.path().string(), ss.str());
    findings.insert(findings.end(), f.begin(), f.end());
  }
  CHECK(files > 10);
  for (const auto& f : findings) INFO(f.file << ":" << f.line << ": " << f.text);
  CHECK(findings.empty());
}
