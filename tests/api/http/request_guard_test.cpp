#include "api/http/request_guard.hpp"

#include <gtest/gtest.h>

namespace vigil::api {
namespace {

Request header(http::verb method, std::initializer_list<std::pair<std::string, std::string>> fields,
               unsigned version = 11) {
  Request r{method, "/_bulk", version};
  for (const auto& [name, value] : fields) r.insert(name, value);
  return r;
}

http::status status_of(const RequestGuard& guard, const Request& r) {
  const auto refused = guard.check(r);
  return refused ? refused->result() : http::status::ok;
}

TEST(RequestGuard, JsonAndNdjsonBodiesPass) {
  const RequestGuard guard;
  for (const auto* type : {"application/json", "application/x-ndjson", "application/json; charset=UTF-8",
                           "Application/X-NDJSON", "application/vnd.elasticsearch+x-ndjson; compatible-with=8",
                           "application/vnd.elasticsearch+json;compatible-with=8"})
    EXPECT_EQ(status_of(guard, header(http::verb::post,
                                      {{"Host", "localhost:8720"}, {"Content-Type", type}, {"Content-Length", "10"}})),
              http::status::ok)
        << type;
}

// What a web page can send across sites without a CORS preflight.
TEST(RequestGuard, FormTextAndUntypedBodiesAre406) {
  const RequestGuard guard;
  for (const auto* type : {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"}) {
    const auto refused =
        guard.check(header(http::verb::post, {{"Host", "localhost"}, {"Content-Type", type}, {"Content-Length", "2"}}));
    ASSERT_TRUE(refused) << type;
    EXPECT_EQ(refused->result(), http::status::not_acceptable);
    EXPECT_NE(refused->body().find("media_type_header_exception"), std::string::npos);
    EXPECT_NE(refused->body().find(type), std::string::npos) << refused->body();
  }
  EXPECT_EQ(status_of(guard, header(http::verb::post, {{"Host", "localhost"}, {"Content-Length", "2"}})),
            http::status::not_acceptable);
  EXPECT_EQ(status_of(guard, header(http::verb::post, {{"Host", "localhost"}, {"Transfer-Encoding", "chunked"}})),
            http::status::not_acceptable);
  // A body-less POST (POST /api/v1/rules/{id}/_run) needs no type, but may not claim a form.
  EXPECT_EQ(status_of(guard, header(http::verb::post, {{"Host", "localhost"}, {"Content-Length", "0"}})),
            http::status::ok);
  EXPECT_EQ(status_of(guard, header(http::verb::post, {{"Host", "localhost"},
                                                       {"Content-Type", "application/x-www-form-urlencoded"}})),
            http::status::not_acceptable);
}

TEST(RequestGuard, CrossOriginBrowserRequestsAre403) {
  const RequestGuard guard;
  const auto json = [](std::initializer_list<std::pair<std::string, std::string>> more) {
    auto r = header(http::verb::post, {{"Content-Type", "application/json"}, {"Content-Length", "2"}});
    for (const auto& [name, value] : more) r.insert(name, value);
    return r;
  };
  EXPECT_EQ(status_of(guard, json({{"Host", "127.0.0.1:8720"}, {"Origin", "http://evil.example"}})),
            http::status::forbidden);
  EXPECT_EQ(status_of(guard, json({{"Host", "127.0.0.1:8720"}, {"Origin", "http://127.0.0.1:3000"}})),
            http::status::forbidden);
  EXPECT_EQ(status_of(guard, json({{"Host", "127.0.0.1:8720"}, {"Origin", "null"}})), http::status::forbidden);
  EXPECT_EQ(status_of(guard, json({{"Host", "127.0.0.1:8720"}, {"Sec-Fetch-Site", "cross-site"}})),
            http::status::forbidden);
  // The daemon's own origin, as a page it served would send; default ports compare equal.
  EXPECT_EQ(status_of(guard, json({{"Host", "127.0.0.1:8720"}, {"Origin", "http://127.0.0.1:8720"}})),
            http::status::ok);
  EXPECT_EQ(status_of(guard, json({{"Host", "vigil.corp"}, {"Origin", "https://vigil.corp:443"}})), http::status::ok);
  EXPECT_EQ(status_of(guard, json({{"Host", "localhost"}, {"Sec-Fetch-Site", "same-origin"}})), http::status::ok);
}

TEST(RequestGuard, KeylessDaemonAnswersOnlyToLoopbackAndAllowedNames) {
  const RequestGuard guard({true, {"Vigil.Corp"}});
  for (const auto* host : {"localhost", "localhost:8720", "LOCALHOST:1", "app.localhost", "127.0.0.1:8720",
                           "127.1.2.3", "[::1]:8720", "[::1]", "vigil.corp:8720"})
    EXPECT_TRUE(guard.host_allowed(host)) << host;
  // What DNS rebinding sends: the attacker's name, resolved to 127.0.0.1.
  for (const auto* host : {"rebind.evil.example:8720", "10.0.0.5", "localhost.evil.example", "[::2]", "[::1", ""})
    EXPECT_FALSE(guard.host_allowed(host)) << host;
  const auto refused = guard.check(header(http::verb::get, {{"Host", "rebind.evil.example:8720"}}));
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->result(), http::status::forbidden);
  EXPECT_NE(refused->body().find("server.allowed_hosts"), std::string::npos);
  // With keys the Host is not the defence: the key is.
  EXPECT_EQ(status_of(RequestGuard(), header(http::verb::get, {{"Host", "rebind.evil.example"}})), http::status::ok);
}

TEST(RequestGuard, ProtocolViolationsAre400) {
  const RequestGuard guard;
  EXPECT_EQ(status_of(guard, header(http::verb::get, {})), http::status::bad_request);
  EXPECT_EQ(status_of(guard, header(http::verb::get, {}, 10)), http::status::ok);
  EXPECT_EQ(status_of(guard, header(http::verb::get, {{"Host", "a"}, {"Host", "b"}})), http::status::bad_request);
  EXPECT_EQ(status_of(guard, header(http::verb::get,
                                    {{"Host", "a"}, {"Authorization", "ApiKey x"}, {"Authorization", "ApiKey y"}})),
            http::status::bad_request);
  EXPECT_EQ(status_of(guard, header(http::verb::get, {{"Host", "a"}, {"Transfer-Encoding", "gzip"}})),
            http::status::bad_request);
  EXPECT_EQ(status_of(guard, header(http::verb::get, {{"Host", "a"}, {"Transfer-Encoding", "gzip, chunked"}})),
            http::status::bad_request);
}

}  // namespace
}  // namespace vigil::api
