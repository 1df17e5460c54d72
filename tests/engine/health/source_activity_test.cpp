#include "engine/health/source_activity.hpp"

#include <gtest/gtest.h>

namespace vigil::engine::health {
namespace {

ingest::WrittenEvent event(std::string index, std::string host) {
  ingest::WrittenEvent e;
  e.index = std::move(index);
  e.host = std::move(host);
  return e;
}

TEST(SourceActivity, AStoredBatchMarksEachIndexAndHostItCarriedAndEndsARefusingSpell) {
  SourceActivity activity;
  activity.saturated(100);
  EXPECT_EQ(activity.refusing_since(), 100);
  const std::vector<ingest::WrittenEvent> batch = {event("winlogbeat-1", "dc01"), event("winlogbeat-1", "dc01"),
                                                   event("winlogbeat-1", "ws17"), event("winlogbeat-1", "dc01"),
                                                   event("logs-x", "")};
  activity.stored(200, batch);
  activity.stored(150, std::vector<ingest::WrittenEvent>{event("logs-x", "")});  // older: keeps the later time
  const std::map<std::pair<std::string, std::string>, TimeMs> expected = {
      {{"logs-x", ""}, 200}, {{"winlogbeat-1", "dc01"}, 200}, {{"winlogbeat-1", "ws17"}, 200}};
  EXPECT_EQ(activity.last_seen(), expected);
  EXPECT_EQ(activity.refusing_since(), std::nullopt);
  activity.store_failed(300, StoreErrorKind::kLocked);
  EXPECT_EQ(activity.refusing_since(), 300);
}

}  // namespace
}  // namespace vigil::engine::health
