#include "engine/store/run_warning.hpp"

#include <gtest/gtest.h>

namespace vigil::engine {
namespace {

TEST(RunWarning, KindsParseWhatTheyPrint) {
  for (const auto kind : {RunWarningKind::kGap, RunWarningKind::kGapUnchecked, RunWarningKind::kMaxSignals,
                          RunWarningKind::kMaintenanceWindow, RunWarningKind::kUnreadableEvents,
                          RunWarningKind::kAlertsUpdated, RunWarningKind::kRecordFailed, RunWarningKind::kOther})
    EXPECT_EQ(parse_run_warning_kind(to_string(kind)), kind);
  EXPECT_EQ(parse_run_warning_kind("gap of 5 minutes"), std::nullopt);
}

TEST(RunWarning, MessagesKeepTheirOrder) {
  const std::vector<RunWarning> warnings{{RunWarningKind::kGap, "first"}, {RunWarningKind::kMaxSignals, "second"}};
  EXPECT_EQ(messages(warnings), (std::vector<std::string>{"first", "second"}));
}

}  // namespace
}  // namespace vigil::engine
