#include "engine/eql/evaluator.hpp"

#include <gtest/gtest.h>

#include "tests/engine/eql/eql_test_support.hpp"

namespace vigil::engine::eql {
namespace {

using nlohmann::json;
using testing::eval;
using testing::matches;

const json kEvent = json::parse(R"({
  "process": {
    "name": "PowerShell.exe",
    "pid": 4242,
    "exit_code": 0,
    "args": ["powershell.exe", "-Command", "Set-CASMailbox -ActiveSyncAllowedDeviceIDs x"],
    "command_line": "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe -Command x",
    "executable": "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
    "elevated": true,
    "parent": {"name": "cmd.exe"}
  },
  "event": {"category": ["process"], "type": ["start", "process_start"], "code": 4688},
  "host.os.type": "windows",
  "pid_text": "4242",
  "ratio": 0.5,
  "nothing": null,
  "empty": [],
  "nulls": [null, null],
  "nested": [["a", "b"], ["c"]],
  "obj": {"k": 1}
})");

TEST(EqlEvaluator, EqualsIsCaseSensitiveWithoutWildcards) {
  EXPECT_TRUE(matches(R"(process.name == "PowerShell.exe")", kEvent));
  EXPECT_FALSE(matches(R"(process.name == "powershell.exe")", kEvent));
  EXPECT_FALSE(matches(R"(process.name == "Power*")", kEvent));
  EXPECT_TRUE(matches(R"(process.name != "powershell.exe")", kEvent));
  EXPECT_FALSE(matches(R"(process.name != "PowerShell.exe")", kEvent));
  EXPECT_TRUE(matches(R"(host.os.type == "windows")", kEvent));  // flat dotted key
}

TEST(EqlEvaluator, NumericComparisons) {
  EXPECT_TRUE(matches("process.pid == 4242", kEvent));
  EXPECT_TRUE(matches("process.pid == 4242.0", kEvent));
  EXPECT_TRUE(matches("process.pid > 4000 and process.pid <= 4242", kEvent));
  EXPECT_FALSE(matches("process.pid < 4242", kEvent));
  EXPECT_TRUE(matches("process.pid >= 4242", kEvent));
  EXPECT_TRUE(matches("-1 < process.exit_code", kEvent));
  EXPECT_TRUE(matches("ratio < 1 and ratio > 0.25", kEvent));
  EXPECT_TRUE(matches("4242 == process.pid", kEvent));
}

TEST(EqlEvaluator, NumberAgainstStringField) {
  EXPECT_TRUE(matches("pid_text == 4242", kEvent));
  EXPECT_TRUE(matches("pid_text > 100", kEvent));  // numeric, although "4242" < "100" as text
  EXPECT_EQ(eval("process.name == 5", kEvent), Tri::kFalse);  // a term query that matches nothing
  // A string literal against a number field compares the number's text, as a keyword would.
  EXPECT_TRUE(matches(R"(event.code == "4688")", kEvent));
  EXPECT_TRUE(matches(R"(event.code : "46*")", kEvent));
}

TEST(EqlEvaluator, StringOrderingIsCaseSensitiveLexicographic) {
  EXPECT_TRUE(matches(R"(process.parent.name >= "cmd" and process.parent.name < "cmd.f")", kEvent));
  EXPECT_FALSE(matches(R"(process.name > "a")", kEvent));  // 'P' (0x50) < 'a' (0x61)
  EXPECT_TRUE(matches(R"(process.name < "a")", kEvent));
  EXPECT_TRUE(matches(R"(process.name >= "PowerShell.exe" and process.name <= "PowerShell.exe")", kEvent));
}

TEST(EqlEvaluator, BooleansCompare) {
  EXPECT_TRUE(matches("process.elevated == true", kEvent));
  EXPECT_TRUE(matches("process.elevated", kEvent));
  EXPECT_FALSE(matches("process.elevated == false", kEvent));
  EXPECT_TRUE(matches(R"(process.elevated : "TRUE")", kEvent));
  EXPECT_TRUE(matches("true", kEvent));
  EXPECT_FALSE(matches("false", kEvent));
  EXPECT_TRUE(matches(R"((process.name : "power*") == true)", kEvent));
}

TEST(EqlEvaluator, ColonIsCaseInsensitiveWildcard) {
  EXPECT_TRUE(matches(R"(process.name : "powershell.exe")", kEvent));
  EXPECT_TRUE(matches(R"(process.name : "POWER*")", kEvent));
  EXPECT_TRUE(matches(R"(process.name : "?owershell.EXE")", kEvent));
  EXPECT_FALSE(matches(R"(process.name : "powershell")", kEvent));  // anchored to the whole value
  EXPECT_TRUE(matches(R"(process.name : ("cmd.exe", "pwsh.exe", "powershell.exe"))", kEvent));
  EXPECT_FALSE(matches(R"(process.name : ("cmd.exe", "pwsh.exe"))", kEvent));
  EXPECT_TRUE(matches(R"(process.executable : "C:\\Windows\\System32\\*")", kEvent));
  EXPECT_TRUE(matches(R"(process.executable : """C:\Windows\*\powershell.exe""")", kEvent));
}

TEST(EqlEvaluator, EscapedWildcardIsLiteral) {
  const json event = {{"path", "C:\\temp\\*.log"}, {"q", "what?"}};
  EXPECT_TRUE(matches(R"(path : "*\\\*.log")", event));
  EXPECT_FALSE(matches(R"(path : "*\\\*.log")", json{{"path", "C:\\temp\\x.log"}}));
  EXPECT_TRUE(matches(R"(q : "WHAT\?")", event));
  EXPECT_FALSE(matches(R"(q : "WHAT\?")", json{{"q", "whatx"}}));
}

TEST(EqlEvaluator, LikeAndLikeInsensitive) {
  EXPECT_TRUE(matches(R"(process.name like "Power*")", kEvent));
  EXPECT_FALSE(matches(R"(process.name like "power*")", kEvent));
  EXPECT_TRUE(matches(R"(process.name like~ "power*")", kEvent));
  EXPECT_TRUE(matches(R"(process.name like ("x", "*.exe"))", kEvent));
}

TEST(EqlEvaluator, RegexIsWholeValue) {
  EXPECT_TRUE(matches(R"(process.name regex "Power[A-Za-z]+\\.exe")", kEvent));
  EXPECT_FALSE(matches(R"(process.name regex "Power")", kEvent));
  EXPECT_FALSE(matches(R"(process.name regex "power.*")", kEvent));
  EXPECT_TRUE(matches(R"(process.name regex~ "power.*")", kEvent));
  EXPECT_TRUE(matches(R"(process.name regex ("x", ".*Shell.*"))", kEvent));
  EXPECT_TRUE(matches(R"(text regex "a.b")", json{{"text", "a\nb"}}));  // '.' spans lines, as Lucene
  EXPECT_TRUE(matches(R"(text regex "a\*")", json{{"text", "a*"}}));    // \* stays a literal star
  EXPECT_FALSE(matches(R"(text regex "a\*")", json{{"text", "aa"}}));
}

TEST(EqlEvaluator, InLists) {
  EXPECT_TRUE(matches(R"(process.name in ("cmd.exe", "PowerShell.exe"))", kEvent));
  EXPECT_FALSE(matches(R"(process.name in ("cmd.exe", "powershell.exe"))", kEvent));
  EXPECT_TRUE(matches(R"(process.name in~ ("cmd.exe", "powershell.exe"))", kEvent));
  EXPECT_FALSE(matches(R"(process.name in ("Power*"))", kEvent));  // no wildcards
  EXPECT_TRUE(matches(R"(process.name not in ("cmd.exe", "powershell.exe"))", kEvent));
  EXPECT_FALSE(matches(R"(process.name not in~ ("cmd.exe", "powershell.exe"))", kEvent));
  EXPECT_TRUE(matches("process.pid in (1, 4242)", kEvent));
  EXPECT_TRUE(matches(R"(process.parent.name in (process.name, "cmd.exe"))", kEvent));
}

TEST(EqlEvaluator, InWithNullOrFieldItems) {
  EXPECT_TRUE(matches(R"(process.name in (null, "PowerShell.exe"))", kEvent));
  // Over literals, `in` is a terms query, which a null item never matches.
  EXPECT_EQ(eval(R"(process.name in (null, "x"))", kEvent), Tri::kFalse);
  // A field among the items makes it a script, whose null comparison stays null.
  EXPECT_EQ(eval(R"(process.name in (missing, "x"))", kEvent), Tri::kNull);
}

// Comparisons with missing fields under not, != and not in: query_translation_test.cpp.

TEST(EqlEvaluator, ExistenceTests) {
  EXPECT_TRUE(matches("missing == null", kEvent));
  EXPECT_TRUE(matches("nothing == null", kEvent));
  EXPECT_TRUE(matches("empty == null", kEvent));
  EXPECT_TRUE(matches("nulls == null", kEvent));
  EXPECT_TRUE(matches("null == missing", kEvent));
  EXPECT_TRUE(matches("missing : null", kEvent));
  EXPECT_TRUE(matches("?missing == null", kEvent));
  EXPECT_FALSE(matches("missing != null", kEvent));
  EXPECT_TRUE(matches("process.name != null", kEvent));
  EXPECT_FALSE(matches("process.name == null", kEvent));
  EXPECT_TRUE(matches("obj != null", kEvent));
  EXPECT_TRUE(matches("process.exit_code != null", kEvent));  // 0 is a value
  EXPECT_FALSE(matches("process.name : null", kEvent));
  EXPECT_EQ(eval("(missing > 1) == null", kEvent), Tri::kTrue);
}

TEST(EqlEvaluator, Precedence) {
  // or < and < not: "true or false and false" is true; "(true or false) and false" is false.
  EXPECT_TRUE(matches("true or false and false", kEvent));
  EXPECT_FALSE(matches("(true or false) and false", kEvent));
  EXPECT_TRUE(matches("false and false or true", kEvent));
  EXPECT_FALSE(matches("not true and false", kEvent));
  EXPECT_TRUE(matches("not false and true", kEvent));
  EXPECT_FALSE(matches("not (false or true)", kEvent));
  EXPECT_TRUE(matches(R"(not process.name == "cmd.exe")", kEvent));  // not applies to the comparison
}

TEST(EqlEvaluator, ArraysMatchWhenAnyElementMatches) {
  EXPECT_TRUE(matches(R"(event.type == "start")", kEvent));
  EXPECT_TRUE(matches(R"(event.category == "process")", kEvent));
  EXPECT_TRUE(matches(R"(process.args : "-command")", kEvent));
  EXPECT_TRUE(matches(R"(process.args in ("x", "-Command"))", kEvent));
  EXPECT_TRUE(matches(R"(process.args regex "-Co.*")", kEvent));
  EXPECT_TRUE(matches(R"(nested : "C")", kEvent));  // nested arrays are flattened
  EXPECT_FALSE(matches(R"(event.type == "end")", kEvent));
}

TEST(EqlEvaluator, NotEqualOnArraysMeansNoElementEquals) {
  EXPECT_FALSE(matches(R"(event.type != "start")", kEvent));
  EXPECT_TRUE(matches(R"(event.type != "end")", kEvent));
  EXPECT_FALSE(matches(R"(event.type not in ("start"))", kEvent));
  EXPECT_FALSE(matches(R"(not process.args : "-command")", kEvent));
}

TEST(EqlEvaluator, SeedRuleArgsMustBeOneElement) {
  const std::string condition = R"(process.args : "Set-CASMailbox*ActiveSyncAllowedDeviceIDs*")";
  EXPECT_TRUE(matches(condition, kEvent));
  EXPECT_TRUE(matches(
      condition,
      json{{"process", {{"args", {"powershell.exe", "/c", "echo", "Set-CASMailbox ActiveSyncAllowedDeviceIDs"}}}}}));
  EXPECT_FALSE(matches(
      condition,
      json{{"process", {{"args", {"powershell", "Set-CASMailbox", "x", "-ActiveSyncAllowedDeviceIDs", "y"}}}}}));
  EXPECT_FALSE(
      matches(condition, json{{"process", {{"args", {"-c", "x Set-CASMailbox ActiveSyncAllowedDeviceIDs"}}}}}));
}

TEST(EqlEvaluator, StringFunctions) {
  EXPECT_TRUE(matches(R"(startsWith(process.name, "Power"))", kEvent));
  EXPECT_FALSE(matches(R"(startsWith(process.name, "power"))", kEvent));
  EXPECT_TRUE(matches(R"(startsWith~(process.name, "power"))", kEvent));
  EXPECT_TRUE(matches(R"(startsWith(process.name, "cmd", "Pow"))", kEvent));
  EXPECT_TRUE(matches(R"(endsWith(process.name, ".exe"))", kEvent));
  EXPECT_FALSE(matches(R"(endsWith(process.name, ".EXE"))", kEvent));
  EXPECT_TRUE(matches(R"(endsWith~(process.name, ".EXE"))", kEvent));
  EXPECT_TRUE(matches(R"(stringContains(process.command_line, "-Command"))", kEvent));
  EXPECT_FALSE(matches(R"(stringContains(process.command_line, "-command"))", kEvent));
  EXPECT_TRUE(matches(R"(stringContains~(process.command_line, "-command"))", kEvent));
  EXPECT_FALSE(matches(R"(startsWith(process.name, "PowerShell.exe and more"))", kEvent));
  EXPECT_TRUE(matches(R"(startsWith("cmd.exe /c", process.parent.name))", kEvent));  // field as the prefix
  EXPECT_TRUE(matches(R"(endsWith(process.args, "x"))", kEvent));                    // any element
  EXPECT_TRUE(matches(R"(startsWith(process.parent.name, process.args, "cm"))", kEvent));
  EXPECT_EQ(eval(R"(startsWith(process.name, missing))", kEvent), Tri::kNull);
  EXPECT_TRUE(matches(R"(startsWith(process.name, missing, "P"))", kEvent));
}

TEST(EqlEvaluator, Length) {
  EXPECT_TRUE(matches("length(process.name) == 14", kEvent));
  EXPECT_TRUE(matches("length(process.args) == 3", kEvent));
  EXPECT_TRUE(matches(R"(length("h\u{3C5}man") == 5)", kEvent));
  EXPECT_TRUE(matches("length(empty) == 0", kEvent));
  EXPECT_EQ(eval("length(missing) > 0", kEvent), Tri::kNull);
  EXPECT_EQ(eval("length(process.pid) > 0", kEvent), Tri::kNull);
}

TEST(EqlEvaluator, WildcardFunction) {
  EXPECT_TRUE(matches(R"(wildcard(process.name, "x*", "Power*"))", kEvent));
  EXPECT_FALSE(matches(R"(wildcard(process.name, "power*"))", kEvent));
  EXPECT_TRUE(matches(R"(wildcard~(process.name, "power*"))", kEvent));
}

TEST(EqlEvaluator, CaseInsensitiveFieldNames) {
  const json event = json::parse(R"({"ISP": "Contoso", "Device": {"FileName": "a.exe"}, "Isp2": {"x": 1}})");
  const CompileOptions ci{.case_insensitive_fields = true};
  EXPECT_FALSE(matches(R"(Isp == "Contoso")", event));
  EXPECT_TRUE(matches(R"(Isp == "Contoso")", event, ci));
  EXPECT_TRUE(matches(R"(device.filename : "A.EXE")", event, ci));
  EXPECT_TRUE(matches("isp2.X == 1", event, ci));
  EXPECT_FALSE(matches(R"(Isp == "contoso")", event, ci));  // values stay case-sensitive
}

}  // namespace
}  // namespace vigil::engine::eql
