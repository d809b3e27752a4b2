// CTest learns each Catch2 test by name through a CMake list: a name with
// ';' splits into two, and an unbalanced '[' or ']' stops the splitting, so
// every later test of the suite silently becomes one entry that runs
// nothing. This happened once (89 tests never ran under ctest); never again.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

TEST_CASE("no test name holds a character that breaks CTest discovery", "[unit][meta]") {
  const std::filesystem::path root = std::filesystem::path(RECGUARD_SOURCE_DIR) / "tests";
  const std::regex test_case(R"re(TEST_CASE\(\s*"((?:[^"\\]|\\.)*)")re");
  int names = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (entry.path().extension() != ".cpp") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    const std::string s = text.str();
    for (std::sregex_iterator it(s.begin(), s.end(), test_case), end; it != end; ++it) {
      const std::string name = (*it)[1];
      ++names;
      INFO(entry.path().filename().string() << ": " << name);
      CHECK(name.find_first_of(";[]") == std::string::npos);
    }
  }
  CHECK(names > 100);
}
