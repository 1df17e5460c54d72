// Aggregates, with Kusto's null handling: nulls are skipped by sum, avg,
// min, max, make_set and make_list (and by dcount: group_states.cpp).
#include "engine/hunt/aggregates.hpp"

#include <array>
#include <memory>
#include <optional>
#include <unordered_set>

#include "engine/hunt/checked_math.hpp"
#include "engine/hunt/evaluator.hpp"

namespace vigil::engine::hunt {
namespace {

struct ValueHash {
  std::size_t operator()(const Value& v) const { return hash_value(v); }
};
struct ValueEqual {
  bool operator()(const Value& a, const Value& b) const { return values_equal(a, b); }
};

Type long_result(std::span<const Type>, std::string&) { return Type::kLong; }
Type same_as_first(std::span<const Type> t, std::string&) { return t[0]; }
Type dynamic_result(std::span<const Type>, std::string&) { return Type::kDynamic; }

Type predicate_second(std::span<const Type> t, std::string& error) {
  if (t.back() != Type::kBool) error = "expects a bool predicate, got " + std::string(type_name(t.back()));
  return Type::kLong;
}
Type predicate_only(std::span<const Type> t, std::string& error) {
  if (t[0] != Type::kBool) error = "expects a bool predicate, got " + std::string(type_name(t[0]));
  return Type::kLong;
}
Type numeric_sum(std::span<const Type> t, std::string& error) {
  if (!is_numeric(t[0]) && t[0] != Type::kTimespan && t[0] != Type::kDynamic)
    error = "expects a numeric argument, got " + std::string(type_name(t[0]));
  return t[0] == Type::kInt ? Type::kLong : (t[0] == Type::kDynamic ? Type::kReal : t[0]);
}
Type numeric_avg(std::span<const Type> t, std::string& error) {
  numeric_sum(t, error);
  return t[0] == Type::kTimespan ? Type::kTimespan : Type::kReal;
}

const std::array<AggregateFunction, 13> kAggregates = {{
    {"count", 0, 0, "count", long_result},
    {"countif", 1, 1, "countif", predicate_only},
    {"dcount", 1, 2, "dcount", long_result},
    {"dcountif", 2, 3, "dcountif", predicate_second},
    {"sum", 1, 1, "sum", numeric_sum},
    {"avg", 1, 1, "avg", numeric_avg},
    {"min", 1, 1, "min", same_as_first},
    {"max", 1, 1, "max", same_as_first},
    {"make_set", 1, 2, "set", dynamic_result},
    {"make_list", 1, 2, "list", dynamic_result},
    {"take_any", 1, 1, "any", same_as_first},
    {"arg_min", 1, 64, "min", same_as_first},
    {"arg_max", 1, 64, "max", same_as_first},
}};

class Sum final : public Accumulator {
 public:
  explicit Sum(const AggregateSpec& s, bool average) : spec_(s), average_(average) {}
  std::int64_t add(const Row& row, ExecContext& c) override {
    const Value v = unwrap_dynamic(evaluate(*spec_.args[0], row, c));
    if (v.is_null() || !(is_numeric(v.type()) || v.type() == Type::kTimespan)) return 0;
    ++n_;
    if (v.type() == Type::kReal) {
      real_ += v.as_real();
    } else if (const auto s = checked_add(whole_, v.as_long())) {
      whole_ = *s;
    } else {
      overflowed_ = true;
    }
    return 0;
  }
  void finish(Row& out) const override {
    const double total = real_ + static_cast<double>(whole_);
    if (n_ == 0 || overflowed_) {
      out.push_back(Value::null(spec_.type));
    } else if (average_) {
      const auto mean_ms = real_to_long(total / static_cast<double>(n_));
      out.push_back(spec_.type != Type::kTimespan ? Value::real(total / static_cast<double>(n_))
                    : mean_ms                     ? Value::timespan(*mean_ms)
                                                  : Value::null(spec_.type));
    } else if (spec_.type == Type::kReal) {
      out.push_back(Value::real(total));
    } else if (spec_.type == Type::kTimespan) {
      out.push_back(Value::timespan(whole_));
    } else {
      out.push_back(Value::long_(whole_));
    }
  }

 private:
  const AggregateSpec& spec_;
  bool average_;
  std::int64_t n_ = 0;
  std::int64_t whole_ = 0;
  bool overflowed_ = false;  // a long sum past the range of a long is null
  double real_ = 0;
};

// min, max, arg_min, arg_max, take_any: keeps one value (and its carried
// columns). Ties keep the first row met, as Kusto leaves open.
class Extreme final : public Accumulator {
 public:
  Extreme(const AggregateSpec& s, int direction) : spec_(s), direction_(direction) {}
  std::int64_t add(const Row& row, ExecContext& c) override {
    Value v = evaluate(*spec_.args[0], row, c);
    if (v.is_null() && direction_ != 0) return 0;
    if (best_ && (direction_ == 0 || compare_values(v, *best_) * direction_ <= 0)) return 0;
    std::int64_t bytes = static_cast<std::int64_t>(v.footprint());
    best_ = std::move(v);
    carried_.clear();
    for (const auto& e : spec_.carried) {
      carried_.push_back(evaluate(*e, row, c));
      bytes += static_cast<std::int64_t>(carried_.back().footprint());
    }
    return bytes;
  }
  void finish(Row& out) const override {
    out.push_back(best_ ? *best_ : Value::null(spec_.type));
    for (std::size_t i = 0; i < spec_.carried.size(); ++i)
      out.push_back(i < carried_.size() ? carried_[i] : Value::null(spec_.carried[i]->type));
  }

 private:
  const AggregateSpec& spec_;
  int direction_;  // 1: keeps the largest; -1: the smallest; 0: the first
  std::optional<Value> best_;
  Row carried_;
};

// make_set and make_list: nulls skipped, at most max_size (default 1048576) values.
class Collect final : public Accumulator {
 public:
  Collect(const AggregateSpec& s, bool unique) : spec_(s), unique_(unique) {}
  std::int64_t add(const Row& row, ExecContext& c) override {
    Value v = evaluate(*spec_.args[0], row, c);
    if (v.is_null() || items_.size() >= limit(row, c)) return 0;
    if (unique_ && !seen_.insert(v).second) return 0;
    const auto bytes = static_cast<std::int64_t>(v.footprint());
    items_.push_back(to_json(v));
    return bytes;
  }
  void finish(Row& out) const override { out.push_back(Value::dynamic(nlohmann::json(items_))); }

 private:
  std::size_t limit(const Row& row, ExecContext& c) const {
    if (spec_.args.size() < 2) return 1048576;
    const Value n = evaluate(*spec_.args[1], row, c);
    return n.is_null() ? 1048576 : static_cast<std::size_t>(std::max<std::int64_t>(0, n.as_long()));
  }
  const AggregateSpec& spec_;
  bool unique_;
  std::unordered_set<Value, ValueHash, ValueEqual> seen_;
  std::vector<nlohmann::json> items_;
};

}  // namespace

const AggregateFunction* find_aggregate(std::string_view name) {
  for (const auto& a : kAggregates)
    if (a.name == name) return &a;
  return nullptr;
}

std::unique_ptr<Accumulator> make_accumulator(const AggregateSpec& spec) {
  const auto& f = spec.function;
  if (f == "sum" || f == "avg") return std::make_unique<Sum>(spec, f == "avg");
  if (f == "min" || f == "arg_min") return std::make_unique<Extreme>(spec, -1);
  if (f == "max" || f == "arg_max") return std::make_unique<Extreme>(spec, 1);
  if (f == "take_any") return std::make_unique<Extreme>(spec, 0);
  return std::make_unique<Collect>(spec, f == "make_set");
}

}  // namespace vigil::engine::hunt
