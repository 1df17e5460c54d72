#include "api/handlers/eql_search_request.hpp"

#include <gtest/gtest.h>

namespace vigil::api {
namespace {

constexpr engine::TimeMs kNow = 1'795'348'800'000;  // 2026-11-22T12:00:00Z

EqlSearchRequest parse_ok(const std::string& body) {
  auto parsed = parse_eql_search_request(nlohmann::json::parse(body), kNow);
  if (const auto* refused = std::get_if<std::string>(&parsed)) ADD_FAILURE() << body << ": " << *refused;
  return std::get_if<EqlSearchRequest>(&parsed) ? std::get<EqlSearchRequest>(parsed) : EqlSearchRequest{};
}

std::string refusal(const std::string& body) {
  auto parsed = parse_eql_search_request(nlohmann::json::parse(body), kNow);
  const auto* refused = std::get_if<std::string>(&parsed);
  return refused ? *refused : "(accepted)";
}

TEST(EqlSearchRequest, DefaultsAreElasticsearchs) {
  const auto r = parse_ok(R"({"query": "process where true"})");
  EXPECT_EQ(r.query, "process where true");
  EXPECT_EQ(r.size, 10u);
  EXPECT_EQ(r.time_field, engine::TimeField::kTimestamp);
  EXPECT_EQ(r.start, std::numeric_limits<engine::TimeMs>::min());
  EXPECT_EQ(r.end, std::numeric_limits<engine::TimeMs>::max());
  EXPECT_FALSE(r.tail);
}

// What Kibana's rule preview sends: a range on the rule's time field, in a bool filter.
TEST(EqlSearchRequest, ARangeOnTheTimestampFieldBoundsTheSearch) {
  auto r = parse_ok(R"({"query": "any where true", "timestamp_field": "event.ingested", "size": 100,
    "filter": {"bool": {"filter": [{"range": {"event.ingested": {"gte": "now-9m", "lte": "now",
    "format": "strict_date_optional_time"}}}]}}})");
  EXPECT_EQ(r.time_field, engine::TimeField::kIngested);
  EXPECT_EQ(r.start, kNow - 9 * engine::kMinuteMs);
  EXPECT_EQ(r.end, kNow);
  EXPECT_EQ(r.size, 100u);
  r = parse_ok(R"({"query": "any where true", "result_position": "tail",
    "filter": {"range": {"@timestamp": {"gt": "2026-11-22T10:00:00Z", "lt": 1795345200000}}}})");
  EXPECT_EQ(r.start, 1'795'341'600'001);
  EXPECT_EQ(r.end, 1'795'345'199'999);
  EXPECT_TRUE(r.tail);
}

TEST(EqlSearchRequest, WhatVigilWouldNotAnswerIsRefusedWithTheReason) {
  EXPECT_EQ(refusal(R"({})"), "query is required: an EQL query such as 'process where process.name == \"cmd.exe\"'");
  EXPECT_EQ(refusal(R"({"query": "any where true", "size": 10001})"), "size must be an integer from 0 to 10000");
  EXPECT_EQ(refusal(R"({"query": "any where true", "size": -1})"), "size must be an integer from 0 to 10000");
  EXPECT_EQ(refusal(R"({"query": "any where true", "timestamp_field": "winlog.time_created"})"),
            R"(timestamp_field must be @timestamp or event.ingested, not "winlog.time_created")");
  EXPECT_EQ(refusal(R"({"query": "any where true", "filter": {"term": {"host.name": "x"}}})"),
            "filter.term is not supported: Vigil filters EQL searches by a range on the timestamp field");
  EXPECT_EQ(refusal(R"({"query": "any where true", "filter": {"range": {"event.ingested": {"gte": "now-1h"}}}})"),
            "filter.range is supported on the timestamp field [@timestamp] only, not [event.ingested]");
  EXPECT_EQ(refusal(R"({"query": "any where true", "filter": {"range": {"@timestamp": {"gte": "yesterday"}}}})"),
            R"(filter.range.@timestamp.gte: cannot read ["yesterday"] as a time)");
  EXPECT_EQ(refusal(R"({"query": "any where true", "filter": {"bool": {"must_not": []}}})"),
            "filter.bool.must_not is not supported: only filter and must of ranges on the timestamp field");
  EXPECT_EQ(refusal(R"({"query": "any where true", "runtime_mappings": {}})"),
            "unknown field [runtime_mappings] in the EQL search request");
}

}  // namespace
}  // namespace vigil::api
