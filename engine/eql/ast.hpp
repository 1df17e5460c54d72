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
//
// Each node also knows whether Elasticsearch would run it as a Query DSL filter or as a script
// (query_translation.cpp), because the two treat a missing field differently: a filter simply
// does not match, a script yields null, and only a null survives `not`.

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

// not X; `a != b` and `a not in (...)` are parsed as not over `a == b` and `a in (...)`, which is
// what Elasticsearch runs them as (bool.must_not of a term or terms query).
struct Not {
  NodePtr operand;
};

// and / or over two or more operands; chains of the same operator are flattened.
struct Logical {
  enum class Op { kAnd, kOr };
  Op op;
  std::vector<NodePtr> operands;
};

// ==, <, <=, >, >= between two values (never == with a null literal: see NullCheck).
struct Comparison {
  enum class Op { kEqual, kLess, kLessEqual, kGreater, kGreaterEqual };
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
  explicit Node(Alternative alternative) : data_(std::move(alternative)), script_(runs_as_script(data_)) {}

  const Variant& data() const { return data_; }
  // True when Elasticsearch evaluates this node by a script, whose null result propagates;
  // false when it translates it into a filter query, which is true or false on every event.
  bool script() const { return script_; }

 private:
  static bool runs_as_script(const Variant& data);  // query_translation.cpp

  Variant data_;
  bool script_;
};

template <typename Alternative>
NodePtr make_node(Alternative alternative) {
  return std::make_unique<const Node>(std::move(alternative));
}

}  // namespace vigil::engine::eql
