// recguard serve --config FILE [--http] [--commit-every-request]: the live
// webhook endpoint and pipeline (live/driver/live_service.hpp) until SIGINT or
// SIGTERM.
#include <iostream>

#include "app/cli_args.hpp"
#include "app/commands.hpp"
#include "live/config/live_config_loader.hpp"
#include "live/driver/live_service.hpp"

namespace recguard::app {

int serve_command(const std::vector<std::string>& args) {
  const auto parsed = parse_args(args, {"--config"}, {"--http", "--commit-every-request"});
  if (!parsed.error.empty() || !parsed.positional.empty() || !parsed.options.count("--config")) {
    std::cerr << "usage: recguard serve --config FILE [--http] [--commit-every-request]\n";
    if (!parsed.error.empty()) std::cerr << "recguard serve: " << parsed.error << "\n";
    return 2;
  }
  auto cfg = live::load_live_config(parsed.options.at("--config"));
  if (!cfg) {
    std::cerr << "error: " << cfg.error().message << "\n";
    return 2;
  }
  live::ServiceOptions options;
  options.allow_plain_http = parsed.flags.count("--http") > 0;
  // The benchmark's baseline: one commit (one fsync) per webhook.
  options.driver.group_commit = parsed.flags.count("--commit-every-request") == 0;
  return live::run_live_service(*cfg, options);
}

}  // namespace recguard::app
