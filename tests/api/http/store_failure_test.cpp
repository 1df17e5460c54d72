#include "api/http/store_failure.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace vigil::api {
namespace {

using engine::StoreError;
using engine::StoreErrorKind;

// What the log sees: a statement and a path no client should.
const std::string kDetail = "COMMIT: /var/lib/vigil/vigil.db: database or disk is full";

TEST(StoreFailure, EachTransientConditionIs503WithItsOwnReasonAndARetryAfter) {
  const struct {
    StoreErrorKind kind;
    const char* words;
  } cases[] = {{StoreErrorKind::kLocked, "database locked"},
               {StoreErrorKind::kDiskFull, "disk full"},
               {StoreErrorKind::kIoError, "I/O error"},
               {StoreErrorKind::kUnreachable, "database unreachable"},
               {StoreErrorKind::kOutOfMemory, "out of memory"},
               {StoreErrorKind::kQueryTimeout, "query_timeout_ms"}};
  for (const auto& c : cases) {
    const auto failure = describe_store_failure(StoreError(kDetail, c.kind));
    EXPECT_EQ(failure.status, http::status::service_unavailable) << c.words;
    EXPECT_NE(failure.reason.find(c.words), std::string::npos) << failure.reason;
    EXPECT_EQ(failure.reason.find("vigil.db"), std::string::npos) << failure.reason;
    EXPECT_GT(failure.retry_after_seconds, 0u) << c.words;
  }
}

TEST(StoreFailure, APermanentFailureIs500WithoutRetryAfter) {
  const auto failure = describe_store_failure(StoreError(kDetail, StoreErrorKind::kFailed));
  EXPECT_EQ(failure.status, http::status::internal_server_error);
  EXPECT_EQ(failure.retry_after_seconds, 0u);
}

TEST(StoreFailure, TheNativeResponseNamesTheConditionNotTheFile) {
  Request request{http::verb::patch, "/api/v1/alerts/a", 11};
  const auto res = store_failure_response(request, StoreError(kDetail, StoreErrorKind::kDiskFull));
  EXPECT_EQ(res.result(), http::status::service_unavailable);
  EXPECT_EQ(res[http::field::retry_after], "10");
  const auto body = nlohmann::json::parse(res.body());
  EXPECT_EQ(body["error"]["type"], "store_unavailable");
  EXPECT_EQ(body["status"], 503);
  EXPECT_EQ(res.body().find("/var/lib/vigil"), std::string::npos) << res.body();
  EXPECT_NE(body["error"]["reason"].get<std::string>().find("disk full"), std::string::npos) << res.body();

  const auto failed = store_failure_response(request, StoreError(kDetail, StoreErrorKind::kFailed));
  EXPECT_EQ(failed.result(), http::status::internal_server_error);
  EXPECT_EQ(nlohmann::json::parse(failed.body())["error"]["type"], "internal_error");
  EXPECT_TRUE(failed[http::field::retry_after].empty());
}

}  // namespace
}  // namespace vigil::api
