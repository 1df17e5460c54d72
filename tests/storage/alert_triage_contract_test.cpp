// Triage through the alert store (engine/store/alert_store.hpp), on every
// storage backend: state in the documents, history, bulk changes,
// summaries, and what a re-judged aggregation alert keeps.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "tests/storage/alert_store_contract.hpp"

namespace vigil::storage::alert_store_test {
namespace {

// The listing contract's fixture, as a suite of its own.
class AlertTriageContract : public AlertStoreContract {};

TEST_P(AlertTriageContract, DocumentsCarryTriageStateAtTopLevel) {
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

TEST_P(AlertTriageContract, UpdateRecordsOneHistoryEntryPerChangedField) {
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

TEST_P(AlertTriageContract, HistoryPagesEndWhereTheSinkRefusesAndGoOnFromThere) {
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

TEST_P(AlertTriageContract, UpdateManyChangesIdsThatAlsoMatchTheFilter) {
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

TEST_P(AlertTriageContract, SummaryCountsByEveryDimension) {
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
TEST_P(AlertTriageContract, AggregationReplaceKeepsTriageAndRefreshesTags) {
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

// Analysts closing the same alerts at once: each alert is closed once, by
// one of them, with one history entry; the other finds it closed already.
TEST_P(AlertTriageContract, ConcurrentChangesToOneAlertAreJudgedOneAfterTheOther) {
  std::vector<Seed> seeds;
  for (int i = 0; i < 20; ++i) seeds.push_back({.id = "c" + std::to_string(i)});
  seed(seeds);
  engine::AlertChange close;
  close.status = engine::triage::AlertStatus::kClosed;
  std::atomic<std::uint64_t> changed{0};
  std::vector<std::thread> analysts;
  for (int a = 0; a < 3; ++a)
    analysts.emplace_back([&, a] {
      const auto store = backend->open_alerts();
      for (int i = 0; i < 20; ++i)
        changed += store->update_many(Ids{"c" + std::to_string((i + a * 7) % 20)}, {}, close,
                                      {"analyst" + std::to_string(a), 5000});
    });
  for (auto& analyst : analysts) analyst.join();
  EXPECT_EQ(changed.load(), 20u);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(alerts.history("c" + std::to_string(i))->size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(SQLite, AlertTriageContract, ::testing::Values(testing::sqlite_backend()),
                         testing::backend_name);
INSTANTIATE_TEST_SUITE_P(PostgreSQL, AlertTriageContract, ::testing::Values(testing::postgresql_backend()),
                         testing::backend_name);

}  // namespace
}  // namespace vigil::storage::alert_store_test
