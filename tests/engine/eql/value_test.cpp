#include "engine/eql/value.hpp"

#include <gtest/gtest.h>

namespace vigil::engine::eql {
namespace {

using nlohmann::json;
using Op = Comparison::Op;

Value of(const json& j) { return Value::of(&j); }

TEST(EqlValue, FromJson) {
  EXPECT_EQ(Value::of(nullptr).kind, Value::Kind::kNull);
  EXPECT_EQ(of(json(nullptr)).kind, Value::Kind::kNull);
  EXPECT_EQ(of(json(-3)).integer, -3);
  EXPECT_EQ(of(json(18446744073709551615ULL)).kind, Value::Kind::kDouble);
  EXPECT_EQ(of(json(0.5)).decimal, 0.5);
  EXPECT_EQ(of(json("x")).string, "x");
  EXPECT_EQ(of(json::array()).kind, Value::Kind::kArray);
  EXPECT_EQ(of(json::object()).kind, Value::Kind::kObject);
}

TEST(EqlValue, ScalarTextIsKeywordForm) {
  std::array<char, 32> buffer;
  EXPECT_EQ(*scalar_text(of(json(4688)), buffer), "4688");
  EXPECT_EQ(*scalar_text(of(json(-1.5)), buffer), "-1.5");
  EXPECT_EQ(*scalar_text(of(json(true)), buffer), "true");
  EXPECT_EQ(*scalar_text(of(json("s")), buffer), "s");
  EXPECT_FALSE(scalar_text(of(json(nullptr)), buffer));
  EXPECT_FALSE(scalar_text(of(json::object()), buffer));
}

TEST(EqlValue, IsMissing) {
  EXPECT_TRUE(is_missing(Value::of(nullptr)));
  EXPECT_TRUE(is_missing(of(json::array())));
  EXPECT_TRUE(is_missing(of(json::parse("[null, [null]]"))));
  EXPECT_FALSE(is_missing(of(json::parse("[null, 0]"))));
  EXPECT_FALSE(is_missing(of(json(""))));
}

TEST(EqlValue, CompareScalars) {
  EXPECT_EQ(compare_scalars(Op::kEqual, of(json(1)), of(json(1.0))), Tri::kTrue);
  EXPECT_EQ(compare_scalars(Op::kLess, of(json(9007199254740993LL)), of(json(9007199254740994LL))), Tri::kTrue);
  EXPECT_EQ(compare_scalars(Op::kGreater, of(json("10")), of(json(9))), Tri::kTrue);
  EXPECT_EQ(compare_scalars(Op::kGreater, of(json("10")), of(json("9"))), Tri::kFalse);  // text order
  EXPECT_EQ(compare_scalars(Op::kEqual, of(json("abc")), of(json(1))), Tri::kNull);
  EXPECT_EQ(compare_scalars(Op::kEqual, of(json("ABC")), of(json("abc"))), Tri::kFalse);
  EXPECT_EQ(compare_scalars(Op::kEqual, of(json("ABC")), of(json("abc")), true), Tri::kTrue);
  EXPECT_EQ(compare_scalars(Op::kEqual, of(json(true)), of(json("true"))), Tri::kTrue);
  EXPECT_EQ(compare_scalars(Op::kEqual, of(json(true)), of(json(1))), Tri::kNull);
  EXPECT_EQ(compare_scalars(Op::kLessEqual, of(json(nullptr)), of(json(1))), Tri::kNull);
  EXPECT_EQ(compare_scalars(Op::kEqual, of(json::object()), of(json::object())), Tri::kNull);
}

TEST(EqlValue, AnyScalarOrsOverElements) {
  const auto is_one = [](const Value& v) { return compare_scalars(Op::kEqual, v, of(json(1))); };
  EXPECT_EQ(any_scalar(of(json::parse("[0, [1]]")), is_one), Tri::kTrue);
  EXPECT_EQ(any_scalar(of(json::parse("[0, 2]")), is_one), Tri::kFalse);
  EXPECT_EQ(any_scalar(of(json::parse("[null, 2]")), is_one), Tri::kFalse);
  EXPECT_EQ(any_scalar(of(json::parse("[null]")), is_one), Tri::kNull);
  EXPECT_EQ(any_scalar(of(json::array()), is_one), Tri::kNull);
}

}  // namespace
}  // namespace vigil::engine::eql
