// Every library exports the repository root as its include path, so the compiler accepts any
// include anywhere; this test is what keeps dependencies pointing inward. It reads the table
// under "Include rules" in docs/ARCHITECTURE.md and every #include of every source file.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/test_data.hpp"

namespace vigil::test {
namespace {

struct FolderRule {
  std::set<std::string> project;    // folders a quoted include may start with
  std::set<std::string> libraries;  // libraries an angle-bracket include may name
};
using IncludeRules = std::map<std::string, FolderRule>;  // top-level folder -> rule

std::set<std::string> backquoted(const std::string& cell) {
  std::set<std::string> names;
  static const std::regex kName("`([^`]+)`");
  for (auto it = std::sregex_iterator(cell.begin(), cell.end(), kName); it != std::sregex_iterator(); ++it)
    names.insert((*it)[1]);
  return names;
}

// The rows of the table that follows the "### Include rules" heading.
IncludeRules read_rules(const std::string& architecture_md) {
  IncludeRules rules;
  std::istringstream lines(architecture_md);
  std::string line;
  bool in_section = false;
  static const std::regex kRow(R"(^\| `([a-z]+)/` \|([^|]*)\|([^|]*)\|$)");
  while (std::getline(lines, line)) {
    if (line.rfind("#", 0) == 0) in_section = line == "### Include rules";
    std::smatch row;
    if (in_section && std::regex_match(line, row, kRow)) rules[row[1]] = {backquoted(row[2]), backquoted(row[3])};
  }
  return rules;
}

// The library an angle-bracket include names: its first path component, or the header itself.
std::string library_of(const std::string& header) { return header.substr(0, header.find('/')); }

// "file:line: reason" for each include of `text` (a file under `folder`) that breaks the rules.
std::vector<std::string> violations(const IncludeRules& rules, const std::string& folder, const std::string& file,
                                    const std::string& text) {
  std::set<std::string> known_libraries;
  for (const auto& [name, rule] : rules) known_libraries.insert(rule.libraries.begin(), rule.libraries.end());
  const auto& rule = rules.at(folder);

  std::vector<std::string> found;
  std::istringstream lines(text);
  std::string line;
  int number = 0;
  static const std::regex kInclude(R"(^\s*#\s*include\s*([<"])([^>"]+)[>"])");
  while (std::getline(lines, line)) {
    ++number;
    std::smatch include;
    if (!std::regex_search(line, include, kInclude)) continue;
    const std::string header = include[2];
    const std::string where = file + ":" + std::to_string(number) + ": ";
    if (include[1] == "\"") {
      if (!rule.project.contains(library_of(header)))
        found.push_back(where + "\"" + header + "\": " + folder + "/ may not include " + library_of(header) + "/");
    } else if (known_libraries.contains(library_of(header)) && !rule.libraries.contains(library_of(header))) {
      found.push_back(where + "<" + header + ">: " + folder + "/ does not use " + library_of(header));
    }
  }
  return found;
}

IncludeRules architecture_rules() { return read_rules(read_file(source_dir() / "docs" / "ARCHITECTURE.md")); }

TEST(IncludeBoundaries, EveryTopLevelLibraryHasARule) {
  const auto rules = architecture_rules();
  for (const char* folder : {"engine", "config", "storage", "api", "daemon"}) {
    EXPECT_TRUE(rules.contains(folder)) << folder << "/ has no row under \"Include rules\" in docs/ARCHITECTURE.md";
  }
}

TEST(IncludeBoundaries, EverySourceFileIncludesOnlyWhatItsFolderMay) {
  const auto rules = architecture_rules();
  int files = 0;
  for (const auto& [folder, rule] : rules) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(source_dir() / folder)) {
      const auto extension = entry.path().extension();
      if (extension != ".cpp" && extension != ".hpp") continue;
      ++files;
      const auto relative = std::filesystem::relative(entry.path(), source_dir()).string();
      for (const auto& violation : violations(rules, folder, relative, read_file(entry.path()))) ADD_FAILURE() << violation;
    }
  }
  EXPECT_GT(files, 300);  // the walk found the tree
}

TEST(IncludeBoundaries, TheCheckNamesAWrongInclude) {
  const auto rules = architecture_rules();
  const auto found = violations(rules, "engine", "engine/x.cpp",
                                "#include <vector>\n"
                                "#include \"engine/eql/parser.hpp\"\n"
                                "#include \"storage/sqlite/database.hpp\"\n"
                                "#include <sqlite3.h>\n"
                                "#  include <boost/beast.hpp>\n");
  EXPECT_EQ(found, (std::vector<std::string>{
                       "engine/x.cpp:3: \"storage/sqlite/database.hpp\": engine/ may not include storage/",
                       "engine/x.cpp:4: <sqlite3.h>: engine/ does not use sqlite3.h",
                       "engine/x.cpp:5: <boost/beast.hpp>: engine/ does not use boost",
                   }));
}

}  // namespace
}  // namespace vigil::test
