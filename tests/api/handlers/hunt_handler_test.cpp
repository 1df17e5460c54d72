// The hunting routes through the real daemon on an ephemeral port.
#include "api/handlers/hunt_handler.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "tests/support/daemon_fixture.hpp"
#include "tests/support/recent_time.hpp"
#include "tests/support/temp_dir.hpp"

namespace vigil::test {
namespace {

// Three EmailEvents rows in the streaming API's shape, a minute old.
std::string emails() {
  const auto t = recent_rfc3339();
  nlohmann::json records = nlohmann::json::array();
  for (const auto& [id, direction] : std::vector<std::pair<std::string, std::string>>{
           {"m1", "Outbound"}, {"m2", "Outbound"}, {"m3", "Inbound"}})
    records.push_back({{"time", t},
                       {"category", "AdvancedHunting-EmailEvents"},
                       {"operationName", "Publish"},
                       {"properties",
                        {{"Timestamp", t},
                         {"NetworkMessageId", id},
                         {"SenderFromAddress", "a@contoso.com"},
                         {"EmailDirection", direction},
                         {"Subject", "hello, world"}}}});
  return nlohmann::json({{"records", records}}).dump();
}

const char* const kByDirection =
    R"({"query": "EmailEvents | summarize n = count() by EmailDirection | sort by n desc", "timespan": "P1D"})";

TEST(HuntHandler, AnswersASummarizeWithSchemaResultsAndStats) {
  Daemon d;
  ASSERT_EQ(d.client().post("/api/v1/events", emails()).status, 200);
  const auto res = d.client().post("/api/v1/hunt", kByDirection);
  ASSERT_EQ(res.status, 200) << res.body;
  const auto body = res.json();
  EXPECT_EQ(body["schema"], nlohmann::json::parse(R"([{"name":"EmailDirection","type":"string"},{"name":"n","type":"long"}])"));
  EXPECT_EQ(body["results"], nlohmann::json::parse(R"([{"EmailDirection":"Outbound","n":2},{"EmailDirection":"Inbound","n":1}])"));
  EXPECT_EQ(body["stats"]["rows"], 2);
  EXPECT_EQ(body["stats"]["rows_scanned"], 3);
  EXPECT_EQ(body["stats"]["truncated"], false);
}

TEST(HuntHandler, CsvAndNdjsonFormats) {
  Daemon d;
  ASSERT_EQ(d.client().post("/api/v1/events", emails()).status, 200);
  const auto csv = d.client().post("/api/v1/hunt?format=csv", kByDirection);
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.header("content-type"), "text/csv; charset=utf-8");
  EXPECT_EQ(csv.body, "EmailDirection,n\r\nOutbound,2\r\nInbound,1\r\n");
  const auto ndjson = d.client().post("/api/v1/hunt?format=ndjson", kByDirection);
  EXPECT_EQ(ndjson.body, "{\"EmailDirection\":\"Outbound\",\"n\":2}\n{\"EmailDirection\":\"Inbound\",\"n\":1}\n");
  EXPECT_EQ(d.client().post("/api/v1/hunt?format=xml", kByDirection).status, 400);
}

TEST(HuntHandler, MicrosoftShapes) {
  Daemon d;
  ASSERT_EQ(d.client().post("/api/v1/events", emails()).status, 200);
  const auto graph = d.client().post("/v1.0/security/runHuntingQuery",
                                     R"({"Query": "EmailEvents | project Timestamp, NetworkMessageId | take 1"})");
  ASSERT_EQ(graph.status, 200) << graph.body;
  EXPECT_EQ(graph.json()["schema"], nlohmann::json::parse(R"([{"name":"Timestamp","type":"DateTime"},{"name":"NetworkMessageId","type":"String"}])"));
  EXPECT_EQ(graph.json()["results"][0]["NetworkMessageId"], "m1");
  const auto defender = d.client().post("/api/advancedhunting/run", R"({"Query": "EmailEvents | count"})");
  ASSERT_EQ(defender.status, 200) << defender.body;
  EXPECT_EQ(defender.json()["Schema"], nlohmann::json::parse(R"([{"Name":"Count","Type":"Int64"}])"));
  EXPECT_EQ(defender.json()["Results"], nlohmann::json::parse(R"([{"Count":3}])"));
  EXPECT_TRUE(defender.json()["Stats"].contains("ExecutionTime"));
}

TEST(HuntHandler, ErrorsAre400sNamingTheProblemWithItsPosition) {
  Daemon d;
  auto res = d.client().post("/api/v1/hunt", R"({"query": "EmailEvents\n| where"})");
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(res.json()["error"]["type"], "hunt_syntax_error");
  EXPECT_EQ(res.json()["error"]["reason"], "Query could not be parsed at 'end of query' on line [2,8]");
  EXPECT_EQ(res.json()["error"]["line"], 2);
  res = d.client().post("/api/v1/hunt", R"({"query": "Emails | take 1"})");
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(res.json()["error"]["type"], "hunt_semantic_error");
  EXPECT_EQ(res.json()["error"]["reason"], "Failed to resolve table or column expression named 'Emails'");
  EXPECT_EQ(d.client().post("/api/v1/hunt", R"({"q": "x"})").status, 400);
  EXPECT_EQ(d.client().post("/api/v1/hunt", R"({"query": "EmailEvents", "timespan": "P1M"})").status, 400);
}

TEST(HuntHandler, RowCapTruncatesAndMemoryBudgetIs503) {
  TempDir dir;
  const auto config = dir / "vigil.toml";
  std::ofstream(config) << "[hunt]\nmax_rows = 2\nmemory_mb = 1\n";
  Daemon d({"--config", config.string()});
  ASSERT_EQ(d.client().post("/api/v1/events", emails()).status, 200);
  auto res = d.client().post("/api/v1/hunt", R"({"query": "EmailEvents | project NetworkMessageId", "max_rows": 50})");
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.json()["results"].size(), 2u);  // the configured cap wins over the request's 50
  EXPECT_EQ(res.json()["stats"]["truncated"], true);
  // A cartesian product: 3^7 rows of 14 columns, which sort must hold: past 1 MB.
  std::string query = "let e = EmailEvents | project k = 1, Subject; e";
  for (int i = 0; i < 6; ++i) query += " | join kind=inner e on k";
  res = d.client().post("/api/v1/hunt", nlohmann::json({{"query", query + " | sort by Subject"}}).dump());
  EXPECT_EQ(res.status, 503) << res.body;
  EXPECT_EQ(res.json()["error"]["type"], "hunt_memory_exceeded");
  // The same product with two more joins (6,561 rows), under a 1 ms deadline.
  query += " | join kind=inner e on k | join kind=inner e on k | count";
  res = d.client().post("/api/v1/hunt", nlohmann::json({{"query", query}, {"timeout_ms", 1}}).dump());
  EXPECT_EQ(res.status, 503) << res.body;
  EXPECT_EQ(res.json()["error"]["type"], "hunt_timeout");
}

}  // namespace
}  // namespace vigil::test
