#include "api/http/role.hpp"

#include <array>

namespace vigil::api {
namespace {

constexpr std::array<std::pair<Role, std::string_view>, 4> kRoles = {
    {{Role::ingest, "ingest"}, {Role::read, "read"}, {Role::write, "write"}, {Role::admin, "admin"}}};

}  // namespace

std::optional<Role> parse_role(std::string_view name) {
  for (const auto& [role, text] : kRoles)
    if (text == name) return role;
  return std::nullopt;
}

std::string_view role_name(Role role) {
  for (const auto& [r, text] : kRoles)
    if (r == role) return text;
  return "unknown";
}

std::vector<std::string> RoleSet::names() const {
  std::vector<std::string> out;
  for (const auto& [role, text] : kRoles)
    if (has(role)) out.emplace_back(text);
  return out;
}

std::string RoleSet::to_string() const {
  std::string out;
  for (const auto& name : names()) out += (out.empty() ? "" : ", ") + name;
  return out.empty() ? "none" : out;
}

}  // namespace vigil::api
