// Alert output formats: CSV columns, RFC 4180 quoting and formula
// neutralisation; NDJSON lines; headers carrying total and cursor.
#include "api/handlers/alert_formats.hpp"

#include <gtest/gtest.h>

namespace vigil::api {
namespace {

// An alert's text, as a page holds it.
std::string alert(const std::string& id, const std::string& reason) {
  return nlohmann::json{{"id", id},
          {"created_at", "2026-11-22T10:00:01.000Z"},
          {"original_time", nullptr},
          {"rule", {{"id", "r1"}, {"name", "Rule, one"}, {"severity", "high"}, {"risk_score", 73}}},
          {"status", "open"},
          {"classification", nullptr},
          {"host", {{"name", "WS01"}}},
          {"user", {{"name", "=HYPERLINK(\"http://x\")"}}},
          {"mitre", {"T1098", "T1098.002"}},
          {"reason", reason}}
      .dump();
}

TEST(AlertFormats, CsvCellsQuoteAndNeutraliseFormulas) {
  EXPECT_EQ(csv_cell("plain"), "plain");
  EXPECT_EQ(csv_cell(""), "");
  EXPECT_EQ(csv_cell("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_cell("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_cell("=1+1"), "'=1+1");
  EXPECT_EQ(csv_cell("+1"), "'+1");
  EXPECT_EQ(csv_cell("-1"), "'-1");
  EXPECT_EQ(csv_cell("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(csv_cell("\tx"), "'\tx");
  EXPECT_EQ(csv_cell("\rx"), "\"'\rx\"");
  EXPECT_EQ(csv_cell("=A1,B1"), "\"'=A1,B1\"");
  EXPECT_EQ(csv_cell("a=b"), "a=b");
}

// A page written alert by alert, as the store hands them over.
Response page(AlertFormat format, bool pretty, const std::vector<std::string>& alerts, std::uint64_t total,
              bool exact, const std::optional<std::string>& cursor, std::size_t max_bytes = 32 << 20) {
  AlertPageWriter writer(format, pretty, max_bytes);
  for (const auto& alert : alerts) EXPECT_TRUE(writer.add(alert));
  return std::move(writer).finish(Request{http::verb::get, "/api/v1/alerts", 11}, total, exact, cursor);
}

TEST(AlertFormats, CsvHasTheFixedColumnsAndOneRowPerAlert) {
  const auto csv = page(AlertFormat::kCsv, false, {alert("a1", "first"), alert("a2", "second, with comma")}, 2, true,
                        std::nullopt)
                       .body();
  EXPECT_EQ(csv,
            "id,created_at,original_time,rule_id,rule_name,severity,risk_score,status,classification,host,user,mitre,"
            "reason\r\n"
            "a1,2026-11-22T10:00:01.000Z,,r1,\"Rule, one\",high,73,open,,WS01,\"'=HYPERLINK(\"\"http://x\"\")\","
            "T1098;T1098.002,first\r\n"
            "a2,2026-11-22T10:00:01.000Z,,r1,\"Rule, one\",high,73,open,,WS01,\"'=HYPERLINK(\"\"http://x\"\")\","
            "T1098;T1098.002,\"second, with comma\"\r\n");
  EXPECT_EQ(alerts_csv_header().find("\r\n") + 2, alerts_csv_header().size());
  EXPECT_EQ(page(AlertFormat::kCsv, false, {}, 0, true, std::nullopt).body(), alerts_csv_header());
  EXPECT_EQ(alert_csv_row("{}"), ",,,,,,,,,,,,\r\n");
}

TEST(AlertFormats, NdjsonAndCsvCarryTotalAndCursorInHeaders) {
  const std::vector<std::string> alerts = {alert("a1", "x"), alert("a2", "y")};
  const auto ndjson = page(AlertFormat::kNdjson, false, alerts, 7, true, "CURSOR");
  EXPECT_EQ(ndjson[http::field::content_type], "application/x-ndjson");
  EXPECT_EQ(ndjson["X-Total-Count"], "7");
  EXPECT_EQ(ndjson["X-Next-Cursor"], "CURSOR");
  EXPECT_EQ(ndjson.count("X-Page-Ended-Early"), 0u);
  EXPECT_EQ(ndjson.body(), alerts[0] + "\n" + alerts[1] + "\n");
  const auto csv = page(AlertFormat::kCsv, false, {}, 10000, false, std::nullopt);
  EXPECT_EQ(csv[http::field::content_type], "text/csv; charset=utf-8");
  EXPECT_EQ(csv["X-Total-Count"], "10000+");
  EXPECT_EQ(csv.count("X-Next-Cursor"), 0u);
}

TEST(AlertFormats, JsonIsCompactUnlessPretty) {
  const auto compact = page(AlertFormat::kJson, false, {R"({"id":"a1"})"}, 1, true, std::nullopt);
  EXPECT_EQ(compact.body(),
            R"({"alerts":[{"id":"a1"}],"ended_early":false,"next_cursor":null,"total":1,"total_relation":"eq"})");
  const auto pretty = page(AlertFormat::kJson, true, {R"({"id":"a1","n":[1,2]})", R"({"id":"a2"})"}, 2, true, "C");
  auto expected = nlohmann::json::parse(R"({"alerts":[{"id":"a1","n":[1,2]},{"id":"a2"}],"ended_early":false,)"
                                        R"("next_cursor":"C","total":2,"total_relation":"eq"})");
  EXPECT_EQ(pretty.body(), expected.dump(2));
  expected["alerts"] = nlohmann::json::array();
  EXPECT_EQ(page(AlertFormat::kJson, true, {}, 2, true, "C").body(), expected.dump(2));
}

TEST(AlertFormats, JsonSaysWhenTheTotalIsALowerBound) {
  const auto res = page(AlertFormat::kJson, false, {}, 10000, false, "C");
  const auto body = nlohmann::json::parse(res.body());
  EXPECT_EQ(body["total"], 10000);
  EXPECT_EQ(body["total_relation"], "gte");
}

// An alert of 800 KB, under kMaxAlertBytes once its strings are cut: ten
// strings of 80,000 bytes become 65,536 and a marker each.
std::string heavy_alert(int n) {
  nlohmann::json alert = {{"id", "a" + std::to_string(n)}};
  for (int i = 0; i < 10; ++i) alert["event"]["f" + std::to_string(i)] = std::string(80000, 'x');
  return alert.dump();
}

TEST(AlertFormats, APageEndsBeforeTheAlertThatWouldTakeItPastItsBound) {
  // CSV rows leave the event out: thousands of them fit.
  for (const auto format : {AlertFormat::kJson, AlertFormat::kNdjson}) {
    for (const bool pretty : {false, true}) {
      AlertPageWriter writer(format, pretty, 2 << 20);
      int written = 0;
      while (writer.add(heavy_alert(written))) ++written;
      const auto res = std::move(writer).finish(Request{http::verb::get, "/", 11}, 100, true, "NEXT");
      EXPECT_EQ(written, 3) << static_cast<int>(format) << pretty;
      EXPECT_LE(res.body().size(), std::size_t{2} << 20);
      EXPECT_GT(res.body().size(), std::size_t{3} * 655360);
      if (format == AlertFormat::kJson) {
        const auto body = nlohmann::json::parse(res.body());
        EXPECT_EQ(body["ended_early"], true);
        EXPECT_EQ(body["alerts"].size(), 3u);
        EXPECT_EQ(body["alerts"][2]["id"], "a2");
        EXPECT_EQ(body["next_cursor"], "NEXT");
      } else {
        EXPECT_EQ(res["X-Page-Ended-Early"], "true");
      }
    }
  }
}

TEST(AlertFormats, APageAlwaysTakesItsFirstAlert) {
  AlertPageWriter writer(AlertFormat::kNdjson, false, 1);
  EXPECT_TRUE(writer.add(R"({"id":"a1"})"));
  EXPECT_FALSE(writer.add(R"({"id":"a2"})"));
}

}  // namespace
}  // namespace vigil::api
