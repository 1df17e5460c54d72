#include "daemon/keys_command.hpp"

#include <nlohmann/json.hpp>

#include "api/http/auth.hpp"
#include "config/config_loader.hpp"
#include "engine/detect/sha256.hpp"

namespace vigil::daemon {

int generate_key(const KeysGenerate& request, std::ostream& out, std::ostream& err) {
  const auto key = api::generate_api_key();
  // JSON string syntax is valid TOML basic-string syntax for these values.
  std::string table = "[[auth.api_keys]]\nname = " + nlohmann::json(request.name).dump() + "\nroles = [";
  for (std::size_t i = 0; i < request.roles.size(); ++i)
    table += (i ? ", " : "") + nlohmann::json(request.roles[i]).dump();
  table += "]\nsha256 = \"" + engine::detect::sha256_hex(key) + "\"\n";
  try {
    config::load_config_text(table, "--name/--roles");
  } catch (const config::ConfigError& e) {
    err << "vigild keys generate: " << e.what() << "\n";
    return 2;
  }
  out << "# API key \"" << request.name << "\". It is shown only now: Vigil keeps only its SHA-256.\n"
      << "key: " << key << "\n"
      << "# Send it as:   Authorization: Bearer " << key << "\n"
      << "# Beats/Agent:  api_key: \"" << request.name << ":" << key << "\"\n"
      << "# Basic auth:   user " << request.name << ", password the key\n"
      << "\n# Add to the configuration file:\n"
      << table;
  return 0;
}

}  // namespace vigil::daemon
