// A small command-line parser for khabar-client's subcommands.
#ifndef KHABAR_CLIENT_ARGS_H_
#define KHABAR_CLIENT_ARGS_H_

#include <map>
#include <set>
#include <string>
#include <vector>

namespace khabar::client {

// Exit codes of khabar-client.
inline constexpr int kExitOk = 0;
inline constexpr int kExitRpcError = 1;
inline constexpr int kExitUsage = 2;

struct Args {
  std::map<std::string, std::string> values;  // --flag VALUE, --flag=VALUE.
  std::set<std::string> switches;             // --flag.
  std::vector<std::string> positional;        // Files; "-" is stdin.
  bool help = false;                          // --help or -h seen.

  bool Has(const std::string& flag) const {
    return values.count(flag) > 0 || switches.count(flag) > 0;
  }
  std::string Get(const std::string& flag, const std::string& fallback) const {
    auto it = values.find(flag);
    return it == values.end() ? fallback : it->second;
  }
};

// Parses `argv` (after the subcommand). Flags in `value_flags` take a value,
// flags in `switch_flags` take none; "--" ends the flags. On a usage error
// returns false and sets *error.
bool ParseArgs(const std::vector<std::string>& argv,
               const std::set<std::string>& value_flags,
               const std::set<std::string>& switch_flags, Args* args,
               std::string* error);

}  // namespace khabar::client

#endif  // KHABAR_CLIENT_ARGS_H_
