#include "engine/event/json_overlay.hpp"

#include <gtest/gtest.h>

#include "tests/engine/event/real_documents.hpp"

namespace vigil::engine {
namespace {

using nlohmann::json;

// The triage members an alert page lays over each stored alert, in byte order.
std::vector<OverlayMember> triage(const std::string& status, const json& assignee) {
  return {{"assignee", assignee.dump()},
          {"classification", "null"},
          {"determination", json("a \"quoted\" caf\xc3\xa9").dump()},
          {"status", json(status).dump()},
          {"triage_updated_at", json("2026-11-22T10:00:00.000Z").dump()}};
}

// What overlay_members stands in for: parse, assign, dump.
std::string round_trip(const json& document, std::span<const OverlayMember> members) {
  auto copy = document;
  for (const auto& m : members) copy[std::string(m.key)] = json::parse(m.value);
  return copy.dump();
}

void expect_round_trip(const json& document, std::span<const OverlayMember> members) {
  const auto got = overlay_members(document.dump(), members);
  ASSERT_TRUE(got) << document.dump();
  EXPECT_EQ(*got, round_trip(document, members)) << document.dump();
}

TEST(OverlayMembers, PrintsWhatAnNlohmannRoundTripPrints) {
  const auto members = triage("acknowledged", "alice");
  for (const char* text : {
           R"({})",
           R"({"status":"open"})",
           R"({"a":1,"status":"open","z":[1,2.5,-3,1e+20,true,false,null]})",
           R"({"assignee":null,"classification":"benign","determination":null,"status":"open","triage_updated_at":null})",
           R"({"b":{"status":"nested, kept","x":[{"y":"}"}]},"s":"a\"b\\c\u0001\n","u":18446744073709551615})",
           R"({"AAA":0,"Zeta":-0.5,"_":"","caf\u00e9":"\u00e9","d":"]","st":"before status","su":"after status"})",
           R"({"\u0001":1,"a\"b":2,"a\\b":3,"~":4})",
       })
    expect_round_trip(json::parse(text), members);
  expect_round_trip(json::parse(R"({"status":"open"})"), {});
  expect_round_trip(json::object(), triage("closed", nullptr));
}

TEST(OverlayMembers, PrintsWhatAnNlohmannRoundTripPrintsForEveryRealDocument) {
  const auto members = triage("open", nullptr);
  std::size_t objects = 0;
  for (const auto& [file, document] : testing::real_documents()) {
    if (!document.is_object()) continue;
    ++objects;
    const auto got = overlay_members(document.dump(), members);
    ASSERT_TRUE(got) << file;
    EXPECT_EQ(*got, round_trip(document, members)) << file;
  }
  EXPECT_GT(objects, 100u);
}

TEST(OverlayMembers, RefusesWhatIsNoObject) {
  const auto members = triage("open", nullptr);
  for (const char* text : {"", "[]", "\"status\"", "null", "{", R"({"a":})", "{\"a\":\"\xff\"}"})
    EXPECT_FALSE(overlay_members(text, members)) << text;
}

}  // namespace
}  // namespace vigil::engine
