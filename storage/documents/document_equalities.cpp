#include "storage/documents/document_equalities.hpp"

#include <optional>

namespace vigil::storage {
namespace {

// The text a compact JSON document holds for `"field":"value"`, when the
// value is written without escapes (nlohmann's dump escapes only quotes,
// backslashes and control characters); nullopt when it is not.
std::optional<std::string> literal_pair(const std::string& field, const std::string& value) {
  for (const char c : field + value)
    if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) return std::nullopt;
  return "\"" + field + "\":\"" + value + "\"";
}

// Whether some `"field":` in the text is followed by a value that is not a string.
bool holds_non_string(const std::string& document, const std::string& key) {
  for (auto pos = document.find(key); pos != std::string::npos; pos = document.find(key, pos + 1)) {
    const auto next = pos + key.size();
    if (next < document.size() && document[next] != '"') return true;
  }
  return false;
}

}  // namespace

DocumentEqualities::DocumentEqualities(const engine::TableScan& scan)
    : applied_{scan.datasets, scan.start, scan.end, {}} {
  for (const auto& eq : scan.equals) {
    std::vector<std::string> any;
    for (const auto& v : eq.values) {
      auto pair = literal_pair(eq.field, v);
      if (!pair) {
        any.clear();
        break;
      }
      any.push_back(std::move(*pair));
    }
    if (any.empty()) continue;
    required_.emplace_back("\"" + eq.field + "\":", std::move(any));
    applied_.equals.push_back(eq);
  }
}

bool DocumentEqualities::admits(const std::string& document) const {
  for (const auto& [key, any] : required_) {
    bool found = holds_non_string(document, key);
    for (const auto& text : any) found = found || document.find(text) != std::string::npos;
    if (!found) return false;
  }
  return true;
}

}  // namespace vigil::storage
