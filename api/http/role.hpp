#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::api {

// What an API key may do. `admin` may do everything; the others map to
// route groups (see access_policy.hpp).
enum class Role : std::uint8_t { ingest = 1, read = 2, write = 4, admin = 8 };

// "ingest" → Role::ingest; nullopt for anything else.
std::optional<Role> parse_role(std::string_view name);
std::string_view role_name(Role role);

// A small set of roles (a bit mask). A value type, freely copied.
class RoleSet {
 public:
  RoleSet() = default;
  RoleSet(std::initializer_list<Role> roles) {
    for (const auto r : roles) add(r);
  }

  void add(Role role) { bits_ |= static_cast<std::uint8_t>(role); }
  bool has(Role role) const { return (bits_ & static_cast<std::uint8_t>(role)) != 0; }
  bool empty() const { return bits_ == 0; }
  bool intersects(RoleSet other) const { return (bits_ & other.bits_) != 0; }
  bool operator==(const RoleSet&) const = default;

  // In the fixed order ingest, read, write, admin.
  std::vector<std::string> names() const;
  // "ingest, read" (for messages); "none" when empty.
  std::string to_string() const;

 private:
  std::uint8_t bits_ = 0;
};

}  // namespace vigil::api
