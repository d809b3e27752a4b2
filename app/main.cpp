// recguard: the command line. Each subcommand lives in its own file.
#include <iostream>
#include <string>
#include <vector>

#include "app/commands.hpp"

namespace {

void usage(std::ostream& out) {
  out << "usage: recguard <command> [args]\n\n"
         "commands:\n"
         "  run FILE... [--seed N] [--report-dir DIR] [--trace FILE]   replay scenario files\n"
         "  conform [DIR] [--report-dir DIR] [--check-determinism]     run every *.json under DIR (default scenarios/)\n"
         "  validate-media FILE...                                      one JSON verdict per media file\n"
         "  explore [--seeds N] [--time-budget DUR] [--jobs J] [--out DIR] [--first-seed S] [--shrink-budget DUR]\n"
         "                                                              random worlds and faults; failures shrunk to scenario files\n"
         "  serve --config FILE [--http] [--commit-every-request]       live mode: the signed webhook endpoint and pipeline\n"
         "  fault-proxy --listen PORT --upstream HOST:PORT [faults]     a loopback proxy that injects network faults\n"
         "  mock-serve --scenario FILE --webhook-url URL --secret-env NAME [--seed N] [--speed X] [--ports-file F]\n"
         "             [--serve-config FILE [--serve-port P]]               (and a serve configuration for its ports)\n"
         "                                                              the simulation's models served over HTTP on the wall clock\n"
         "\nexit codes: 0 all held, 1 an expectation or invariant failed, 2 bad input\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    usage(args.empty() ? std::cerr : std::cout);
    return args.empty() ? 2 : 0;
  }
  const std::string cmd = args[0];
  args.erase(args.begin());
  if (cmd == "run") return recguard::app::run_command(args);
  if (cmd == "conform") return recguard::app::conform_command(args);
  if (cmd == "validate-media") return recguard::app::validate_media_command(args);
  if (cmd == "explore") return recguard::app::explore_command(args);
  if (cmd == "serve") return recguard::app::serve_command(args);
  if (cmd == "fault-proxy") return recguard::app::fault_proxy_command(args);
  if (cmd == "mock-serve") return recguard::app::mock_serve_command(args);
  std::cerr << "recguard: unknown command '" << cmd << "'\n";
  usage(std::cerr);
  return 2;
}
