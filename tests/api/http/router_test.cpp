#include "api/http/router.hpp"

#include <gtest/gtest.h>

#include "api/http/json_response.hpp"
#include "api/http/query_string.hpp"

namespace vigil::api {
namespace {

Request make(http::verb method, const std::string& target) {
  Request r{method, target, 11};
  return r;
}

Handler echo(const std::string& tag) {
  return [tag](const RequestContext& ctx) {
    nlohmann::json body = {{"tag", tag}, {"params", ctx.params}};
    if (const auto* q = ctx.query_value("q")) body["q"] = *q;
    return json_response(ctx.request, http::status::ok, body);
  };
}

TEST(Router, LiteralSegmentsWinOverCaptures) {
  Router r;
  r.add(http::verb::get, "/{index}/_count", echo("index-count"));
  r.add(http::verb::get, "/_data_stream/{name}", echo("ds"));
  r.add(http::verb::get, "/_count", echo("count"));
  auto body = [&](const std::string& t) { return nlohmann::json::parse(r.dispatch(make(http::verb::get, t)).body()); };
  EXPECT_EQ(body("/winlogbeat-*/_count")["params"]["index"], "winlogbeat-*");
  EXPECT_EQ(body("/_count")["tag"], "count");
  EXPECT_EQ(body("/_data_stream/x")["tag"], "ds");
}

TEST(Router, DecodesPathAndQuery) {
  Router r;
  r.add(http::verb::get, "/{index}/_doc/{id}", echo("doc"));
  const auto res = r.dispatch(make(http::verb::get, "/my%2Dindex/_doc/a%20b?q=x+y%26z"));
  const auto body = nlohmann::json::parse(res.body());
  EXPECT_EQ(body["params"]["index"], "my-index");
  EXPECT_EQ(body["params"]["id"], "a b");
  EXPECT_EQ(body["q"], "x y&z");
}

TEST(Router, MalformedEscapesAndEncodedNulAre400) {
  Router r;
  r.add(http::verb::get, "/x", echo("x"));
  EXPECT_EQ(r.dispatch(make(http::verb::get, "/x?a=%zz")).result(), http::status::bad_request);
  EXPECT_EQ(r.dispatch(make(http::verb::get, "/x?a=%00")).result(), http::status::bad_request);
  EXPECT_EQ(r.dispatch(make(http::verb::get, "/x%")).result(), http::status::bad_request);
}

TEST(Router, HeadFallsBackToGetWithoutBody) {
  Router r;
  r.add(http::verb::get, "/", echo("root"));
  const auto res = r.dispatch(make(http::verb::head, "/"));
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_TRUE(res.body().empty());
  EXPECT_NE(res[http::field::content_length], "0");
  EXPECT_FALSE(res[http::field::content_length].empty());
}

TEST(Router, UnknownPathIs404AndWrongMethodIs405WithAllow) {
  Router r;
  r.add(http::verb::post, "/_bulk", echo("bulk"));
  r.add(http::verb::put, "/_bulk", echo("bulk"));
  EXPECT_EQ(r.dispatch(make(http::verb::get, "/nope")).result(), http::status::not_found);
  const auto res = r.dispatch(make(http::verb::get, "/_bulk"));
  EXPECT_EQ(res.result(), http::status::method_not_allowed);
  EXPECT_EQ(res[http::field::allow], "POST, PUT");
}

TEST(QueryString, ParsesRepeatedAndEmptyValues) {
  const auto q = parse_query_string("a=1&a=2&b=&c&&d=%41");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->count("a"), 2u);
  EXPECT_EQ(q->find("b")->second, "");
  EXPECT_EQ(q->find("c")->second, "");
  EXPECT_EQ(q->find("d")->second, "A");
}

}  // namespace
}  // namespace vigil::api
