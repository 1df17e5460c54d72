#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/hunt/value.hpp"

namespace vigil::engine::hunt {

struct LogicalPlan;
class ExecContext;

// A call's evaluated arguments, as a function reads them: each a view of a
// value held elsewhere (a column of the row, a constant of the expression,
// or the evaluator's storage for a computed one), so that passing a column
// to a function copies nothing. Valid during the call.
class Args {
 public:
  class Iterator {
   public:
    explicit Iterator(const Value* const* at) : at_(at) {}
    const Value& operator*() const { return **at_; }
    Iterator& operator++() {
      ++at_;
      return *this;
    }
    bool operator!=(const Iterator& other) const { return at_ != other.at_; }

   private:
    const Value* const* at_;
  };

  explicit Args(std::span<const Value* const> values) : values_(values) {}
  const Value& operator[](std::size_t i) const { return *values_[i]; }
  const Value& back() const { return *values_.back(); }
  std::size_t size() const { return values_.size(); }
  bool empty() const { return values_.empty(); }
  Args subspan(std::size_t from) const { return Args(values_.subspan(from)); }
  Iterator begin() const { return Iterator(values_.data()); }
  Iterator end() const { return Iterator(values_.data() + values_.size()); }

 private:
  std::span<const Value* const> values_;
};

// Evaluates a scalar function or operator over evaluated arguments.
using ScalarEval = Value (*)(Args args, ExecContext& context);

// A scalar expression after binding: names resolved to column indices or
// values, the type known, the function chosen. Immutable after binding
// except for a subquery's cached result; shared between the plans that use
// it (a scalar `let` used twice).
struct BoundExpr {
  enum class Kind {
    kConstant,  // value
    kColumn,    // column: an index into the input row
    kCall,      // eval(args)
    kSubquery,  // plan's first column: its first row's value (toscalar) or all rows' values as a dynamic array (in)
  };
  Kind kind = Kind::kConstant;
  Type type = Type::kLong;
  Value value;
  std::size_t column = 0;
  ScalarEval eval = nullptr;
  std::string_view function;  // kCall: the function or operator's name ("==", "and", ...)
  std::vector<std::shared_ptr<const BoundExpr>> args;

  // kSubquery
  std::shared_ptr<const LogicalPlan> plan;
  bool as_list = false;
  // A subquery's value, and a row-independent call's, once computed: the
  // same for the rest of the query.
  struct Cache {
    std::optional<Value> value;
  };
  std::shared_ptr<Cache> cache;

  // True when no column is read: the value is the same for every row.
  bool row_independent = true;
};

using BoundExprPtr = std::shared_ptr<const BoundExpr>;

}  // namespace vigil::engine::hunt
