#include "storage/sqlite/sqlite_event_store.hpp"

#include <sqlite3.h>

#include <algorithm>

#include "engine/rules/index_patterns.hpp"
#include "storage/sqlite/superseded_id.hpp"

namespace vigil::storage {
namespace {

std::string category_column(const std::vector<std::string>& categories) {
  std::string out = " ";
  for (const auto& c : categories) out += c + " ";
  return out;
}

// "(<column> GLOB ?N OR <column> GLOB ?N+1 ...)" for the patterns, binding from `first`.
std::string index_filter(std::size_t patterns, int first, std::string_view column = "idx") {
  if (patterns == 0) return "1";
  std::string sql = "(";
  for (std::size_t i = 0; i < patterns; ++i)
    sql += (i ? " OR " : "") + std::string(column) + " GLOB ?" + std::to_string(first + static_cast<int>(i));
  return sql + ")";
}

void bind_index_patterns(Statement& stmt, const engine::EventQuery& query, int first) {
  for (const auto& p : query.index_patterns) stmt.bind(first++, index_pattern_to_glob(p));
}

const char* time_column(engine::TimeField field) { return field == engine::TimeField::kIngested ? "ingested" : "ts"; }

void insert_matches(Connection& c, std::int64_t seq, const engine::EventRecord& e) {
  for (const auto& m : e.rule_matches) {
    const auto time = m.time_field == engine::TimeField::kIngested ? std::optional(e.ingested) : e.timestamp;
    // An event without @timestamp lies in no @timestamp window.
    if (!time) continue;
    auto& insert =
        c.prepare("INSERT OR IGNORE INTO rule_matches (rule_id, time, event_seq, vals) VALUES (?1, ?2, ?3, ?4)");
    insert.bind(1, m.rule_id).bind(2, *time).bind(3, seq);
    if (m.values)
      insert.bind_blob(4, *m.values);
    else
      insert.bind_null(4);
    insert.run();
  }
}

}  // namespace

std::string index_pattern_to_glob(std::string_view pattern) {
  std::string out;
  for (const char c : pattern) {
    if (c == '?' || c == '[') {
      out += '[';
      out += c;
      out += ']';
    } else {
      out += c;
    }
  }
  return out;
}

SqliteEventStore::SqliteEventStore(Database& db, StoredDocumentOptions documents)
    : db_(db), documents_(db, documents), hunt_columns_(db.read([](Connection& c) { return HuntColumns(c); })) {}

// Visits the rows of a statement selecting (idx, id, ts, ingested, doc);
// returns false when `visit` asked to stop.
bool SqliteEventStore::visit_rows(Connection& c, Statement& stmt,
                                  const std::function<bool(const engine::StoredEvent&)>& visit) {
  // One event, refilled row by row: a scan of a million rows reuses its
  // strings' capacity instead of allocating three per row.
  engine::StoredEvent e;
  DocumentCodec::ScanCache cache;
  bool more = true;
  while (more && stmt.step()) {
    e.index.assign(stmt.column_bytes(0));
    const auto stored_id = stmt.column_bytes(1);
    e.id.assign(shipped_id(stored_id));
    e.version = superseded_version(stored_id);
    e.timestamp = stmt.column_optional_int(2);
    e.ingested = stmt.column_int(3);
    documents_.decode(c, stmt, 4, e.document, cache);
    more = visit(e);
  }
  stmt.reset();
  return more;
}

namespace {

// "WHERE ..." selecting a query's window (bound by bind_window), optionally
// only the events written before ?5 (or by no matcher).
std::string window_filter(const engine::EventQuery& query) {
  const std::string time = time_column(query.time_field);
  return " WHERE " + time +
         " BETWEEN ?1 AND ?2 AND (?3 IS NULL OR instr(category, ?3) > 0) AND (?4 IS NULL OR dataset = ?4) AND (?5 IS "
         "NULL OR match_epoch IS NULL OR match_epoch < ?5) AND " +
         index_filter(query.index_patterns.size(), 6);
}

void bind_window(Statement& stmt, const engine::EventQuery& query, std::optional<std::int64_t> before_epoch) {
  stmt.bind(1, query.start).bind(2, query.end);
  if (query.category)
    stmt.bind(3, " " + *query.category + " ");
  else
    stmt.bind_null(3);
  if (query.dataset)
    stmt.bind(4, *query.dataset);
  else
    stmt.bind_null(4);
  stmt.bind(5, before_epoch);
  bind_index_patterns(stmt, query, 6);
}

}  // namespace

// The window's events, optionally only those written before `before_epoch`
// (or by no matcher). Returns false when `visit` asked to stop.
bool SqliteEventStore::scan_window(const engine::EventQuery& query, std::optional<std::int64_t> before_epoch,
                                   const std::function<bool(const engine::StoredEvent&)>& visit) {
  const std::string time = time_column(query.time_field);
  const std::string sql =
      "SELECT idx, id, ts, ingested, doc FROM events" + window_filter(query) + " ORDER BY " + time + ", seq";
  return db_.read([&](Connection& c) {
    auto& stmt = c.prepare(sql);
    bind_window(stmt, query, before_epoch);
    return visit_rows(c, stmt, visit);
  });
}

void SqliteEventStore::scan_times(const engine::EventQuery& query, const std::function<bool(engine::TimeMs)>& visit) {
  // The columns before doc only: a row's document is never read.
  const std::string sql = "SELECT ts FROM events" + window_filter(query) + " AND ts IS NOT NULL";
  db_.read([&](Connection& c) {
    auto& stmt = c.prepare(sql);
    bind_window(stmt, query, std::nullopt);
    while (stmt.step()) {
      if (!visit(stmt.column_int(0))) break;
    }
    stmt.reset();
  });
}

std::vector<engine::WriteResult> SqliteEventStore::write_batch(std::span<const engine::EventRecord> batch) {
  // Compressed before the database is locked, so concurrent batches
  // compress in parallel and the single writer only writes.
  const auto frames = documents_.encode(batch);
  const auto copies = hunt_columns_.extract(batch);
  const auto epoch = epoch_.load();
  const auto epoch_value = epoch == kNoEpoch ? std::nullopt : std::optional(epoch);
  return db_.write([&](Connection& c) {
    std::vector<engine::WriteResult> results;
    results.reserve(batch.size());
    std::size_t n = 0;
    Transaction tx(c);
    auto& insert = c.prepare(
        "INSERT INTO events (idx, id, ts, ingested, category, dataset, doc, match_epoch) VALUES (?1, ?2, ?3, ?4, ?5, "
        "?6, ?7, ?8) ON CONFLICT (idx, id) DO NOTHING");
    const auto insert_row = [&](const engine::EventRecord& e, const std::string& category, const std::string& frame,
                                const std::optional<HuntColumns::Row>& copy) {
      insert.bind(1, e.index)
          .bind(2, e.id)
          .bind(3, e.timestamp)
          .bind(4, e.ingested)
          .bind(5, category)
          .bind(6, e.dataset)
          .bind_blob(7, frame)
          .bind(8, epoch_value)
          .run();
      if (c.changes() != 1) return false;
      if (copy) hunt_columns_.insert(c, e, sqlite3_last_insert_rowid(c.handle()), *copy);
      return true;
    };
    for (const auto& e : batch) {
      const auto category = category_column(e.categories);
      const auto& copy = copies[n];
      const auto& frame = frames[n++];
      if (insert_row(e, category, frame, copy)) {
        results.push_back({engine::WriteOutcome::kCreated, 1});
        insert_matches(c, sqlite3_last_insert_rowid(c.handle()), e);
        continue;
      }
      const auto version = current_version(c, e.index, e.id);
      if (e.mode == engine::WriteMode::kCreate) {
        results.push_back({engine::WriteOutcome::kConflict, version});
        continue;
      }
      // The stored version steps aside, row, matches and all, so rule runs
      // still read what was matched; the new one takes the id.
      c.prepare("UPDATE events SET id = ?3 WHERE idx = ?1 AND id = ?2")
          .bind(1, e.index)
          .bind(2, e.id)
          .bind(3, superseded_id(e.id, version))
          .run();
      insert_row(e, category, frame, copy);
      insert_matches(c, sqlite3_last_insert_rowid(c.handle()), e);
      results.push_back({engine::WriteOutcome::kUpdated, version + 1});
    }
    tx.commit();
    return results;
  });
}

std::uint64_t SqliteEventStore::current_version(Connection& c, std::string_view index, std::string_view id) {
  auto& stmt = c.prepare("SELECT max(id) FROM events WHERE idx = ?1 AND id >= ?2 AND id < ?3");
  stmt.bind(1, index).bind(2, superseded_low(id)).bind(3, superseded_high(id));
  stmt.step();
  const auto newest = stmt.column_bytes(0);
  const auto version = superseded_version(newest) + 1;
  stmt.reset();
  return version;
}

std::optional<engine::StoredEvent> SqliteEventStore::get_version(std::string_view index, std::string_view id,
                                                                 std::uint64_t version) {
  return db_.read([&](Connection& c) { return read_version(c, index, id, version); });
}

std::vector<std::optional<engine::StoredEvent>> SqliteEventStore::get_many(std::span<const EventKey> keys) {
  if (keys.empty()) return {};
  return db_.read([&](Connection& c) {
    std::vector<std::optional<engine::StoredEvent>> events;
    events.reserve(keys.size());
    for (const auto& key : keys) events.push_back(read_version(c, key.index, key.id, key.version));
    return events;
  });
}

std::optional<engine::StoredEvent> SqliteEventStore::read_version(Connection& c, std::string_view index,
                                                                  std::string_view id, std::uint64_t version) {
  // A reserved id names a superseded version, which is read by its number.
  if (shipped_id(id) != id) return std::nullopt;
  const auto current = current_version(c, index, id);
  const bool replaced = version != 0 && version != current;
  auto& stmt = c.prepare("SELECT ts, ingested, doc FROM events WHERE idx = ?1 AND id = ?2");
  stmt.bind(1, index).bind(2, replaced ? superseded_id(id, version) : std::string(id));
  if (!stmt.step()) return std::nullopt;
  engine::StoredEvent e{std::string(index), std::string(id), stmt.column_optional_int(0), stmt.column_int(1),
                        documents_.decode(c, stmt, 2), std::nullopt, replaced ? version : current};
  stmt.reset();
  return e;
}

// The patterns are compiled once and matched against the distinct index
// names, found by a skip scan of the (idx, id) index (one seek per name),
// then each selected index is counted from that index. Matching them as
// GLOBs against every row cost patterns x rows: 500 patterns over a few
// million rows held a reader for seconds.
std::vector<engine::EventStore::IndexCount> SqliteEventStore::indices(std::span<const std::string> index_patterns) {
  const auto selected = engine::IndexPatterns::of_request(index_patterns);
  return db_.read([&](Connection& c) {
    auto& names = c.prepare(
        "WITH RECURSIVE n(idx) AS (SELECT min(idx) FROM events UNION ALL "
        "SELECT (SELECT min(idx) FROM events WHERE idx > n.idx) FROM n WHERE n.idx IS NOT NULL) "
        "SELECT idx FROM n WHERE idx IS NOT NULL");
    std::vector<IndexCount> out;
    while (names.step())
      if (auto idx = names.column_text(0); selected.selects(idx)) out.push_back({std::move(idx), 0});
    names.reset();
    auto& per_index = c.prepare(
        // Superseded versions' ids start with NUL (superseded_id.hpp).
        "SELECT count(*) FROM events WHERE idx = ?1 AND id >= char(1)");
    for (auto& index : out) {
      per_index.bind(1, index.index);
      per_index.step();
      index.events = static_cast<std::uint64_t>(per_index.column_int(0));
      per_index.reset();
    }
    return out;
  });
}

void SqliteEventStore::scan(const engine::EventQuery& query,
                            const std::function<bool(const engine::StoredEvent&)>& visit) {
  scan_window(query, std::nullopt, visit);
}

std::vector<engine::IngestRuleVersion> SqliteEventStore::matched_rules() {
  return db_.read([&](Connection& c) {
    std::vector<engine::IngestRuleVersion> rules;
    auto& stmt = c.prepare("SELECT rule_id, fingerprint FROM rule_match_state ORDER BY rule_id");
    while (stmt.step()) rules.push_back({stmt.column_text(0), stmt.column_text(1)});
    stmt.reset();
    return rules;
  });
}

void SqliteEventStore::change_matching(const engine::IngestMatchingChange& change) {
  db_.write([&](Connection& c) {
    Transaction tx(c);
    for (const auto& rule_id : change.stopped) {
      c.prepare("DELETE FROM rule_matches WHERE rule_id = ?1").bind(1, rule_id).run();
      c.prepare("DELETE FROM rule_match_state WHERE rule_id = ?1").bind(1, rule_id).run();
    }
    auto& read_epoch = c.prepare("SELECT epoch FROM match_epoch WHERE id = 1");
    read_epoch.step();
    auto epoch = read_epoch.column_int(0);
    read_epoch.reset();
    if (!change.restarted.empty()) {
      // Every event stored so far is older than the restarted rules' epoch.
      ++epoch;
      c.prepare("UPDATE match_epoch SET epoch = ?1 WHERE id = 1").bind(1, epoch).run();
      auto& bounds = c.prepare("SELECT (SELECT max(ts) FROM events), (SELECT max(ingested) FROM events)");
      bounds.step();
      const auto max_ts = bounds.column_optional_int(0);
      const auto max_ingested = bounds.column_optional_int(1);
      bounds.reset();
      for (const auto& rule : change.restarted) {
        c.prepare("DELETE FROM rule_matches WHERE rule_id = ?1").bind(1, rule.rule_id).run();
        c.prepare(
             "INSERT OR REPLACE INTO rule_match_state (rule_id, fingerprint, from_epoch, older_max_ts, "
             "older_max_ingested) VALUES (?1, ?2, ?3, ?4, ?5)")
            .bind(1, rule.rule_id)
            .bind(2, rule.fingerprint)
            .bind(3, epoch)
            .bind(4, max_ts)
            .bind(5, max_ingested)
            .run();
      }
    }
    tx.commit();
    epoch_ = epoch;
  });
}

void SqliteEventStore::scan_rule_candidates(std::string_view rule_id, const engine::EventQuery& query,
                                            const std::function<bool(const engine::StoredEvent&)>& visit) {
  scan_matches(rule_id, query, MatchRows::kDocuments, visit);
}

void SqliteEventStore::scan_rule_values(std::string_view rule_id, const engine::EventQuery& query,
                                        const std::function<bool(const engine::StoredEvent&)>& visit) {
  scan_matches(rule_id, query, MatchRows::kValues, visit);
}

void SqliteEventStore::scan_matches(std::string_view rule_id, const engine::EventQuery& query, MatchRows rows,
                                    const std::function<bool(const engine::StoredEvent&)>& visit) {
  const auto state = db_.read([&](Connection& c) -> std::optional<engine::RuleMatchState> {
    auto& stmt =
        c.prepare("SELECT from_epoch, older_max_ts, older_max_ingested FROM rule_match_state WHERE rule_id = ?1");
    stmt.bind(1, rule_id);
    if (!stmt.step()) return std::nullopt;
    engine::RuleMatchState s{stmt.column_int(0), stmt.column_optional_int(1), stmt.column_optional_int(2)};
    stmt.reset();
    return s;
  });
  if (!state) {
    scan_window(query, std::nullopt, visit);
    return;
  }

  const bool more = db_.read([&](Connection& c) {
    if (rows == MatchRows::kValues) {
      // The matches alone: no event row is read.
      auto& stmt = c.prepare(
          "SELECT time, vals FROM rule_matches WHERE rule_id = ?1 AND time BETWEEN ?2 AND ?3 ORDER BY time, "
          "event_seq");
      stmt.bind(1, rule_id).bind(2, query.start).bind(3, query.end);
      engine::StoredEvent e;
      e.values.emplace();
      bool going = true;
      while (going && stmt.step()) {
        e.timestamp = stmt.column_int(0);
        e.values->assign(stmt.column_bytes(1));
        going = visit(e);
      }
      stmt.reset();
      return going;
    }
    auto& stmt = c.prepare(
        "SELECT e.idx, e.id, e.ts, e.ingested, e.doc FROM rule_matches AS m JOIN events AS e ON e.seq = m.event_seq "
        "WHERE m.rule_id = ?1 AND m.time BETWEEN ?2 AND ?3 AND " +
        index_filter(query.index_patterns.size(), 4, "e.idx") + " ORDER BY m.time, m.event_seq");
    stmt.bind(1, rule_id).bind(2, query.start).bind(3, query.end);
    bind_index_patterns(stmt, query, 4);
    return visit_rows(c, stmt, visit);
  });
  if (!more) return;

  // Events stored before the rule's matching began, while the window still reaches them.
  if (const auto older = state->older_window(query)) scan_window(*older, state->from_epoch, visit);
}

}  // namespace vigil::storage
