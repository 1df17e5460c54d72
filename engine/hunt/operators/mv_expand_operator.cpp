#include "engine/hunt/operators/mv_expand_operator.hpp"

#include "engine/hunt/functions.hpp"

namespace vigil::engine::hunt {
namespace {

// The elements a value expands into.
std::vector<nlohmann::json> elements(const Value& v) {
  if (v.is_null() || v.type() != Type::kDynamic) return {v.is_null() ? nlohmann::json() : to_json(v)};
  const auto& j = v.as_json();
  std::vector<nlohmann::json> out;
  if (j.is_array()) {
    for (const auto& e : j) out.push_back(e);
  } else if (j.is_object()) {
    for (const auto& [key, value] : j.items()) out.push_back(nlohmann::json::object({{key, value}}));
  } else {
    out.push_back(j);
  }
  return out;
}

}  // namespace

MvExpandOperator::MvExpandOperator(OperatorPtr input, const LogicalPlan& plan)
    : input_(std::move(input)), plan_(plan) {}

std::optional<Row> MvExpandOperator::next() {
  while (pending_.empty()) {
    auto row = input_->next();
    if (!row) return std::nullopt;
    std::vector<std::vector<nlohmann::json>> lists;
    std::size_t n = 0;
    for (const auto c : plan_.expand) {
      lists.push_back(elements((*row)[c]));
      n = std::max(n, lists.back().size());
    }
    if (plan_.expand_limit) n = std::min(n, static_cast<std::size_t>(std::max<std::int64_t>(0, *plan_.expand_limit)));
    for (std::size_t i = 0; i < n; ++i) {
      Row out = *row;
      for (std::size_t k = 0; k < plan_.expand.size(); ++k) {
        Value v = Value::dynamic(i < lists[k].size() ? lists[k][i] : nlohmann::json());
        if (plan_.expand_type) v = convert_value(v, *plan_.expand_type);
        out[plan_.expand[k]] = std::move(v);
      }
      pending_.push_back(std::move(out));
    }
  }
  Row out = std::move(pending_.front());
  pending_.pop_front();
  return out;
}

}  // namespace vigil::engine::hunt
