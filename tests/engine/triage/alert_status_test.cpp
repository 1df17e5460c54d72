#include "engine/triage/alert_status.hpp"

#include <gtest/gtest.h>

namespace vigil::engine::triage {
namespace {

TEST(AlertStatus, ParsesWhatItPrints) {
  for (const auto status : {AlertStatus::kOpen, AlertStatus::kAcknowledged, AlertStatus::kClosed})
    EXPECT_EQ(parse_alert_status(to_string(status)), status);
  EXPECT_EQ(to_string(AlertStatus::kOpen), "open");
  EXPECT_EQ(parse_alert_status("OPEN"), std::nullopt);
}

}  // namespace
}  // namespace vigil::engine::triage
