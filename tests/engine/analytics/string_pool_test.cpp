#include "engine/analytics/string_pool.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace vigil::engine::analytics {
namespace {

TEST(StringPool, KeptTextsStayPutWhileThePoolGrows) {
  StringPool pool;
  std::vector<std::pair<std::string, std::string_view>> kept;
  // Past several blocks, with a text larger than a block among them.
  for (int i = 0; i < 100000; ++i) {
    auto text = "3c7b1317-ac21-4754-" + std::to_string(i);
    if (i == 5000) text = std::string(3 << 20, 'x');
    const auto view = pool.keep(text);
    kept.emplace_back(std::move(text), view);
  }
  for (const auto& [text, view] : kept) ASSERT_EQ(view, text);
  EXPECT_TRUE(pool.keep("").empty());
}

TEST(StringPool, InternKeepsOneCopyOfEqualTexts) {
  StringPool pool;
  std::string text = "contoso.com";
  const auto first = pool.intern(text);
  text[0] = 'C';  // the pool holds its own copy
  EXPECT_EQ(first, "contoso.com");
  EXPECT_EQ(pool.intern("contoso.com").data(), first.data());
  EXPECT_NE(pool.intern("Contoso.com").data(), first.data());
}

}  // namespace
}  // namespace vigil::engine::analytics
