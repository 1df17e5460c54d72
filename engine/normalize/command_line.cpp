#include "engine/normalize/command_line.hpp"

namespace vigil::engine {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// argv[0]: a quoted program name ends at the next quote and an unquoted one
// at the next blank, whatever precedes it; a character straight after the
// closing quote already starts argv[1].
std::string read_program_name(std::string_view line, std::size_t& pos) {
  if (line[pos] == '"') {
    const std::size_t close = line.find('"', pos + 1);
    const std::size_t end = close == std::string_view::npos ? line.size() : close;
    std::string name(line.substr(pos + 1, end - pos - 1));
    pos = close == std::string_view::npos ? line.size() : close + 1;
    return name;
  }
  const std::size_t start = pos;
  while (pos < line.size() && !is_blank(line[pos])) ++pos;
  return std::string(line.substr(start, pos - start));
}

// One later argument, starting at a non-blank character.
std::string read_argument(std::string_view line, std::size_t& pos) {
  std::string arg;
  bool quoted = false;
  std::size_t backslashes = 0;
  for (; pos < line.size(); ++pos) {
    const char c = line[pos];
    if (c == '\\') {
      ++backslashes;
      continue;
    }
    if (c == '"') {
      arg.append(backslashes / 2, '\\');
      if (backslashes % 2 == 1) {
        arg += '"';
      } else {
        if (quoted && pos + 1 < line.size() && line[pos + 1] == '"') {
          arg += '"';
          ++pos;
        }
        quoted = !quoted;
      }
      backslashes = 0;
      continue;
    }
    arg.append(backslashes, '\\');
    backslashes = 0;
    if (is_blank(c) && !quoted) break;
    arg += c;
  }
  arg.append(backslashes, '\\');
  return arg;
}

}  // namespace

std::vector<std::string> split_command_line(std::string_view line) {
  std::vector<std::string> args;
  if (line.empty()) return args;
  std::size_t pos = 0;
  args.push_back(read_program_name(line, pos));
  while (true) {
    while (pos < line.size() && is_blank(line[pos])) ++pos;
    if (pos == line.size()) break;
    args.push_back(read_argument(line, pos));
  }
  return args;
}

}  // namespace vigil::engine
