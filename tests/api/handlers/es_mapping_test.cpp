#include "api/handlers/es_mapping.hpp"

#include <gtest/gtest.h>

namespace vigil::api {
namespace {

TEST(EsMapping, TypesLeavesAsDynamicMappingWouldForEcs) {
  nlohmann::json properties;
  add_to_mapping(properties, nlohmann::json::parse(R"({
    "@timestamp": "2026-11-22T10:00:00Z",
    "event": {"ingested": "2026-11-22T10:00:01Z", "code": "1", "sequence": 7, "risk": 0.5, "outcome": null},
    "process": {"args": ["powershell.exe", "-enc"], "pid": 42, "elevated": true}
  })"));
  EXPECT_EQ(properties["@timestamp"], nlohmann::json({{"type", "date"}}));
  EXPECT_EQ(properties["event"]["properties"]["ingested"]["type"], "date");
  EXPECT_EQ(properties["event"]["properties"]["code"]["type"], "keyword");
  EXPECT_EQ(properties["event"]["properties"]["sequence"]["type"], "long");
  EXPECT_EQ(properties["event"]["properties"]["risk"]["type"], "double");
  EXPECT_FALSE(properties["event"]["properties"].contains("outcome")) << "a null alone says nothing";
  EXPECT_EQ(properties["process"]["properties"]["args"]["type"], "keyword");
  EXPECT_EQ(properties["process"]["properties"]["elevated"]["type"], "boolean");
}

TEST(EsMapping, LaterDocumentsAddFieldsAndNeverRetypeOne) {
  nlohmann::json properties;
  add_to_mapping(properties, nlohmann::json::parse(R"({"a": "text", "o": {"x": 1}})"));
  add_to_mapping(properties, nlohmann::json::parse(R"({"a": 5, "b": true, "o": {"y": "z"}})"));
  EXPECT_EQ(properties["a"]["type"], "keyword");
  EXPECT_EQ(properties["b"]["type"], "boolean");
  EXPECT_EQ(properties["o"]["properties"]["x"]["type"], "long");
  EXPECT_EQ(properties["o"]["properties"]["y"]["type"], "keyword");
}

}  // namespace
}  // namespace vigil::api
