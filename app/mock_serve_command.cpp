// recguard mock-serve: placeholder until the HTTP server lands.
#include <iostream>

#include "app/commands.hpp"

namespace recguard::app {

int mock_serve_command(const std::vector<std::string>&) {
  std::cerr << "recguard mock-serve: not built yet\n";
  return 2;
}

}  // namespace recguard::app
