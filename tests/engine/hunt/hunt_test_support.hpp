#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <variant>
#include <vector>

#include "engine/hunt/query.hpp"
#include "engine/ingest/record_builder.hpp"
#include "engine/normalize/normalizer.hpp"
#include "storage/sqlite/database.hpp"
#include "storage/sqlite/sqlite_event_store.hpp"
#include "storage/sqlite/sqlite_hunt_source.hpp"
#include "tests/support/temp_dir.hpp"

namespace vigil::engine::hunt::testing {

// The instant every test's now() is: 2024-03-11T12:00:00Z.
inline const TimeMs kNow = *parse_timestamp("2024-03-11T12:00:00Z");

inline std::string at(TimeMs t) { return format_timestamp(t); }

// A real SQLite store holding Defender rows written through the normalizer,
// as ingest writes them, and a hunt over it.
class HuntStore {
 public:
  HuntStore() : db_(storage::Database::Options{dir_ / "vigil.db"}), events_(db_), source_(db_) {}

  // Adds a row of `table` in the streaming API's shape.
  void add(const std::string& table, nlohmann::json row) {
    nlohmann::json record = {{"time", row.value("Timestamp", at(kNow))},
                             {"tenantId", "tenant"},
                             {"operationName", "Publish"},
                             {"category", "AdvancedHunting-" + table},
                             {"properties", std::move(row)}};
    pending_.push_back(std::move(record));
  }
  // Adds an event as a shipper sent it (Winlogbeat documents).
  void add_raw(nlohmann::json raw) { pending_.push_back(std::move(raw)); }

  void flush() {
    std::vector<EventRecord> batch;
    for (auto& raw : pending_)
      batch.push_back(ingest::to_event_record(normalize(std::move(raw), kNow), "", "id-" + std::to_string(next_id_++)));
    pending_.clear();
    if (!batch.empty()) events_.write_batch(batch);
  }

  std::variant<HuntResult, HuntFailure> try_run(const std::string& query, HuntLimits limits = {},
                                                std::optional<TimeMs> timespan = std::nullopt) {
    flush();
    HuntRequest request{query, timespan, limits};
    return run_hunt(request, source_, kNow, [] { return kNow; });
  }

  HuntResult run(const std::string& query) {
    auto outcome = try_run(query);
    if (auto* failure = std::get_if<HuntFailure>(&outcome)) {
      ADD_FAILURE() << failure->message;
      return {};
    }
    return std::get<HuntResult>(std::move(outcome));
  }

  HuntFailure fail(const std::string& query) {
    auto outcome = try_run(query);
    if (auto* failure = std::get_if<HuntFailure>(&outcome)) return *failure;
    ADD_FAILURE() << "the query ran: " << query;
    return {};
  }

  storage::SqliteHuntSource& source() { return source_; }

 private:
  test::TempDir dir_;
  storage::Database db_;
  storage::SqliteEventStore events_;
  storage::SqliteHuntSource source_;
  std::vector<nlohmann::json> pending_;
  int next_id_ = 0;
};

// A result's rows as JSON objects (column name → value), as the API returns them.
inline std::vector<nlohmann::json> rows_of(const HuntResult& r) {
  std::vector<nlohmann::json> out;
  for (const auto& row : r.rows) {
    nlohmann::json o = nlohmann::json::object();
    for (std::size_t i = 0; i < row.size(); ++i) o[r.schema.columns[i].name] = to_json(row[i]);
    out.push_back(std::move(o));
  }
  return out;
}

inline std::vector<std::string> column_names(const HuntResult& r) {
  std::vector<std::string> out;
  for (const auto& c : r.schema.columns) out.push_back(c.name);
  return out;
}

// A store holding one EmailEvents row, to evaluate scalar expressions over:
// Timestamp 11:00 (an hour before kNow), Subject "Hello World", UrlCount 3,
// SenderFromAddress "Bob@Contoso.com", AdditionalFields {"a": [1, 2], "b": "x"}.
class OneRow {
 public:
  OneRow() {
    store_.add("EmailEvents", {{"Timestamp", at(kNow - kHourMs)},
                               {"NetworkMessageId", "m1"},
                               {"SenderFromAddress", "Bob@Contoso.com"},
                               {"EmailDirection", "Outbound"},
                               {"Subject", "Hello World"},
                               {"UrlCount", 3},
                               {"AdditionalFields", {{"a", {1, 2}}, {"b", "x"}}}});
  }
  // The value of `expr` on the row, as the API returns it.
  nlohmann::json operator()(const std::string& expr) {
    const auto r = store_.run("EmailEvents | project v = " + expr);
    return r.rows.empty() ? nlohmann::json("no row") : to_json(r.rows[0][0]);
  }
  // The type of `expr`.
  Type type(const std::string& expr) { return store_.run("EmailEvents | project v = " + expr).schema.columns[0].type; }
  std::string error(const std::string& expr) { return store_.fail("EmailEvents | project v = " + expr).message; }
  HuntStore& store() { return store_; }

 private:
  HuntStore store_;
};

}  // namespace vigil::engine::hunt::testing
