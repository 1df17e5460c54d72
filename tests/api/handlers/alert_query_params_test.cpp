// Alert query parameters: every filter, the paging keys, and the refusals
// (unknown names, repeats, caps, bad values), for the query string and for
// _bulk_update's JSON filter alike.
#include "api/handlers/alert_query_params.hpp"

#include <gtest/gtest.h>

#include "api/handlers/alert_cursor.hpp"

namespace vigil::api {
namespace {

using Params = std::multimap<std::string, std::string>;
const engine::TimeMs kNow = engine::parse_timestamp("2026-11-22T12:00:00Z").value();

AlertListParams list(const Params& params) {
  auto parsed = parse_alert_list_params(params, kNow);
  if (const auto* error = std::get_if<ParamError>(&parsed)) ADD_FAILURE() << error->reason;
  return std::get_if<AlertListParams>(&parsed) ? std::get<AlertListParams>(parsed) : AlertListParams{};
}

std::string refusal(const Params& params) {
  const auto parsed = parse_alert_list_params(params, kNow);
  const auto* error = std::get_if<ParamError>(&parsed);
  return error ? error->reason : "(accepted)";
}

TEST(AlertQueryParams, DefaultsAreNewestFirstHundredAsJson) {
  const auto p = list({});
  EXPECT_EQ(p.query.sort, engine::AlertSort::kCreatedAt);
  EXPECT_FALSE(p.query.ascending);
  EXPECT_EQ(p.query.limit, 100u);
  EXPECT_FALSE(p.query.after);
  EXPECT_EQ(p.format, AlertFormat::kJson);
  EXPECT_FALSE(p.pretty);
  EXPECT_TRUE(p.query.filter.rule_ids.empty());
  EXPECT_FALSE(p.query.filter.since);
}

TEST(AlertQueryParams, TrackTotalHitsSetsTheCountLimit) {
  EXPECT_EQ(list({}).query.count_limit, 10000u);
  EXPECT_EQ(list({{"track_total_hits", "true"}}).query.count_limit, 0u);
  EXPECT_EQ(list({{"track_total_hits", "250"}}).query.count_limit, 250u);
  EXPECT_NE(refusal({{"track_total_hits", "yes"}}).find("track_total_hits must be true or a whole number"),
            std::string::npos);
  EXPECT_NE(refusal({{"track_total_hits", "0"}}).find("track_total_hits"), std::string::npos);
}

TEST(AlertQueryParams, ReadsEveryFilter) {
  const auto p = list({{"rule_id", "r1"},
                       {"rule_id", "r2"},
                       {"severity", "high"},
                       {"severity", "critical"},
                       {"status", "open"},
                       {"status", "acknowledged"},
                       {"classification", "truePositive"},
                       {"classification", "none"},
                       {"host", "WS01"},
                       {"user", "bob"},
                       {"technique", "t1098.002"},
                       {"tactic", "TA0003"},
                       {"since", "now-24h"},
                       {"until", "2026-11-22T11:00:00Z"},
                       {"time_field", "original_time"},
                       {"q", "Set-CASMailbox"}});
  const auto& f = p.query.filter;
  EXPECT_EQ(f.rule_ids, (std::vector<std::string>{"r1", "r2"}));
  EXPECT_EQ(f.severities, (std::vector<std::string>{"high", "critical"}));
  EXPECT_EQ(f.statuses, (std::vector<std::string>{"open", "acknowledged"}));
  EXPECT_EQ(f.classifications, (std::vector<std::string>{"true_positive", "none"}));
  EXPECT_EQ(f.host, "WS01");
  EXPECT_EQ(f.user, "bob");
  EXPECT_EQ(f.technique, "T1098.002");
  EXPECT_EQ(f.tactic, "TA0003");
  EXPECT_EQ(f.since, kNow - engine::kDayMs);
  EXPECT_EQ(f.until, kNow - engine::kHourMs);
  EXPECT_EQ(f.time_field, engine::AlertTimeField::kOriginalTime);
  EXPECT_EQ(f.text, "Set-CASMailbox");
}

TEST(AlertQueryParams, ReadsPagingAndFormat) {
  const auto cursor = encode_alert_cursor(engine::AlertSort::kRiskScore, true, {47, 3});
  const auto p = list({{"sort", "risk_score"},
                       {"order", "asc"},
                       {"limit", "1000"},
                       {"cursor", cursor},
                       {"format", "csv"},
                       {"pretty", ""}});
  EXPECT_EQ(p.query.sort, engine::AlertSort::kRiskScore);
  EXPECT_TRUE(p.query.ascending);
  EXPECT_EQ(p.query.limit, 1000u);
  ASSERT_TRUE(p.query.after);
  EXPECT_EQ(p.query.after->key, 47);
  EXPECT_EQ(p.query.after->seq, 3);
  EXPECT_EQ(p.format, AlertFormat::kCsv);
  EXPECT_TRUE(p.pretty);
  EXPECT_EQ(list({{"format", "ndjson"}, {"pretty", "false"}}).format, AlertFormat::kNdjson);
  EXPECT_FALSE(list({{"pretty", "false"}}).pretty);
}

TEST(AlertQueryParams, RefusesUnknownRepeatedAndTooManyParameters) {
  const auto unknown = refusal({{"severity", "high"}, {"sevirity", "high"}});
  EXPECT_NE(unknown.find("unknown query parameter 'sevirity'; allowed: rule_id, severity, status"), std::string::npos)
      << unknown;
  EXPECT_NE(unknown.find("pretty"), std::string::npos);
  EXPECT_EQ(refusal({{"host", "a"}, {"host", "b"}}), "host takes one value, got 2");
  EXPECT_EQ(refusal({{"limit", "5"}, {"limit", "6"}}), "limit takes one value, got 2");
  Params many;
  for (int i = 0; i < 51; ++i) many.emplace("rule_id", "r" + std::to_string(i));
  EXPECT_EQ(refusal(many), "rule_id takes at most 50 values, got 51");
  many.erase(many.begin());
  EXPECT_EQ(list(many).query.filter.rule_ids.size(), 50u);
}

TEST(AlertQueryParams, RefusesBadValuesNamingTheFieldAndTheAllowedValues) {
  EXPECT_EQ(refusal({{"status", "done"}}), "status must be one of open, acknowledged, closed; got 'done'");
  EXPECT_EQ(refusal({{"severity", "urgent"}}), "severity must be one of low, medium, high, critical; got 'urgent'");
  EXPECT_NE(refusal({{"classification", "maybe"}}).find("classification must be one of true_positive"),
            std::string::npos);
  EXPECT_EQ(refusal({{"sort", "severity"}}),
            "sort must be one of created_at, original_time, risk_score; got 'severity'");
  EXPECT_EQ(refusal({{"order", "up"}}), "order must be one of desc, asc; got 'up'");
  EXPECT_EQ(refusal({{"format", "xml"}}), "format must be one of json, ndjson, csv; got 'xml'");
  EXPECT_EQ(refusal({{"time_field", "@timestamp"}}),
            "time_field must be one of created_at, original_time; got '@timestamp'");
  EXPECT_EQ(refusal({{"limit", "1001"}}), "limit must be a whole number from 1 to 1000, got '1001'");
  EXPECT_EQ(refusal({{"limit", "0"}}), "limit must be a whole number from 1 to 1000, got '0'");
  EXPECT_EQ(refusal({{"pretty", "yes"}}), "pretty must be empty, true or false; got 'yes'");
  for (const char* technique : {"T109", "T10988", "T1098.02", "T1098.0021", "TA0003", "1098", "T1098."})
    EXPECT_EQ(refusal({{"technique", technique}}),
              std::string("technique must look like T1098 or T1098.002; got '") + technique + "'");
  for (const char* tactic : {"T1098", "TA003", "TA0003.001", "XA0003"})
    EXPECT_EQ(refusal({{"tactic", tactic}}), std::string("tactic must look like TA0003; got '") + tactic + "'");
  EXPECT_NE(refusal({{"since", "yesterday"}}).find("since must be an RFC 3339 timestamp"), std::string::npos);
  EXPECT_NE(refusal({{"until", "now-"}}).find("until must be an RFC 3339 timestamp"), std::string::npos);
  EXPECT_EQ(refusal({{"since", "now"}, {"until", "now-1h"}}), "since must be before until");
  EXPECT_EQ(refusal({{"host", ""}}), "host must not be empty");
  EXPECT_EQ(refusal({{"q", std::string(513, 'x')}}), "q must be at most 512 characters");
  EXPECT_NE(refusal({{"cursor", "garbage"}}).find("invalid cursor"), std::string::npos);
  const auto desc = encode_alert_cursor(engine::AlertSort::kCreatedAt, false, {1, 1});
  EXPECT_NE(refusal({{"cursor", desc}, {"order", "asc"}}).find("invalid cursor"), std::string::npos);
}

TEST(AlertQueryParams, SummaryTakesFiltersAndPrettyOnly) {
  const auto ok = parse_alert_summary_params({{"since", "now-24h"}, {"severity", "high"}, {"pretty", ""}}, kNow);
  ASSERT_TRUE(std::holds_alternative<AlertSummaryParams>(ok));
  EXPECT_EQ(std::get<AlertSummaryParams>(ok).filter.since, kNow - engine::kDayMs);
  EXPECT_TRUE(std::get<AlertSummaryParams>(ok).pretty);
  const auto paged = parse_alert_summary_params({{"limit", "5"}}, kNow);
  ASSERT_TRUE(std::holds_alternative<ParamError>(paged));
  EXPECT_NE(std::get<ParamError>(paged).reason.find("unknown query parameter 'limit'"), std::string::npos);
  EXPECT_TRUE(std::holds_alternative<ParamError>(parse_pretty_only({{"host", "x"}})));
  EXPECT_EQ(std::get<bool>(parse_pretty_only({{"pretty", ""}})), true);
}

TEST(AlertQueryParams, JsonFilterSharesTheQueryKeys) {
  const auto parsed = parse_alert_filter_json({{"severity", {"high", "low"}},
                                               {"status", "open"},
                                               {"technique", "T1098"},
                                               {"since", "now-1h"},
                                               {"host", {"WS01"}}},
                                              kNow);
  ASSERT_TRUE(std::holds_alternative<engine::AlertFilter>(parsed)) << std::get<ParamError>(parsed).reason;
  const auto& f = std::get<engine::AlertFilter>(parsed);
  EXPECT_EQ(f.severities, (std::vector<std::string>{"high", "low"}));
  EXPECT_EQ(f.statuses, (std::vector<std::string>{"open"}));
  EXPECT_EQ(f.technique, "T1098");
  EXPECT_EQ(f.since, kNow - engine::kHourMs);
  EXPECT_EQ(f.host, "WS01");
  EXPECT_TRUE(std::holds_alternative<engine::AlertFilter>(parse_alert_filter_json(nlohmann::json::object(), kNow)));

  const auto reason = [](const nlohmann::json& filter) {
    const auto result = parse_alert_filter_json(filter, kNow);
    return std::holds_alternative<ParamError>(result) ? std::get<ParamError>(result).reason : "(accepted)";
  };
  EXPECT_NE(reason({{"limit", "5"}}).find("unknown filter field 'limit'; allowed: rule_id"), std::string::npos);
  EXPECT_EQ(reason({{"host", {"a", "b"}}}), "host takes one value, got 2");
  EXPECT_EQ(reason({{"severity", nlohmann::json::array()}}),
            "filter.severity must be a string or a non-empty array of strings");
  EXPECT_EQ(reason({{"severity", 3}}), "filter.severity must be a string or a non-empty array of strings");
  EXPECT_EQ(reason({{"status", {"open", 1}}}), "filter.status must be a string or a non-empty array of strings");
  EXPECT_EQ(reason({{"status", "gone"}}), "status must be one of open, acknowledged, closed; got 'gone'");
  EXPECT_EQ(reason(nlohmann::json::array()), "filter must be a JSON object");
}

}  // namespace
}  // namespace vigil::api
