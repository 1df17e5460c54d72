// Crash safety of detection: vigild SIGKILLed in the middle of rule runs
// (the scheduler's start-up run, or manual _run calls back to back) leaves
// no half-written run. SqliteRunStore::commit_run stores a run's alerts, its
// run record and the rule's last window end in one transaction, and nothing
// is written before it, so an interrupted run is absent from the history,
// and the next run creates exactly the alerts still missing. Half the kills
// land at a random moment (mostly while a run scans), half at the first write
// of a run's commit to the WAL, the moment a run whose alerts, record and
// state were committed piecemeal would be caught half-written.
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <iostream>
#include <random>
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

constexpr std::size_t kMaxSignals = 100;  // the rule's max_signals
// Twelve full runs of alerts to create, so most kills interrupt a run that
// has alerts to commit, and each run scans enough events to be killed in.
constexpr int kMatching = 1200;
constexpr int kKillRounds = 12;

// Sees writes to the database's WAL from the moment it is made. With nothing
// ingesting, the first one is a rule run committing.
class WalWrites {
 public:
  explicit WalWrites(const std::filesystem::path& data_dir) : fd_(inotify_init1(IN_CLOEXEC)) {
    EXPECT_GE(inotify_add_watch(fd_, data_dir.c_str(), IN_MODIFY), 0) << data_dir;
  }
  ~WalWrites() { close(fd_); }
  WalWrites(const WalWrites&) = delete;
  WalWrites& operator=(const WalWrites&) = delete;

  // Whether vigil.db-wal was written to within `limit`.
  bool wait(std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    alignas(inotify_event) char buffer[4096];
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd ready{fd_, POLLIN, 0};
      if (poll(&ready, 1, 10) <= 0) continue;
      const auto size = read(fd_, buffer, sizeof buffer);
      for (ssize_t at = 0; at < size;) {
        const auto* event = reinterpret_cast<const inotify_event*>(buffer + at);
        if (event->len > 0 && std::string(event->name) == "vigil.db-wal") return true;
        at += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
      }
    }
    return false;
  }

 private:
  int fd_;
};

std::vector<std::string> daemon_args() { return {"--rules-dir", (source_dir() / "rules" / "windows").string()}; }

// How far the checks have come: the last run checked and the alerts stored
// when it committed.
struct Progress {
  std::int64_t last_seq = 0;
  std::size_t alerted = 0;
};

// Checks the database as a kill (or a clean stop) left it: intact; every run
// record whole and finished; every alert on a matching event, under its
// deterministic id, once; the rule state at the end of the last recorded
// window; and every run recorded since `progress` created exactly the alerts
// still missing (max_signals at most) and skipped the ones already there.
void check_records(const RuleRecords& r, const std::set<std::string>& matching, Progress& progress,
                   const std::string& when) {
  EXPECT_EQ(r.integrity, "ok") << when;
  std::set<std::string> alert_ids;
  for (const auto& a : r.alerts) {
    EXPECT_TRUE(matching.contains(a.event_id)) << when << ": alert on an unexpected event " << a.event_id;
    EXPECT_EQ(a.id, expected_alert_id(a.event_id)) << when << ": alert id of event " << a.event_id;
    EXPECT_TRUE(alert_ids.insert(a.id).second) << when << ": alert " << a.id << " stored twice";
  }
  std::string last_window_end;
  for (const auto& run : r.runs) {
    ASSERT_FALSE(run.doc.is_null()) << when << ": run " << run.seq << " is not a whole JSON record";
    EXPECT_EQ(run.doc.value("status", ""), run.status) << when << ": run " << run.seq;
    EXPECT_TRUE(run.status == "succeeded" || run.status == "partial") << when << ": " << run.doc.dump();
    last_window_end = std::max(last_window_end, run.doc.value("window_end", ""));
    if (run.seq <= progress.last_seq) continue;
    const auto missing = matching.size() - progress.alerted;
    EXPECT_EQ(run.doc["matches"], matching.size()) << when << ": " << run.doc.dump();
    EXPECT_EQ(run.doc["duplicates_skipped"], progress.alerted) << when << ": " << run.doc.dump();
    EXPECT_EQ(run.doc["alerts_created"], std::min(missing, kMaxSignals)) << when << ": " << run.doc.dump();
    progress.alerted += run.doc["alerts_created"].get<std::size_t>();
    progress.last_seq = run.seq;
  }
  EXPECT_EQ(r.alerts.size(), progress.alerted) << when << ": alerts stored without their run record, or the reverse";
  ASSERT_TRUE(r.last_window_end) << when;
  EXPECT_EQ(format_time(*r.last_window_end), last_window_end) << when << ": rule state and run history disagree";
}

TEST(RuleRunKill9, InterruptedRunsLeaveNoTraceAndTheNextRunCreatesExactlyTheMissingAlerts) {
  TempDir dir;
  const auto data = dir / "data";
  const auto database = data / "vigil.db";
  std::set<std::string> matching;
  std::vector<std::string> ids;
  for (int n = 0; n < kMatching; ++n) ids.push_back("m" + std::to_string(n));
  matching.insert(ids.begin(), ids.end());

  // All events arrive now, so every run of the test (seconds) has all of
  // them in its 9-minute window. One run of them sets the kill range.
  std::chrono::milliseconds run_time{0};
  {
    Daemon daemon(daemon_args(), data);
    ASSERT_NO_FATAL_FAILURE(ingest_matching(daemon.client(), ids));
    const auto began = std::chrono::steady_clock::now();
    const auto run = daemon.client().post(kRunPath, "");
    run_time = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - began);
    ASSERT_EQ(run.status, 200) << run.body;
    ASSERT_EQ(daemon.stop(), 0) << daemon.log();
  }
  const auto loaded = read_rule_records(database);
  ASSERT_FALSE(loaded.runs.empty());
  Progress progress{loaded.runs.back().seq, loaded.alerts.size()};

  std::mt19937 random(20261123);
  // Start-up makes a scheduled run at once and the manual runs queue behind
  // it, so kills within two run times land in one or the other.
  std::uniform_int_distribution<long> kill_after(0, 2 * std::max<long>(run_time.count(), 20));
  int kills_in_flight = 0;
  std::atomic<int> runs_answered{0};
  std::vector<std::size_t> alerts_at_kill;
  for (int round = 0; round < kKillRounds; ++round) {
    Daemon daemon(daemon_args(), data);
    std::atomic<bool> stop{false};
    std::atomic<bool> in_flight{false};
    std::thread runner([&] {
      HttpClient client(daemon.host(), daemon.port());
      while (!stop) {
        try {
          ASSERT_EQ(client.post(kRunPath, "").status, 200);
          ++runs_answered;
        } catch (const std::exception&) {
          in_flight = true;  // the daemon died while this run was requested
          return;
        }
      }
    });
    bool committed = true;
    if (round % 2 == 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(kill_after(random)));
    } else {
      // Alternately the start-up run's commit and, once a manual run was
      // answered, the next manual run's.
      const int answered = runs_answered;
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
      while (round % 4 == 3 && runs_answered == answered && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
      committed = WalWrites(data).wait(std::chrono::seconds(20));
    }
    daemon.kill_hard();
    stop = true;
    runner.join();
    ASSERT_TRUE(committed) << "round " << round << ": no run committed in 20 s:\n" << daemon.log();
    kills_in_flight += in_flight ? 1 : 0;

    const auto records = read_rule_records(database);
    ASSERT_NO_FATAL_FAILURE(check_records(records, matching, progress, "after kill " + std::to_string(round)));
    alerts_at_kill.push_back(records.alerts.size());
  }

  // The restart's runs create what is still missing, then nothing more.
  Daemon daemon(daemon_args(), data);
  for (int n = 0; n <= kMatching / static_cast<int>(kMaxSignals); ++n) {
    const auto run = daemon.client().post(kRunPath, "");
    ASSERT_EQ(run.status, 200) << run.body;
    if (run.json()["alerts_created"] == 0 && run.json()["truncated"] == false) break;
  }
  ASSERT_EQ(daemon.stop(), 0) << daemon.log();
  const auto records = read_rule_records(database);
  ASSERT_NO_FATAL_FAILURE(check_records(records, matching, progress, "after the last restart"));
  std::set<std::string> alerted;
  for (const auto& a : records.alerts) alerted.insert(a.event_id);
  EXPECT_EQ(alerted, matching) << "every matching event must have its alert";
  EXPECT_EQ(records.alerts.size(), matching.size());

  std::cout << kKillRounds << " kills, half at a commit (" << kills_in_flight
            << " with a run in flight; one run takes about " << run_time.count() << " ms); " << runs_answered
            << " manual runs answered between kills; " << records.runs.size()
            << " runs recorded; alerts stored at each kill:";
  for (const auto n : alerts_at_kill) std::cout << " " << n;
  std::cout << "; " << records.alerts.size() << " of " << matching.size() << " expected alerts at the end\n";
}

}  // namespace
}  // namespace vigil::test
