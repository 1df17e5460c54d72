#include "api/http/router.hpp"

#include <gtest/gtest.h>

#include "api/http/json_response.hpp"
#include "api/http/query_string.hpp"
#include "engine/detect/sha256.hpp"

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

TEST(Router, LaneIsTheMatchedRoutesAndQueryOtherwise) {
  Router r;
  r.add(http::verb::post, "/{index}/_bulk", echo("bulk"), Lane::ingest);
  r.add(http::verb::get, "/{index}/_count", echo("count"));
  r.add(http::verb::get, "/healthz", echo("health"), Lane::probe);
  const auto lane = [&](http::verb method, const std::string& target) {
    return r.screen(make(method, target)).lane();
  };
  EXPECT_EQ(lane(http::verb::post, "/winlogbeat%2D8/_bulk?refresh=false"), Lane::ingest);
  EXPECT_EQ(lane(http::verb::get, "/winlogbeat/_count"), Lane::query);
  EXPECT_EQ(lane(http::verb::get, "/healthz"), Lane::probe);
  // A wrong method or an unknown path is answered at once, so it need not wait behind batches.
  EXPECT_EQ(lane(http::verb::get, "/x/_bulk"), Lane::query);
  EXPECT_EQ(lane(http::verb::post, "/nope"), Lane::query);
  EXPECT_EQ(lane(http::verb::post, "/x/_bulk%"), Lane::query);
}

// Elasticsearch ids may contain '/': "%2F" must stay inside its segment.
TEST(Router, EncodedSlashStaysInItsSegment) {
  Router r;
  r.add(http::verb::get, "/{index}/_doc/{id}", echo("doc"));
  const auto res = r.dispatch(make(http::verb::get, "/logs/_doc/a%2Fb%2f..%2Fc"));
  ASSERT_EQ(res.result(), http::status::ok) << res.body();
  EXPECT_EQ(nlohmann::json::parse(res.body())["params"]["id"], "a/b/../c");
  EXPECT_EQ(r.dispatch(make(http::verb::get, "/logs/_doc/a/b")).result(), http::status::not_found);
}

// The session screens a request on its header and reads the body only
// when the screening lets it through.
TEST(Router, ScreeningDecidesWithoutTheBody) {
  Router r;
  r.add(http::verb::post, "/_bulk", echo("bulk"), Lane::ingest);
  r.protect(KeyRegistry({{"shipper", {Role::ingest}, engine::detect::sha256_hex("ship-key")}}), AccessPolicy());
  auto header = make(http::verb::post, "/_bulk");
  const auto anonymous = r.screen(header);
  ASSERT_NE(anonymous.refusal(), nullptr);
  EXPECT_EQ(anonymous.refusal()->result(), http::status::unauthorized);
  EXPECT_FALSE(anonymous.trusted());
  header.set(http::field::authorization, "Bearer ship-key");
  auto shipper = r.screen(header);
  EXPECT_EQ(shipper.refusal(), nullptr);
  EXPECT_TRUE(shipper.trusted());
  EXPECT_EQ(shipper.pattern(), "/_bulk");
  header.body() = "{}";
  EXPECT_EQ(nlohmann::json::parse(r.handle(header, {}, std::move(shipper)).body())["tag"], "bulk");
}

TEST(Router, TooManyQueryParametersAre400) {
  Router r;
  r.add(http::verb::get, "/x", echo("x"));
  std::string target = "/x?";
  for (std::size_t i = 0; i < Router::kMaxQueryParameters; ++i) target += "p" + std::to_string(i) + "=1&";
  EXPECT_EQ(r.dispatch(make(http::verb::get, target)).result(), http::status::ok);
  const auto res = r.dispatch(make(http::verb::get, target + "one=too-many"));
  EXPECT_EQ(res.result(), http::status::bad_request);
  EXPECT_NE(res.body().find("too many query parameters (65); at most 64"), std::string::npos);
}

// A router with the daemon's policy and two keys: "reader" (read) and "shipper" (ingest).
class ProtectedRouter : public ::testing::Test {
 protected:
  ProtectedRouter() {
    r.add(http::verb::get, "/healthz", echo("health"));
    r.add(http::verb::get, "/metrics", echo("metrics"));
    r.add(http::verb::get, "/api/v1/alerts", [](const RequestContext& ctx) {
      return json_response(ctx.request, http::status::ok, {{"principal", ctx.principal}});
    });
    r.add(http::verb::post, "/_bulk", echo("bulk"));
    r.protect(KeyRegistry({{"reader", {Role::read}, engine::detect::sha256_hex("read-key")},
                           {"shipper", {Role::ingest}, engine::detect::sha256_hex("ship-key")}}),
              AccessPolicy(true));
  }

  Response call(http::verb method, const std::string& target, const std::string& authorization = "",
                RequestOrigin origin = {}) {
    auto request = make(method, target);
    if (!authorization.empty()) request.set(http::field::authorization, authorization);
    return r.dispatch(request, origin);
  }

  Router r;
};

TEST_F(ProtectedRouter, NoCredentialIs401WithChallenges) {
  const auto res = call(http::verb::get, "/api/v1/alerts");
  EXPECT_EQ(res.result(), http::status::unauthorized);
  EXPECT_EQ(nlohmann::json::parse(res.body())["error"]["type"], "security_exception");
  std::vector<std::string> challenges;
  for (const auto& field : res)
    if (field.name() == http::field::www_authenticate) challenges.emplace_back(field.value());
  EXPECT_EQ(challenges,
            (std::vector<std::string>{"ApiKey", "Bearer realm=\"vigil\"", "Basic realm=\"vigil\", charset=\"UTF-8\""}));
  EXPECT_EQ(call(http::verb::get, "/api/v1/alerts", "Bearer nope").result(), http::status::unauthorized);
  EXPECT_EQ(call(http::verb::get, "/api/v1/alerts", "Basic %%%").result(), http::status::unauthorized);
}

TEST_F(ProtectedRouter, RightRolePassesWithItsNameAsPrincipal) {
  const auto res = call(http::verb::get, "/api/v1/alerts", "Bearer read-key");
  ASSERT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(nlohmann::json::parse(res.body())["principal"], "reader");
  EXPECT_EQ(call(http::verb::post, "/_bulk", "Bearer ship-key").result(), http::status::ok);
}

TEST_F(ProtectedRouter, WrongRoleIs403NamingWhatIsNeeded) {
  const auto res = call(http::verb::post, "/_bulk", "Bearer read-key");
  EXPECT_EQ(res.result(), http::status::forbidden);
  EXPECT_NE(res.body().find("needs one of [ingest, admin]"), std::string::npos) << res.body();
  EXPECT_EQ(call(http::verb::get, "/api/v1/alerts", "Bearer ship-key").result(), http::status::forbidden);
}

TEST_F(ProtectedRouter, UnknownPathsAre401UntilAuthenticated) {
  EXPECT_EQ(call(http::verb::get, "/nope").result(), http::status::unauthorized);
  EXPECT_EQ(call(http::verb::get, "/_bulk").result(), http::status::unauthorized);
  EXPECT_EQ(call(http::verb::get, "/nope", "Bearer ship-key").result(), http::status::not_found);
  EXPECT_EQ(call(http::verb::get, "/_bulk", "Bearer ship-key").result(), http::status::method_not_allowed);
}

TEST_F(ProtectedRouter, HealthIsOpenAndMetricsOpenOnlyToLoopback) {
  EXPECT_EQ(call(http::verb::get, "/healthz").result(), http::status::ok);
  EXPECT_EQ(call(http::verb::get, "/healthz", "Bearer wrong").result(), http::status::ok);
  EXPECT_EQ(call(http::verb::get, "/metrics", "", {"127.0.0.1", true, false}).result(), http::status::ok);
  EXPECT_EQ(call(http::verb::get, "/metrics", "", {"10.0.0.8", false, false}).result(), http::status::unauthorized);
  EXPECT_EQ(call(http::verb::get, "/metrics", "Bearer read-key", {"10.0.0.8", false, false}).result(),
            http::status::ok);
}

TEST_F(ProtectedRouter, RefusedHeadHasNoBody) {
  const auto res = call(http::verb::head, "/api/v1/alerts");
  EXPECT_EQ(res.result(), http::status::unauthorized);
  EXPECT_TRUE(res.body().empty());
}

TEST(Router, WithoutKeysEverythingIsOpenAsAnonymous) {
  Router r;
  r.add(http::verb::get, "/api/v1/alerts", [](const RequestContext& ctx) {
    return json_response(ctx.request, http::status::ok, {{"principal", ctx.principal}});
  });
  r.protect(KeyRegistry(), AccessPolicy());
  const auto res = r.dispatch(make(http::verb::get, "/api/v1/alerts"));
  ASSERT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(nlohmann::json::parse(res.body())["principal"], "anonymous");
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
