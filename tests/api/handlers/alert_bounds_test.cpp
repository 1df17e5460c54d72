// One alert within what a response may carry of it: long strings cut,
// then the largest members nulled, each named in truncated_fields.
#include "api/handlers/alert_bounds.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace vigil::api {
namespace {

using nlohmann::json;

// An alert shaped as the builder writes it, keys in byte order.
json alert(const json& event) {
  return {{"id", "a1"},
          {"process", {{"command_line", event.value(json::json_pointer("/process/command_line"), json())}}},
          {"reason", "process event"},
          {"source", {{"id", "e1"}, {"index", "logs-test"}}},
          {"status", "open"},
          {"event", event}};
}

TEST(AlertBounds, LeavesAnAlertWithoutLongStringsAsItIs) {
  const auto text = alert({{"message", std::string(kMaxAlertStringBytes - 100, 'm')}}).dump();
  EXPECT_EQ(bounded_alert(text), text);
}

TEST(AlertBounds, CutsAFiveMegabyteFieldAndNamesIt) {
  const std::string huge(5 << 20, 'p');
  const auto text = bounded_alert(alert({{"process", {{"command_line", huge}}}}).dump());
  const auto bounded = json::parse(text);
  const auto& cut = bounded["event"]["process"]["command_line"].get_ref<const std::string&>();
  EXPECT_EQ(cut, std::string(kMaxAlertStringBytes, 'p') + "\xe2\x80\xa6[truncated " +
                     std::to_string(huge.size() - kMaxAlertStringBytes) + " bytes]");
  EXPECT_EQ(bounded["process"]["command_line"], cut);
  EXPECT_EQ(bounded["truncated_fields"], json({"event.process.command_line", "process.command_line"}));
  EXPECT_EQ(bounded["source"], json({{"id", "e1"}, {"index", "logs-test"}}));
  // Keys stay in byte order, as every alert text is written.
  EXPECT_EQ(text, bounded.dump());
}

TEST(AlertBounds, NullsTheEventWhenManyFieldsJustUnderTheCutAddUp) {
  json event;
  for (int i = 0; i < 40; ++i) event["f" + std::to_string(i)] = std::string(kMaxAlertStringBytes, 'f');
  event["big"] = std::string(kMaxAlertStringBytes + 1, 'b');
  const auto text = bounded_alert(alert(event).dump());
  EXPECT_LE(text.size(), kMaxAlertBytes);
  const auto bounded = json::parse(text);
  EXPECT_TRUE(bounded["event"].is_null());
  // event.big was cut, then went with the event: only "event" is named.
  EXPECT_EQ(bounded["truncated_fields"], json({"event"}));
  EXPECT_EQ(bounded["id"], "a1");
  EXPECT_EQ(bounded["source"]["id"], "e1");
}

TEST(AlertBounds, RefusesWhatIsNoObject) {
  EXPECT_THROW(bounded_alert("[" + std::string(kMaxAlertStringBytes, ' ') + "]"), std::invalid_argument);
}

}  // namespace
}  // namespace vigil::api
