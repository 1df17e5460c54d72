#include "engine/store/run_status.hpp"

#include <gtest/gtest.h>

namespace vigil::engine {
namespace {

TEST(RunStatus, ParsesWhatItPrints) {
  for (const auto status : {RunStatus::kSucceeded, RunStatus::kPartial, RunStatus::kFailed})
    EXPECT_EQ(parse_run_status(to_string(status)), status);
  EXPECT_EQ(to_string(RunStatus::kPartial), "partial");
  EXPECT_EQ(parse_run_status("Succeeded"), std::nullopt);
}

}  // namespace
}  // namespace vigil::engine
