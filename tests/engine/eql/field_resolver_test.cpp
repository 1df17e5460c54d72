#include "engine/eql/field_resolver.hpp"

#include <gtest/gtest.h>

namespace vigil::engine::eql {
namespace {

using nlohmann::json;

TEST(EqlFieldResolver, ExactLookupHandlesNestedAndFlatKeys) {
  const json event = json::parse(R"({"process": {"name": "a"}, "host.os.type": "windows", "user": {"id.x": 1}})");
  EXPECT_EQ(*resolve_field(event, "process.name", false), "a");
  EXPECT_EQ(*resolve_field(event, "host.os.type", false), "windows");
  EXPECT_EQ(*resolve_field(event, "user.id.x", false), 1);
  EXPECT_EQ(resolve_field(event, "Process.Name", false), nullptr);
}

TEST(EqlFieldResolver, CaseInsensitiveLookup) {
  const json event =
      json::parse(R"({"ISP": "x", "Device": {"FileName": "f"}, "Host.OS.Type": "w", "RawEventData": {"Id": 7}})");
  EXPECT_EQ(*resolve_field(event, "Isp", true), "x");
  EXPECT_EQ(*resolve_field(event, "device.filename", true), "f");
  EXPECT_EQ(*resolve_field(event, "host.os.type", true), "w");
  EXPECT_EQ(*resolve_field(event, "rawEventData.ID", true), 7);
  EXPECT_EQ(resolve_field(event, "device.missing", true), nullptr);
  EXPECT_EQ(resolve_field(event, "", true), nullptr);
}

TEST(EqlFieldResolver, ExactMatchWinsOverFoldedOne) {
  const json event = json::parse(R"({"isp": "lower", "ISP": "upper"})");
  EXPECT_EQ(*resolve_field(event, "ISP", true), "upper");
  EXPECT_EQ(*resolve_field(event, "isp", true), "lower");
}

TEST(EqlFieldResolver, JsonNullIsReturnedNotHidden) {
  const json event = json::parse(R"({"a": null})");
  ASSERT_NE(resolve_field(event, "A", true), nullptr);
  EXPECT_TRUE(resolve_field(event, "A", true)->is_null());
}

}  // namespace
}  // namespace vigil::engine::eql
