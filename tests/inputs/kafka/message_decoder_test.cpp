// Kafka messages decoded as POST /api/v1/events decodes a body: Beats
// events, Defender envelopes and bare records become events with ids that
// only their position decides; anything else is a dead letter as a whole.
#include "inputs/kafka/message_decoder.hpp"

#include <gtest/gtest.h>

#include "inputs/kafka/record_id.hpp"

namespace vigil::inputs::kafka {
namespace {

const std::string kSysmon =
    R"({"@timestamp":"2026-11-22T10:00:00.000Z","winlog":{"channel":"Microsoft-Windows-Sysmon/Operational",)"
    R"("event_id":"1","event_data":{"Image":"C:\\Windows\\System32\\cmd.exe","CommandLine":"cmd /c whoami"}}})";
const std::string kDefenderRecord =
    R"({"time":"2026-10-13T09:14:52.612Z","category":"AdvancedHunting-DeviceProcessEvents","operationName":"Publish",)"
    R"("properties":{"Timestamp":"2026-10-13T09:12:07.883Z","DeviceName":"ws1","ActionType":"ProcessCreated",)"
    R"("FileName":"cmd.exe","ProcessCommandLine":"cmd /c whoami"}})";

DecodeSettings settings(std::string format = "auto", std::string index = "") {
  return {"beats", 3, hint_for_format(format), std::move(index)};
}

TEST(MessageDecoder, ABeatsEventGetsTheIdOfItsPositionAndTheConfiguredIndex) {
  const auto decoded = decode_message({"winlogbeat", 1, 77, kSysmon}, settings("beats", "winlogbeat-kafka"));
  ASSERT_FALSE(decoded.error) << *decoded.error;
  ASSERT_EQ(decoded.events.size(), 1u);
  const auto& e = decoded.events[0];
  EXPECT_EQ(e.id, record_id({"beats", 3, "winlogbeat", 1, 77, 0}));
  EXPECT_EQ(e.index, "winlogbeat-kafka");
  EXPECT_EQ(e.mode, engine::WriteMode::kCreate);
  EXPECT_EQ(e.raw, nlohmann::json::parse(kSysmon));
}

TEST(MessageDecoder, ABeatsEventKeepsTheIdItWasShippedWith) {
  auto with_id = nlohmann::json::parse(kSysmon);
  with_id["@metadata"] = {{"beat", "winlogbeat"}, {"_id", "shipper-id-1"}};
  const auto decoded = decode_message({"winlogbeat", 0, 1, with_id.dump()}, settings());
  ASSERT_EQ(decoded.events.size(), 1u);
  EXPECT_EQ(decoded.events[0].id, "shipper-id-1");
  EXPECT_EQ(decoded.events[0].index, "");  // the one /api/v1/events would choose
}

TEST(MessageDecoder, AnEventHubsEnvelopeIsOneEventPerRecordEachWithItsOwnId) {
  const auto envelope = R"({"records":[)" + kDefenderRecord + "," + kDefenderRecord + "]}";
  const auto decoded = decode_message({"defender", 0, 9, envelope}, settings("defender"));
  ASSERT_FALSE(decoded.error) << *decoded.error;
  ASSERT_EQ(decoded.events.size(), 2u);
  EXPECT_EQ(decoded.events[0].id, record_id({"beats", 3, "defender", 0, 9, 0}));
  EXPECT_EQ(decoded.events[1].id, record_id({"beats", 3, "defender", 0, 9, 1}));
  EXPECT_NE(decoded.events[0].id, decoded.events[1].id);
}

TEST(MessageDecoder, WhatIsNoEventIsADeadLetterAsAWhole) {
  const auto error = [](const std::string& payload, const std::string& format = "auto") {
    const auto decoded = decode_message({"t", 0, 0, payload}, settings(format));
    EXPECT_EQ(decoded.events.empty(), decoded.error.has_value()) << payload;
    return decoded.error.value_or("no error");
  };
  EXPECT_EQ(error(""), "the message is empty");
  EXPECT_EQ(error("{\"records\":[{"), "the message is not valid JSON");
  EXPECT_EQ(error("{\"records\":[]}"), "the message holds no record");
  EXPECT_EQ(error("\"a line of text\""), "the message is a JSON string, not an object");
  EXPECT_EQ(error("{\"hello\":\"world\"}"), "the message is no Beats event, Defender record or ECS document");
  EXPECT_EQ(error("{\"records\":[" + kDefenderRecord + ",42]}"), "record 1 of the message is a JSON number, not an object");
  EXPECT_EQ(error("{\"records\":[" + kDefenderRecord + ",{\"x\":1}]}"),
            "record 1 of the message is no Beats event, Defender record or ECS document");
  // format = "defender" takes any object for an Advanced Hunting row, as ?source=defender does.
  EXPECT_EQ(error("{\"hello\":\"world\"}", "defender"), "no error");
}

TEST(MessageDecoder, FormatsHintNormalizationAsTheHttpSourceParameterDoes) {
  EXPECT_EQ(hint_for_format("auto"), engine::SourceHint::kAuto);
  EXPECT_EQ(hint_for_format("ecs"), engine::SourceHint::kAuto);
  EXPECT_EQ(hint_for_format("beats"), engine::SourceHint::kWinlogbeat);
  EXPECT_EQ(hint_for_format("defender"), engine::SourceHint::kDefender);
}

}  // namespace
}  // namespace vigil::inputs::kafka
