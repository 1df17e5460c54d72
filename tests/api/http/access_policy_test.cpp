#include "api/http/access_policy.hpp"

#include <gtest/gtest.h>

namespace vigil::api {
namespace {

using Open = Access::Open;
const AccessPolicy kPolicy;

// The roles that grant access, admin included, as "ingest, read, admin".
std::string granted_by(http::verb method, std::string_view pattern, const AccessPolicy& policy = kPolicy) {
  const auto access = policy.required(method, pattern);
  if (access.open == Open::always) return "open";
  auto roles = access.roles;
  roles.add(Role::admin);
  return roles.to_string();
}

TEST(AccessPolicy, ProbesAreOpen) {
  EXPECT_EQ(granted_by(http::verb::get, "/healthz"), "open");
  EXPECT_EQ(granted_by(http::verb::head, "/readyz"), "open");
}

TEST(AccessPolicy, ShipperWritesNeedIngest) {
  for (const auto* pattern : {"/_bulk", "/{index}/_bulk"}) {
    EXPECT_EQ(granted_by(http::verb::post, pattern), "ingest, admin") << pattern;
    EXPECT_EQ(granted_by(http::verb::put, pattern), "ingest, admin") << pattern;
  }
  EXPECT_EQ(granted_by(http::verb::post, "/api/v1/events"), "ingest, admin");
  EXPECT_EQ(granted_by(http::verb::put, "/{index}/_doc/{id}"), "ingest, admin");
  for (const auto* pattern : {"/_ilm/policy/{name}", "/_index_template/{name}", "/_template/{name}",
                              "/_data_stream/{name}", "/_ingest/pipeline/{name}"}) {
    EXPECT_EQ(granted_by(http::verb::put, pattern), "ingest, admin") << pattern;
    EXPECT_EQ(granted_by(http::verb::get, pattern), "ingest, read, admin") << pattern;
    EXPECT_EQ(granted_by(http::verb::head, pattern), "ingest, read, admin") << pattern;
  }
}

TEST(AccessPolicy, DiscoveryCallsTakeAnIngestOrReadKey) {
  for (const auto* pattern : {"/", "/_license", "/_xpack", "/_cat/health"})
    EXPECT_EQ(granted_by(http::verb::get, pattern), "ingest, read, admin") << pattern;
}

TEST(AccessPolicy, OtherReadsNeedRead) {
  for (const auto* pattern : {"/api/v1/alerts", "/api/v1/alerts/{id}", "/api/v1/alerts/_summary", "/api/v1/rules",
                              "/{index}/_count", "/{index}/_doc/{id}", "/api/v1/openapi.json", "/not/classified"})
    EXPECT_EQ(granted_by(http::verb::get, pattern), "read, admin") << pattern;
  EXPECT_EQ(granted_by(http::verb::post, "/_count"), "read, admin");
  EXPECT_EQ(granted_by(http::verb::post, "/{index}/_count"), "read, admin");
}

TEST(AccessPolicy, TriageAndRuleRunsNeedWrite) {
  EXPECT_EQ(granted_by(http::verb::patch, "/api/v1/alerts/{id}"), "write, admin");
  EXPECT_EQ(granted_by(http::verb::post, "/api/v1/alerts/_bulk_update"), "write, admin");
  EXPECT_EQ(granted_by(http::verb::post, "/api/v1/alerts/{id}/notes"), "write, admin");
  EXPECT_EQ(granted_by(http::verb::post, "/api/v1/rules/{id}/_run"), "write, admin");
  // A prefix, not a substring: /api/v1/alertsx is no alert route.
  EXPECT_EQ(granted_by(http::verb::post, "/api/v1/alertsx"), "admin");
}

TEST(AccessPolicy, UnclassifiedWritesAreAdminOnly) {
  EXPECT_EQ(granted_by(http::verb::delete_, "/api/v1/alerts/{id}"), "admin");
  EXPECT_EQ(granted_by(http::verb::post, "/api/v1/rules"), "admin");
  EXPECT_EQ(granted_by(http::verb::put, "/api/v1/whatever"), "admin");
  EXPECT_EQ(kPolicy.required(http::verb::delete_, "/x").open, Open::never);
}

TEST(AccessPolicy, MetricsNeedReadOrALoopbackPeerWhenConfigured) {
  EXPECT_EQ(granted_by(http::verb::get, "/metrics"), "read, admin");
  EXPECT_EQ(AccessPolicy(true).required(http::verb::get, "/metrics").open, Open::loopback);
  EXPECT_EQ(AccessPolicy(false).required(http::verb::get, "/metrics").open, Open::never);
  EXPECT_EQ(AccessPolicy().required(http::verb::get, "/metrics").open, Open::never) << "closed unless asked";
}

TEST(AccessPolicy, AdminIsGrantedEverything) {
  const Access ingest_only{Open::never, {Role::ingest}};
  EXPECT_TRUE(ingest_only.grants({Role::admin}));
  EXPECT_TRUE(ingest_only.grants({Role::ingest, Role::read}));
  EXPECT_FALSE(ingest_only.grants({Role::read, Role::write}));
  EXPECT_FALSE(ingest_only.grants({}));
}

}  // namespace
}  // namespace vigil::api
