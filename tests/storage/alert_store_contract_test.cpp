// The AlertStore contract (engine/store/alert_store.hpp): filters, sorts,
// keyset paging and counts, on every storage backend.
#include "tests/storage/alert_store_contract.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>

namespace vigil::storage::alert_store_test {
namespace {

TEST_P(AlertStoreContract, ExistingAlertIdsNamesTheStoredOnesOfMany) {
  seed_five();

  auto found = alerts.existing_alert_ids(Ids{"a3", "nope", "a1", "a3"});
  std::sort(found.begin(), found.end());

  EXPECT_EQ(found, (Ids{"a1", "a3"}));
  EXPECT_TRUE(alerts.existing_alert_ids({}).empty());
}

TEST_P(AlertStoreContract, ListFiltersByColumns) {
  seed_five();
  EXPECT_EQ(select({}), (Ids{"a1", "a2", "a3", "a4", "a5"}));
  EXPECT_EQ(select(with([](auto& f) { f.rule_ids = {"r1"}; })), (Ids{"a1", "a2"}));
  EXPECT_EQ(select(with([](auto& f) { f.rule_ids = {"r1", "r3"}; })), (Ids{"a1", "a2", "a4"}));
  EXPECT_EQ(select(with([](auto& f) { f.severities = {"medium"}; })), (Ids{"a2", "a4"}));
  EXPECT_EQ(select(with([](auto& f) { f.severities = {"high", "critical"}; })), (Ids{"a3", "a5"}));
  EXPECT_EQ(select(with([](auto& f) { f.host = "WS1"; })), (Ids{"a1", "a3"}));
  EXPECT_EQ(select(with([](auto& f) { f.host = "ws1"; })), Ids{});  // exact
  EXPECT_EQ(select(with([](auto& f) { f.user = "bob"; })), (Ids{"a2", "a3"}));
  EXPECT_EQ(select(with([](auto& f) {
              f.rule_ids = {"r2"};
              f.host = "WS1";
            })),
            (Ids{"a3"}));
  EXPECT_EQ(select(with([](auto& f) { f.rule_ids = {"nope"}; })), Ids{});
}

TEST_P(AlertStoreContract, TechniqueMatchesSubTechniquesAndTacticMatchesExactly) {
  seed_five();
  EXPECT_EQ(select(with([](auto& f) { f.technique = "T1098"; })), (Ids{"a1", "a3", "a5"}));
  EXPECT_EQ(select(with([](auto& f) { f.technique = "T1098.002"; })), (Ids{"a1"}));
  EXPECT_EQ(select(with([](auto& f) { f.technique = "T1098.001"; })), (Ids{"a3"}));
  EXPECT_EQ(select(with([](auto& f) { f.technique = "T1059"; })), (Ids{"a2"}));
  EXPECT_EQ(select(with([](auto& f) { f.technique = "T109"; })), Ids{});
  EXPECT_EQ(select(with([](auto& f) { f.tactic = "TA0003"; })), (Ids{"a1", "a3", "a5"}));
  EXPECT_EQ(select(with([](auto& f) { f.tactic = "TA0004"; })), (Ids{"a3"}));
  EXPECT_EQ(select(with([](auto& f) {
              f.technique = "T1098";
              f.tactic = "TA0004";
            })),
            (Ids{"a3"}));
}

TEST_P(AlertStoreContract, TimeRangeIsSinceInclusiveUntilExclusiveOnEitherTimeField) {
  seed_five();
  EXPECT_EQ(select(with([](auto& f) { f.since = 2000; })), (Ids{"a2", "a3", "a4", "a5"}));
  EXPECT_EQ(select(with([](auto& f) { f.until = 2000; })), (Ids{"a1"}));
  EXPECT_EQ(select(with([](auto& f) {
              f.since = 2000;
              f.until = 3000;
            })),
            (Ids{"a2", "a5"}));
  const auto original = [](std::optional<engine::TimeMs> since, std::optional<engine::TimeMs> until) {
    return with([&](auto& f) {
      f.time_field = engine::AlertTimeField::kOriginalTime;
      f.since = since;
      f.until = until;
    });
  };
  EXPECT_EQ(select(original(400, std::nullopt)), (Ids{"a1", "a4", "a5"}));
  EXPECT_EQ(select(original(std::nullopt, 400)), (Ids{"a3"}));  // no original_time: outside any range
  EXPECT_EQ(select(original(0, 10000)), (Ids{"a1", "a3", "a4", "a5"}));
}

TEST_P(AlertStoreContract, TextIsCaseInsensitiveSubstringOfReasonHostUserAndCommandLine) {
  seed_five();
  EXPECT_EQ(select(with([](auto& f) { f.text = "DEVICE"; })), (Ids{"a1"}));           // reason
  EXPECT_EQ(select(with([](auto& f) { f.text = "ws2"; })), (Ids{"a2", "a5"}));        // host
  EXPECT_EQ(select(with([](auto& f) { f.text = "Bob"; })), (Ids{"a1", "a2", "a3"}));  // command line, user
  EXPECT_EQ(select(with([](auto& f) { f.text = "-ENC aaa"; })), (Ids{"a2"}));         // command line
  EXPECT_EQ(select(with([](auto& f) { f.text = "%"; })), (Ids{"a4"}));                // literal, not LIKE
  EXPECT_EQ(select(with([](auto& f) { f.text = "_"; })), Ids{});
  EXPECT_EQ(select(with([](auto& f) { f.text = "mail"; })), (Ids{"a1", "a4", "a5"}));
}

// Issue 33: q=ключ missed КЛЮЧ, as SQLite's lower() folds ASCII only.
TEST_P(AlertStoreContract, TextIgnoresCaseBeyondAscii) {
  seed({{.id = "ru", .host = "СЕРВЕР-1", .user = "Ёжик", .reason = "КЛЮЧ реестра изменён"},
        {.id = "el", .reason = "ΚΛΕΙΔΊ"},
        {.id = "de", .reason = "STRAẞE"}});
  EXPECT_EQ(select(with([](auto& f) { f.text = "ключ"; })), (Ids{"ru"}));
  EXPECT_EQ(select(with([](auto& f) { f.text = "Ключ РЕЕСТРА"; })), (Ids{"ru"}));
  EXPECT_EQ(select(with([](auto& f) { f.text = "сервер-1"; })), (Ids{"ru"}));  // host
  EXPECT_EQ(select(with([](auto& f) { f.text = "ёжик"; })), (Ids{"ru"}));      // user
  EXPECT_EQ(select(with([](auto& f) { f.text = "κλειδί"; })), (Ids{"el"}));
  EXPECT_EQ(select(with([](auto& f) { f.text = "straße"; })), (Ids{"de"}));
  EXPECT_EQ(select(with([](auto& f) { f.text = "strasse"; })), Ids{}) << "simple folding: ß stays one letter";
}

// A NUL in an event's host or user name reaches the alert built from it;
// PostgreSQL text cannot hold one, and the run must commit all the same.
TEST_P(AlertStoreContract, AnAlertWhoseNamesHoldNulIsStoredAndFound) {
  seed({{.id = "nul", .host = std::string("WS\0X", 4), .user = std::string("\0bob", 4), .reason = "odd names"}});
  EXPECT_EQ(select(with([](auto& f) { f.text = "odd"; })), (Ids{"nul"}));
  EXPECT_EQ((*alerts.get("nul"))["host"]["name"], std::string("WS\0X", 4));
}

TEST_P(AlertStoreContract, StatusAndClassificationFiltersFollowTriage) {
  seed_five();
  engine::AlertChange close;
  close.status = engine::triage::AlertStatus::kClosed;
  alerts.update("a1", close, actor());
  engine::AlertChange ack;
  ack.status = engine::triage::AlertStatus::kAcknowledged;
  ack.classification = std::optional<std::string>("true_positive");
  alerts.update("a2", ack, actor());

  EXPECT_EQ(select(with([](auto& f) { f.statuses = {"open"}; })), (Ids{"a3", "a4", "a5"}));
  EXPECT_EQ(select(with([](auto& f) { f.statuses = {"closed"}; })), (Ids{"a1"}));
  EXPECT_EQ(select(with([](auto& f) { f.statuses = {"closed", "acknowledged"}; })), (Ids{"a1", "a2"}));
  EXPECT_EQ(select(with([](auto& f) { f.classifications = {"none"}; })), (Ids{"a1", "a3", "a4", "a5"}));
  EXPECT_EQ(select(with([](auto& f) { f.classifications = {"true_positive"}; })), (Ids{"a2"}));
  EXPECT_EQ(select(with([](auto& f) { f.classifications = {"false_positive"}; })), Ids{});
  EXPECT_EQ(select(with([](auto& f) {
              f.classifications = {"true_positive", "none"};
            })),
            (Ids{"a1", "a2", "a3", "a4", "a5"}));
  EXPECT_EQ(select(with([](auto& f) { f.classifications = {"true_positive", "false_positive"}; })), (Ids{"a2"}));
}

struct SortCase {
  AlertSort sort;
  bool ascending;
  Ids expected;
};

TEST_P(AlertStoreContract, EverySortInBothOrdersBreaksTiesBySeqAndPagesWithoutGaps) {
  seed_five();
  const std::vector<SortCase> cases = {
      {AlertSort::kCreatedAt, true, {"a1", "a2", "a5", "a3", "a4"}},
      {AlertSort::kCreatedAt, false, {"a4", "a3", "a5", "a2", "a1"}},
      // No original_time sorts before every value ascending, after them descending.
      {AlertSort::kOriginalTime, true, {"a2", "a3", "a4", "a5", "a1"}},
      {AlertSort::kOriginalTime, false, {"a1", "a5", "a4", "a3", "a2"}},
      {AlertSort::kRiskScore, true, {"a1", "a2", "a4", "a3", "a5"}},
      {AlertSort::kRiskScore, false, {"a5", "a3", "a4", "a2", "a1"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::to_string(static_cast<int>(c.sort)) + (c.ascending ? " asc" : " desc"));
    AlertQuery query;
    query.sort = c.sort;
    query.ascending = c.ascending;
    EXPECT_EQ(ids(query), c.expected);
    for (std::size_t size : {1u, 2u, 3u, 5u}) EXPECT_EQ(walk(query, size), c.expected) << "page size " << size;
  }
}

// A technique or tactic sorted by creation time is read from the tag's own
// index; filtered further, bounded in time or sorted otherwise, it must
// select and order exactly as the untagged path does.
TEST_P(AlertStoreContract, TaggedSelectionsSortPageAndCountLikeAnyOther) {
  seed_five();
  for (const bool ascending : {false, true}) {
    AlertQuery query;
    query.filter.technique = "T1098";
    query.ascending = ascending;
    const Ids newest_first = {"a3", "a5", "a1"};
    const Ids expected = ascending ? Ids(newest_first.rbegin(), newest_first.rend()) : newest_first;
    for (std::size_t size : {1u, 2u, 3u}) EXPECT_EQ(walk(query, size), expected) << "page size " << size;
  }
  AlertQuery by_risk;
  by_risk.filter.tactic = "TA0003";
  by_risk.sort = AlertSort::kRiskScore;
  EXPECT_EQ(walk(by_risk, 2), (Ids{"a5", "a3", "a1"}));
  EXPECT_EQ(select(with([](auto& f) {
              f.technique = "T1098";
              f.since = 2000;
              f.until = 3001;
            })),
            (Ids{"a3", "a5"}));
  EXPECT_EQ(select(with([](auto& f) {
              f.tactic = "TA0003";
              f.user = "alice";
            })),
            (Ids{"a1", "a5"}));
  EXPECT_EQ(select(with([](auto& f) {
              f.technique = "T1098";
              f.time_field = engine::AlertTimeField::kOriginalTime;
              f.since = 400;
            })),
            (Ids{"a1", "a5"}));
  AlertQuery capped;
  capped.filter.tactic = "TA0003";
  capped.count_limit = 2;
  const auto page = alerts.list(capped);
  EXPECT_EQ(page.total, 2u);
  EXPECT_FALSE(page.total_exact);
  EXPECT_EQ(page.alerts.size(), 3u);
}

TEST_P(AlertStoreContract, PageReportsTotalAndNextOnlyWhenMoreFollow) {
  seed_five();
  AlertQuery query;
  query.limit = 2;
  query.filter.rule_ids = {"r1", "r2"};
  auto page = alerts.list(query);
  EXPECT_EQ(page.total, 4u);
  ASSERT_EQ(page.alerts.size(), 2u);
  ASSERT_TRUE(page.next);
  EXPECT_EQ(page.next->seq, 5);  // a5, created_at 2000
  EXPECT_EQ(page.next->key, 2000);
  query.after = page.next;
  page = alerts.list(query);
  EXPECT_EQ(page.total, 4u);  // regardless of the cursor
  ASSERT_EQ(page.alerts.size(), 2u);
  EXPECT_FALSE(page.next);  // exactly the last two
}

TEST_P(AlertStoreContract, ASinkRefusingAnAlertEndsThePageJustBeforeIt) {
  seed_five();
  AlertQuery query;
  query.limit = 100;
  // Takes two alerts a page, as a caller bounding a page's bytes would.
  const auto pages = [&](AlertQuery q) {
    std::vector<Ids> out;
    for (;;) {
      Ids taken;
      const auto page = alerts.list(q, [&](std::string&& text) {
        if (taken.size() == 2) return false;
        taken.push_back(nlohmann::json::parse(text).at("id"));
        return true;
      });
      EXPECT_TRUE(page.alerts.empty()) << "a sink's alerts are not collected too";
      EXPECT_EQ(page.total, 5u);
      out.push_back(taken);
      if (!page.next) return out;
      q.after = page.next;
    }
  };
  EXPECT_EQ(pages(query), (std::vector<Ids>{{"a4", "a3"}, {"a5", "a2"}, {"a1"}}));
  query.ascending = true;
  query.sort = AlertSort::kOriginalTime;
  EXPECT_EQ(pages(query), (std::vector<Ids>{{"a2", "a3"}, {"a4", "a5"}, {"a1"}}));
  // Refusing the first alert ends the page empty, with nowhere to go on to.
  const auto refused = alerts.list(query, [](std::string&&) { return false; });
  EXPECT_FALSE(refused.next);
}

TEST_P(AlertStoreContract, CountingStopsAtTheCountLimitAndSaysSo) {
  seed_five();
  AlertQuery query;
  query.limit = 1;
  query.count_limit = 3;
  auto page = alerts.list(query);
  EXPECT_EQ(page.total, 3u);
  EXPECT_FALSE(page.total_exact);
  query.count_limit = 0;
  page = alerts.list(query);
  EXPECT_EQ(page.total, 5u);
  EXPECT_TRUE(page.total_exact);
  query.count_limit = 6;
  page = alerts.list(query);
  EXPECT_EQ(page.total, 5u);
  EXPECT_TRUE(page.total_exact);
}

TEST_P(AlertStoreContract, PagingDuringInsertsNeitherSkipsNorRepeats) {
  std::vector<Seed> initial;
  for (int i = 0; i < 200; ++i)
    initial.push_back({.id = "old" + std::to_string(i), .created_at = 1000 + i % 50, .risk_score = i % 7 * 10});
  seed(initial);

  for (const auto& [sort, ascending] : std::vector<std::pair<AlertSort, bool>>{
           {AlertSort::kCreatedAt, false}, {AlertSort::kCreatedAt, true}, {AlertSort::kRiskScore, false}}) {
    SCOPED_TRACE(static_cast<int>(sort));
    std::atomic<int> pages_read{0};
    std::atomic<int> batches_written{0};
    std::atomic<bool> done{false};
    std::thread writer([&] {
      for (int batch = 0; !done; ++batch) {
        // At most one batch ahead of the reader, so inserts land between pages.
        while (batches_written > pages_read && !done) std::this_thread::yield();
        std::vector<Seed> fresh;
        for (int i = 0; i < 3; ++i) {
          const auto n = std::to_string(static_cast<int>(sort)) + "-" + std::to_string(batch) + "-" + std::to_string(i);
          fresh.push_back({.id = "new" + n, .created_at = 2000 + batch, .risk_score = (batch * 3 + i) % 7 * 10});
        }
        seed(fresh);
        ++batches_written;
      }
    });

    AlertQuery query;
    query.sort = sort;
    query.ascending = ascending;
    query.limit = 9;
    std::vector<std::string> seen;
    for (int page_no = 0; page_no < 1000; ++page_no) {
      while (batches_written <= pages_read) std::this_thread::yield();
      const auto page = alerts.list(query);
      for (const auto& text : page.alerts) seen.push_back(nlohmann::json::parse(text).at("id"));
      ++pages_read;
      if (!page.next) break;
      query.after = page.next;
    }
    done = true;
    writer.join();

    const std::set<std::string> unique(seen.begin(), seen.end());
    EXPECT_EQ(unique.size(), seen.size()) << "an alert was repeated";
    for (const auto& s : initial) EXPECT_TRUE(unique.count(s.id)) << s.id << " was skipped";
    EXPECT_GT(batches_written.load(), 10);
  }
}

INSTANTIATE_TEST_SUITE_P(SQLite, AlertStoreContract, ::testing::Values(testing::sqlite_backend()),
                         testing::backend_name);
INSTANTIATE_TEST_SUITE_P(PostgreSQL, AlertStoreContract, ::testing::Values(testing::postgresql_backend()),
                         testing::backend_name);

}  // namespace
}  // namespace vigil::storage::alert_store_test
