#include "engine/eql/value.hpp"

#include <charconv>
#include <compare>
#include <limits>

#include "engine/text/ascii.hpp"

namespace vigil::engine::eql {
namespace {

std::optional<double> parse_number(std::string_view text) {
  double out = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return out;
}

std::optional<std::partial_ordering> order_numbers(const Value& a, const Value& b) {
  if (a.kind == Value::Kind::kInt && b.kind == Value::Kind::kInt) return a.integer <=> b.integer;
  const double x = a.kind == Value::Kind::kInt ? static_cast<double>(a.integer) : a.decimal;
  const double y = b.kind == Value::Kind::kInt ? static_cast<double>(b.integer) : b.decimal;
  return x <=> y;
}

std::optional<std::partial_ordering> order(const Value& a, const Value& b) {
  using Kind = Value::Kind;
  if (a.is_number() && b.is_number()) return order_numbers(a, b);
  if (a.is_number() && b.kind == Kind::kString) {
    const auto parsed = parse_number(b.string);
    if (!parsed) return std::nullopt;
    Value number;
    number.kind = Kind::kDouble;
    number.decimal = *parsed;
    return order_numbers(a, number);
  }
  if (a.kind == Kind::kString && b.is_number()) {
    const auto reversed = order(b, a);
    if (!reversed) return std::nullopt;
    return 0 <=> *reversed;
  }
  if (a.kind == Kind::kString && b.kind == Kind::kString) return a.string.compare(b.string) <=> 0;
  if (a.kind == Kind::kBool && b.kind == Kind::kBool) return a.boolean <=> b.boolean;
  if (a.kind == Kind::kBool && b.kind == Kind::kString) {
    return std::string_view(a.boolean ? "true" : "false").compare(b.string) <=> 0;
  }
  if (a.kind == Kind::kString && b.kind == Kind::kBool) {
    return a.string.compare(b.boolean ? "true" : "false") <=> 0;
  }
  return std::nullopt;
}

}  // namespace

Value Value::of(Tri t) {
  Value v;
  if (t != Tri::kNull) {
    v.kind = Kind::kBool;
    v.boolean = t == Tri::kTrue;
  }
  return v;
}

Value Value::of(const Literal& literal) {
  Value v;
  if (const auto* b = std::get_if<bool>(&literal.value)) {
    v.kind = Kind::kBool;
    v.boolean = *b;
  } else if (const auto* i = std::get_if<std::int64_t>(&literal.value)) {
    v.kind = Kind::kInt;
    v.integer = *i;
  } else if (const auto* d = std::get_if<double>(&literal.value)) {
    v.kind = Kind::kDouble;
    v.decimal = *d;
  } else if (const auto* s = std::get_if<std::string>(&literal.value)) {
    v.kind = Kind::kString;
    v.string = *s;
  }
  return v;
}

Value Value::of(const nlohmann::json* json) {
  using Type = nlohmann::json::value_t;
  Value v;
  if (json == nullptr) return v;
  switch (json->type()) {
    case Type::boolean:
      v.kind = Kind::kBool;
      v.boolean = json->get<bool>();
      break;
    case Type::number_integer:
      v.kind = Kind::kInt;
      v.integer = json->get<std::int64_t>();
      break;
    case Type::number_unsigned: {
      const auto u = json->get<std::uint64_t>();
      if (u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        v.kind = Kind::kInt;
        v.integer = static_cast<std::int64_t>(u);
      } else {
        v.kind = Kind::kDouble;
        v.decimal = static_cast<double>(u);
      }
      break;
    }
    case Type::number_float:
      v.kind = Kind::kDouble;
      v.decimal = json->get<double>();
      break;
    case Type::string:
      v.kind = Kind::kString;
      v.string = json->get_ref<const std::string&>();
      break;
    case Type::array:
      v.kind = Kind::kArray;
      v.json = json;
      break;
    case Type::object:
      v.kind = Kind::kObject;
      break;
    default:  // null, binary, discarded
      break;
  }
  return v;
}

bool is_missing(const Value& value) {
  if (value.kind == Value::Kind::kNull) return true;
  if (value.kind != Value::Kind::kArray) return false;
  for (const auto& element : *value.json) {
    if (!is_missing(Value::of(&element))) return false;
  }
  return true;
}

std::optional<std::string_view> scalar_text(const Value& value, std::array<char, 32>& buffer) {
  switch (value.kind) {
    case Value::Kind::kString:
      return value.string;
    case Value::Kind::kBool:
      return value.boolean ? "true" : "false";
    case Value::Kind::kInt: {
      const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value.integer);
      return std::string_view(buffer.data(), result.ptr - buffer.data());
    }
    case Value::Kind::kDouble: {
      const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value.decimal);
      return std::string_view(buffer.data(), result.ptr - buffer.data());
    }
    default:
      return std::nullopt;
  }
}

Tri compare_scalars(Comparison::Op op, const Value& left, const Value& right, bool case_insensitive) {
  if (case_insensitive && left.kind == Value::Kind::kString && right.kind == Value::Kind::kString) {
    return tri(text::equals_ascii_ci(left.string, right.string));
  }
  const auto ordering = order(left, right);
  if (!ordering || *ordering == std::partial_ordering::unordered) return Tri::kNull;
  switch (op) {
    case Comparison::Op::kEqual:
      return tri(*ordering == 0);
    case Comparison::Op::kLess:
      return tri(*ordering < 0);
    case Comparison::Op::kLessEqual:
      return tri(*ordering <= 0);
    case Comparison::Op::kGreater:
      return tri(*ordering > 0);
    case Comparison::Op::kGreaterEqual:
      return tri(*ordering >= 0);
  }
  return Tri::kNull;
}

}  // namespace vigil::engine::eql
