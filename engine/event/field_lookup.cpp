#include "engine/event/field_lookup.hpp"

namespace vigil::engine {

const nlohmann::json* find_field(const nlohmann::json& doc, std::string_view path) {
  if (!doc.is_object()) return nullptr;
  // Try the whole remaining path as one key, then shorter prefixes, so that a
  // flat "process.name" key and nested {"process":{"name"}} both resolve.
  std::size_t cut = path.size();
  while (cut > 0) {
    // A string_view probe: the object map compares transparently, so no key is built.
    auto it = doc.find(path.substr(0, cut));
    if (it != doc.end()) {
      if (cut == path.size()) return &*it;
      if (const auto* found = find_field(*it, path.substr(cut + 1))) return found;
    }
    cut = path.rfind('.', cut - 1);
    if (cut == std::string_view::npos) break;
  }
  return nullptr;
}

nlohmann::json& field_at(nlohmann::json& doc, std::string_view path) {
  nlohmann::json* node = &doc;
  std::size_t start = 0;
  while (true) {
    const auto dot = path.find('.', start);
    const auto key = path.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (!node->is_object()) *node = nlohmann::json::object();
    // Looked up by view, so a key already present costs no string.
    auto& members = node->get_ref<nlohmann::json::object_t&>();
    auto it = members.lower_bound(key);
    if (it == members.end() || it->first != key) it = members.emplace_hint(it, std::string(key), nullptr);
    if (dot == std::string_view::npos) return it->second;
    node = &it->second;
    start = dot + 1;
  }
}

void set_field(nlohmann::json& doc, std::string_view path, nlohmann::json value) {
  field_at(doc, path) = std::move(value);
}

}  // namespace vigil::engine
