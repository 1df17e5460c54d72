#include "engine/text/case_fold.hpp"

#include <gtest/gtest.h>

namespace vigil::engine::text {
namespace {

TEST(FoldCase, FoldsAsciiAndBeyond) {
  EXPECT_EQ(fold_case("PowerShell.EXE -Enc"), "powershell.exe -enc");
  EXPECT_EQ(fold_case("КЛЮЧ"), "ключ");  // Cyrillic
  EXPECT_EQ(fold_case("ключ"), "ключ");
  EXPECT_EQ(fold_case("ΣΊΣΥΦΟΣ ς"), "σίσυφοσ σ");  // Greek: final sigma folds to sigma
  EXPECT_EQ(fold_case("ÉCOLE Ÿ Ā"), "école ÿ ā");  // Latin-1, and Latin Extended-A's alternating pairs
  EXPECT_EQ(fold_case("ẞ"), "ß");                  // simple folding keeps one code point
  EXPECT_EQ(fold_case("ß"), "ß");
  EXPECT_EQ(fold_case("\u212A"), "k");               // KELVIN SIGN
  EXPECT_EQ(fold_case("ԱՐԱՄ"), "արամ");              // Armenian
  EXPECT_EQ(fold_case("\U00010400"), "\U00010428");  // Deseret: four-byte sequences
  EXPECT_EQ(fold_case("日本語 ١٢٣"), "日本語 ١٢٣");  // no case: unchanged
}

TEST(FoldCase, KeepsBytesThatAreNotUtf8) {
  EXPECT_EQ(fold_case(std::string("A\xff\xc3(B\xe2\x82")), std::string("a\xff\xc3(b\xe2\x82"));
  EXPECT_EQ(fold_case(std::string("\xc0\x81")), std::string("\xc0\x81"));          // overlong
  EXPECT_EQ(fold_case(std::string("\xed\xa0\x80")), std::string("\xed\xa0\x80"));  // surrogate
  EXPECT_EQ(fold_case(""), "");
}

TEST(ContainsFolded, FindsAFoldedNeedleInTextOfAnyCase) {
  EXPECT_TRUE(contains_folded("Reg KEY changed", "key"));
  EXPECT_TRUE(contains_folded("КЛЮЧ реестра", "ключ"));
  EXPECT_TRUE(contains_folded("ASCII \u212A", "k"));  // non-ASCII text is folded whole
  EXPECT_TRUE(contains_folded("anything", ""));
  EXPECT_TRUE(contains_folded("", ""));
  EXPECT_FALSE(contains_folded("KEY", "ключ"));  // ASCII text never holds a non-ASCII needle
  EXPECT_FALSE(contains_folded("Ke", "key"));
  EXPECT_FALSE(contains_folded("", "k"));
}

}  // namespace
}  // namespace vigil::engine::text
