// Each library's include path holds only the folders it links (vigil_expose in CMakeLists.txt),
// so the compiler refuses an include of a library the target does not depend on. This test
// holds the rules finer than that: inside a library (api/'s parts), angle-bracket libraries,
// and the table itself. It reads the table under "Include rules" in docs/ARCHITECTURE.md and
// every #include of every source file.
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
  std::set<std::string> project;    // folders a quoted include may start with, beside its own
  std::set<std::string> libraries;  // libraries an angle-bracket include may name
};
using IncludeRules = std::map<std::string, FolderRule>;  // folder ("engine", "engine/eql") -> rule

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
  static const std::regex kRow(R"(^\| `([a-z0-9/]+)/` \|([^|]*)\|([^|]*)\|$)");
  while (std::getline(lines, line)) {
    if (line.rfind("#", 0) == 0) in_section = line == "### Include rules";
    std::smatch row;
    if (in_section && std::regex_match(line, row, kRow)) rules[row[1]] = {backquoted(row[2]), backquoted(row[3])};
  }
  return rules;
}

// The library an angle-bracket include names: its first path component, or the header itself.
std::string library_of(const std::string& header) { return header.substr(0, header.find('/')); }

bool under(const std::string& path, const std::string& folder) {
  return path.size() > folder.size() && path.compare(0, folder.size(), folder) == 0 && path[folder.size()] == '/';
}

// The row a file follows: its deepest folder that has one.
const std::string* folder_of(const IncludeRules& rules, const std::string& file) {
  const std::string* deepest = nullptr;
  for (const auto& [folder, rule] : rules)
    if (under(file, folder) && (deepest == nullptr || folder.size() > deepest->size())) deepest = &folder;
  return deepest;
}

bool may_include(const std::string& folder, const FolderRule& rule, const std::string& header) {
  if (under(header, folder)) return true;
  for (const auto& allowed : rule.project)
    if (under(header, allowed)) return true;
  return false;
}

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
      if (!may_include(folder, rule, header))
        found.push_back(where + "\"" + header + "\": " + folder + "/ may not include it");
    } else if (known_libraries.contains(library_of(header)) && !rule.libraries.contains(library_of(header))) {
      found.push_back(where + "<" + header + ">: " + folder + "/ does not use " + library_of(header));
    }
  }
  return found;
}

IncludeRules architecture_rules() { return read_rules(read_file(source_dir() / "docs" / "ARCHITECTURE.md")); }

const std::vector<std::string> kLibraries = {"engine", "config", "storage", "api", "outputs", "inputs", "daemon"};

TEST(IncludeBoundaries, EveryLibraryAndEveryPartOfTheEngineHasARule) {
  const auto rules = architecture_rules();
  for (const auto& folder : kLibraries) {
    EXPECT_TRUE(rules.contains(folder)) << folder << "/ has no row under \"Include rules\" in docs/ARCHITECTURE.md";
  }
  for (const auto& entry : std::filesystem::directory_iterator(source_dir() / "engine")) {
    if (!entry.is_directory()) continue;
    const auto part = "engine/" + entry.path().filename().string();
    EXPECT_TRUE(rules.contains(part)) << part << "/ has no row under \"Include rules\" in docs/ARCHITECTURE.md";
  }
}

// Depth-first: a folder met again while it is still being visited closes a cycle (a folder
// including itself is no dependency).
bool has_cycle(const IncludeRules& rules, const std::string& folder, std::map<std::string, int>& state) {
  if (state[folder] == 1) return true;
  if (state[folder] == 2) return false;
  state[folder] = 1;
  if (const auto it = rules.find(folder); it != rules.end()) {
    for (const auto& next : it->second.project)
      if (next != folder && has_cycle(rules, next, state)) return true;
  }
  state[folder] = 2;
  return false;
}

TEST(IncludeBoundaries, TheRulesHaveNoCycle) {
  const auto rules = architecture_rules();
  for (const auto& [folder, rule] : rules) {
    std::map<std::string, int> state;
    EXPECT_FALSE(has_cycle(rules, folder, state)) << "a cycle through " << folder << "/";
  }
}

TEST(IncludeBoundaries, EverySourceFileIncludesOnlyWhatItsFolderMay) {
  const auto rules = architecture_rules();
  int files = 0;
  for (const auto& library : kLibraries) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(source_dir() / library)) {
      const auto extension = entry.path().extension();
      if (extension != ".cpp" && extension != ".hpp") continue;
      ++files;
      const auto relative = std::filesystem::relative(entry.path(), source_dir()).string();
      const auto* folder = folder_of(rules, relative);
      ASSERT_NE(folder, nullptr) << relative << " follows no row";
      for (const auto& violation : violations(rules, *folder, relative, read_file(entry.path())))
        ADD_FAILURE() << violation;
    }
  }
  EXPECT_GT(files, 300);  // the walk found the tree
}

TEST(IncludeBoundaries, TheCheckNamesAWrongInclude) {
  const auto rules = architecture_rules();
  const auto found = violations(rules, "engine/eql", "engine/eql/x.cpp",
                                "#include <vector>\n"
                                "#include \"engine/eql/parser.hpp\"\n"
                                "#include \"engine/text/utf8.hpp\"\n"
                                "#include \"engine/normalize/normalizer.hpp\"\n"
                                "#include \"storage/sqlite/database.hpp\"\n"
                                "#include <sqlite3.h>\n"
                                "#  include <boost/beast.hpp>\n"
                                "#include <toml++/toml.h>\n");
  EXPECT_EQ(found, (std::vector<std::string>{
                       "engine/eql/x.cpp:4: \"engine/normalize/normalizer.hpp\": engine/eql/ may not include it",
                       "engine/eql/x.cpp:5: \"storage/sqlite/database.hpp\": engine/eql/ may not include it",
                       "engine/eql/x.cpp:6: <sqlite3.h>: engine/eql/ does not use sqlite3.h",
                       "engine/eql/x.cpp:7: <boost/beast.hpp>: engine/eql/ does not use boost",
                       "engine/eql/x.cpp:8: <toml++/toml.h>: engine/eql/ does not use toml++",
                   }));
}

}  // namespace
}  // namespace vigil::test
