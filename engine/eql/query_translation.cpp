#include <algorithm>

#include "engine/eql/ast.hpp"

// Which parts of a condition Elasticsearch turns into Query DSL filters and which it evaluates by
// script, after its EQL QueryTranslator (x-pack/plugin/eql, planner/QueryTranslator.java) and
// the shared ExpressionTranslators:
//  - a field compared with a literal (BinaryComparisons), `:` / like / regex (Likes, wildcard and
//    regexp queries), `in` over literals (InComparisons, a terms query), `== null` / `!= null`
//    (IsNulls / IsNotNulls, exists queries) and startsWith / endsWith / stringContains of a field
//    and literals (StringQueries: prefix and wildcard queries) become filter queries;
//  - `and` / `or` become bool queries, `not` a bool.must_not of its operand's query (Nots);
//  - anything else (length(), a field against a field, a function of non-literal arguments) is
//    a script query, and so is `not` of a script, since Nots only wraps a ScriptQuery in another.
// The optimizer moves literals to the right of a comparison (LiteralsOnTheRight), so `0 < x`
// translates as `x > 0`. Vigil has no mapping: a `?field` is taken to be mapped.

namespace vigil::engine::eql {
namespace {

bool is_field(const NodePtr& node) { return std::holds_alternative<FieldRef>(node->data()); }
bool is_literal(const NodePtr& node) { return std::holds_alternative<Literal>(node->data()); }

// A field as the first argument and literals after it, as a term-level query needs.
bool field_and_literals(const NodePtr& field, auto first_literal, auto last_literal) {
  return is_field(field) && std::all_of(first_literal, last_literal, is_literal);
}

struct ScriptTest {
  // A constant is folded, and a folded null stays null under `not` (the optimizer's doing).
  bool operator()(const Literal&) const { return true; }
  // A boolean field on its own is a term query for true.
  bool operator()(const FieldRef&) const { return false; }
  bool operator()(const Not& node) const { return node.operand->script(); }
  bool operator()(const Logical&) const { return false; }
  bool operator()(const Comparison& node) const {
    return !((is_field(node.left) && is_literal(node.right)) || (is_literal(node.left) && is_field(node.right)));
  }
  bool operator()(const NullCheck&) const { return false; }  // true or false, even by script
  bool operator()(const PatternMatch& node) const { return !is_field(node.operand); }
  bool operator()(const InList& node) const {
    return !field_and_literals(node.operand, node.items.begin(), node.items.end());
  }
  bool operator()(const FunctionCall& node) const {
    if (node.function == Function::kLength) return true;
    return !field_and_literals(node.args.front(), node.args.begin() + 1, node.args.end());
  }
};

}  // namespace

bool Node::runs_as_script(const Variant& data) { return std::visit(ScriptTest{}, data); }

}  // namespace vigil::engine::eql
