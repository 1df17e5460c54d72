#include "engine/rules/rule_source.hpp"

namespace vigil::engine {

SourceLocation RuleSource::locate(JsonPointer pointer) const {
  while (!pointer.empty()) {
    if (auto it = positions.find(pointer.to_string()); it != positions.end()) return it->second;
    pointer.pop_back();
  }
  return origin;
}

}  // namespace vigil::engine
