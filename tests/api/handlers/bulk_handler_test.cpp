// _bulk against the real daemon over real HTTP.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/support/compression.hpp"
#include "tests/support/daemon_fixture.hpp"

namespace vigil::test {
namespace {

const std::string kSysmon =
    R"({"@timestamp":"2026-11-22T10:00:00Z","winlog":{"channel":"Microsoft-Windows-Sysmon/Operational","event_id":"1",)"
    R"("event_data":{"UtcTime":"2026-11-22 10:00:00.123","Image":"C:\\Windows\\System32\\cmd.exe","CommandLine":"cmd.exe /c dir"}}})";


const std::map<std::string, std::string> kNdjson = {{"Content-Type", "application/x-ndjson"}};

TEST(BulkHandler, MixedGoodAndBadItemsAnswerInOrderAndStoreTheGoodOnes) {
  Daemon d;
  const std::string body = "{\"create\":{\"_index\":\"winlogbeat-8.15.0\",\"_id\":\"e1\"}}\n" + kSysmon + "\n" +
                           "{\"create\":{\"_index\":\"winlogbeat-8.15.0\",\"_id\":\"e2\"}}\n{not json\n" +
                           "{\"create\":{\"_index\":\"winlogbeat-8.15.0\",\"_id\":\"e3\"}}\n[1,2]\n" +
                           "{\"index\":{\"_index\":\"winlogbeat-8.15.0\"}}\n" + kSysmon + "\n" +
                           "{\"delete\":{\"_index\":\"winlogbeat-8.15.0\",\"_id\":\"e1\"}}\n";
  auto res = d.client().post("/_bulk", body, kNdjson);
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.header("x-elastic-product"), "Elasticsearch");
  const auto j = res.json();
  EXPECT_TRUE(j["errors"].get<bool>());
  ASSERT_EQ(j["items"].size(), 5u);
  EXPECT_EQ(j["items"][0]["create"]["status"], 201);
  EXPECT_EQ(j["items"][0]["create"]["_id"], "e1");
  EXPECT_EQ(j["items"][0]["create"]["result"], "created");
  EXPECT_EQ(j["items"][1]["create"]["status"], 400);
  EXPECT_EQ(j["items"][1]["create"]["error"]["type"], "document_parsing_exception");
  EXPECT_EQ(j["items"][2]["create"]["status"], 400);
  EXPECT_NE(j["items"][2]["create"]["error"]["reason"].get<std::string>().find("JSON object"), std::string::npos);
  EXPECT_EQ(j["items"][3]["index"]["status"], 201);
  EXPECT_EQ(j["items"][3]["index"]["_id"].get<std::string>().size(), 20u);
  EXPECT_EQ(j["items"][4]["delete"]["status"], 400);

  EXPECT_EQ(d.client().get("/winlogbeat-*/_count").json()["count"], 2);
  auto doc = d.client().get("/winlogbeat-8.15.0/_doc/e1");
  ASSERT_EQ(doc.status, 200);
  EXPECT_EQ(doc.json()["_source"]["process"]["name"], "cmd.exe");
  EXPECT_EQ(doc.json()["found"], true);
  auto missing = d.client().get("/winlogbeat-8.15.0/_doc/nope");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.json()["found"], false);
}

TEST(BulkHandler, CreateOrIndexOfAStoredIdIs409AndTheStoredEventStays) {
  Daemon d;
  const std::string create = "{\"create\":{\"_index\":\"logs-x\",\"_id\":\"dup\"}}\n{\"n\":1}\n";
  EXPECT_EQ(d.client().post("/_bulk", create, kNdjson).json()["items"][0]["create"]["status"], 201);
  const auto again = d.client().post("/_bulk", create, kNdjson).json();
  EXPECT_EQ(again["items"][0]["create"]["status"], 409);
  EXPECT_EQ(again["items"][0]["create"]["error"]["type"], "version_conflict_engine_exception");
  // An index action: refused per item, the rest of the batch stored.
  const auto index = d.client()
                         .post("/logs-x/_bulk",
                               "{\"index\":{\"_id\":\"dup\"}}\n{\"n\":2}\n{\"index\":{\"_id\":\"new\"}}\n{\"n\":3}\n",
                               kNdjson)
                         .json();
  EXPECT_TRUE(index["errors"].get<bool>());
  const auto& refused = index["items"][0]["index"];
  EXPECT_EQ(refused["status"], 409);
  EXPECT_EQ(refused["error"]["type"], "version_conflict_engine_exception");
  EXPECT_NE(refused["error"]["reason"].get<std::string>().find("index [logs-x] is append-only"), std::string::npos)
      << refused;
  EXPECT_EQ(index["items"][1]["index"]["status"], 201);
  EXPECT_EQ(index["items"][1]["index"]["_version"], 1);
  const auto doc = d.client().get("/logs-x/_doc/dup").json();
  EXPECT_EQ(doc["_source"]["n"], 1);
  EXPECT_EQ(doc["_version"], 1);
  EXPECT_EQ(d.client().get("/logs-x/_count").json()["count"], 2);
}

TEST(BulkHandler, IndexReplacesInOverwriteIndicesAndVersionsAgreeWithGet) {
  TempDir dir;
  const auto config = dir / "vigil.toml";
  std::ofstream(config) << "[ingest]\noverwrite_indices = [\"logs-corrected-*\"]\n";
  Daemon d({"--config", config.string()});
  const auto index = [&](const std::string& target, int n) {
    return d.client()
        .post("/_bulk",
              "{\"index\":{\"_index\":\"" + target + "\",\"_id\":\"dup\"}}\n{\"n\":" + std::to_string(n) + "}\n",
              kNdjson)
        .json()["items"][0]["index"];
  };
  EXPECT_EQ(index("logs-corrected-a", 1)["_version"], 1);
  for (int n = 2; n <= 3; ++n) {
    const auto item = index("logs-corrected-a", n);
    EXPECT_EQ(item["status"], 200);
    EXPECT_EQ(item["result"], "updated");
    EXPECT_EQ(item["_version"], n);
    const auto doc = d.client().get("/logs-corrected-a/_doc/dup").json();
    EXPECT_EQ(doc["_source"]["n"], n);
    EXPECT_EQ(doc["_version"], n);
  }
  EXPECT_EQ(d.client().get("/logs-corrected-a/_count").json()["count"], 1);
  // Indices the patterns do not name stay append-only.
  EXPECT_EQ(index("logs-other", 1)["status"], 201);
  EXPECT_EQ(index("logs-other", 2)["status"], 409);
  const auto create = d.client()
                          .post("/_bulk", "{\"create\":{\"_index\":\"logs-corrected-a\",\"_id\":\"dup\"}}\n{}\n",
                                kNdjson)
                          .json()["items"][0]["create"];
  EXPECT_EQ(create["status"], 409);
  EXPECT_NE(create["error"]["reason"].get<std::string>().find("current version [3]"), std::string::npos) << create;
}

TEST(BulkHandler, AnEmptyIdOrOneHoldingNulIs400ForItsItemOnly) {
  Daemon d;
  const auto res = d.client()
                       .post("/logs-x/_bulk",
                             "{\"create\":{\"_id\":\"\"}}\n{\"n\":1}\n{\"create\":{\"_id\":\"a\\u0000b\"}}\n{\"n\":2}\n"
                             "{\"create\":{\"_id\":\"ok\"}}\n{\"n\":3}\n",
                             kNdjson)
                       .json();
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(res["items"][i]["create"]["status"], 400) << res;
    EXPECT_EQ(res["items"][i]["create"]["error"]["type"], "illegal_argument_exception");
  }
  EXPECT_EQ(res["items"][2]["create"]["status"], 201);
  EXPECT_EQ(d.client().get("/logs-x/_count").json()["count"], 1);
}

TEST(BulkHandler, MoreItemsThanTheLimitIs413AndNothingIsStored) {
  TempDir dir;
  const auto config = dir / "vigil.toml";
  std::ofstream(config) << "[ingest]\nmax_items_per_request = 3\n";
  Daemon d({"--config", config.string()});
  std::string body;
  for (int i = 0; i < 4; ++i) body += "{\"create\":{\"_index\":\"logs-x\"}}\n{}\n";
  const auto res = d.client().post("/_bulk", body, kNdjson);
  EXPECT_EQ(res.status, 413);
  EXPECT_EQ(res.json()["error"]["type"], "content_too_long_exception");
  EXPECT_EQ(d.client().get("/logs-x/_count").json()["count"], 0);
  const auto events = d.client().post("/api/v1/events", "{}\n{}\n{}\n{}\n", {{"Content-Type", "application/json"}});
  EXPECT_EQ(events.status, 413) << events.body;
  EXPECT_EQ(d.client().post("/_bulk", body.substr(body.size() / 4), kNdjson).status, 200);
}

TEST(BulkHandler, GzipBodiesAndBeatsFilterPath) {
  Daemon d;
  std::string body;
  for (int i = 0; i < 200; ++i) body += "{\"create\":{\"_index\":\"winlogbeat-8\"}}\n" + kSysmon + "\n";
  auto res = d.client().post("/_bulk?filter_path=errors,items.*.error,items.*.status", compress(body),
                             {{"Content-Type", "application/json; charset=UTF-8"}, {"Content-Encoding", "gzip"}});
  ASSERT_EQ(res.status, 200) << res.body;
  const auto j = res.json();
  EXPECT_EQ(j["errors"], false);
  EXPECT_FALSE(j.contains("took"));
  ASSERT_EQ(j["items"].size(), 200u);
  EXPECT_EQ(j["items"][199], nlohmann::json::parse(R"({"create":{"status":201}})"));
  EXPECT_EQ(d.client().get("/_count").json()["count"], 200);
}

TEST(BulkHandler, CorruptGzipIs400AndNothingIsStored) {
  Daemon d;
  const auto gz = compress("{\"create\":{\"_index\":\"a\"}}\n{\"x\":1}\n");
  auto res = d.client().post("/_bulk", gz.substr(0, gz.size() - 6), {{"Content-Encoding", "gzip"}});
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(res.json()["error"]["type"], "parse_exception");
  res = d.client().post("/_bulk", "not gzip", {{"Content-Encoding", "gzip"}});
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(d.client().get("/_count").json()["count"], 0);
}

TEST(BulkHandler, BodiesOverTheLimitAre413BeforeAndAfterInflation) {
  TempDir dir;
  std::ofstream(dir / "small.toml") << "[server]\nbody_limit = 4096\nheader_limit = 2048\n";
  Daemon d({"--config", (dir / "small.toml").string()});
  std::string big;
  while (big.size() < 8192) big += "{\"create\":{\"_index\":\"a\"}}\n{\"x\":1}\n";
  auto res = d.client().post("/_bulk", big, kNdjson);
  EXPECT_EQ(res.status, 413);
  EXPECT_EQ(res.json()["error"]["type"], "content_too_long_exception");
  auto inflated = d.client().post("/_bulk", compress(big), {{"Content-Encoding", "gzip"}});
  EXPECT_EQ(inflated.status, 413);
  EXPECT_EQ(d.client().get("/healthz").status, 200);
}

TEST(BulkHandler, PathologicallyDeepDocumentsFailTheirItemOnly) {
  Daemon d;
  const std::string deep = "{\"a\":" + std::string(200000, '[') + std::string(200000, ']') + "}";
  const std::string ok = std::string(999, '[') + std::string(999, ']');
  const auto res = d.client().post("/_bulk",
                                   "{\"create\":{\"_index\":\"a\"}}\n" + deep + "\n{\"create\":{\"_index\":\"a\"}}\n{\"x\":" +
                                       ok + "}\n",
                                   kNdjson);
  ASSERT_EQ(res.status, 200) << res.body.substr(0, 300);
  EXPECT_EQ(res.json()["items"][0]["create"]["status"], 400);
  EXPECT_NE(res.json()["items"][0]["create"]["error"]["reason"].get<std::string>().find("nested"), std::string::npos);
  EXPECT_EQ(res.json()["items"][1]["create"]["status"], 201);
  auto events = d.client().post("/api/v1/events", deep);
  EXPECT_EQ(events.status, 400);
  EXPECT_EQ(d.client().get("/healthz").status, 200);
}

TEST(BulkHandler, EmptyBodyAndUnsupportedContentType) {
  Daemon d;
  auto empty = d.client().post("/_bulk", "", kNdjson);
  EXPECT_EQ(empty.status, 400);
  EXPECT_EQ(empty.json()["error"]["type"], "action_request_validation_exception");
  auto xml = d.client().post("/_bulk", "<x/>", {{"Content-Type", "application/xml"}});
  EXPECT_EQ(xml.status, 406);
}

}  // namespace
}  // namespace vigil::test
