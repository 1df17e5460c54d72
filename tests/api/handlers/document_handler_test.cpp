// GET _doc and _count against the real daemon: what Elasticsearch refuses
// (a parameter the API does not take) is refused alike.
#include <gtest/gtest.h>

#include "tests/support/daemon_fixture.hpp"

namespace vigil::test {
namespace {

const std::map<std::string, std::string> kNdjson = {{"Content-Type", "application/x-ndjson"}};

// Issue 33: unknown query parameters on _count were silently ignored.
TEST(DocumentApi, UnknownQueryParametersAre400AsInElasticsearch) {
  Daemon d;
  ASSERT_EQ(d.client().post("/_bulk", "{\"create\":{\"_index\":\"idx\",\"_id\":\"e1\"}}\n{\"a\":1}\n", kNdjson).status,
            200);

  const auto count = d.client().get("/idx/_count?foo=1");
  EXPECT_EQ(count.status, 400);
  EXPECT_EQ(count.header("x-elastic-product"), "Elasticsearch");
  EXPECT_EQ(count.json()["error"]["type"], "illegal_argument_exception");
  EXPECT_EQ(count.json()["error"]["reason"], "request [/idx/_count] contains unrecognized parameter: [foo]");
  EXPECT_EQ(count.json()["status"], 400);
  EXPECT_EQ(
      d.client().post("/_count?size=1&from=2", "{}", {{"Content-Type", "application/json"}}).json()["error"]["reason"],
      "request [/_count] contains unrecognized parameters: [from], [size]");
  EXPECT_EQ(d.client().get("/idx/_doc/e1?foo=1").status, 400);

  // What clients send stays accepted.
  EXPECT_EQ(d.client().get("/idx/_count?pretty&ignore_unavailable=true&expand_wildcards=open").json()["count"], 1);
  EXPECT_EQ(d.client().get("/idx/_count?q=a:1&df=a&filter_path=count").status, 200);
  EXPECT_EQ(d.client().get("/idx/_doc/e1?_source=true&realtime=true").json()["found"], true);
}

}  // namespace
}  // namespace vigil::test
