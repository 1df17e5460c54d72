#include "inputs/kafka/offset_reset.hpp"

#include <regex>

namespace vigil::inputs::kafka {

std::optional<OffsetReset> parse_offset_reset(std::string_view line) {
  // [[thrd:NAME]: ]topic [partition]: offset reset (at offset N[ (leader epoch E)], broker B) to [offset ]WHERE[
  // (leader epoch E)]: ... (the thread's name leads while log.thread.name is true, the default)
  static const std::regex kReset(
      R"(^(?:\[thrd:[^\]]*\]: )?(.+) \[(\d+)\]: offset reset \(at offset (-?\d+)(?: \(leader epoch -?\d+\))?, broker -?\d+\) to (?:offset )?)"
      R"(((?:cached BEGINNING offset )?-?\d+|BEGINNING|END)(?: \(leader epoch -?\d+\))?: )");
  std::match_results<std::string_view::const_iterator> m;
  if (!std::regex_search(line.begin(), line.end(), m, kReset)) return std::nullopt;
  OffsetReset reset;
  reset.topic = m[1].str();
  reset.partition = static_cast<std::int32_t>(std::stol(m[2].str()));
  reset.from = std::stoll(m[3].str());
  reset.to = m[4].str();
  if (reset.to.starts_with("cached BEGINNING offset "))
    reset.to.erase(0, std::string_view("cached BEGINNING offset ").size());
  return reset;
}

}  // namespace vigil::inputs::kafka
