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

TEST(AlertFormats, CsvHasTheFixedColumnsAndOneRowPerAlert) {
  const auto csv = alerts_csv({alert("a1", "first"), alert("a2", "second, with comma")});
  EXPECT_EQ(csv,
            "id,created_at,original_time,rule_id,rule_name,severity,risk_score,status,classification,host,user,mitre,"
            "reason\r\n"
            "a1,2026-11-22T10:00:01.000Z,,r1,\"Rule, one\",high,73,open,,WS01,\"'=HYPERLINK(\"\"http://x\"\")\","
            "T1098;T1098.002,first\r\n"
            "a2,2026-11-22T10:00:01.000Z,,r1,\"Rule, one\",high,73,open,,WS01,\"'=HYPERLINK(\"\"http://x\"\")\","
            "T1098;T1098.002,\"second, with comma\"\r\n");
  EXPECT_EQ(alerts_csv({}).find("\r\n") + 2, alerts_csv({}).size());  // header only
  EXPECT_EQ(alerts_csv({"{}"}).substr(alerts_csv({}).size()), ",,,,,,,,,,,,\r\n");
}

TEST(AlertFormats, NdjsonAndCsvCarryTotalAndCursorInHeaders) {
  Request request{http::verb::get, "/api/v1/alerts", 11};
  const AlertPageBody page{7, true, {alert("a1", "x"), alert("a2", "y")}, "CURSOR"};
  const auto ndjson = alert_page_response(request, page, AlertFormat::kNdjson, false);
  EXPECT_EQ(ndjson[http::field::content_type], "application/x-ndjson");
  EXPECT_EQ(ndjson["X-Total-Count"], "7");
  EXPECT_EQ(ndjson["X-Next-Cursor"], "CURSOR");
  EXPECT_EQ(ndjson.body(), page.alerts[0] + "\n" + page.alerts[1] + "\n");
  const auto csv = alert_page_response(request, {10000, false, {}, std::nullopt}, AlertFormat::kCsv, false);
  EXPECT_EQ(csv[http::field::content_type], "text/csv; charset=utf-8");
  EXPECT_EQ(csv["X-Total-Count"], "10000+");
  EXPECT_EQ(csv.count("X-Next-Cursor"), 0u);
}

TEST(AlertFormats, JsonIsCompactUnlessPretty) {
  Request request{http::verb::get, "/api/v1/alerts", 11};
  const AlertPageBody page{1, true, {R"({"id":"a1"})"}, std::nullopt};
  const auto compact = alert_page_response(request, page, AlertFormat::kJson, false);
  EXPECT_EQ(compact.body(), R"({"alerts":[{"id":"a1"}],"next_cursor":null,"total":1,"total_relation":"eq"})");
  const auto pretty = alert_page_response(request, page, AlertFormat::kJson, true);
  EXPECT_EQ(nlohmann::json::parse(pretty.body()), nlohmann::json::parse(compact.body()));
  EXPECT_NE(pretty.body().find("\n  \"alerts\": ["), std::string::npos) << pretty.body();
}

TEST(AlertFormats, JsonSaysWhenTheTotalIsALowerBound) {
  Request request{http::verb::get, "/api/v1/alerts", 11};
  const auto res = alert_page_response(request, {10000, false, {}, "C"}, AlertFormat::kJson, false);
  const auto body = nlohmann::json::parse(res.body());
  EXPECT_EQ(body["total"], 10000);
  EXPECT_EQ(body["total_relation"], "gte");
}

}  // namespace
}  // namespace vigil::api
