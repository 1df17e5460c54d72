#pragma once

// The AlertStore contract's fixture, on every storage backend: the alert
// store seeded through the backend's real run store, for the store's
// listing tests and its triage tests.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "tests/storage/sqlite/alert_seed.hpp"
#include "tests/storage/store_backend.hpp"

namespace vigil::storage::alert_store_test {

using engine::AlertFilter;
using engine::AlertQuery;
using engine::AlertSort;
using testing::make_alert;
using testing::Seed;
using testing::seed_run;
using Ids = std::vector<std::string>;

class AlertStoreContract : public ::testing::TestWithParam<testing::BackendFactory> {
 protected:
  std::unique_ptr<testing::StoreBackend> backend = GetParam().make();
  std::unique_ptr<engine::RunStore> run_store = backend->open_runs();
  engine::RunStore& runs = *run_store;
  std::unique_ptr<engine::AlertStore> alert_store = backend->open_alerts();
  engine::AlertStore& alerts = *alert_store;

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

inline AlertFilter with(std::function<void(AlertFilter&)> set) {
  AlertFilter f;
  set(f);
  return f;
}

}  // namespace vigil::storage::alert_store_test
