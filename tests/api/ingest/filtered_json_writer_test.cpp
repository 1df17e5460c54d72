#include "api/ingest/filtered_json_writer.hpp"

#include <gtest/gtest.h>

#include "engine/event/json_text.hpp"

namespace vigil::api {
namespace {

// A _bulk response as the handler writes it: one created item, one failed.
std::string bulk_response(std::string_view filter_text) {
  const FilterPath filter(filter_text);
  FilteredJsonWriter w(filter);
  w.begin_object();
  w.member("errors", true);
  w.begin_array("items");
  w.begin_object();
  w.begin_object("create");
  w.member("_id", "1");
  w.member("_index", "i");
  w.begin_object("_shards");
  w.member("failed", std::int64_t{0});
  w.end();
  w.member("status", std::int64_t{201});
  w.end();
  w.end();
  w.begin_object();
  w.begin_object("create");
  w.member("_id", "2");
  w.begin_object("error");
  w.member("reason", "bad \"source\"");
  w.member("type", "t");
  w.end();
  w.member("status", std::int64_t{400});
  w.end();
  w.end();
  w.end();
  w.member("took", std::int64_t{3});
  w.end();
  return w.take();
}

TEST(FilteredJsonWriter, KeepsWhatBeatsAskFor) {
  EXPECT_EQ(bulk_response("errors,items.*.error,items.*.status"),
            R"({"errors":true,"items":[{"create":{"status":201}},)"
            R"({"create":{"error":{"reason":"bad \"source\"","type":"t"},"status":400}}]})");
}

TEST(FilteredJsonWriter, WithoutAFilterWritesWhatJsonTextWritesForTheSameTree) {
  const auto tree = nlohmann::json::parse(R"({"errors":true,"items":[
    {"create":{"_id":"1","_index":"i","_shards":{"failed":0},"status":201}},
    {"create":{"_id":"2","error":{"reason":"bad \"source\"","type":"t"},"status":400}}],"took":3})");
  EXPECT_EQ(bulk_response(""), engine::json_text(tree));
  EXPECT_EQ(bulk_response(",,"), engine::json_text(tree));  // blank paths select nothing out
}

TEST(FilteredJsonWriter, WritesNothingButBracesWhenNothingIsKept) {
  EXPECT_EQ(bulk_response("missing"), "{}");
  EXPECT_EQ(bulk_response("items.*.missing"), "{}");  // the items array left empty is dropped
}

TEST(FilteredJsonWriter, APathEndingAtAnObjectKeepsItWholeAndObjectsLeftEmptyAreDropped) {
  EXPECT_EQ(bulk_response("items.create._shards"), R"({"items":[{"create":{"_shards":{"failed":0}}}]})");
  EXPECT_EQ(bulk_response("took,items.create.error.type"), R"({"items":[{"create":{"error":{"type":"t"}}}],"took":3})");
  EXPECT_EQ(bulk_response("items.*._id"), R"({"items":[{"create":{"_id":"1"}},{"create":{"_id":"2"}}]})");
}

TEST(FilteredJsonWriter, KeepsAnEmptyObjectAPathEndsAt) {
  const FilterPath filter("a");
  FilteredJsonWriter w(filter);
  w.begin_object();
  w.begin_object("a");
  w.end();
  w.begin_object("b");
  w.end();
  w.end();
  EXPECT_EQ(w.take(), R"({"a":{}})");
}

}  // namespace
}  // namespace vigil::api
