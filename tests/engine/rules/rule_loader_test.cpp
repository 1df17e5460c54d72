#include "engine/rules/rule_loader.hpp"

#include <fstream>

#include <gtest/gtest.h>

#include "tests/support/test_data.hpp"
#include "tests/support/temp_dir.hpp"

namespace vigil::engine {
namespace {

constexpr const char* kShippedRuleId = "ce64d965-6cb0-466d-b74f-8d2c76f47f05";

std::string toml_rule(const std::string& rule_id, const std::string& query = "process where true") {
  return "[rule]\nrule_id = \"" + rule_id + "\"\nname = \"Rule " + rule_id +
         "\"\ndescription = \"d\"\ntype = \"eql\"\nrisk_score = 21\nseverity = \"low\"\nquery = '" + query + "'\n";
}

void write(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

std::vector<std::string> ids(const RuleSet& rules) {
  std::vector<std::string> out;
  for (const auto& rule : rules.rules()) out.push_back(rule.definition.rule_id);
  return out;
}

TEST(RuleLoader, LoadsTheShippedRules) {
  auto loaded = load_rule_directories({test::source_dir() / "rules"});
  EXPECT_TRUE(loaded.result.ok()) << loaded.result.to_string();
  EXPECT_TRUE(loaded.result.warnings().empty()) << loaded.result.to_string();
  const auto* rule = loaded.rules.find(kShippedRuleId);
  ASSERT_NE(rule, nullptr);
  EXPECT_TRUE(rule->definition.enabled);
  EXPECT_EQ(rule->lookback_ms, 9 * kMinuteMs);
  EXPECT_TRUE(rule->indices.selects("winlogbeat-8.11.0-2024.01.01"));

  // Elastic's own test vector for the rule (RTA exec_cmd_set_casmailbox.py).
  const auto event = nlohmann::json::parse(R"({
    "event": {"category": ["process"], "type": ["start"]},
    "host": {"os": {"type": "windows"}},
    "process": {"name": "powershell.exe",
                "args": ["powershell.exe", "/c", "echo", "Set-CASMailbox ActiveSyncAllowedDeviceIDs"]}
  })");
  ASSERT_TRUE(rule->query);
  EXPECT_TRUE(rule->query->matches(event));
}

// All 23 real Elastic rules in tests/data/third_party load unmodified and compile.
TEST(RuleLoader, LoadsAndCompilesTheRealElasticRules) {
  auto loaded = load_rule_directories({test::third_party_dir("elastic-detection-rules")});
  EXPECT_TRUE(loaded.result.ok()) << loaded.result.to_string();
  EXPECT_TRUE(loaded.result.warnings().empty()) << loaded.result.to_string();
  EXPECT_EQ(loaded.rules.size(), 23u);
  for (const auto& rule : loaded.rules.rules()) {
    EXPECT_TRUE(rule.query) << rule.definition.name;
    EXPECT_EQ(rule.query->category(), "process") << rule.definition.name;
    EXPECT_GT(rule.lookback_ms, 0) << rule.definition.name;
  }
  EXPECT_NE(loaded.rules.find(kShippedRuleId), nullptr);
}

TEST(RuleLoader, WalksDirectoriesRecursivelyInPathOrder) {
  test::TempDir dir;
  write(dir / "b.toml", toml_rule("b"));
  write(dir / "a/z.toml", toml_rule("az"));
  write(dir / "a.toml", toml_rule("a"));
  write(dir / "c/export.ndjson", R"({"rule_id":"k","name":"K","description":"d","type":"eql",)"
                                 R"("query":"process where true","risk_score":1,"severity":"low"})"
                                 "\n{\"exported_count\":1}\n");
  write(dir / "README.md", "not a rule");
  write(dir / "a/notes.txt", "not a rule either");

  auto loaded = load_rule_directories({dir.path()});
  EXPECT_TRUE(loaded.result.ok()) << loaded.result.to_string();
  EXPECT_EQ(ids(loaded.rules), (std::vector<std::string>{"az", "a", "b", "k"}));
  ASSERT_NE(loaded.rules.find("k"), nullptr);
  EXPECT_EQ(loaded.rules.find("k")->definition.location.file, (dir / "c/export.ndjson").string());
  EXPECT_EQ(loaded.rules.find("missing"), nullptr);
}

TEST(RuleLoader, DuplicateRuleIdIsAnErrorNamingBothFiles) {
  test::TempDir dir;
  write(dir / "first.toml", toml_rule("same"));
  write(dir / "second.toml", "# a comment line\n" + toml_rule("same"));

  auto loaded = load_rule_directories({dir.path()});
  ASSERT_EQ(loaded.result.errors().size(), 1u) << loaded.result.to_string();
  EXPECT_EQ(loaded.result.errors()[0].code, LoadCode::kDuplicateRuleId);
  EXPECT_EQ(loaded.result.errors()[0].to_string(),
            (dir / "second.toml").string() + ":2:1: error: duplicate rule_id \"same\": already defined at " +
                (dir / "first.toml").string() + ":1:1; this definition is not loaded");
  ASSERT_EQ(loaded.rules.size(), 1u);
  EXPECT_EQ(loaded.rules.rules()[0].definition.location.file, (dir / "first.toml").string());
}

TEST(RuleLoader, DisabledRulesLoadDisabledAndUnknownIdsWarn) {
  RuleLoader loader({"b", "no-such-rule"});
  loader.add_text(toml_rule("a"), "a.toml");
  loader.add_text(toml_rule("b"), "b.toml");
  auto loaded = std::move(loader).finish();
  EXPECT_TRUE(loaded.result.ok());
  ASSERT_EQ(loaded.rules.size(), 2u);
  EXPECT_TRUE(loaded.rules.find("a")->definition.enabled);
  EXPECT_FALSE(loaded.rules.find("b")->definition.enabled);
  ASSERT_EQ(loaded.result.warnings().size(), 1u);
  EXPECT_EQ(loaded.result.warnings()[0].to_string(),
            "warning: disabled rule_id \"no-such-rule\" matches no loaded rule");
}

TEST(RuleLoader, BrokenFilesAreReportedAndTheRestStillLoad) {
  RuleLoader loader;
  loader.add_text(toml_rule("good"), "good.toml");
  loader.add_text("[rule\n", "syntax.toml");
  loader.add_text(toml_rule("bad-query", "process where ^"), "query.toml");
  auto loaded = std::move(loader).finish();
  EXPECT_EQ(ids(loaded.rules), std::vector<std::string>{"good"});
  ASSERT_EQ(loaded.result.errors().size(), 2u) << loaded.result.to_string();
  EXPECT_EQ(loaded.result.errors()[0].code, LoadCode::kTomlSyntax);
  EXPECT_EQ(loaded.result.errors()[0].location.file, "syntax.toml");
  EXPECT_EQ(loaded.result.errors()[1].code, LoadCode::kQuerySyntax);
  EXPECT_EQ(loaded.result.errors()[1].location.file, "query.toml");
  EXPECT_EQ(loaded.result.errors()[1].location.line, 8);
}

TEST(RuleLoader, MissingDirectoryIsAnError) {
  test::TempDir dir;
  auto loaded = load_rule_directories({dir / "nope"});
  ASSERT_EQ(loaded.result.errors().size(), 1u);
  EXPECT_EQ(loaded.result.errors()[0].code, LoadCode::kFileUnreadable);
  EXPECT_EQ(loaded.result.errors()[0].location.file, (dir / "nope").string());
  EXPECT_EQ(loaded.rules.size(), 0u);
}

}  // namespace
}  // namespace vigil::engine

namespace vigil::engine {
namespace {

TEST(RuleLoaderOverrides, ReplaceTypeSpecificSettingsAndRejectUnknownOnes) {
  const auto dir = test::source_dir() / "rules";
  auto loaded = load_rule_directories({dir}, {}, {{"m365-connector-mail-volume", {{"threshold", 250}}}});
  ASSERT_TRUE(loaded.result.ok()) << loaded.result.to_string();
  EXPECT_EQ(loaded.rules.find("m365-connector-mail-volume")->definition.extra.at("threshold"), 250);

  auto typo = load_rule_directories({dir}, {}, {{"m365-connector-mail-volume", {{"threshhold", 250}}}});
  ASSERT_FALSE(typo.result.ok());
  EXPECT_NE(typo.result.to_string().find("sets 'threshhold', which the rule does not have"), std::string::npos);

  auto unknown = load_rule_directories({dir}, {}, {{"no-such-rule", {{"threshold", 1}}}});
  ASSERT_FALSE(unknown.result.ok());
  EXPECT_NE(unknown.result.to_string().find("names rule \"no-such-rule\""), std::string::npos);
}

}  // namespace
}  // namespace vigil::engine
