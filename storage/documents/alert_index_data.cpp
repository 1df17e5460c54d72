#include "storage/documents/alert_index_data.hpp"

#include <algorithm>

namespace vigil::storage {
namespace {

std::string_view text_at(const nlohmann::json& document, std::initializer_list<const char*> path) {
  const nlohmann::json* node = &document;
  for (const char* key : path) {
    if (!node->is_object()) return {};
    const auto it = node->find(key);
    if (it == node->end()) return {};
    node = &*it;
  }
  return node->is_string() ? std::string_view(node->get_ref<const std::string&>()) : std::string_view();
}

}  // namespace

std::vector<std::string> alert_tags(const engine::Alert& alert) {
  std::vector<std::string> tags;
  for (const auto& id : alert.mitre) {
    tags.push_back(id);
    if (const auto dot = id.find('.'); dot != std::string::npos && dot > 0) tags.push_back(id.substr(0, dot));
  }
  tags.insert(tags.end(), alert.tactics.begin(), alert.tactics.end());
  std::sort(tags.begin(), tags.end());
  tags.erase(std::unique(tags.begin(), tags.end()), tags.end());
  return tags;
}

std::string lowercase_ascii(std::string_view text) {
  std::string out(text);
  for (char& ch : out)
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  return out;
}

std::string alert_search_text(const nlohmann::json& document) {
  std::string text;
  text.append(text_at(document, {"reason"})).append("\n");
  text.append(text_at(document, {"host", "name"})).append("\n");
  text.append(text_at(document, {"user", "name"})).append("\n");
  text.append(text_at(document, {"process", "command_line"}));
  return lowercase_ascii(text);
}

std::string space_delimited(const std::vector<std::string>& ids) {
  if (ids.empty()) return {};
  std::string out = " ";
  for (const auto& id : ids) out += id + " ";
  return out;
}

}  // namespace vigil::storage
