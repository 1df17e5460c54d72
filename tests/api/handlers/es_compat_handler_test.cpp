// The calls Beats, Elastic Agent and the official clients make at start-up.
#include <gtest/gtest.h>

#include "tests/support/daemon_fixture.hpp"

namespace vigil::test {
namespace {

TEST(EsCompat, RootLooksLikeElasticsearch8) {
  Daemon d;
  auto res = d.client().get("/");
  ASSERT_EQ(res.status, 200);
  EXPECT_EQ(res.header("x-elastic-product"), "Elasticsearch");
  const auto j = res.json();
  for (const char* key : {"name", "cluster_name", "cluster_uuid", "tagline"}) EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j["version"]["number"], "8.19.0");
  EXPECT_EQ(j["version"]["build_flavor"], "default");
  for (const char* key : {"build_type", "build_hash", "build_date", "lucene_version",
                          "minimum_wire_compatibility_version", "minimum_index_compatibility_version"})
    EXPECT_TRUE(j["version"].contains(key)) << key;
  auto head = d.client().request("HEAD", "/");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.header("x-elastic-product"), "Elasticsearch");
}

TEST(EsCompat, LicenceAndXpackProbes) {
  Daemon d;
  auto lic = d.client().get("/_license?human=false").json();
  EXPECT_EQ(lic["license"]["status"], "active");
  EXPECT_EQ(lic["license"]["type"], "basic");
  EXPECT_EQ(d.client().get("/_xpack?human=false").status, 200);
  auto health = d.client().request("HEAD", "/_cat/health");  // rsyslog omelasticsearch, before resuming
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.header("x-elastic-product"), "Elasticsearch");
  EXPECT_EQ(d.client().get("/_cat/health?format=json").json()[0]["status"], "green");
}

TEST(EsCompat, WinlogbeatIndexManagementSetupIsAcknowledged) {
  Daemon d;
  auto& c = d.client();
  EXPECT_EQ(c.get("/_ilm/policy/winlogbeat").status, 200);
  EXPECT_EQ(c.request("PUT", "/_ilm/policy/winlogbeat", "{}", {{"Content-Type", "application/json"}}).json()["acknowledged"], true);
  EXPECT_EQ(c.request("HEAD", "/_index_template/winlogbeat-8.15.0").status, 200);
  EXPECT_EQ(c.request("PUT", "/_index_template/winlogbeat-8.15.0", "{}").json()["acknowledged"], true);
  EXPECT_EQ(c.request("HEAD", "/_template/winlogbeat-7.17.0").status, 200);
  EXPECT_EQ(c.request("PUT", "/_template/winlogbeat-7.17.0", "{}").status, 200);
  EXPECT_EQ(c.get("/_data_stream/winlogbeat-8.15.0").json()["data_streams"][0]["name"], "winlogbeat-8.15.0");
  EXPECT_EQ(c.request("PUT", "/_data_stream/winlogbeat-8.15.0").status, 200);
  EXPECT_EQ(c.request("PUT", "/_ingest/pipeline/winlogbeat-8.15.0-routing", "{}").json()["acknowledged"], true);
}

}  // namespace
}  // namespace vigil::test
