// Field equalities checked on a compact JSON document's text before it is
// parsed: only those it can decide from the text, never dropping a row the
// engine would keep.
#include "storage/documents/document_equalities.hpp"

#include <gtest/gtest.h>

namespace vigil::storage {
namespace {

engine::TableScan scan(std::vector<engine::FieldEquals> equals) { return {{}, 0, 10, std::move(equals)}; }

TEST(DocumentEqualities, AdmitsADocumentHoldingOneOfTheValuesOfEachField) {
  const DocumentEqualities eq(scan({{"Id", {"a", "b"}}, {"Dir", {"In"}}}));
  EXPECT_EQ(eq.applied().equals.size(), 2u);
  EXPECT_TRUE(eq.admits(R"({"Id":"b","Dir":"In"})"));
  EXPECT_FALSE(eq.admits(R"({"Id":"c","Dir":"In"})"));
  EXPECT_FALSE(eq.admits(R"({"Id":"a"})"));
  // A value that is not a string is the engine's to convert and compare.
  EXPECT_TRUE(eq.admits(R"({"Id":5,"Dir":"In"})"));
}

TEST(DocumentEqualities, LeavesToTheEngineAnEqualityWhoseTextJsonEscapes) {
  const DocumentEqualities eq(scan({{"Id", {"a\"b"}}, {"Dir", {"In"}}}));
  ASSERT_EQ(eq.applied().equals.size(), 1u);
  EXPECT_EQ(eq.applied().equals[0].field, "Dir");
  EXPECT_EQ(eq.applied().end, 10);
  EXPECT_TRUE(eq.admits(R"({"Id":"anything","Dir":"In"})"));
}

}  // namespace
}  // namespace vigil::storage
