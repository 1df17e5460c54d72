#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "engine/event/field_lookup.hpp"

namespace vigil::test {

using FieldExpectations = std::vector<std::pair<std::string, nlohmann::json>>;

// Checks each dotted field of `doc` against its expected value; a null
// expectation means the field must be absent.
inline void expect_fields(const nlohmann::json& doc, const FieldExpectations& expected) {
  for (const auto& [path, value] : expected) {
    const auto* actual = engine::find_field(doc, path);
    if (value.is_null()) {
      EXPECT_EQ(actual, nullptr) << path << " should be absent, is " << actual->dump();
    } else if (actual == nullptr) {
      ADD_FAILURE() << path << " is missing, expected " << value.dump();
    } else {
      EXPECT_EQ(*actual, value) << path;
    }
  }
}

}  // namespace vigil::test
