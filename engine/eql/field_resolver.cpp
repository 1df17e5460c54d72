#include "engine/eql/field_resolver.hpp"

#include "engine/text/ascii.hpp"
#include "engine/event/field_lookup.hpp"

namespace vigil::engine::eql {
namespace {

const nlohmann::json* find_field_ci(const nlohmann::json& doc, std::string_view path) {
  if (!doc.is_object()) return nullptr;
  // Same search order as find_field: the whole remaining path as one key, then shorter prefixes.
  std::size_t cut = path.size();
  while (true) {
    const std::string_view key = path.substr(0, cut);
    for (const auto& [name, child] : doc.items()) {
      if (!text::equals_ascii_ci(name, key)) continue;
      if (cut == path.size()) return &child;
      if (const auto* found = find_field_ci(child, path.substr(cut + 1))) return found;
    }
    if (cut == 0) return nullptr;
    cut = path.rfind('.', cut - 1);
    if (cut == std::string_view::npos) return nullptr;
  }
}

}  // namespace

const nlohmann::json* resolve_field(const nlohmann::json& event, std::string_view path, bool case_insensitive) {
  const auto* exact = find_field(event, path);
  if (exact != nullptr || !case_insensitive) return exact;
  return find_field_ci(event, path);
}

}  // namespace vigil::engine::eql
