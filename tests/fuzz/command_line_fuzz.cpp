// The CommandLineToArgvW splitter (engine/normalize/command_line).
#include "engine/normalize/command_line.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace vigil;
  const auto line = fuzz::as_text(data, size);
  const auto args = engine::split_command_line(line);
  fuzz::fuzz_require(!line.empty() || args.empty(), "an empty command line has no arguments");
  // Every output byte comes from a distinct input byte: quotes and escaping
  // backslashes are dropped, blanks outside quotes separate.
  std::size_t bytes = 0;
  for (const auto& arg : args) bytes += arg.size();
  fuzz::fuzz_require(bytes <= line.size(), "the arguments hold no more bytes than the line");
  fuzz::fuzz_require(args.size() <= line.size() / 2 + 1, "arguments are separated by at least one blank");
  return 0;
}
