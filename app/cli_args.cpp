#include "app/cli_args.hpp"

namespace recguard::app {

ParsedArgs parse_args(const std::vector<std::string>& args, const std::set<std::string>& value_options,
                      const std::set<std::string>& flag_options) {
  ParsedArgs p;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.rfind("--", 0) != 0) {
      p.positional.push_back(a);
      continue;
    }
    std::string name = a, value;
    const auto eq = a.find('=');
    if (eq != std::string::npos) {
      name = a.substr(0, eq);
      value = a.substr(eq + 1);
    }
    if (flag_options.count(name)) {
      p.flags.insert(name);
    } else if (value_options.count(name)) {
      if (eq == std::string::npos) {
        if (i + 1 >= args.size()) {
          p.error = name + " needs a value";
          return p;
        }
        value = args[++i];
      }
      p.options[name] = value;
    } else {
      p.error = "unknown option " + name;
      return p;
    }
  }
  return p;
}

}  // namespace recguard::app
