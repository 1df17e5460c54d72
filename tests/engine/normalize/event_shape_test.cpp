#include "engine/normalize/event_shape.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace vigil::engine {
namespace {

TEST(EventShape, EachShapeHasItsOwnName) {
  std::set<std::string> names;
  for (const auto shape :
       {EventShape::kSysmonProcessCreate, EventShape::kSecurity4688, EventShape::kWinlogOther,
        EventShape::kDefenderProcess, EventShape::kDefenderTable, EventShape::kEcs, EventShape::kUnknown})
    names.emplace(to_string(shape));
  EXPECT_EQ(names.size(), 7u);
  EXPECT_EQ(to_string(EventShape::kSysmonProcessCreate), "sysmon_process_create");
}

}  // namespace
}  // namespace vigil::engine
