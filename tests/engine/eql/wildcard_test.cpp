#include "engine/eql/wildcard.hpp"

#include <gtest/gtest.h>

#include <random>
#include <regex>

namespace vigil::engine::eql {
namespace {

bool glob(std::string_view pattern, std::string_view text, bool case_insensitive = false) {
  return WildcardPattern(pattern, {}, case_insensitive).matches(text);
}

TEST(EqlWildcard, ExactWithoutWildcardsIsWholeValue) {
  EXPECT_TRUE(glob("cmd.exe", "cmd.exe"));
  EXPECT_FALSE(glob("cmd.exe", "cmd.exe "));
  EXPECT_FALSE(glob("cmd.exe", "xcmd.exe"));
  EXPECT_FALSE(glob("cmd.exe", "cmd.ex"));
  EXPECT_TRUE(glob("", ""));
  EXPECT_FALSE(glob("", "a"));
}

TEST(EqlWildcard, StarMatchesZeroOrMore) {
  EXPECT_TRUE(glob("*", ""));
  EXPECT_TRUE(glob("*", "anything"));
  EXPECT_TRUE(glob("**", "x"));
  EXPECT_TRUE(glob("a*", "a"));
  EXPECT_TRUE(glob("a*", "abc"));
  EXPECT_FALSE(glob("a*", "ba"));
  EXPECT_TRUE(glob("*c", "abc"));
  EXPECT_TRUE(glob("*c", "c"));
  EXPECT_FALSE(glob("*c", "cb"));
  EXPECT_TRUE(glob("*b*", "abc"));
  EXPECT_FALSE(glob("*x*", "abc"));
  EXPECT_TRUE(glob("a*b*c", "abc"));
  EXPECT_TRUE(glob("a*b*c", "a-b-b-c"));
  EXPECT_FALSE(glob("a*b*c", "a-c-b"));
}

TEST(EqlWildcard, TailDoesNotOverlapHead) {
  EXPECT_FALSE(glob("ab*ba", "aba"));
  EXPECT_TRUE(glob("ab*ba", "abba"));
  EXPECT_FALSE(glob("abc*c", "abc"));
}

TEST(EqlWildcard, MiddlePiecesInOrder) {
  EXPECT_TRUE(glob("*ab*ab*", "xabyab"));
  EXPECT_FALSE(glob("*ab*ab*", "xab"));
  EXPECT_TRUE(glob("*aab*", "aaab"));  // leftmost 'a' start fails, next one succeeds
}

TEST(EqlWildcard, QuestionMatchesExactlyOneCharacter) {
  EXPECT_TRUE(glob("doc?", "docs"));
  EXPECT_FALSE(glob("doc?", "doc"));
  EXPECT_FALSE(glob("doc?", "docss"));
  EXPECT_TRUE(glob("?:\\Windows\\*", "C:\\Windows\\System32\\cmd.exe"));
  EXPECT_TRUE(glob("*?", "a"));
  EXPECT_FALSE(glob("*?", ""));
  EXPECT_TRUE(glob("V??\\Bin", "V15\\Bin"));
  EXPECT_TRUE(glob("*x?z*", "wxyzw"));
}

TEST(EqlWildcard, QuestionMatchesOneUtf8CodePoint) {
  EXPECT_TRUE(glob("h?man", "h\xCF\x85man"));  // Greek upsilon, two bytes
  EXPECT_TRUE(glob("*?", "\xE2\x82\xAC"));     // euro sign, three bytes
  EXPECT_FALSE(glob("??", "\xE2\x82\xAC"));
  EXPECT_TRUE(glob("a*?", "a\xF0\x9F\x98\x80"));  // emoji, four bytes
}

TEST(EqlWildcard, CaseInsensitiveFoldsAscii) {
  EXPECT_TRUE(glob("set-casmailbox*", "Set-CASMailbox -Identity x", true));
  EXPECT_TRUE(glob("SET-CASMAILBOX*", "set-casmailbox", true));
  EXPECT_FALSE(glob("set-casmailbox*", "Set-CASMailbox", false));
  EXPECT_TRUE(glob("*ActiveSync*", "xxACTIVESYNCxx", true));
  // Only ASCII folds: Greek capital upsilon does not match small upsilon.
  EXPECT_FALSE(glob("\xCF\x85", "\xCE\xA5", true));
}

TEST(EqlWildcard, EscapedWildcardsMatchThemselves) {
  // Pattern "a*b?" where the '*' (offset 1) and '?' (offset 3) were written \* and \?.
  const WildcardPattern literal("a*b?", {1, 3}, false);
  EXPECT_TRUE(literal.matches("a*b?"));
  EXPECT_FALSE(literal.matches("axxb?"));
  EXPECT_FALSE(literal.matches("a*bc"));
  // Only the escaped star is literal; the second one is a wildcard.
  const WildcardPattern mixed("*\\**", {2}, false);
  EXPECT_TRUE(mixed.matches("C:\\*x"));
  EXPECT_FALSE(mixed.matches("C:\\x"));
}

TEST(EqlWildcard, BackslashIsAnOrdinaryCharacter) {
  EXPECT_TRUE(glob("\\Device\\Mup\\tsclient\\*.exe", "\\Device\\Mup\\tsclient\\C\\x.exe"));
  EXPECT_TRUE(glob("C:\\Windows\\*", "C:\\Windows\\notepad.exe"));
  EXPECT_FALSE(glob("C:\\Windows\\*", "C:\\Windows"));
}

TEST(EqlWildcard, SeedRulePattern) {
  const WildcardPattern p("Set-CASMailbox*ActiveSyncAllowedDeviceIDs*", {}, true);
  EXPECT_TRUE(p.matches("Set-CASMailbox ActiveSyncAllowedDeviceIDs"));
  EXPECT_TRUE(p.matches("set-casmailbox -Identity bob -activesyncalloweddeviceids @{add='x'}"));
  EXPECT_FALSE(p.matches("powershell Set-CASMailbox x -ActiveSyncAllowedDeviceIDs y"));
  EXPECT_FALSE(p.matches("Set-CASMailbox"));
  EXPECT_FALSE(p.matches("ActiveSyncAllowedDeviceIDs Set-CASMailbox"));
}

// Cross-checks the piece-based matcher against std::regex on random ASCII patterns and texts.
TEST(EqlWildcard, AgreesWithRegexTranslationOnRandomInputs) {
  std::mt19937 rng(42);
  auto random_string = [&](std::string_view alphabet, std::size_t max_length) {
    std::string s(rng() % (max_length + 1), ' ');
    for (char& c : s) c = alphabet[rng() % alphabet.size()];
    return s;
  };
  for (int i = 0; i < 5000; ++i) {
    const std::string pattern = random_string("abA*?", 6);
    const std::string text = random_string("abAB", 8);
    std::string regex;
    for (const char c : pattern) regex += c == '*' ? ".*" : c == '?' ? "." : std::string(1, c);
    const bool folded = i % 2 == 1;
    const auto flags = folded ? std::regex::ECMAScript | std::regex::icase : std::regex::ECMAScript;
    EXPECT_EQ(glob(pattern, text, folded), std::regex_match(text, std::regex(regex, flags)))
        << "pattern '" << pattern << "' text '" << text << "' case_insensitive " << folded;
  }
}

}  // namespace
}  // namespace vigil::engine::eql
