// What a condition yields on a missing field, as Elasticsearch runs it (query_translation.cpp,
// docs/RULES.md "Missing fields, not and !="): each operator and query-translated function on
// a field that is present, missing, null, an empty array or multi-valued, on its own, under
// `not`, and under `not` of a compound (`not (P and g == 1)`, a bool.must_not of a bool query).

#include <gtest/gtest.h>

#include <array>
#include <string>

#include "tests/engine/eql/eql_test_support.hpp"

namespace vigil::engine::eql {
namespace {

using nlohmann::json;
using testing::eval;

enum Shape { kPresent, kMissing, kNull, kEmptyArray, kMultiValued };
constexpr std::array<const char*, 5> kShapeNames = {"present", "missing", "null", "empty array", "multi-valued"};

// One predicate on the field `f`, with the value `f` takes when present and when multi-valued,
// and what the predicate yields on each shape, one letter each: T(rue), F(alse) or N(ull).
struct Row {
  std::string condition;
  json present;
  json multi_valued;
  std::string expected;  // indexed by Shape
};

// `g` is 1 on every event so that `P and g == 1` is P; `h` is what field-to-field rows compare with.
json event_of(Shape shape, const Row& row, json h = nullptr) {
  json event = {{"g", 1}, {"h", std::move(h)}};
  switch (shape) {
    case kPresent:
      event["f"] = row.present;
      break;
    case kMissing:
      break;
    case kNull:
      event["f"] = nullptr;
      break;
    case kEmptyArray:
      event["f"] = json::array();
      break;
    case kMultiValued:
      event["f"] = row.multi_valued;
      break;
  }
  return event;
}

Tri tri_of(char letter) { return letter == 'T' ? Tri::kTrue : letter == 'F' ? Tri::kFalse : Tri::kNull; }

// Filter queries are true or false on every shape, and `not` (bool.must_not), alone or over a
// compound, is their complement: so a missing field never matches P and always matches not P.
void expect_filter_rows(const std::vector<Row>& rows) {
  for (const Row& row : rows) {
    for (int shape = kPresent; shape <= kMultiValued; ++shape) {
      const json event = event_of(static_cast<Shape>(shape), row);
      const bool holds = row.expected.at(shape) == 'T';
      SCOPED_TRACE(row.condition + " on a " + kShapeNames[shape] + " f: " + event.dump());
      EXPECT_EQ(eval(row.condition, event), tri(holds));
      EXPECT_EQ(eval("not (" + row.condition + ")", event), tri(!holds));
      EXPECT_EQ(eval("not (" + row.condition + " and g == 1)", event), tri(!holds));
      EXPECT_EQ(eval("not (g == 2 or " + row.condition + ")", event), tri(!holds));
    }
  }
}

const json kName = "cmd.exe";
const json kNames = json::array({"explorer.exe", "cmd.exe"});

TEST(EqlQueryTranslation, FieldAgainstLiteralsIsFalseOnAMissingFieldAndItsNotIsTrue) {
  expect_filter_rows({
      {R"(f == "cmd.exe")", kName, kNames, "TFFFT"},
      {R"("cmd.exe" == f)", kName, kNames, "TFFFT"},
      {R"(f : "CMD.*")", kName, kNames, "TFFFT"},
      {R"(f : ("x", "CMD.EXE"))", kName, kNames, "TFFFT"},
      {R"(f like "cmd.*")", kName, kNames, "TFFFT"},
      {R"(f like~ "CMD.*")", kName, kNames, "TFFFT"},
      {R"(f regex "c.d[.]exe")", kName, kNames, "TFFFT"},
      {R"(f regex~ "C.D[.]EXE")", kName, kNames, "TFFFT"},
      {R"(f in ("x", "cmd.exe"))", kName, kNames, "TFFFT"},
      {R"(f in~ ("x", "CMD.EXE"))", kName, kNames, "TFFFT"},
      {R"(wildcard(f, "x", "cmd*"))", kName, kNames, "TFFFT"},
      {"f < 10", 5, json::array({50, 5}), "TFFFT"},
      {"f <= 5", 5, json::array({50, 5}), "TFFFT"},
      {"f > 1", 5, json::array({0, 5}), "TFFFT"},
      {"f >= 5", 5, json::array({0, 5}), "TFFFT"},
      {"0 < f", 5, json::array({-1, 5}), "TFFFT"},
      {"f == true", true, json::array({false, true}), "TFFFT"},
  });
}

TEST(EqlQueryTranslation, NotEqualAndNotInMatchEventsWithoutTheField) {
  expect_filter_rows({
      {R"(f != "cmd.exe")", kName, kNames, "FTTTF"},  // multi-valued: an element equals
      {R"(f != "x")", kName, kNames, "TTTTT"},        // multi-valued: no element equals
      {R"(f not in ("x", "cmd.exe"))", kName, kNames, "FTTTF"},
      {R"(f not in~ ("x", "CMD.EXE"))", kName, kNames, "FTTTF"},
      {R"(f not in ("x", "y"))", kName, kNames, "TTTTT"},
      {"f != 5", 5, json::array({50, 5}), "FTTTF"},
  });
}

TEST(EqlQueryTranslation, StringFunctionsOfAFieldAndLiteralsAreQueries) {
  expect_filter_rows({
      {R"(startsWith(f, "cmd"))", kName, kNames, "TFFFT"},
      {R"(startsWith(f, "x", "cmd"))", kName, kNames, "TFFFT"},
      {R"(startsWith~(f, "CMD"))", kName, kNames, "TFFFT"},
      {R"(endsWith(f, "d.exe"))", kName, kNames, "TFFFT"},
      {R"(endsWith~(f, "D.EXE"))", kName, kNames, "TFFFT"},
      {R"(stringContains(f, "md."))", kName, kNames, "TFFFT"},
      {R"(stringContains~(f, "MD."))", kName, kNames, "TFFFT"},
  });
}

TEST(EqlQueryTranslation, ExistenceTestsKeepTheirMeaning) {
  expect_filter_rows({
      {"f == null", kName, kNames, "FTTTF"},
      {"f != null", kName, kNames, "TFFFT"},
      {"?f == null", kName, kNames, "FTTTF"},
      {"?f != null", kName, kNames, "TFFFT"},
      {"f : null", kName, kNames, "FTTTF"},
  });
}

TEST(EqlQueryTranslation, AnOptionalFieldIsAFieldLikeAnyOther) {
  expect_filter_rows({
      {R"(?f != "cmd.exe")", kName, kNames, "FTTTF"},
      {R"(?f : "cmd.exe")", kName, kNames, "TFFFT"},
  });
}

// Scripts propagate null; `not` of a script is a script (null stays null), while `not` of a
// compound is a bool.must_not in which a null script clause simply did not match.
void expect_script_rows(const std::vector<Row>& rows, const json& h) {
  for (const Row& row : rows) {
    for (int shape = kPresent; shape <= kMultiValued; ++shape) {
      const json event = event_of(static_cast<Shape>(shape), row, h);
      const Tri plain = tri_of(row.expected.at(shape));
      SCOPED_TRACE(row.condition + " on a " + kShapeNames[shape] + " f: " + event.dump());
      EXPECT_EQ(eval(row.condition, event), plain);
      EXPECT_EQ(eval("not (" + row.condition + ")", event), tri_not(plain));
      EXPECT_EQ(eval("not not (" + row.condition + ")", event), plain);
      EXPECT_EQ(eval("not (" + row.condition + " and g == 1)", event), tri(plain != Tri::kTrue));
    }
  }
}

TEST(EqlQueryTranslation, ScriptsPropagateNull) {
  expect_script_rows(
      {
          {"length(f) > 1", kName, kNames, "TNNFT"},  // an empty array has length 0
          {"f == h", kName, kNames, "TNNNT"},
          {"f != h", kName, kNames, "FNNNF"},
          {"f in (h, \"x\")", kName, kNames, "TNNNT"},
          {"startsWith(f, h)", kName, kNames, "TNNNT"},
          {R"(startsWith("cmd.exe /c", f))", "cmd", json::array({"x", "cmd"}), "TNNNT"},
      },
      kName);
}

TEST(EqlQueryTranslation, NotOfACompoundIsMustNotEvenOverAScript) {
  const json no_x = {{"a", 1}};
  EXPECT_EQ(eval("not (a == 1 and length(x) > 1)", no_x), Tri::kTrue);
  EXPECT_EQ(eval("not length(x) > 1", no_x), Tri::kNull);
  EXPECT_EQ(eval("not (length(x) > 1 or a == 2)", no_x), Tri::kTrue);
  EXPECT_EQ(eval("not (length(x) > 1 or a == 1)", no_x), Tri::kFalse);
  EXPECT_EQ(eval("length(x) > 1 or a == 1", no_x), Tri::kTrue);
  EXPECT_EQ(eval("length(x) > 1 and a == 1", no_x), Tri::kFalse);
}

TEST(EqlQueryTranslation, ElasticExclusionsDoNotCancelAnAlertOnAnEventWithoutTheirFields) {
  // The shape of Elastic's rules' exclusions, on a 4688 event: no parent args, no signature.
  const json event = {{"process", {{"name", "powershell.exe"}, {"parent", {{"name", "wscript.exe"}}}}}};
  EXPECT_EQ(eval(R"(not (process.parent.name : "wscript.exe" and process.parent.args : "?:\\x.vbs"))", event),
            Tri::kTrue);
  EXPECT_EQ(eval("not process.code_signature.trusted == true", event), Tri::kTrue);
  EXPECT_EQ(eval(R"(not process.parent.args : "x")", event), Tri::kTrue);
}

// Elastic's mapping stops indexing process.args elements above 1024 characters (ignore_above),
// so Elasticsearch would miss this; Vigil matching it is deliberate (docs/RULES.md).
TEST(EqlQueryTranslation, ArgumentsLongerThan1024CharactersStillMatch) {
  const json event = {{"process", {{"args", {"powershell.exe", "-enc", std::string(4000, 'A') + "=="}}}}};
  EXPECT_EQ(eval(R"(process.args : "AAAA*==")", event), Tri::kTrue);
  EXPECT_EQ(eval(R"(not process.args : "AAAA*==")", event), Tri::kFalse);
}

}  // namespace
}  // namespace vigil::engine::eql
