#include "args.h"

#include <string>
#include <vector>

namespace khabar::client {

bool ParseArgs(const std::vector<std::string>& argv,
               const std::set<std::string>& value_flags,
               const std::set<std::string>& switch_flags, Args* args,
               std::string* error) {
  bool flags_done = false;
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (flags_done || arg == "-" || arg.rfind("-", 0) != 0) {
      args->positional.push_back(arg);
      continue;
    }
    if (arg == "--") {
      flags_done = true;
      continue;
    }
    if (arg == "--help" || arg == "-h") {
      args->help = true;
      continue;
    }
    std::string name = arg;
    std::string value;
    const size_t eq = arg.find('=');
    if (eq != std::string::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
    }
    if (value_flags.count(name) > 0) {
      if (eq == std::string::npos) {
        if (i + 1 >= argv.size()) {
          *error = name + " needs a value";
          return false;
        }
        value = argv[++i];
      }
      args->values[name] = value;
    } else if (switch_flags.count(name) > 0) {
      if (eq != std::string::npos) {
        *error = name + " takes no value";
        return false;
      }
      args->switches.insert(name);
    } else {
      *error = "unknown flag " + name;
      return false;
    }
  }
  return true;
}

}  // namespace khabar::client
