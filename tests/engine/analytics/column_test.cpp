#include "engine/analytics/column.hpp"

#include <gtest/gtest.h>

namespace vigil::engine::analytics {
namespace {

TEST(Column, FindsColumnsCaseInsensitivelyPreferringTheExactSpelling) {
  const auto live = nlohmann::json{{"ISP", "none specified"}};
  const auto documented = nlohmann::json{{"Isp", "Contoso Telecom"}};
  EXPECT_EQ(column_text(live, "Isp"), "none specified");
  EXPECT_EQ(column_text(documented, "ISP"), "Contoso Telecom");
  const auto both = nlohmann::json{{"isp", "lower"}, {"ISP", "upper"}};
  EXPECT_EQ(column_text(both, "ISP"), "upper");
}

TEST(Column, EmptyValuesHaveNoText) {
  const auto row = nlohmann::json{{"A", nullptr}, {"B", ""}, {"C", {1}}, {"D", 5}, {"E", true}};
  EXPECT_EQ(column_text(row, "A"), std::nullopt);
  EXPECT_EQ(column_text(row, "B"), std::nullopt);
  EXPECT_EQ(column_text(row, "C"), std::nullopt);
  EXPECT_EQ(column_text(row, "Missing"), std::nullopt);
  EXPECT_EQ(column_text(row, "D"), "5");
  EXPECT_EQ(column_text(row, "E"), "true");
}

TEST(Column, AddressDomainIsTheLowercasedTextAfterTheLastAt) {
  EXPECT_EQ(address_domain("Megan@Contoso.COM"), "contoso.com");
  EXPECT_EQ(address_domain("\"a@b\"@contoso.com"), "contoso.com");
  EXPECT_EQ(address_domain("no-domain"), std::nullopt);
  EXPECT_EQ(address_domain("trailing@"), std::nullopt);
  EXPECT_EQ(address_domain_text("Megan@ Contoso.COM "), "Contoso.COM");  // trimmed, as written
  EXPECT_EQ(address_domain_text("trailing@ "), std::nullopt);
}

TEST(Column, SplitListTrimsAndDropsEmptyEntries) {
  EXPECT_EQ(split_list("Relay-A, Relay-B ,,Relay-C"), (std::vector<std::string_view>{"Relay-A", "Relay-B", "Relay-C"}));
  EXPECT_EQ(split_list("Partner-Relay-01"), std::vector<std::string_view>{"Partner-Relay-01"});
  EXPECT_TRUE(split_list(" , ").empty());
}

}  // namespace
}  // namespace vigil::engine::analytics
