// The alert API end to end on the real daemon: alerts seeded by real rule
// runs over ingested events, then queried, paged, exported, summarized and
// triaged over HTTP.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <set>

#include "engine/time/timestamp.hpp"
#include "tests/support/daemon_fixture.hpp"
#include "tests/support/temp_dir.hpp"

namespace vigil::test {
namespace {

const std::map<std::string, std::string> kNdjson = {{"Content-Type", "application/x-ndjson"}};

struct TestRule {
  std::string id;
  std::string severity;
  int risk_score;
  std::string process;  // the process name it matches
  std::string tactic;
  std::string technique;
  std::string subtechnique;  // "" for none
};

const TestRule kHigh{"test-high", "high", 73, "alpha.exe", "TA0003", "T1098", "T1098.002"};
const TestRule kLow{"test-low", "low", 21, "beta.exe", "TA0002", "T1059", "T1059.001"};
const TestRule kCritical{"test-critical", "critical", 99, "gamma.exe", "TA0006", "T1110", ""};

void write_rule(const std::filesystem::path& dir, const TestRule& r) {
  std::ofstream out(dir / (r.id + ".toml"));
  out << "[metadata]\nmaturity = \"production\"\n\n[rule]\nrule_id = \"" << r.id << "\"\nname = \"Rule " << r.id
      << "\"\ndescription = \"d\"\ntype = \"eql\"\nlanguage = \"eql\"\nrisk_score = " << r.risk_score
      << "\nseverity = \"" << r.severity
      << "\"\nindex = [\"logs-test-*\"]\nquery = '''\nprocess where process.name == \"" << r.process
      << "\"\n'''\n\n[[rule.threat]]\nframework = \"MITRE ATT&CK\"\n[rule.threat.tactic]\nid = \"" << r.tactic
      << "\"\nname = \"t\"\nreference = \"https://attack.mitre.org/tactics/" << r.tactic
      << "/\"\n[[rule.threat.technique]]\nid = \"" << r.technique << "\"\nname = \"t\"\nreference = \"https://x/\"\n";
  if (!r.subtechnique.empty())
    out << "[[rule.threat.technique.subtechnique]]\nid = \"" << r.subtechnique
        << "\"\nname = \"s\"\nreference = \"https://x/\"\n";
}

std::string event(const std::string& id, const std::string& time, const std::string& process, const std::string& host,
                  const std::string& user, const std::string& command_line) {
  const nlohmann::json doc = {{"@timestamp", time},
                              {"event", {{"category", {"process"}}, {"type", {"start"}}}},
                              {"host", {{"name", host}}},
                              {"user", {{"name", user}}},
                              {"process", {{"name", process}, {"command_line", command_line}}}};
  return nlohmann::json({{"create", {{"_index", "logs-test-default"}, {"_id", id}}}}).dump() + "\n" + doc.dump() + "\n";
}

// A daemon with six alerts: three from kHigh (WS01, bob), two from kLow
// (WS02, alice), one from kCritical (DC01, carol, "Invoke-Mimikatz").
class AlertsApi : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(rules_ / "rules");
    for (const auto& rule : {kHigh, kLow, kCritical}) write_rule(rules_ / "rules", rule);
    daemon_ = std::make_unique<Daemon>(std::vector<std::string>{"--rules-dir", (rules_ / "rules").string()});
    const auto body = event("e1", "2026-11-22T10:01:00Z", "alpha.exe", "WS01", "bob", "alpha.exe --one") +
                      event("e2", "2026-11-22T10:02:00Z", "alpha.exe", "WS01", "bob", "alpha.exe --two") +
                      event("e3", "2026-11-22T10:03:00Z", "alpha.exe", "WS01", "bob", "alpha.exe --three") +
                      event("e4", "2026-11-22T10:04:00Z", "beta.exe", "WS02", "alice", "beta.exe /x") +
                      event("e5", "2026-11-22T10:05:00Z", "beta.exe", "WS02", "alice", "beta.exe /y") +
                      event("e6", "2026-11-22T10:06:00Z", "gamma.exe", "DC01", "carol", "gamma.exe Invoke-Mimikatz");
    const auto bulk = c().post("/_bulk", body, kNdjson);
    ASSERT_EQ(bulk.status, 200) << bulk.body;
    ASSERT_EQ(bulk.json()["errors"], false) << bulk.body;
    for (const auto& rule : {kHigh, kLow, kCritical}) run(rule.id);
    ASSERT_EQ(c().get("/api/v1/alerts").json()["total"], 6);
  }

  HttpClient& c() { return daemon_->client(); }

  void run(const std::string& rule_id) {
    const auto res = c().post("/api/v1/rules/" + rule_id + "/_run",
                              R"({"start":"2026-11-22T09:00:00Z","end":"2026-11-22T11:00:00Z"})");
    ASSERT_EQ(res.status, 200) << res.body;
    ASSERT_EQ(res.json()["status"], "succeeded") << res.body;
  }

  // Ids of the alerts a query selects, in order.
  std::vector<std::string> ids(const std::string& query) {
    const auto res = c().get("/api/v1/alerts?limit=1000&" + query);
    EXPECT_EQ(res.status, 200) << query << ": " << res.body;
    std::vector<std::string> out;
    if (res.status != 200) return out;
    const auto body = res.json();
    EXPECT_EQ(body["total"], body["alerts"].size()) << query;
    for (const auto& alert : body["alerts"]) out.push_back(alert["id"]);
    return out;
  }
  std::size_t count(const std::string& query) { return ids(query).size(); }

  // Follows next_cursor to the end; every id once.
  std::vector<std::string> page_through(const std::string& query, std::size_t limit) {
    std::vector<std::string> seen;
    std::string cursor;
    for (int pages = 0; pages < 100; ++pages) {
      const auto res = c().get("/api/v1/alerts?limit=" + std::to_string(limit) + "&" + query +
                               (cursor.empty() ? "" : "&cursor=" + cursor));
      EXPECT_EQ(res.status, 200) << res.body;
      if (res.status != 200) break;
      const auto body = res.json();
      EXPECT_LE(body["alerts"].size(), limit);
      for (const auto& alert : body["alerts"]) seen.push_back(alert["id"]);
      if (body["next_cursor"].is_null()) break;
      cursor = body["next_cursor"];
    }
    return seen;
  }

  std::string first_id(const std::string& query) {
    const auto found = ids(query);
    return found.empty() ? std::string() : found.front();
  }

  TempDir rules_;
  std::unique_ptr<Daemon> daemon_;
};

std::string reason(const HttpResponse& res) { return res.json()["error"]["reason"].get<std::string>(); }

TEST_F(AlertsApi, EachFilterSelectsItsAlerts) {
  EXPECT_EQ(count("rule_id=test-high"), 3u);
  EXPECT_EQ(count("rule_id=test-high&rule_id=test-critical"), 4u);
  EXPECT_EQ(count("severity=low"), 2u);
  EXPECT_EQ(count("severity=low&severity=critical"), 3u);
  EXPECT_EQ(count("severity=medium"), 0u);
  EXPECT_EQ(count("status=open"), 6u);
  EXPECT_EQ(count("status=closed"), 0u);
  EXPECT_EQ(count("classification=none"), 6u);
  EXPECT_EQ(count("classification=true_positive"), 0u);
  EXPECT_EQ(count("host=WS02"), 2u);
  EXPECT_EQ(count("user=carol"), 1u);
  EXPECT_EQ(count("technique=T1098"), 3u);  // tagged T1098 and T1098.002
  EXPECT_EQ(count("technique=T1098.002"), 3u);
  EXPECT_EQ(count("technique=T1059.001"), 2u);
  EXPECT_EQ(count("technique=T1059.002"), 0u);
  EXPECT_EQ(count("technique=T1110"), 1u);
  EXPECT_EQ(count("tactic=TA0006"), 1u);
  EXPECT_EQ(count("tactic=TA0003&severity=high&host=WS01&user=bob"), 3u);
  EXPECT_EQ(count("q=MIMIKATZ"), 1u);  // command line, any case
  EXPECT_EQ(count("q=alice"), 2u);     // user
  EXPECT_EQ(count("q=ws01"), 3u);      // host
  EXPECT_EQ(count("q=nothing-like-this"), 0u);
  EXPECT_EQ(count("time_field=original_time&since=2026-11-22T10:02:00Z&until=2026-11-22T10:05:00Z"), 3u);
  EXPECT_EQ(count("time_field=original_time&since=2026-11-22T10:06:00Z"), 1u);
  EXPECT_EQ(count("since=now-1h"), 6u);  // created_at: the runs just happened
  EXPECT_EQ(count("until=now-1h"), 0u);
  EXPECT_EQ(count("since=2026-11-22T10:00:00Z&until=2026-11-22T11:00:00Z"), 0u);  // created today, not then

  const auto by_risk = c().get("/api/v1/alerts?sort=risk_score&order=asc").json()["alerts"];
  EXPECT_EQ(by_risk.front()["rule"]["risk_score"], 21);
  EXPECT_EQ(by_risk.back()["rule"]["risk_score"], 99);
  const auto by_time = c().get("/api/v1/alerts?sort=original_time&order=desc").json()["alerts"];
  EXPECT_EQ(by_time.front()["source"]["id"], "e6");
  EXPECT_EQ(by_time.back()["source"]["id"], "e1");
}

TEST_F(AlertsApi, BadParametersAre400sNamingTheFieldAndAllowedValues) {
  auto res = c().get("/api/v1/alerts?status=done");
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(res.json()["error"]["type"], "illegal_argument_exception");
  EXPECT_EQ(reason(res), "status must be one of open, acknowledged, closed; got 'done'");
  EXPECT_NE(reason(c().get("/api/v1/alerts?bogus=1")).find("unknown query parameter 'bogus'; allowed: rule_id"),
            std::string::npos);
  EXPECT_EQ(c().get("/api/v1/alerts?host=a&host=b").status, 400);
  EXPECT_EQ(c().get("/api/v1/alerts?technique=1098").status, 400);
  EXPECT_EQ(c().get("/api/v1/alerts?since=yesterday").status, 400);
  EXPECT_EQ(c().get("/api/v1/alerts?limit=1001").status, 400);
  EXPECT_EQ(c().get("/api/v1/alerts?format=xml").status, 400);
  std::string many;
  for (int i = 0; i < 51; ++i) many += "severity=low&";
  EXPECT_EQ(c().get("/api/v1/alerts?" + many).status, 400);
  for (const std::string& cursor :
       {std::string("x"), std::string("AAAA"), std::string("%FF%FE"), std::string(400, 'A')}) {
    res = c().get("/api/v1/alerts?cursor=" + cursor);
    EXPECT_EQ(res.status, 400) << cursor;
    EXPECT_NE(reason(res).find("invalid cursor"), std::string::npos);
  }
  const std::string desc_cursor = c().get("/api/v1/alerts?limit=1").json()["next_cursor"];
  EXPECT_EQ(c().get("/api/v1/alerts?limit=1&order=asc&cursor=" + desc_cursor).status, 400);
  EXPECT_EQ(c().get("/api/v1/alerts?limit=1&sort=risk_score&cursor=" + desc_cursor).status, 400);
  EXPECT_EQ(c().get("/api/v1/alerts/_summary?limit=5").status, 400);
  EXPECT_EQ(c().get("/api/v1/alerts/" + first_id("") + "?verbose=1").status, 400);
}

TEST_F(AlertsApi, PagingVisitsEveryAlertOnceInEverySortAndOrder) {
  const auto all = ids("");
  ASSERT_EQ(all.size(), 6u);
  const std::set<std::string> expected(all.begin(), all.end());
  for (const std::string sort : {"created_at", "original_time", "risk_score"})
    for (const std::string order : {"asc", "desc"})
      for (const std::size_t limit : {1u, 2u, 4u}) {
        const auto seen = page_through("sort=" + sort + "&order=" + order, limit);
        EXPECT_EQ(seen.size(), 6u) << sort << " " << order << " " << limit;
        EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()), expected) << sort << " " << order << " " << limit;
        EXPECT_EQ(seen, ids("sort=" + sort + "&order=" + order)) << "pages concatenate to the whole list";
      }
  EXPECT_EQ(page_through("severity=high", 2).size(), 3u);
}

TEST_F(AlertsApi, PagingDuringIngestionNeitherSkipsNorRepeats) {
  const std::set<std::string> before = [&] {
    const auto all = ids("");
    return std::set<std::string>(all.begin(), all.end());
  }();
  for (const std::string order : {"desc", "asc"}) {
    std::vector<std::string> seen;
    auto res = c().get("/api/v1/alerts?limit=2&order=" + order).json();
    int round = 0;
    while (true) {
      for (const auto& alert : res["alerts"]) seen.push_back(alert["id"]);
      if (res["next_cursor"].is_null()) break;
      // New alerts arrive between pages.
      const auto n = order + std::to_string(++round);
      ASSERT_EQ(
          c().post("/_bulk", event("new-" + n, "2026-11-22T10:30:00Z", "beta.exe", "WS09", "dave", "beta.exe " + n),
                   kNdjson)
              .status,
          200);
      run(kLow.id);
      res =
          c().get("/api/v1/alerts?limit=2&order=" + order + "&cursor=" + res["next_cursor"].get<std::string>()).json();
    }
    const std::set<std::string> unique(seen.begin(), seen.end());
    EXPECT_EQ(unique.size(), seen.size()) << order << ": an alert was repeated";
    for (const auto& id : before) EXPECT_TRUE(unique.count(id)) << order << ": skipped " << id;
    if (order == "asc") {
      EXPECT_GT(seen.size(), before.size()) << "newer alerts follow at the end";
    }
  }
}

TEST_F(AlertsApi, NdjsonCsvAndPrettyCarryTheSameSelection) {
  auto nd = c().get("/api/v1/alerts?format=ndjson&limit=4&severity=high&severity=low");
  ASSERT_EQ(nd.status, 200);
  EXPECT_EQ(nd.header("content-type"), "application/x-ndjson");
  EXPECT_EQ(nd.header("x-total-count"), "5");
  EXPECT_FALSE(nd.header("x-next-cursor").empty());
  std::vector<std::string> lines;
  for (std::size_t at = 0, end; (end = nd.body.find('\n', at)) != std::string::npos; at = end + 1)
    lines.push_back(nlohmann::json::parse(nd.body.substr(at, end - at))["id"]);
  const auto expected = ids("severity=high&severity=low");
  ASSERT_EQ(expected.size(), 5u);
  EXPECT_EQ(lines, std::vector<std::string>(expected.begin(), expected.begin() + 4));
  auto rest =
      c().get("/api/v1/alerts?format=ndjson&limit=4&severity=high&severity=low&cursor=" + nd.header("x-next-cursor"));
  EXPECT_EQ(std::count(rest.body.begin(), rest.body.end(), '\n'), 1);
  EXPECT_EQ(rest.header("x-next-cursor"), "");

  auto csv = c().get("/api/v1/alerts?format=csv&rule_id=test-critical");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.header("content-type"), "text/csv; charset=utf-8");
  EXPECT_EQ(csv.header("x-total-count"), "1");
  const auto header_end = csv.body.find("\r\n");
  EXPECT_EQ(csv.body.substr(0, header_end),
            "id,created_at,original_time,rule_id,rule_name,severity,risk_score,status,classification,host,user,mitre,"
            "reason");
  const auto row = csv.body.substr(header_end + 2);
  EXPECT_EQ(row.rfind(first_id("rule_id=test-critical") + ",", 0), 0u) << row;
  EXPECT_NE(row.find(",2026-11-22T10:06:00.000Z,test-critical,Rule test-critical,critical,99,open,,DC01,carol,T1110,"),
            std::string::npos)
      << row;

  const auto pretty = c().get("/api/v1/alerts?pretty&limit=1");
  EXPECT_NE(pretty.body.find("\n  \"alerts\""), std::string::npos);
  EXPECT_EQ(c().get("/api/v1/alerts?limit=1").body.find('\n'), std::string::npos);
}

TEST_F(AlertsApi, OneAlertWithItsSourceEventOr404) {
  const auto id = first_id("rule_id=test-critical");
  const auto res = c().get("/api/v1/alerts/" + id);
  ASSERT_EQ(res.status, 200);
  EXPECT_EQ(res.json()["id"], id);
  EXPECT_EQ(res.json()["event"]["process"]["command_line"], "gamma.exe Invoke-Mimikatz");
  EXPECT_EQ(res.json()["classification"], nullptr);
  const auto missing = c().get("/api/v1/alerts/no-such-alert");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.json()["error"]["type"], "not_found");
  EXPECT_EQ(c().get("/api/v1/alerts/no-such-alert/history").status, 404);
  EXPECT_EQ(c().request("PATCH", "/api/v1/alerts/no-such-alert", R"({"status":"closed"})").status, 404);
}

TEST_F(AlertsApi, SummaryCountsByEveryDimension) {
  auto res = c().get("/api/v1/alerts/_summary?since=now-24h");
  ASSERT_EQ(res.status, 200) << res.body;
  const auto s = res.json();
  EXPECT_EQ(s["total"], 6);
  EXPECT_EQ(s["by_rule"], nlohmann::json({{"test-critical", 1}, {"test-high", 3}, {"test-low", 2}}));
  EXPECT_EQ(s["by_severity"], nlohmann::json({{"critical", 1}, {"high", 3}, {"low", 2}}));
  EXPECT_EQ(s["by_status"], nlohmann::json({{"open", 6}}));
  EXPECT_EQ(s["by_classification"], nlohmann::json({{"none", 6}}));
  EXPECT_EQ(s["by_technique"],
            nlohmann::json({{"T1059", 2}, {"T1059.001", 2}, {"T1098", 3}, {"T1098.002", 3}, {"T1110", 1}}));
  const auto high = c().get("/api/v1/alerts/_summary?severity=high").json();
  EXPECT_EQ(high["total"], 3);
  EXPECT_EQ(high["by_rule"], nlohmann::json({{"test-high", 3}}));
  EXPECT_EQ(c().get("/api/v1/alerts/_summary?until=now-24h").json()["total"], 0);
  EXPECT_EQ(c().get("/api/v1/alerts/_summary?since=someday").status, 400);
}

TEST_F(AlertsApi, PatchTriagesAndRecordsHistoryWithAuthorAndTime) {
  const auto id = first_id("rule_id=test-critical");
  const auto url = "/api/v1/alerts/" + id;
  const auto before =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  auto res = c().request("PATCH", url,
                         R"({"status":"acknowledged","classification":"truePositive","determination":"malware",)"
                         R"("assignee":"erin","note":"looking into it"})");
  ASSERT_EQ(res.status, 200) << res.body;
  auto alert = res.json();
  EXPECT_EQ(alert["id"], id);
  EXPECT_EQ(alert["status"], "acknowledged");
  EXPECT_EQ(alert["classification"], "true_positive");
  EXPECT_EQ(alert["determination"], "malware");
  EXPECT_EQ(alert["assignee"], "erin");
  EXPECT_FALSE(alert["triage_updated_at"].is_null());
  EXPECT_EQ(c().get(url).json()["status"], "acknowledged");
  // A page lays the triage over each stored alert as reading one does, and
  // prints it as nlohmann would: compact, keys in byte order.
  const auto page = c().get("/api/v1/alerts?rule_id=test-critical");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.json()["alerts"], nlohmann::json::array({c().get(url).json()}));
  EXPECT_EQ(page.body, page.json().dump());
  EXPECT_EQ(count("status=acknowledged&classification=true_positive"), 1u);
  EXPECT_EQ(count("classification=none"), 5u);

  res = c().request("PATCH", url, R"({"status":"closed","classification":null,"assignee":null})");
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.json()["classification"], nullptr);
  EXPECT_EQ(res.json()["assignee"], nullptr);
  EXPECT_EQ(res.json()["status"], "closed");
  const auto after =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();

  const auto history = c().get(url + "/history").json();
  EXPECT_EQ(history["id"], id);
  std::multiset<std::string> fields;
  for (const auto& entry : history["history"]) {
    fields.insert(entry["field"].get<std::string>());
    EXPECT_EQ(entry["author"], "anonymous");
    const auto at = engine::parse_timestamp(entry["at"].get<std::string>());
    ASSERT_TRUE(at) << entry.dump();
    EXPECT_GE(*at, before - 1000);
    EXPECT_LE(*at, after + 1000);
  }
  EXPECT_EQ(fields, (std::multiset<std::string>{"status", "classification", "determination", "assignee", "note",
                                                "status", "classification", "assignee"}));
  const auto& first = history["history"][0];
  const auto note = std::find_if(history["history"].begin(), history["history"].end(),
                                 [](const auto& e) { return e["field"] == "note"; });
  ASSERT_NE(note, history["history"].end());
  EXPECT_EQ((*note)["to"], "looking into it");
  EXPECT_TRUE(first.contains("from"));
  const auto last_status = std::find_if(history["history"].rbegin(), history["history"].rend(),
                                        [](const auto& e) { return e["field"] == "status"; });
  EXPECT_EQ((*last_status)["from"], "acknowledged");
  EXPECT_EQ((*last_status)["to"], "closed");
}

TEST_F(AlertsApi, PatchRefusesEachInvalidValueNamingFieldAndAllowedValues) {
  const auto url = "/api/v1/alerts/" + first_id("");
  const auto refused = [&](const std::string& body) {
    const auto res = c().request("PATCH", url, body);
    EXPECT_EQ(res.status, 400) << body << ": " << res.body;
    return res.status == 400 ? reason(res) : std::string();
  };
  EXPECT_EQ(refused(R"({"status":"done"})"), "status must be one of open, acknowledged, closed; got 'done'");
  EXPECT_EQ(refused(R"({"status":1})"), "status must be one of open, acknowledged, closed; got '1'");
  EXPECT_EQ(refused(R"({"status":null})"), "status must be one of open, acknowledged, closed; got 'null'");
  EXPECT_NE(refused(R"({"classification":"benign"})")
                .find("classification must be one of true_positive, false_positive, benign_positive, null"),
            std::string::npos);
  EXPECT_NE(refused(R"({"determination":"evil"})").find("determination must be one of apt, malware, securityPersonnel"),
            std::string::npos);
  EXPECT_NE(refused(R"({"determination":["apt"]})").find("determination must be one of"), std::string::npos);
  EXPECT_EQ(refused(R"({"assignee":42})"), "assignee must be a non-empty string of at most 256 characters");
  EXPECT_EQ(refused(R"({"note":""})"), "note must be a non-empty string of at most 10000 characters");
  EXPECT_EQ(refused(R"({"note":null})"), "note must be a non-empty string of at most 10000 characters");
  EXPECT_EQ(refused(R"({"note":"seen\u0000by bob"})"), "note must not contain NUL (\\u0000)");
  EXPECT_EQ(refused(R"({"assignee":"bob\u0000"})"), "assignee must not contain NUL (\\u0000)");
  EXPECT_EQ(refused(R"({"severity":"low"})"),
            "unknown field 'severity'; allowed: status, classification, determination, assignee, note");
  EXPECT_EQ(refused("{}"), "give at least one of status, classification, determination, assignee, note");
  EXPECT_EQ(refused("[]"), "the body must be a JSON object");
  EXPECT_EQ(refused("{broken"), "the body must be a JSON object");
  EXPECT_EQ(refused(""), "the body must be a JSON object");
  EXPECT_EQ(count("status=open"), 6u) << "refused changes change nothing";
  EXPECT_TRUE(c().get(url + "/history").json()["history"].empty());
}

TEST_F(AlertsApi, BulkUpdateByIdsAndByFilter) {
  const auto high = ids("rule_id=test-high");
  ASSERT_EQ(high.size(), 3u);
  auto res =
      c().post("/api/v1/alerts/_bulk_update",
               nlohmann::json({{"ids", {high[0], high[1], "no-such-alert"}}, {"status", "acknowledged"}}).dump());
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.json(), nlohmann::json({{"updated", 2}}));
  EXPECT_EQ(ids("status=acknowledged").size(), 2u);

  res = c().post("/api/v1/alerts/_bulk_update",
                 R"({"filter":{"severity":["low","critical"],"host":"WS02"},"status":"closed",)"
                 R"("classification":"informationalExpectedActivity","note":"lab host"})");
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.json()["updated"], 2);
  EXPECT_EQ(count("status=closed&classification=benign_positive&host=WS02"), 2u);
  const auto history = c().get("/api/v1/alerts/" + first_id("host=WS02") + "/history").json()["history"];
  EXPECT_EQ(history.size(), 3u);  // status, classification, note

  res = c().post("/api/v1/alerts/_bulk_update", R"({"filter":{},"assignee":"erin"})");
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.json()["updated"], 6);
  EXPECT_EQ(c().get("/api/v1/alerts/_summary").json()["by_status"],
            nlohmann::json({{"acknowledged", 2}, {"closed", 2}, {"open", 2}}));

  const auto refused = [&](const std::string& body) {
    const auto r = c().post("/api/v1/alerts/_bulk_update", body);
    EXPECT_EQ(r.status, 400) << body << ": " << r.body;
    return r.status == 400 ? reason(r) : std::string();
  };
  EXPECT_NE(refused(R"({"status":"closed"})").find("exactly one of ids"), std::string::npos);
  EXPECT_NE(refused(R"({"ids":["a"],"filter":{},"status":"closed"})").find("exactly one of ids"), std::string::npos);
  EXPECT_NE(refused(R"({"ids":[],"status":"closed"})").find("ids must be a non-empty array"), std::string::npos);
  EXPECT_NE(refused(R"({"ids":[1],"status":"closed"})").find("ids must be"), std::string::npos);
  EXPECT_NE(refused(R"({"filter":{"limit":"1"},"status":"closed"})").find("unknown filter field 'limit'"),
            std::string::npos);
  EXPECT_NE(refused(R"({"filter":{"severity":"urgent"},"status":"closed"})").find("severity must be one of"),
            std::string::npos);
  EXPECT_NE(refused(R"({"filter":[],"status":"closed"})").find("filter must be a JSON object"), std::string::npos);
  EXPECT_NE(refused(R"({"filter":{}})").find("give at least one of"), std::string::npos);
  EXPECT_NE(refused(R"({"filter":{},"status":"gone"})").find("status must be one of"), std::string::npos);
  EXPECT_NE(refused(R"({"filter":{},"status":"closed","sort":"x"})").find("allowed: filter, ids, status"),
            std::string::npos);
  EXPECT_EQ(c().get("/api/v1/alerts/_summary").json()["by_status"]["closed"], 2) << "refused updates change nothing";
}

// Alerts whose events carry large fields, under a 2 MiB page bound: 40 of
// 100 KB (64 KiB and a marker once cut) make three pages at most 2 MiB
// each, in every format, and one 300 KB command line comes back cut.
TEST(LargeAlerts, PagesEndEarlyAtMaxResponseBytesAndLongFieldsComeBackCut) {
  TempDir dir;
  std::filesystem::create_directories(dir / "rules");
  write_rule(dir / "rules", kHigh);
  std::ofstream(dir / "vigil.toml") << "[server]\nmax_response_bytes = 2097152\n";
  Daemon daemon({"--config", (dir / "vigil.toml").string(), "--rules-dir", (dir / "rules").string()});
  auto& c = daemon.client();
  std::string bulk;
  const std::string command_line = "alpha.exe " + std::string(300 << 10, 'c');
  for (int n = 0; n < 40; ++n) {
    const auto line = event("e" + std::to_string(n), "2026-11-22T10:01:00Z", "alpha.exe", "WS01", "bob",
                            n == 0 ? command_line : "alpha.exe " + std::string(100 << 10, 'a'));
    bulk += line;
  }
  ASSERT_EQ(c.post("/_bulk", bulk, kNdjson).json()["errors"], false);
  ASSERT_EQ(c.post("/api/v1/rules/test-high/_run", R"({"start":"2026-11-22T09:00:00Z","end":"2026-11-22T11:00:00Z"})")
                .json()["status"],
            "succeeded");

  nlohmann::json alert;  // e0's, as a page gives it
  for (const std::string format : {"json", "ndjson"}) {
    std::set<std::string> seen;
    std::string cursor;
    int pages = 0;
    for (; pages < 10; ++pages) {
      const auto res = c.get("/api/v1/alerts?limit=1000&format=" + format + (cursor.empty() ? "" : "&cursor=" + cursor));
      ASSERT_EQ(res.status, 200) << res.body.substr(0, 300);
      EXPECT_LE(res.body.size(), 2u << 20);
      std::vector<nlohmann::json> alerts;
      bool ended_early = false;
      if (format == "json") {
        const auto page = res.json();
        alerts = page["alerts"].get<std::vector<nlohmann::json>>();
        cursor = page["next_cursor"].is_null() ? "" : page["next_cursor"].get<std::string>();
        ended_early = page["ended_early"];
      } else {
        for (std::size_t at = 0, end; (end = res.body.find('\n', at)) != std::string::npos; at = end + 1)
          alerts.push_back(nlohmann::json::parse(res.body.substr(at, end - at)));
        cursor = res.header("x-next-cursor");
        ended_early = res.header("x-page-ended-early") == "true";
      }
      for (const auto& a : alerts) {
        EXPECT_TRUE(seen.insert(a["id"].get<std::string>()).second) << format;
        if (a["source"]["id"] == "e0") alert = a;
      }
      // Every page but the last stopped short of its limit, at the bound.
      EXPECT_EQ(ended_early, !cursor.empty()) << format;
      if (cursor.empty()) break;
    }
    EXPECT_EQ(pages + 1, 3) << format;
    EXPECT_EQ(seen.size(), 40u) << format;
  }

  ASSERT_TRUE(alert.is_object());
  const auto one = c.get("/api/v1/alerts/" + alert["id"].get<std::string>());
  ASSERT_EQ(one.status, 200);
  const auto cut = std::string(64 << 10, 'c').insert(0, "alpha.exe ").substr(0, 64 << 10) + "\xe2\x80\xa6[truncated " +
                   std::to_string(command_line.size() - (64 << 10)) + " bytes]";
  EXPECT_EQ(one.json()["event"]["process"]["command_line"], cut);
  EXPECT_EQ(one.json()["process"]["command_line"], cut);
  EXPECT_EQ(one.json()["truncated_fields"], nlohmann::json({"event.process.command_line", "process.command_line"}));
  EXPECT_EQ(alert["truncated_fields"], one.json()["truncated_fields"]);
  const auto patched = c.request("PATCH", "/api/v1/alerts/" + alert["id"].get<std::string>(), R"({"status":"closed"})");
  EXPECT_EQ(patched.json()["process"]["command_line"], cut);
  const auto event = c.get("/logs-test-default/_doc/e0");
  ASSERT_EQ(event.status, 200);
  EXPECT_EQ(event.json()["_source"]["process"]["command_line"], command_line);

  // A triage history of 250 notes of 10,000 characters (2.5 MB) pages too.
  const auto history_url = "/api/v1/alerts/" + alert["id"].get<std::string>() + "/history";
  const auto numbered = [](int n) {
    char number[8];
    std::snprintf(number, sizeof number, "%03d", n);
    return std::string(number);
  };
  for (int n = 0; n < 250; ++n) {
    const auto note = nlohmann::json({{"note", numbered(n) + std::string(9997, 'n')}}).dump();
    ASSERT_EQ(c.request("PATCH", "/api/v1/alerts/" + alert["id"].get<std::string>(), note).status, 200);
  }
  std::vector<std::string> notes;
  std::string cursor;
  int pages = 0;
  do {
    const auto res = c.get(history_url + (cursor.empty() ? "" : "?cursor=" + cursor));
    ASSERT_EQ(res.status, 200) << res.body.substr(0, 300);
    EXPECT_LE(res.body.size(), 2u << 20);
    const auto page = res.json();
    for (const auto& entry : page["history"])
      if (entry["field"] == "note") notes.push_back(entry["to"].get<std::string>().substr(0, 3));
    cursor = page["next_cursor"].is_null() ? "" : page["next_cursor"].get<std::string>();
  } while (++pages < 10 && !cursor.empty());
  EXPECT_EQ(pages, 2);
  ASSERT_EQ(notes.size(), 250u);
  for (int n = 0; n < 250; ++n) EXPECT_EQ(notes[n], numbered(n));
  for (const auto* bad : {"?cursor=abc", "?cursor=0", "?cursor=1&cursor=2", "?limit=1"})
    EXPECT_EQ(c.get(history_url + bad).status, 400) << bad;
}

}  // namespace
}  // namespace vigil::test
