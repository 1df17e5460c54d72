#include "engine/eql/evaluator.hpp"

#include "engine/eql/field_resolver.hpp"

namespace vigil::engine::eql {
namespace {

// Elasticsearch runs an event query's condition as a Query DSL filter, and so does this:
// - a predicate on an array is true when any element satisfies it (Lucene's term semantics), and
//   `!=` / `not in` are the negation of `==` / `in`, so they are true only when no element equals;
// - a node Elasticsearch translates into a query (Node::script() false) is true or false: a
//   missing or null field simply does not match it, so `not` of it is true;
// - a script node (length(), a field against a field...) yields null on a missing field, and
//   `not` of a script is a script of the negation, so the null survives it;
// - and / or are bool queries over their operands' queries: a null operand does not match.

class Evaluator {
 public:
  explicit Evaluator(const nlohmann::json& event) : event_(event) {}

  Value operator()(const Literal& literal) const { return Value::of(literal); }

  Value operator()(const FieldRef& field) const {
    return Value::of(resolve_field(event_, field.path, field.case_insensitive));
  }

  // truth() has already made a query operand true or false; only a script's null remains.
  Value operator()(const Not& node) const { return Value::of(tri_not(truth(*node.operand))); }

  Value operator()(const Logical& node) const {
    // and: any operand that does not match decides. or: any that matches.
    const bool all = node.op == Logical::Op::kAnd;
    for (const auto& operand : node.operands) {
      if ((truth(*operand) == Tri::kTrue) != all) return Value::of(tri(!all));
    }
    return Value::of(tri(all));
  }

  Value operator()(const Comparison& node) const {
    return Value::of(compare_any(node.op, eval(*node.left), eval(*node.right), false));
  }

  Value operator()(const NullCheck& node) const {
    return Value::of(tri(is_missing(eval(*node.operand)) == node.expect_null));
  }

  Value operator()(const PatternMatch& node) const {
    return Value::of(any_text(eval(*node.operand), [&](std::string_view text) {
      for (const auto& matcher : node.matchers) {
        if (matcher.matches(text)) return true;
      }
      return false;
    }));
  }

  Value operator()(const InList& node) const {
    const Value operand = eval(*node.operand);
    // As a script: no item equal and some comparison null (e.g. a null item) gives null.
    Tri result = Tri::kFalse;
    for (const auto& item : node.items) {
      const Tri t = compare_any(Comparison::Op::kEqual, operand, eval(*item), node.case_insensitive);
      if (t == Tri::kTrue) return Value::of(t);
      if (t == Tri::kNull) result = Tri::kNull;
    }
    return Value::of(result);
  }

  Value operator()(const FunctionCall& node) const {
    const Value source = eval(*node.args.front());
    if (node.function == Function::kLength) return length(source);
    // Any source element against any candidate (each candidate may itself be multi-valued).
    return Value::of(any_text_tri(source, [&](std::string_view text) {
      Tri result = Tri::kFalse;
      for (std::size_t i = 1; i < node.args.size(); ++i) {
        const Tri t = any_text(eval(*node.args[i]), [&](std::string_view candidate) {
          return test_substring(node.function, node.case_insensitive, text, candidate);
        });
        if (t == Tri::kTrue) return t;
        if (t == Tri::kNull) result = Tri::kNull;
      }
      return result;
    }));
  }

  Value eval(const Node& node) const { return std::visit(*this, node.data()); }

  Tri truth(const Node& node) const {
    const Tri t = eval(node).truth();
    return t == Tri::kNull && !node.script() ? Tri::kFalse : t;
  }

 private:
  static Tri compare_any(Comparison::Op op, const Value& left, const Value& right, bool case_insensitive) {
    return any_scalar(left, [&](const Value& a) {
      return any_scalar(right, [&](const Value& b) { return compare_scalars(op, a, b, case_insensitive); });
    });
  }

  // Runs a three-valued test on the text of each scalar; null and objects give null.
  template <typename Test>
  static Tri any_text_tri(const Value& value, const Test& test) {
    return any_scalar(value, [&](const Value& scalar) {
      std::array<char, 32> buffer;
      const auto text = scalar_text(scalar, buffer);
      return text ? test(*text) : Tri::kNull;
    });
  }

  template <typename Test>
  static Tri any_text(const Value& value, const Test& test) {
    return any_text_tri(value, [&](std::string_view text) { return tri(test(text)); });
  }

  // String length in code points, or the number of values of a multi-valued field.
  static Value length(const Value& source) {
    Value result;
    if (source.kind == Value::Kind::kString) {
      result.kind = Value::Kind::kInt;
      result.integer = static_cast<std::int64_t>(code_point_length(source.string));
    } else if (source.kind == Value::Kind::kArray) {
      result.kind = Value::Kind::kInt;
      result.integer = static_cast<std::int64_t>(source.json->size());
    }
    return result;
  }

  const nlohmann::json& event_;
};

}  // namespace

Value evaluate(const Node& node, const nlohmann::json& event) { return Evaluator(event).eval(node); }

Tri evaluate_condition(const Node& condition, const nlohmann::json& event) { return Evaluator(event).truth(condition); }

}  // namespace vigil::engine::eql
