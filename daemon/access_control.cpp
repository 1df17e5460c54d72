#include "daemon/access_control.hpp"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "api/http/loopback.hpp"

namespace vigil::daemon {

api::KeyRegistry key_registry(const config::AuthOptions& auth) {
  std::vector<api::ApiKey> keys;
  for (const auto& k : auth.api_keys) {
    api::RoleSet roles;
    for (const auto& name : k.roles) {
      const auto role = api::parse_role(name);
      if (!role) throw std::invalid_argument("API key '" + k.name + "': unknown role '" + name + "'");
      roles.add(*role);
    }
    keys.push_back({k.name, roles, k.sha256});
  }
  return api::KeyRegistry(std::move(keys));
}

void check_protected_mode(const config::Config& config, bool insecure) {
  const auto& listen = config.server.listen;
  const bool loopback = api::is_loopback_host(listen.host);
  if (!config.auth.api_keys.empty()) {
    if (!loopback && !config.tls.enabled())
      spdlog::warn("API keys cross the network in clear text on {}: configure [tls] for HTTPS", listen.to_string());
    return;
  }
  if (loopback) return;
  if (!insecure)
    throw std::runtime_error(
        "protected mode: no API keys are configured, so vigild serves only loopback addresses, and " +
        listen.to_string() +
        " is not one. Add a key (vigild keys generate --name NAME --roles ingest,read; paste the printed "
        "[[auth.api_keys]] table into the configuration file), listen on 127.0.0.1 or ::1, or pass --insecure "
        "to serve everyone who can connect without authentication");
  spdlog::warn("*****************************************************************************");
  spdlog::warn("INSECURE: --insecure and no API keys: anyone who can reach {} can read alerts,", listen.to_string());
  spdlog::warn("INSECURE: change triage state, run rules and write events. Configure [[auth.api_keys]].");
  spdlog::warn("*****************************************************************************");
}

void print_routes(const api::Router& router, const api::AccessPolicy& policy, std::ostream& out) {
  for (const auto& [method, pattern] : router.routes()) {
    const auto access = policy.required(api::http::string_to_verb(method), pattern);
    const auto roles =
        access.open == api::Access::Open::always ? std::vector<std::string>{"open"} : access.roles.names();
    out << nlohmann::json{{"method", method}, {"path", pattern}, {"roles", roles}}.dump() << "\n";
  }
  out.flush();
}

}  // namespace vigil::daemon
