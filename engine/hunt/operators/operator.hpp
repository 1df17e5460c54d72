#pragma once

#include <memory>
#include <optional>

#include "engine/hunt/value.hpp"

namespace vigil::engine::hunt {

// A physical operator: pulls rows from its inputs on demand. Single-threaded;
// owned by the operator above it.
class Operator {
 public:
  virtual ~Operator() = default;
  // The next row, or nullopt when there are no more.
  virtual std::optional<Row> next() = 0;
};

using OperatorPtr = std::unique_ptr<Operator>;

}  // namespace vigil::engine::hunt
