#include "engine/normalize/command_line.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace vigil::engine {
namespace {

using Args = std::vector<std::string>;

struct Case {
  const char* name;
  std::string line;
  Args expected;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

class CommandLineTest : public ::testing::TestWithParam<Case> {};

TEST_P(CommandLineTest, SplitsAsCommandLineToArgvW) {
  EXPECT_EQ(split_command_line(GetParam().line), GetParam().expected) << GetParam().line;
}

// Microsoft's table ("Parsing C++ command-line arguments") describes the
// arguments after the program name, so each line starts with one.
INSTANTIATE_TEST_SUITE_P(
    MicrosoftTable, CommandLineTest,
    ::testing::Values(
        Case{"QuotedArgument", R"(p.exe "abc" d e)", {"p.exe", "abc", "d", "e"}},
        Case{"BackslashesBeforeNonQuoteAreLiteral", R"(p.exe a\\\b d"e f"g h)", {"p.exe", R"(a\\\b)", "de fg", "h"}},
        Case{"TwoBackslashesThenQuote", R"(p.exe a\\b d"e f"g h)", {"p.exe", R"(a\\b)", "de fg", "h"}},
        Case{"OddBackslashesEscapeQuote", R"(p.exe a\\\"b c d)", {"p.exe", R"(a\"b)", "c", "d"}},
        Case{"EvenBackslashesThenQuoteOpensRegion", R"(p.exe a\\\\"b c" d e)", {"p.exe", R"(a\\b c)", "d", "e"}},
        // The C runtime since 2008 gives the single argument `ab" c d`;
        // CommandLineToArgvW, Go and Elastic end the quoted region at `""`.
        Case{"DoubledQuoteInsideRegionEndsIt", R"(p.exe a"b"" c d)", {"p.exe", R"(ab")", "c", "d"}}),
    [](const auto& info) { return std::string(info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    EdgeCases, CommandLineTest,
    ::testing::Values(
        Case{"Empty", "", {}}, Case{"ProgramOnly", "cmd.exe", {"cmd.exe"}},
        Case{"TabsAndRunsOfBlanksSeparate", "a.exe \t b\t\tc  ", {"a.exe", "b", "c"}},
        Case{"QuotedProgramWithSpaces", R"("C:\Program Files\x.exe" /s)", {R"(C:\Program Files\x.exe)", "/s"}},
        Case{"QuotedProgramWithTrailingBlank", R"("C:\windows\system32\cmd.exe" )", {R"(C:\windows\system32\cmd.exe)"}},
        // argv[0] ignores backslash escapes; argv[1] honours them.
        Case{"ProgramNameHasNoEscapes", R"(a\\\"b a\\\"b)", {R"(a\\\"b)", R"(a\"b)"}},
        Case{"QuotedProgramEndsAtNextQuoteEvenAfterBackslash", R"("C:\dir\"x y)", {R"(C:\dir\)", "x", "y"}},
        Case{"TextAfterClosingProgramQuoteStartsNextArgument", R"("a b"c d)", {"a b", "c", "d"}},
        Case{"UnterminatedProgramQuoteRunsToEnd", R"("C:\a b)", {R"(C:\a b)"}},
        Case{"LeadingBlankGivesEmptyProgramName", " x.exe y", {"", "x.exe", "y"}},
        Case{"EmptyQuotedArgument", R"(p.exe "" x)", {"p.exe", "", "x"}},
        Case{"TrailingBackslashesKept", R"(p.exe C:\dir\\)", {"p.exe", R"(C:\dir\\)"}},
        Case{"EscapedQuoteInsideRegion", R"(p.exe "a \"b\" c")", {"p.exe", R"(a "b" c)"}},
        Case{"UnterminatedRegionRunsToEnd", R"(p.exe "a b)", {"p.exe", "a b"}},
        Case{"TripleQuoteInsideRegion", R"(p.exe "a"""b")", {"p.exe", R"(a"b)"}},
        Case{"UnquotedDoubleQuoteIsEmptyRegion", R"(p.exe a""b)", {"p.exe", "ab"}},
        Case{"Utf8PassesThrough", "p.exe \"caf\xC3\xA9 \xE2\x82\xAC\"", {"p.exe", "caf\xC3\xA9 \xE2\x82\xAC"}}),
    [](const auto& info) { return std::string(info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    PowerShell, CommandLineTest,
    ::testing::Values(
        Case{"ActiveSyncQuotedCommand",
             R"(powershell.exe -Command "Set-CASMailbox -Identity bob -ActiveSyncAllowedDeviceIDs @{Add='X'}")",
             {"powershell.exe", "-Command", "Set-CASMailbox -Identity bob -ActiveSyncAllowedDeviceIDs @{Add='X'}"}},
        Case{"ElasticRuleTestCommand",
             R"(powershell.exe /c echo "Set-CASMailbox ActiveSyncAllowedDeviceIDs")",
             {"powershell.exe", "/c", "echo", "Set-CASMailbox ActiveSyncAllowedDeviceIDs"}},
        Case{"FullPathQuotedProgram",
             R"("C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe" -NoP -NonI -Command "& {Get-Date}")",
             {R"(C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe)", "-NoP", "-NonI", "-Command",
              "& {Get-Date}"}},
        Case{"EscapedQuotesForPowerShellString",
             R"(pwsh.exe -c "Write-Host \"hi there\"")",
             {"pwsh.exe", "-c", R"(Write-Host "hi there")"}}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace vigil::engine
