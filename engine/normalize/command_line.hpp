#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace vigil::engine {

// Splits a Windows command line into arguments exactly as the Win32
// CommandLineToArgvW does, so process.args holds what the started program
// itself saw.
//
// The program name (argv[0]) follows simpler rules: if the line starts with a
// quote it runs to the next quote, otherwise to the first space or tab; no
// backslash is special in it. Every later argument follows the usual rules:
//   - arguments are separated by runs of spaces and tabs outside quotes;
//   - 2n backslashes + quote -> n backslashes, and the quote toggles quoting;
//   - 2n+1 backslashes + quote -> n backslashes + a literal quote;
//   - backslashes not followed by a quote are literal;
//   - `""` inside a quoted region -> a literal quote AND the region ends.
// The last rule is the pre-2008 one that CommandLineToArgvW still follows
// (Wine's conformance-tested implementation counts the same), and so do Go's
// os.commandLineToArgv and Elastic's Painless port of it. Microsoft's C
// runtime since 2008 keeps the region open instead, so `a"b"" c d` is one
// argument `ab" c d` to a CRT main() but `ab"`, `c`, `d` here.
//
// Where this differs from Go/Elastic: they apply the later-argument rules to
// argv[0] as well and skip leading blanks; Windows does neither, so a line
// starting with a blank has an empty argv[0].
//
// Works on UTF-8 bytes: every special character is ASCII. An empty command
// line yields no arguments (Windows would return the caller's own path).
// Pure function; thread-safe.
std::vector<std::string> split_command_line(std::string_view command_line);

}  // namespace vigil::engine
