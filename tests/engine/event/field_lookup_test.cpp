#include "engine/event/field_lookup.hpp"

#include <gtest/gtest.h>

namespace vigil::engine {
namespace {

TEST(FindField, ResolvesNestedFlatAndMixedShapesAlike) {
  for (const char* text : {R"({"process":{"parent":{"name":"a.exe"}}})", R"({"process.parent.name":"a.exe"})",
                           R"({"process":{"parent.name":"a.exe"}})", R"({"process.parent":{"name":"a.exe"}})"}) {
    const auto doc = nlohmann::json::parse(text);
    const auto* found = find_field(doc, "process.parent.name");
    ASSERT_NE(found, nullptr) << text;
    EXPECT_EQ(*found, "a.exe") << text;
  }
}

TEST(FindField, TriesAShorterKeyWhenTheLongerHoldsNoSuchField) {
  // "process.parent" is an object without "name"; the nested shape beside it has it.
  const auto doc = nlohmann::json::parse(R"({"process.parent":{"pid":4},"process":{"parent":{"name":"b.exe"}}})");
  ASSERT_NE(find_field(doc, "process.parent.name"), nullptr);
  EXPECT_EQ(*find_field(doc, "process.parent.name"), "b.exe");
  EXPECT_EQ(*find_field(doc, "process.parent.pid"), 4);
}

TEST(FindField, GivesNullAsAValueAndAbsenceAsNullptr) {
  const auto doc = nlohmann::json::parse(R"({"user":{"name":null},"host":"h"})");
  ASSERT_NE(find_field(doc, "user.name"), nullptr);
  EXPECT_TRUE(find_field(doc, "user.name")->is_null());
  EXPECT_EQ(find_field(doc, "user.id"), nullptr);
  EXPECT_EQ(find_field(doc, "host.name"), nullptr);  // "host" is no object
  EXPECT_EQ(find_field(nlohmann::json::array(), "a"), nullptr);
}

TEST(SetField, CreatesTheObjectsOnItsPathAndKeepsTheirOtherMembers) {
  auto doc = nlohmann::json::parse(R"({"process":{"pid":4},"event":{"kind":"event"}})");
  set_field(doc, "process.pe.original_file_name", "cmd.exe");
  set_field(doc, "event.category", nlohmann::json::array({"process"}));
  EXPECT_EQ(doc, nlohmann::json::parse(R"({"process":{"pid":4,"pe":{"original_file_name":"cmd.exe"}},
                                           "event":{"kind":"event","category":["process"]}})"));
}

TEST(SetField, ReplacesAnExistingValueAndAnythingThatIsNoObjectOnThePath) {
  auto doc = nlohmann::json::parse(R"({"user":"CORP\\alice","host":{"os":{"type":"linux"}}})");
  set_field(doc, "user.name", "alice");
  set_field(doc, "host.os.type", "windows");
  set_field(doc, "tags", nullptr);
  set_field(doc, "tags", "vigil");
  EXPECT_EQ(doc, nlohmann::json::parse(R"({"user":{"name":"alice"},"host":{"os":{"type":"windows"}},"tags":"vigil"})"));
}

TEST(FieldAt, GivesTheFieldItCreatedForSettingLaterAndLeavesAPresentOneAsItIs) {
  auto doc = nlohmann::json::parse(R"({"process":{"pid":4}})");
  auto& parent = field_at(doc, "process.parent");
  EXPECT_TRUE(parent.is_null());
  EXPECT_EQ(field_at(doc, "process.pid"), 4);
  set_field(parent, "name", "services.exe");
  EXPECT_EQ(doc, nlohmann::json::parse(R"({"process":{"pid":4,"parent":{"name":"services.exe"}}})"));
}

}  // namespace
}  // namespace vigil::engine
