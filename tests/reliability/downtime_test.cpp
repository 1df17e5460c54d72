// The scheduler after downtime, against the real vigild: a restart searches
// the time it was down, up to rules.max_catchup_minutes, and reports older
// time as a gap.
//
// Time is moved without a hook in vigild: the daemons before the restart run
// under libfaketime (LD_PRELOAD, FAKETIME="-40m": the clock reads 40 minutes
// ago and runs on from there). It intercepts what vigild reads and waits on
// wall time with: clock_gettime (std::chrono::system_clock, hence
// engine::SystemClock) and pthread_cond_timedwait (the scheduler thread's
// wait for the next run). FAKETIME_DONT_FAKE_MONOTONIC keeps steady_clock,
// and so Asio's timers and run durations, on real time. The "downtime" is a
// first daemon that runs the rule 40 minutes ago, then daemons with the rule
// disabled (so they never run it) that ingest events at times in between: the
// rule windows on event.ingested, which they stamp from their faked clock.
// The restart runs on the real clock.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/reliability/detection_database.hpp"
#include "tests/support/daemon_fixture.hpp"
#include "tests/support/test_data.hpp"

namespace vigil::test {
namespace {

using namespace detection;

constexpr int kEventsPerIngest = 3;

// libfaketime from Debian's faketime package, wherever the architecture puts it.
std::filesystem::path libfaketime() {
  std::vector<std::filesystem::path> dirs = {"/usr/lib/faketime"};
  std::error_code ignored;
  for (const auto& entry : std::filesystem::directory_iterator("/usr/lib", ignored)) {
    dirs.push_back(entry.path() / "faketime");
  }
  for (const auto& dir : dirs) {
    if (std::filesystem::exists(dir / "libfaketime.so.1", ignored)) return dir / "libfaketime.so.1";
  }
  return {};
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class Downtime : public ::testing::Test {
 protected:
  void SetUp() override {
    faketime_ = libfaketime();
    ASSERT_FALSE(faketime_.empty()) << "libfaketime is not installed; install the test clients with "
                                       "`sudo scripts/install-deps.sh --with-test-clients`";
    // Daemons that ingest while the scheduling one is "down" never run the rule.
    ingest_only_ = write_config("ingest-only.toml", "[rules]\ndisabled = [\"" + kRuleId + "\"]\n");
  }

  std::filesystem::path write_config(const std::string& name, const std::string& text) {
    const auto path = dir_ / name;
    std::ofstream(path) << text;
    return path;
  }

  // A vigild on the test's data dir whose clock reads `minutes_ago` minutes
  // in the past (0: the real clock).
  std::unique_ptr<Daemon> start(int minutes_ago, const std::filesystem::path& config) {
    std::vector<std::string> env;
    if (minutes_ago > 0) {
      env = {"LD_PRELOAD=" + faketime_.string(), "FAKETIME=-" + std::to_string(minutes_ago) + "m",
             "FAKETIME_DONT_FAKE_MONOTONIC=1"};
      // An ASan build refuses to start unless its runtime is loaded first,
      // and a preloaded libfaketime comes before it.
      const char* asan = std::getenv("ASAN_OPTIONS");
      env.push_back("ASAN_OPTIONS=" + (asan ? std::string(asan) + ":" : std::string()) + "verify_asan_link_order=0");
    }
    return std::make_unique<Daemon>(
        std::vector<std::string>{"--rules-dir", (source_dir() / "rules" / "windows").string(), "--config",
                                 config.string()},
        data_, env);
  }

  // The rule's runs, newest first, as the API reports them.
  static nlohmann::json runs(Daemon& daemon) {
    const auto res = daemon.client().get("/api/v1/rules/" + kRuleId + "/runs?limit=100");
    EXPECT_EQ(res.status, 200) << res.body;
    return res.json()["runs"];
  }

  // Runs the rule once, `minutes_ago` minutes ago (its start-up run), and
  // returns the end of the window it covered.
  std::int64_t run_rule_at(int minutes_ago, const std::filesystem::path& config) {
    auto daemon = start(minutes_ago, config);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (runs(*daemon).empty() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_EQ(daemon->stop(), 0) << daemon->log();
    const auto records = read_rule_records(database());
    EXPECT_EQ(records.runs.size(), 1u);
    EXPECT_TRUE(records.last_window_end);
    return records.last_window_end.value_or(0);
  }

  // Ingests matching events with the clock `minutes_ago` minutes back, from
  // a daemon that does not run the rule; returns their ids.
  std::vector<std::string> ingest_at(int minutes_ago) {
    std::vector<std::string> ids;
    for (int n = 0; n < kEventsPerIngest; ++n)
      ids.push_back(std::to_string(minutes_ago) + "m-ago-" + std::to_string(n));
    auto daemon = start(minutes_ago, ingest_only_);
    ingest_matching(daemon->client(), ids);
    EXPECT_EQ(daemon->stop(), 0) << daemon->log();
    return ids;
  }

  // Restarts on the real clock and waits for the start-up run's normal
  // window (the one ending at the restart, after any catch-up windows).
  // Returns the runs the restart recorded, oldest first; `daemon` is left
  // running.
  std::vector<nlohmann::json> restart(const std::filesystem::path& config, std::unique_ptr<Daemon>& daemon,
                                      std::int64_t& restarted_at) {
    const auto recorded_before = read_rule_records(database()).runs.size();
    restarted_at = now_ms();
    daemon = start(0, config);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
      const auto newest = runs(*daemon);
      if (!newest.empty() && newest[0]["window_end"].get<std::string>() >= format_time(restarted_at)) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    const auto records = read_rule_records(database());
    std::vector<nlohmann::json> since;
    for (std::size_t n = recorded_before; n < records.runs.size(); ++n) since.push_back(records.runs[n].doc);
    EXPECT_FALSE(since.empty() || since.back()["window_end"].get<std::string>() < format_time(restarted_at))
        << "the restart did not run the rule in 20 s:\n"
        << daemon->log();
    return since;
  }

  // Ids of the events the rule alerted on, checking each alert's id and
  // that no event has two.
  std::multiset<std::string> alerted_events() {
    std::multiset<std::string> events;
    for (const auto& a : read_rule_records(database()).alerts) {
      EXPECT_EQ(a.id, expected_alert_id(a.event_id));
      events.insert(a.event_id);
    }
    return events;
  }

  std::filesystem::path database() const { return data_ / "vigil.db"; }

  TempDir dir_;
  std::filesystem::path data_ = dir_ / "data";
  std::filesystem::path faketime_;
  std::filesystem::path ingest_only_;
};

TEST_F(Downtime, RestartCatchesUpOnEveryEventIngestedWhileItWasDown) {
  const auto config = write_config("vigil.toml", "");  // max_catchup_minutes: 1440
  const auto last_end = run_rule_at(40, config);

  // One batch in each 9-minute catch-up window after the last one covered,
  // and one in the normal window of the restart.
  std::multiset<std::string> expected;
  for (const int minutes_ago : {35, 27, 17, 11, 5}) {
    for (const auto& id : ingest_at(minutes_ago)) expected.insert(id);
  }
  EXPECT_EQ(read_rule_records(database()).runs.size(), 1u) << "the ingest-only daemons ran the rule";

  std::unique_ptr<Daemon> daemon;
  std::int64_t restarted_at = 0;
  const auto runs = restart(config, daemon, restarted_at);
  ASSERT_EQ(daemon->stop(), 0) << daemon->log();
  EXPECT_EQ(alerted_events(), expected);

  // Windows back to back from where the last run before the downtime ended:
  // nothing skipped, nothing reported missing.
  ASSERT_GE(runs.size(), 5u) << "four catch-up windows and the normal one";
  std::string covered_to = format_time(last_end);
  for (const auto& run : runs) {
    EXPECT_EQ(run["window_start"], covered_to) << run.dump();
    EXPECT_EQ(run["status"], "succeeded") << run.dump();
    EXPECT_TRUE(run["warnings"].empty()) << run.dump();
    covered_to = run["window_end"];
  }
  std::cout << "downtime of " << (restarted_at - last_end) / 60000.0 << " min covered by " << runs.size() - 1
            << " catch-up windows and the normal one, from " << runs.front()["window_start"].get<std::string>()
            << " to " << covered_to << "; " << expected.size() << " alerts expected, " << alerted_events().size()
            << " found\n";
}

TEST_F(Downtime, TimeBeyondMaxCatchupIsReportedAsAGap) {
  const auto config = write_config("vigil.toml", "[rules]\nmax_catchup_minutes = 10\n");
  const auto last_end = run_rule_at(40, config);
  // Searched by the restart: within the 10 minutes before its 9-minute window.
  const auto covered = ingest_at(14);
  // Older than the 10 minutes of catch-up: never searched.
  const auto lost = ingest_at(30);

  std::unique_ptr<Daemon> daemon;
  std::int64_t restarted_at = 0;
  const auto runs = restart(config, daemon, restarted_at);
  const auto metrics = daemon->client().get("/metrics").body;
  ASSERT_EQ(daemon->stop(), 0) << daemon->log();

  EXPECT_EQ(alerted_events(), std::multiset<std::string>(covered.begin(), covered.end()))
      << "events older than the catch-up limit must not be searched, the others must alert once";
  ASSERT_FALSE(runs.empty());
  // Reported on the first run, the one that moves the rule past the gap.
  const auto& first = runs.front();
  EXPECT_EQ(first["status"], "partial") << first.dump();
  ASSERT_EQ(first["warnings"].size(), 1u) << first.dump();
  const auto warning = first["warnings"][0].get<std::string>();
  EXPECT_TRUE(warning.starts_with("gap of ")) << warning;
  EXPECT_NE(warning.find("events from " + format_time(last_end) + " to " + first["window_start"].get<std::string>()),
            std::string::npos)
      << warning;
  EXPECT_NE(warning.find("catch-up is limited to 10 minutes"), std::string::npos) << warning;
  EXPECT_NE(metrics.find("vigil_rule_gaps_total{rule=\"" + kRuleId + "\"} 1"), std::string::npos) << metrics;
  for (std::size_t n = 1; n < runs.size(); ++n) EXPECT_EQ(runs[n]["status"], "succeeded") << runs[n].dump();
  std::cout << "gap reported: " << warning << "\n";
}

}  // namespace
}  // namespace vigil::test
