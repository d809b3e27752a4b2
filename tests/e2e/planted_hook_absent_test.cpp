// The planted-fault switch (core/testing/planted_fault.hpp) must not exist
// in the product: the recguard binary has no symbol of it.
#include <catch2/catch.hpp>

#include "support/command_line.hpp"

TEST_CASE("the recguard binary contains no planted-fault switch", "[e2e]") {
  const auto symbols = recguard::testing::run_shell(std::string("nm -C ") + RECGUARD_BINARY + " 2>&1");
  REQUIRE(symbols.exit_code == 0);
  REQUIRE(symbols.output.find("recguard::pipeline::Pipeline::") != std::string::npos);  // nm read it
  CHECK(symbols.output.find("recguard::planted") == std::string::npos);
}
