#pragma once

#include <optional>
#include <string>
#include <vector>

namespace vigil::daemon {

// `vigild keys generate --name NAME --roles read,write`.
struct KeysGenerate {
  std::string name;
  std::vector<std::string> roles;
};

// What the user asked for on the command line; unset options fall back to
// the environment, then the config file, then built-in defaults.
struct CommandLine {
  std::optional<std::string> config_file;
  std::optional<std::string> listen;
  std::optional<std::string> data_dir;
  std::optional<std::string> log_level;
  std::optional<std::string> log_format;
  std::optional<std::string> port_file;
  std::vector<std::string> rules_dirs;
  bool check_rules = false;
  bool print_routes = false;  // one JSON line per route with its roles, then exit
  bool insecure = false;      // serve without API keys on a non-loopback address
  std::optional<KeysGenerate> keys_generate;
  std::optional<std::string> backup_to;     // `vigild backup --to FILE`
  std::optional<std::string> restore_from;  // `vigild restore --from FILE`
};

// Parses argv. Returns nullopt after printing --help/--version or a usage
// error; `exit_code` then holds the status to exit with.
std::optional<CommandLine> parse_command_line(int argc, char** argv, int& exit_code);

}  // namespace vigil::daemon
