#include "storage/sqlite/sqlite_alert_store.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>

#include "storage/sqlite/sqlite_run_store.hpp"
#include "tests/storage/sqlite/alert_seed.hpp"
#include "tests/support/temp_dir.hpp"

namespace vigil::storage {
namespace {

using engine::AlertFilter;
using engine::AlertQuery;
using engine::AlertSort;
using testing::make_alert;
using testing::Seed;
using testing::seed_run;
using Ids = std::vector<std::string>;

class SqliteAlertStoreTest : public ::testing::Test {
 protected:
  test::TempDir dir;
  Database db{Database::Options{dir / "vigil.db"}};
  SqliteRunStore runs{db};
  SqliteAlertStore alerts{db};

  void seed(const std::vector<Seed>& seeds) {
    std::vector<engine::Alert> batch;
    for (const auto& s : seeds) batch.push_back(make_alert(s));
    runs.commit_run(seed_run(), batch);
  }

  // Five alerts stored in this order (seq 1..5), with ties on every sort key
  // so that the seq tie-breaker shows.
  void seed_five() {
    seed({
        {.id = "a1",
         .rule = "r1",
         .created_at = 1000,
         .original_time = 500,
         .severity = "low",
         .risk_score = 21,
         .host = "WS1",
         .user = "alice",
         .mitre = {"T1098", "T1098.002"},
         .tactics = {"TA0003"},
         .reason = "PowerShell added a Device",
         .command_line = "Set-CASMailbox -Identity Bob"},
        {.id = "a2",
         .rule = "r1",
         .created_at = 2000,
         .original_time = std::nullopt,
         .severity = "medium",
         .risk_score = 47,
         .host = "WS2",
         .user = "bob",
         .mitre = {"T1059", "T1059.001"},
         .tactics = {"TA0002"},
         .reason = "Script ran",
         .command_line = "powershell -enc AAA"},
        {.id = "a3",
         .rule = "r2",
         .created_at = 3000,
         .original_time = 100,
         .severity = "high",
         .risk_score = 73,
         .host = "WS1",
         .user = "bob",
         .mitre = {"T1098.001"},
         .tactics = {"TA0003", "TA0004"},
         .reason = "Credentials added"},
        {.id = "a4",
         .rule = "r3",
         .created_at = 4000,
         .original_time = 400,
         .severity = "medium",
         .risk_score = 47,
         .host = "SRV",
         .user = "carol",
         .reason = "Mail forwarding at 50% volume",
         .command_line = ""},
        {.id = "a5",
         .rule = "r2",
         .created_at = 2000,
         .original_time = 400,
         .severity = "critical",
         .risk_score = 99,
         .host = "WS2",
         .user = "alice",
         .mitre = {"T1098"},
         .tactics = {"TA0003"},
         .reason = "Mailbox permission"},
    });
  }

  Ids ids(const AlertQuery& query) {
    Ids out;
    for (const auto& text : alerts.list(query).alerts) out.push_back(nlohmann::json::parse(text).at("id"));
    return out;
  }

  // The ids a filter selects, sorted by id.
  Ids select(const AlertFilter& filter) {
    AlertQuery query;
    query.filter = filter;
    query.limit = 1000;
    auto out = ids(query);
    std::sort(out.begin(), out.end());
    EXPECT_EQ(alerts.list(query).total, out.size());
    return out;
  }

  // Every page of a query, following the cursors.
  Ids walk(AlertQuery query, std::size_t page_size) {
    query.limit = page_size;
    Ids out;
    for (;;) {
      const auto page = alerts.list(query);
      for (const auto& text : page.alerts) out.push_back(nlohmann::json::parse(text).at("id"));
      if (!page.next) return out;
      EXPECT_EQ(page.alerts.size(), page_size);
      query.after = page.next;
    }
  }

  engine::AlertActor actor(engine::TimeMs at = 5000) { return {"analyst", at}; }
};

AlertFilter with(std::function<void(AlertFilter&)> set) {
  AlertFilter f;
  set(f);
  return f;
}

TEST_F(SqliteAlertStoreTest, ExistingAlertIdsNamesTheStoredOnesOfMany) {
  seed_five();

  auto found = alerts.existing_alert_ids(Ids{"a3", "nope", "a1", "a3"});
  std::sort(found.begin(), found.end());

  EXPECT_EQ(found, (Ids{"a1", "a3"}));
  EXPECT_TRUE(alerts.existing_alert_ids({}).empty());
}

TEST_F(SqliteAlertStoreTest, ListFiltersByColumns) {
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

TEST_F(SqliteAlertStoreTest, TechniqueMatchesSubTechniquesAndTacticMatchesExactly) {
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

TEST_F(SqliteAlertStoreTest, TimeRangeIsSinceInclusiveUntilExclusiveOnEitherTimeField) {
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

TEST_F(SqliteAlertStoreTest, TextIsCaseInsensitiveSubstringOfReasonHostUserAndCommandLine) {
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
TEST_F(SqliteAlertStoreTest, TextIgnoresCaseBeyondAscii) {
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

TEST_F(SqliteAlertStoreTest, StatusAndClassificationFiltersFollowTriage) {
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

TEST_F(SqliteAlertStoreTest, EverySortInBothOrdersBreaksTiesBySeqAndPagesWithoutGaps) {
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
TEST_F(SqliteAlertStoreTest, TaggedSelectionsSortPageAndCountLikeAnyOther) {
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

TEST_F(SqliteAlertStoreTest, PageReportsTotalAndNextOnlyWhenMoreFollow) {
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

TEST_F(SqliteAlertStoreTest, ASinkRefusingAnAlertEndsThePageJustBeforeIt) {
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

TEST_F(SqliteAlertStoreTest, CountingStopsAtTheCountLimitAndSaysSo) {
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

TEST_F(SqliteAlertStoreTest, DocumentsCarryTriageStateAtTopLevel) {
  seed_five();
  const auto doc = alerts.get("a3");
  ASSERT_TRUE(doc);
  EXPECT_EQ((*doc)["status"], "open");
  EXPECT_TRUE((*doc)["classification"].is_null());
  EXPECT_TRUE((*doc)["determination"].is_null());
  EXPECT_TRUE((*doc)["assignee"].is_null());
  EXPECT_TRUE((*doc)["triage_updated_at"].is_null());
  EXPECT_EQ((*doc)["reason"], "Credentials added");
  EXPECT_FALSE(alerts.get("nope"));
}

TEST_F(SqliteAlertStoreTest, UpdateRecordsOneHistoryEntryPerChangedField) {
  seed_five();
  EXPECT_FALSE(alerts.update("nope", {}, actor()));
  EXPECT_FALSE(alerts.history("nope"));
  EXPECT_EQ(alerts.history("a1"), std::vector<nlohmann::json>{});

  engine::AlertChange change;
  change.status = engine::triage::AlertStatus::kAcknowledged;
  change.classification = std::optional<std::string>("true_positive");
  change.determination = std::optional<std::string>("malware");
  change.note = "looked at it";
  const auto updated = alerts.update("a1", change, actor(5000));
  ASSERT_TRUE(updated);
  EXPECT_EQ((*updated)["status"], "acknowledged");
  EXPECT_EQ((*updated)["classification"], "true_positive");
  EXPECT_EQ((*updated)["determination"], "malware");
  EXPECT_TRUE((*updated)["assignee"].is_null());
  EXPECT_EQ((*updated)["triage_updated_at"], engine::format_timestamp(5000));
  EXPECT_EQ(*alerts.get("a1"), *updated);

  // Same status again, a new assignee, the classification cleared.
  engine::AlertChange second;
  second.status = engine::triage::AlertStatus::kAcknowledged;
  second.assignee = std::optional<std::string>("carol");
  second.classification = std::optional<std::string>();
  alerts.update("a1", second, {"lead", 6000});

  const auto history = alerts.history("a1");
  ASSERT_TRUE(history);
  const auto at5 = engine::format_timestamp(5000);
  const auto at6 = engine::format_timestamp(6000);
  const std::vector<nlohmann::json> expected = {
      {{"at", at5}, {"author", "analyst"}, {"field", "status"}, {"from", "open"}, {"to", "acknowledged"}},
      {{"at", at5}, {"author", "analyst"}, {"field", "classification"}, {"from", nullptr}, {"to", "true_positive"}},
      {{"at", at5}, {"author", "analyst"}, {"field", "determination"}, {"from", nullptr}, {"to", "malware"}},
      {{"at", at5}, {"author", "analyst"}, {"field", "note"}, {"from", nullptr}, {"to", "looked at it"}},
      {{"at", at6}, {"author", "lead"}, {"field", "classification"}, {"from", "true_positive"}, {"to", nullptr}},
      {{"at", at6}, {"author", "lead"}, {"field", "assignee"}, {"from", nullptr}, {"to", "carol"}},
  };
  EXPECT_EQ(*history, expected);
  const auto doc = alerts.get("a1");
  EXPECT_TRUE((*doc)["classification"].is_null());
  EXPECT_EQ((*doc)["assignee"], "carol");
  EXPECT_EQ((*doc)["triage_updated_at"], at6);

  // Nothing changes: no entry, triage time kept.
  alerts.update("a1", second, {"lead", 7000});
  EXPECT_EQ(alerts.history("a1")->size(), expected.size());
  EXPECT_EQ((*alerts.get("a1"))["triage_updated_at"], at6);
}

TEST_F(SqliteAlertStoreTest, HistoryPagesEndWhereTheSinkRefusesAndGoOnFromThere) {
  seed_five();
  for (int n = 0; n < 5; ++n) {
    engine::AlertChange note;
    note.note = "note " + std::to_string(n);
    alerts.update("a2", note, actor());
  }
  std::vector<Ids> pages;
  std::int64_t after = 0;
  for (;;) {
    Ids notes;
    const auto page = alerts.history("a2", after, [&](std::string&& entry) {
      if (notes.size() == 2) return false;
      notes.push_back(nlohmann::json::parse(entry).at("to"));
      return true;
    });
    ASSERT_TRUE(page);
    pages.push_back(notes);
    if (!page->next) break;
    after = *page->next;
  }
  EXPECT_EQ(pages, (std::vector<Ids>{{"note 0", "note 1"}, {"note 2", "note 3"}, {"note 4"}}));
  EXPECT_FALSE(alerts.history("nope", 0, [](std::string&&) { return true; }));
}

TEST_F(SqliteAlertStoreTest, UpdateManyChangesIdsThatAlsoMatchTheFilter) {
  seed_five();
  engine::AlertChange close;
  close.status = engine::triage::AlertStatus::kClosed;
  const auto ws1 = with([](auto& f) { f.host = "WS1"; });
  EXPECT_EQ(alerts.update_many(Ids{"a1", "a2", "a3"}, ws1, close, actor()), 2u);
  EXPECT_EQ(select(with([](auto& f) { f.statuses = {"closed"}; })), (Ids{"a1", "a3"}));
  EXPECT_EQ(alerts.update_many(Ids{"a1", "a2", "a3"}, ws1, close, actor()), 0u);  // already closed
  EXPECT_EQ(alerts.update_many(Ids{}, {}, close, actor()), 0u);

  engine::AlertChange note;
  note.note = "bulk";
  EXPECT_EQ(alerts.update_many(std::nullopt, with([](auto& f) { f.rule_ids = {"r2"}; }), note, actor()), 2u);
  EXPECT_EQ(alerts.history("a5")->size(), 1u);
  EXPECT_EQ(alerts.history("a3")->size(), 2u);
  EXPECT_EQ(alerts.history("a3")->back()["to"], "bulk");
  EXPECT_EQ(alerts.history("a4")->size(), 0u);
}

TEST_F(SqliteAlertStoreTest, SummaryCountsByEveryDimension) {
  seed_five();
  engine::AlertChange change;
  change.status = engine::triage::AlertStatus::kClosed;
  change.classification = std::optional<std::string>("false_positive");
  alerts.update("a4", change, actor());

  const auto all = alerts.summarize({});
  EXPECT_EQ(all.total, 5u);
  EXPECT_EQ(all.by_rule, (std::map<std::string, std::uint64_t>{{"r1", 2}, {"r2", 2}, {"r3", 1}}));
  EXPECT_EQ(all.by_severity,
            (std::map<std::string, std::uint64_t>{{"critical", 1}, {"high", 1}, {"low", 1}, {"medium", 2}}));
  EXPECT_EQ(all.by_status, (std::map<std::string, std::uint64_t>{{"closed", 1}, {"open", 4}}));
  EXPECT_EQ(all.by_classification, (std::map<std::string, std::uint64_t>{{"false_positive", 1}, {"none", 4}}));
  EXPECT_EQ(all.by_technique, (std::map<std::string, std::uint64_t>{
                                  {"T1059", 1}, {"T1059.001", 1}, {"T1098", 3}, {"T1098.001", 1}, {"T1098.002", 1}}));

  const auto recent = alerts.summarize(with([](auto& f) { f.since = 3000; }));
  EXPECT_EQ(recent.total, 2u);
  EXPECT_EQ(recent.by_rule, (std::map<std::string, std::uint64_t>{{"r2", 1}, {"r3", 1}}));
  EXPECT_EQ(recent.by_technique, (std::map<std::string, std::uint64_t>{{"T1098", 1}, {"T1098.001", 1}}));
}

// An aggregation re-evaluation replaces figures, tags and search text; the
// analyst's triage and its history stay.
TEST_F(SqliteAlertStoreTest, AggregationReplaceKeepsTriageAndRefreshesTags) {
  auto first = make_alert({.id = "agg", .mitre = {"T1098"}, .tactics = {"TA0003"}, .reason = "10 mailboxes"});
  first.replace_existing = true;
  runs.commit_run(seed_run(), std::vector{first});
  engine::AlertChange change;
  change.status = engine::triage::AlertStatus::kAcknowledged;
  change.assignee = std::optional<std::string>("dave");
  alerts.update("agg", change, actor());

  auto again = make_alert({.id = "agg", .mitre = {"T1114.003"}, .tactics = {"TA0009"}, .reason = "14 mailboxes"});
  again.replace_existing = true;
  again.created_at = 9000;
  EXPECT_EQ(runs.commit_run(seed_run(2), std::vector{again}).updated, 1u);

  const auto doc = alerts.get("agg");
  EXPECT_EQ((*doc)["status"], "acknowledged");
  EXPECT_EQ((*doc)["assignee"], "dave");
  EXPECT_EQ((*doc)["reason"], "14 mailboxes");
  EXPECT_EQ(alerts.history("agg")->size(), 2u);
  EXPECT_EQ(select(with([](auto& f) { f.technique = "T1114"; })), Ids{"agg"});
  EXPECT_EQ(select(with([](auto& f) { f.tactic = "TA0009"; })), Ids{"agg"});
  EXPECT_EQ(select(with([](auto& f) { f.technique = "T1098"; })), Ids{});
  EXPECT_EQ(select(with([](auto& f) { f.text = "14 MAILBOXES"; })), Ids{"agg"});
  EXPECT_EQ(select(with([](auto& f) { f.text = "10 mailboxes"; })), Ids{});
}

// Keyset paging while another thread commits alerts: every alert present
// before paging began is seen exactly once, and nothing repeats, whichever
// way the new alerts sort.
TEST_F(SqliteAlertStoreTest, PagingDuringInsertsNeitherSkipsNorRepeats) {
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

}  // namespace
}  // namespace vigil::storage
