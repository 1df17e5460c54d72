#include "engine/analytics/column.hpp"

#include <algorithm>

#include "engine/text/ascii.hpp"

namespace vigil::engine::analytics {
namespace {

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

}  // namespace

const nlohmann::json* find_column(const nlohmann::json& row, std::string_view name) {
  if (!row.is_object()) return nullptr;
  if (const auto exact = row.find(name); exact != row.end()) return &*exact;
  for (const auto& [key, value] : row.items()) {
    if (text::equals_ascii_ci(key, name)) return &value;
  }
  return nullptr;
}

std::optional<std::string> value_text(const nlohmann::json& value) {
  if (value.is_null() || value.is_structured()) return std::nullopt;
  auto text = value.is_string() ? value.get<std::string>() : value.dump();
  if (text.empty()) return std::nullopt;
  return text;
}

std::optional<std::string> column_text(const nlohmann::json& row, std::string_view name) {
  const auto* value = find_column(row, name);
  return value ? value_text(*value) : std::nullopt;
}

std::string lowercase(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::optional<std::string_view> address_domain_text(std::string_view address) {
  const auto at = address.rfind('@');
  if (at == std::string_view::npos) return std::nullopt;
  const auto domain = trim(address.substr(at + 1));
  if (domain.empty()) return std::nullopt;
  return domain;
}

std::optional<std::string> address_domain(std::string_view address) {
  const auto domain = address_domain_text(address);
  return domain ? std::optional(lowercase(*domain)) : std::nullopt;
}

std::vector<std::string_view> split_list(std::string_view text) {
  std::vector<std::string_view> entries;
  while (true) {
    const auto comma = text.find(',');
    const auto entry = trim(text.substr(0, comma));
    if (!entry.empty()) entries.emplace_back(entry);
    if (comma == std::string_view::npos) return entries;
    text.remove_prefix(comma + 1);
  }
}

}  // namespace vigil::engine::analytics
