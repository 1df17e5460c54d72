#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/store/hunt_source.hpp"

namespace vigil::storage {

// A scan's field equalities (engine::FieldEquals) checked on a stored
// document's compact JSON text before it is parsed: each becomes the texts
// `"field":"value"` any of which the document must contain, or its field
// must hold something other than a string (which the engine then converts
// and compares itself). An equality whose field or values JSON escapes is
// not applied here; the engine checks every row anyway.
class DocumentEqualities {
 public:
  explicit DocumentEqualities(const engine::TableScan& scan);

  // The scan with only the equalities admits() applies.
  const engine::TableScan& applied() const { return applied_; }
  bool admits(const std::string& document) const;

 private:
  engine::TableScan applied_;
  std::vector<std::pair<std::string, std::vector<std::string>>> required_;  // `"field":`, then the texts
};

}  // namespace vigil::storage
