#include "daemon/settings.hpp"

#include "config/config_loader.hpp"

namespace vigil::daemon {

config::Config resolve_config(const CommandLine& cl, const std::function<const char*(const char*)>& getenv) {
  config::Config cfg;
  std::optional<std::string> file = cl.config_file;
  if (!file) {
    if (const char* env = getenv("VIGIL_CONFIG"); env && *env) file = env;
  }
  if (file) cfg = config::load_config_file(*file, cfg);
  // A flag hides its environment variable entirely, so a stale variable
  // never stops a daemon whose command line says otherwise.
  config::apply_environment(cfg, [&](const char* name) -> const char* {
    if ((cl.listen && std::string_view(name) == "VIGIL_LISTEN") ||
        (cl.data_dir && std::string_view(name) == "VIGIL_DATA_DIR"))
      return nullptr;
    return getenv(name);
  });
  if (cl.listen) {
    const auto addr = config::parse_listen_address(*cl.listen);
    if (!addr) throw config::ConfigError("--listen: '" + *cl.listen + "' is not HOST:PORT");
    cfg.server.listen = *addr;
  }
  if (cl.data_dir) cfg.storage.data_dir = *cl.data_dir;
  if (cl.log_level) cfg.log.level = *cl.log_level;
  if (cl.log_format) cfg.log.format = *cl.log_format;
  if (!cl.rules_dirs.empty()) cfg.rules.dirs.assign(cl.rules_dirs.begin(), cl.rules_dirs.end());
  config::validate(cfg);
  return cfg;
}

}  // namespace vigil::daemon
