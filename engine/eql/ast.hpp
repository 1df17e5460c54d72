#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "engine/eql/functions.hpp"
#include "engine/eql/string_matcher.hpp"

namespace vigil::engine::eql {

// The compiled condition tree. The parser builds it once; evaluator.cpp walks it per event.
// Nodes are immutable after parsing and own their children, so a tree is safe to share between
// threads (CompiledQuery holds it through shared_ptr<const Node>).

class Node;
using NodePtr = std::unique_ptr<const Node>;

// A constant: null, true/false, an integer, a decimal, or a string.
struct Literal {
  std::variant<std::monostate, bool, std::int64_t, double, std::string> value;
};

// A field of the event, looked up by dotted path.
struct FieldRef {
  std::string path;
  bool optional = false;          // written ?path; evaluates the same (Vigil has no mapping to check)
  bool case_insensitive = false;  // CompileOptions::case_insensitive_fields
};

struct Not {
  NodePtr operand;
};

// and / or over two or more operands; chains of the same operator are flattened.
struct Logical {
  enum class Op { kAnd, kOr };
  Op op;
  std::vector<NodePtr> operands;
};

// ==, !=, <, <=, >, >= between two values (never a null literal: see NullCheck).
struct Comparison {
  enum class Op { kEqual, kNotEqual, kLess, kLessEqual, kGreater, kGreaterEqual };
  Op op;
  NodePtr left;
  NodePtr right;
};

// x == null, x != null, x : null: always true or false, never null.
struct NullCheck {
  NodePtr operand;
  bool expect_null;
};

// x : "p", x like (...), x regex~ "...", wildcard(x, ...): true if any matcher matches.
struct PatternMatch {
  NodePtr operand;
  std::vector<StringMatcher> matchers;
};

// x in (a, b), x in~ (...); `not in` is Not over InList.
struct InList {
  NodePtr operand;
  std::vector<NodePtr> items;
  bool case_insensitive = false;
};

// startsWith, endsWith, stringContains, length (wildcard() compiles to PatternMatch).
struct FunctionCall {
  Function function;
  bool case_insensitive = false;
  std::vector<NodePtr> args;
};

class Node {
 public:
  using Variant =
      std::variant<Literal, FieldRef, Not, Logical, Comparison, NullCheck, PatternMatch, InList, FunctionCall>;

  template <typename Alternative>
  explicit Node(Alternative alternative) : data_(std::move(alternative)) {}

  const Variant& data() const { return data_; }

 private:
  Variant data_;
};

template <typename Alternative>
NodePtr make_node(Alternative alternative) {
  return std::make_unique<const Node>(std::move(alternative));
}

}  // namespace vigil::engine::eql
