#include "engine/hunt/operators/union_operator.hpp"

#include "engine/hunt/functions.hpp"

namespace vigil::engine::hunt {

UnionOperator::UnionOperator(std::vector<OperatorPtr> inputs, const LogicalPlan& plan)
    : inputs_(std::move(inputs)), plan_(plan) {}

std::optional<Row> UnionOperator::next() {
  while (current_ < inputs_.size()) {
    auto row = inputs_[current_]->next();
    if (!row) {
      ++current_;
      continue;
    }
    const auto& map = plan_.union_maps[current_];
    Row out;
    out.reserve(map.size());
    for (std::size_t c = 0; c < map.size(); ++c) {
      const Type type = plan_.schema.columns[c].type;
      if (!map[c])
        out.push_back(Value::null(type));
      else
        out.push_back(convert_value((*row)[*map[c]], type));
    }
    return out;
  }
  return std::nullopt;
}

}  // namespace vigil::engine::hunt
