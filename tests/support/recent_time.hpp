#pragma once

#include <string>

namespace vigil::test {

// A moment a minute ago, as RFC 3339 ("2026-12-02T10:00:00.000Z") and as
// Sysmon's UtcTime ("2026-12-02 10:00:00.000"). Events the real vigild
// keeps across restarts must be recent: its retention pass at start-up
// deletes events older than retention.events_days (8), so a fixed date in a
// test turns into a failure a week later.
std::string recent_rfc3339();
std::string recent_sysmon_utc_time();

}  // namespace vigil::test
