#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/hunt/value.hpp"

namespace vigil::engine::hunt {

// The syntax tree the parser builds: names are not resolved and types are
// not known yet (binder.hpp does both). Every node keeps the position of the
// token it starts at, for error messages.
struct Position {
  int line = 1;
  int column = 1;
};

struct TabularOperator;

// One expression. Scalar and tabular expressions share the node: whether a
// name is a column, a scalar `let` or a table is only known once bound, and
// a pipeline (`T | where ...`) may stand wherever an expression may inside
// parentheses (toscalar(T | ...), materialize(...), in (T | ...)).
struct Expr {
  enum class Kind {
    kLiteral,   // value
    kName,      // name: a column, a let name or a table
    kUnary,     // op ("-", "not"); args[0]
    kBinary,    // op ("==", "has", "and", "+", ...); args[0], args[1]
    kIn,        // op ("in", "!in", "in~", "!in~", "has_any", "has_all"); args[0] the value, args[1..] the list
    kBetween,   // op ("between" or "!between"); args = {value, low, high}
    kCall,      // name(args...)
    kMember,    // args[0].name
    kIndex,     // args[0][args[1]]
    kPipeline,  // args[0] the source (a name or call), ops the operators
    kStar,      // `*`, as in count(*) or a join's $left/$right placeholders
  };
  Kind kind = Kind::kLiteral;
  Position at;
  std::string op;    // operator for kUnary/kBinary/kIn/kBetween
  std::string name;  // kName, kCall, kMember
  Value value;       // kLiteral
  std::vector<std::unique_ptr<Expr>> args;
  std::vector<std::unique_ptr<TabularOperator>> ops;  // kPipeline
};

using ExprPtr = std::unique_ptr<Expr>;

// `Name = expr` or just `expr` in project/extend/summarize lists.
struct NamedExpr {
  std::optional<std::string> name;
  // For `(A, B) = arg_max(...)`-style multi-name assignments: unused names.
  ExprPtr expr;
};

struct SortKey {
  ExprPtr expr;
  bool descending = true;  // Kusto sorts descending by default
  std::optional<bool> nulls_first;
};

// One `| operator ...` of a pipeline.
struct TabularOperator {
  enum class Kind {
    kWhere,           // predicate
    kProject,         // items
    kProjectAway,     // names (wildcards allowed)
    kProjectRename,   // items: name = old column (a kName)
    kProjectReorder,  // names
    kExtend,          // items
    kSummarize,       // items (aggregates), by
    kDistinct,        // items (columns or *)
    kTake,            // count
    kTop,             // count, sort
    kSort,            // sort
    kCount,           //
    kMvExpand,        // items (one or more, name = expr), limit, legacy
    kJoin,            // kind_name, right (pipeline), on (exprs)
    kUnion,           // tables
    kGetSchema,       //
  };
  Kind kind = Kind::kWhere;
  Position at;
  std::string word;  // the operator as written ("order", "limit", "mvexpand")
  ExprPtr predicate;
  std::vector<NamedExpr> items;
  std::vector<NamedExpr> by;
  std::vector<std::string> names;
  std::vector<Position> name_positions;
  ExprPtr count;
  std::vector<SortKey> sort;
  std::optional<std::int64_t> limit;  // mv-expand's limit
  std::string join_kind;              // "innerunique" when omitted
  ExprPtr right;                      // join: the right side
  std::vector<ExprPtr> on;            // join: `a` or `$left.a == $right.b`
  std::vector<ExprPtr> tables;        // union: the other tables
  std::optional<std::string> type_of; // mv-expand `to typeof(T)`
};

// `let name = expr;`
struct LetStatement {
  std::string name;
  Position at;
  ExprPtr value;
};

// A query: let statements, then one tabular expression.
struct QueryAst {
  std::vector<LetStatement> lets;
  ExprPtr body;
};

}  // namespace vigil::engine::hunt
