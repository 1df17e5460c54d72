#include "daemon/command_line.hpp"

#include <CLI/CLI.hpp>

#include "config/version.hpp"

namespace vigil::daemon {

std::optional<CommandLine> parse_command_line(int argc, char** argv, int& exit_code) {
  CLI::App app{"vigild: detection daemon for Windows and Microsoft 365 events", "vigild"};
  app.set_version_flag("--version", std::string("vigild ") + kVersion);
  CommandLine cl;
  auto text = [](std::optional<std::string>& target) {
    return [&target](const std::string& value) { target = value; };
  };
  app.add_option_function<std::string>("--config", text(cl.config_file), "TOML configuration file (env VIGIL_CONFIG)");
  app.add_option_function<std::string>("--listen", text(cl.listen),
                                       "HOST:PORT to serve on; port 0 picks one (env VIGIL_LISTEN)");
  app.add_option_function<std::string>("--data-dir", text(cl.data_dir),
                                       "directory of the SQLite database (env VIGIL_DATA_DIR)");
  app.add_option_function<std::string>("--log-level", text(cl.log_level), "trace|debug|info|warn|error|critical|off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}));
  app.add_option_function<std::string>("--log-format", text(cl.log_format), "text|json")
      ->check(CLI::IsMember({"text", "json"}));
  app.add_option_function<std::string>("--port-file", text(cl.port_file), "write HOST:PORT here once ready to serve");
  app.add_option("--rules-dir", cl.rules_dirs, "rules directory (repeatable; replaces [rules] dirs)");
  app.add_flag("--check-rules", cl.check_rules, "load and validate rules and config, then exit");
  app.add_flag("--print-routes", cl.print_routes,
               "print every route as a JSON line {\"method\",\"path\",\"roles\"}, then exit");
  app.add_flag("--insecure", cl.insecure,
               "serve on a non-loopback address without API keys: anyone who can connect gets full access");
  KeysGenerate generate;
  auto* keys = app.add_subcommand("keys", "manage API keys");
  keys->require_subcommand(1);
  auto* generate_command =
      keys->add_subcommand("generate", "print a new API key (once) and the [[auth.api_keys]] table that configures it");
  generate_command->add_option("--name", generate.name, "the key's name (sent as NAME:KEY by Beats)")->required();
  generate_command->add_option("--roles", generate.roles, "comma-separated: ingest, read, write, admin")
      ->required()
      ->delimiter(',')
      ->check(CLI::IsMember({"ingest", "read", "write", "admin"}));
  // The data directory's options may follow the subcommand: fallthrough.
  auto* backup = app.add_subcommand("backup", "copy the database while vigild runs (docs/OPERATIONS.md)")->fallthrough();
  backup->add_option_function<std::string>("--to", text(cl.backup_to), "the new backup file")->required();
  auto* restore =
      app.add_subcommand("restore", "replace the database with a checked backup; vigild must be stopped")->fallthrough();
  restore->add_option_function<std::string>("--from", text(cl.restore_from), "the backup file")->required();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    exit_code = app.exit(e);
    return std::nullopt;
  }
  if (*generate_command) cl.keys_generate = std::move(generate);
  return cl;
}

}  // namespace vigil::daemon
