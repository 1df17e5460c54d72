#include "tests/support/recent_time.hpp"

#include <time.h>

#include <chrono>
#include <cstdio>

namespace vigil::test {
namespace {

std::string format_recent(char date_time_separator, const char* suffix) {
  const auto now = std::chrono::system_clock::now() - std::chrono::minutes(1);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  const time_t seconds = static_cast<time_t>(ms / 1000);
  tm utc{};
  gmtime_r(&seconds, &utc);
  char text[40];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d%c%02d:%02d:%02d.%03d%s", utc.tm_year + 1900, utc.tm_mon + 1,
                utc.tm_mday, date_time_separator, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(ms % 1000),
                suffix);
  return text;
}

}  // namespace

std::string recent_rfc3339() { return format_recent('T', "Z"); }
std::string recent_sysmon_utc_time() { return format_recent(' ', ""); }

}  // namespace vigil::test
