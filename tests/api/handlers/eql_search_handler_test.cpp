// _eql/search against the real vigild: the answer is what a rule would
// match, since both go through the same engine over the same stored events.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "tests/support/daemon_fixture.hpp"
#include "tests/support/recent_time.hpp"
#include "tests/support/sysmon_bulk.hpp"

namespace vigil::test {
namespace {

const std::string kActiveSyncRule = "ce64d965-6cb0-466d-b74f-8d2c76f47f05";
const std::map<std::string, std::string> kNdjson = {{"Content-Type", "application/x-ndjson"}};

std::string sysmon(const std::string& id, const std::string& image, const std::string& command_line) {
  return sysmon_bulk_lines(
      {.id = id, .image = image, .command_line = command_line, .utc_time = recent_sysmon_utc_time()});
}

// Elastic's ActiveSync rule, tried by hand as an Elastic user would before
// enabling it: the rule's own query over the rule's own window (event.ingested,
// now-9m..now) returns exactly the events the rule then alerts on.
TEST(EqlSearch, TheActiveSyncRulesQueryFindsExactlyWhatTheRuleAlertsOn) {
  Daemon d;
  auto& c = d.client();
  const std::string powershell = R"(C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe)";
  std::string bulk;
  for (const auto* id : {"hit-1", "hit-2", "hit-3"})
    bulk += sysmon(id, powershell,
                   std::string("powershell.exe -Command \"Set-CASMailbox -Identity u -ActiveSyncAllowedDeviceIDs @{Add='") +
                       id + "'}\"");
  bulk += sysmon("other-command", powershell, "powershell.exe -Command Get-Mailbox");
  bulk += sysmon("not-powershell", R"(C:\Windows\System32\cmd.exe)",
                 "cmd.exe /c Set-CASMailbox -ActiveSyncAllowedDeviceIDs x");
  ASSERT_EQ(c.post("/_bulk", bulk, kNdjson).json()["errors"], false);

  const auto rule = c.get("/api/v1/rules/" + kActiveSyncRule).json();
  ASSERT_EQ(rule["timestamp_override"], "event.ingested");
  const auto found = c.post("/winlogbeat-*,logs-windows.*/_eql/search",
                            nlohmann::json{{"query", rule["query"]},
                                           {"timestamp_field", "event.ingested"},
                                           {"size", 100},
                                           {"filter", {{"range", {{"event.ingested", {{"gte", "now-9m"}, {"lte", "now"}}}}}}}}
                                .dump());
  ASSERT_EQ(found.status, 200) << found.body;
  EXPECT_EQ(found.header("x-elastic-product"), "Elasticsearch");
  const auto answer = found.json();
  std::set<std::string> searched;
  for (const auto& hit : answer["hits"]["events"]) searched.insert(hit["_id"].get<std::string>());
  EXPECT_EQ(found.json()["hits"]["total"], nlohmann::json({{"value", 3}, {"relation", "eq"}}));

  ASSERT_EQ(c.post("/api/v1/rules/" + kActiveSyncRule + "/_run", "{}").status, 200);
  const auto alerts = c.get("/api/v1/alerts?rule_id=" + kActiveSyncRule).json();
  std::set<std::string> alerted;
  for (const auto& alert : alerts["alerts"])
    alerted.insert(alert["source"]["id"].get<std::string>());
  EXPECT_EQ(searched, (std::set<std::string>{"hit-1", "hit-2", "hit-3"}));
  EXPECT_EQ(searched, alerted);
  const auto excluded = c.post("/winlogbeat-*,-winlogbeat-8.*/_eql/search", R"({"query": "any where true"})");
  EXPECT_EQ(excluded.json()["hits"]["total"]["value"], 0) << "an exclusion applies, as in a rule's index list";
}

TEST(EqlSearch, ErrorsComeInElasticsearchsShapeWithTheirReason) {
  Daemon d;
  auto& c = d.client();
  const auto sequence = c.post("/logs/_eql/search", R"({"query": "sequence [any where true] [any where true]"})");
  EXPECT_EQ(sequence.status, 400);
  EXPECT_EQ(sequence.json()["error"]["root_cause"][0]["type"], "parsing_exception");
  EXPECT_NE(sequence.json()["error"]["reason"].get<std::string>().find("sequence queries are not supported"),
            std::string::npos)
      << sequence.body;
  const auto syntax = c.post("/logs/_eql/search", R"({"query": "process where ("})");
  EXPECT_EQ(syntax.status, 400);
  EXPECT_EQ(syntax.json()["error"]["reason"].get<std::string>().rfind("line 1:", 0), 0u) << syntax.body;
  EXPECT_EQ(c.post("/logs/_eql/search", R"({"query": "any where true", "size": 20000})").status, 400);
  EXPECT_EQ(c.post("/logs/_eql/search", "not json").status, 400);
  const auto unknown = c.post("/logs/_eql/search?sizee=3", R"({"query": "any where true"})");
  EXPECT_EQ(unknown.json()["error"]["reason"], "request [/logs/_eql/search] contains unrecognized parameter: [sizee]");
  // Nothing stored yet: an empty answer, not an error.
  const auto empty = c.post("/logs/_eql/search", R"({"query": "any where true"})");
  EXPECT_EQ(empty.status, 200) << empty.body;
  EXPECT_EQ(empty.json()["hits"]["events"], nlohmann::json::array());
}

TEST(IndexRoutes, RefreshExistsAndMappingAnswerAsElasticsearch) {
  Daemon d;
  auto& c = d.client();
  ASSERT_EQ(c.post("/_bulk", sysmon("a", "C:\\x.exe", "x"), kNdjson).json()["errors"], false);
  EXPECT_EQ(c.post("/winlogbeat-8.15.0/_refresh", "").json()["_shards"],
            nlohmann::json({{"total", 1}, {"successful", 1}, {"failed", 0}}));
  EXPECT_EQ(c.post("/_refresh", "").status, 200);
  EXPECT_EQ(c.post("/winlogbeat-*/_flush?wait_if_ongoing=true", "").status, 200);
  EXPECT_EQ(c.post("/winlogbeat-*/_refresh?force=true", "").status, 400) << "force is flush's, not refresh's";
  const auto missing = c.post("/never-written/_refresh", "");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.json()["error"]["type"], "index_not_found_exception");
  EXPECT_EQ(c.request("HEAD", "/winlogbeat-8.15.0").status, 200);
  EXPECT_EQ(c.request("HEAD", "/winlogbeat-*").status, 200);
  EXPECT_EQ(c.request("HEAD", "/never-written").status, 404);
  EXPECT_EQ(c.request("HEAD", "/never-*").status, 404);
  const auto mapping = c.get("/winlogbeat-*/_mapping").json();
  const auto& properties = mapping["winlogbeat-8.15.0"]["mappings"]["properties"];
  EXPECT_EQ(properties["@timestamp"]["type"], "date");
  EXPECT_EQ(properties["process"]["properties"]["name"]["type"], "keyword") << properties.dump();
  EXPECT_EQ(c.request("GET", "/_bulk").status, 405) << "the literal route's methods decide, as in Elasticsearch";
}

}  // namespace
}  // namespace vigil::test
