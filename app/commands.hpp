#pragma once
#include <string>
#include <vector>

namespace recguard::app {

int run_command(const std::vector<std::string>& args);
int conform_command(const std::vector<std::string>& args);
int validate_media_command(const std::vector<std::string>& args);
int explore_command(const std::vector<std::string>& args);
int serve_command(const std::vector<std::string>& args);

}  // namespace recguard::app
