#include "api/handlers/es_query_params.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace vigil::api {
namespace {

const std::vector<std::string_view> kAccepted = {"q", "df"};

std::optional<Response> check(std::multimap<std::string, std::string> query) {
  const Request request{http::verb::get, "/idx/_count", 11};
  const RequestContext ctx{request, "/idx/_count", {}, std::move(query)};
  return unrecognized_parameters(ctx, kAccepted);
}

TEST(UnrecognizedParameters, KnownAndCommonParametersPass) {
  EXPECT_FALSE(check({}));
  EXPECT_FALSE(check({{"q", "a:b"}, {"df", "x"}, {"pretty", ""}, {"filter_path", "count"}, {"error_trace", "true"}}));
}

TEST(UnrecognizedParameters, AreRefusedAsElasticsearchRefusesThem) {
  const auto one = check({{"q", "x"}, {"foo", "1"}});
  ASSERT_TRUE(one);
  EXPECT_EQ(one->result(), http::status::bad_request);
  EXPECT_EQ(one->at("X-Elastic-Product"), "Elasticsearch");
  const auto body = nlohmann::json::parse(one->body());
  EXPECT_EQ(body["status"], 400);
  EXPECT_EQ(body["error"]["type"], "illegal_argument_exception");
  EXPECT_EQ(body["error"]["reason"], "request [/idx/_count] contains unrecognized parameter: [foo]");
  EXPECT_EQ(body["error"]["root_cause"][0]["reason"], body["error"]["reason"]);

  const auto two = check({{"zz", "1"}, {"aa", "1"}, {"aa", "2"}});
  ASSERT_TRUE(two);
  EXPECT_EQ(nlohmann::json::parse(two->body())["error"]["reason"],
            "request [/idx/_count] contains unrecognized parameters: [aa], [zz]");
}

}  // namespace
}  // namespace vigil::api
