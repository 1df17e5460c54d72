#include "api/ingest/filter_path.hpp"

#include <gtest/gtest.h>

namespace vigil::api {
namespace {

TEST(FilterPath, KeepsWhatBeatsAskFor) {
  const auto response = nlohmann::json::parse(R"({"took":3,"errors":true,"items":[
    {"create":{"_index":"i","_id":"1","status":201,"result":"created"}},
    {"create":{"_index":"i","_id":"2","status":400,"error":{"type":"t","reason":"r"}}}]})");
  const auto filtered = apply_filter_path(response, "errors,items.*.error,items.*.status");
  EXPECT_EQ(filtered, nlohmann::json::parse(R"({"errors":true,"items":[
    {"create":{"status":201}},{"create":{"status":400,"error":{"type":"t","reason":"r"}}}]})"));
}

TEST(FilterPath, EmptyFilterKeepsEverythingAndNoMatchGivesEmptyObject) {
  const nlohmann::json v = {{"a", 1}};
  EXPECT_EQ(apply_filter_path(v, ""), v);
  EXPECT_EQ(apply_filter_path(v, "b"), nlohmann::json::object());
}

}  // namespace
}  // namespace vigil::api
