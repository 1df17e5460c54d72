#include "storage/postgresql/postgres_event_store.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include "engine/rules/index_patterns.hpp"
#include "engine/store/store_error.hpp"
#include "storage/postgresql/event_rows.hpp"
#include "storage/postgresql/hunt_layout.hpp"

namespace vigil::storage::postgresql {
namespace {

std::string category_column(const std::vector<std::string>& categories) {
  std::string out = " ";
  for (const auto& c : categories) out += c + " ";
  return out;
}

const char* time_column(engine::TimeField field) { return field == engine::TimeField::kIngested ? "ingested" : "ts"; }

// The time a rule's window selects a match by; none for an event without
// @timestamp, which lies in no @timestamp window.
std::optional<engine::TimeMs> match_time(const engine::EventRecord& e, const engine::RuleMatch& m) {
  return m.time_field == engine::TimeField::kIngested ? std::optional(e.ingested) : e.timestamp;
}

ArrayParam like_patterns(const engine::EventQuery& query) {
  ArrayParam patterns(PgType::kText);
  for (const auto& p : query.index_patterns) patterns.push(index_pattern_to_like(p));
  return patterns;
}

// "WHERE ..." selecting a query's window (parameters from window_params),
// optionally only the events written before $5 (or by no matcher).
std::string window_filter(const engine::EventQuery& query, std::string_view alias = "") {
  const std::string a(alias);
  const std::string time = a + time_column(query.time_field);
  return " WHERE " + time + " BETWEEN $1 AND $2 AND ($3::text IS NULL OR strpos(" + a +
         "category, $3) > 0) AND ($4::text IS NULL OR " + a + "dataset = $4) AND ($5::int8 IS NULL OR " + a +
         "match_epoch IS NULL OR " + a + "match_epoch < $5) AND (cardinality($6::text[]) = 0 OR " + a +
         "idx LIKE ANY ($6))";
}

Params window_params(const engine::EventQuery& query, std::optional<std::int64_t> before_epoch) {
  Params params;
  params.add(query.start).add(query.end);
  if (query.category)
    params.add_text(" " + *query.category + " ");
  else
    params.add_null(PgType::kText);
  if (query.dataset)
    params.add_text(*query.dataset);
  else
    params.add_null(PgType::kText);
  params.add(before_epoch).add(like_patterns(query));
  return params;
}

}  // namespace

// An id's row in event_ids: the version its current event is at, and when
// that event arrived (which partition holds it).
struct PostgresEventStore::Owner {
  std::int64_t version = 0;
  std::int64_t ingested = 0;
};

std::string index_pattern_to_like(std::string_view pattern) {
  std::string out;
  for (const char c : pattern) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c == '*' ? '%' : c;
  }
  return out;
}

PostgresEventStore::PostgresEventStore(ConnectionPool& pool, StoredDocumentOptions documents)
    : pool_(pool),
      dictionaries_(pool),
      documents_(dictionaries_, documents),
      hunt_copy_(pool.with([](Connection& c) { return hunt_copy(c); })),
      partitions_([this] {
        std::vector<DayPartitions::DatasetTable> copies;
        for (const auto& t : hunt_copy_.tables()) copies.push_back({t.dataset, t.name});
        return copies;
      }()) {}

bool PostgresEventStore::visit_rows(Connection& c, const std::string& sql, const Params& params,
                                    const std::function<bool(const engine::StoredEvent&)>& visit) {
  return visit_event_rows(c, documents_, dictionaries_, sql, params, visit);
}

bool PostgresEventStore::scan_window(const engine::EventQuery& query, std::optional<std::int64_t> before_epoch,
                                     const std::function<bool(const engine::StoredEvent&)>& visit) {
  const std::string sql = "SELECT idx, id, ts, ingested, doc, version FROM events" + window_filter(query) +
                          " ORDER BY " + time_column(query.time_field) + ", seq";
  return pool_.with([&](Connection& c) { return visit_rows(c, sql, window_params(query, before_epoch), visit); });
}

void PostgresEventStore::scan(const engine::EventQuery& query,
                              const std::function<bool(const engine::StoredEvent&)>& visit) {
  scan_window(query, std::nullopt, visit);
}

void PostgresEventStore::scan_times(const engine::EventQuery& query, const std::function<bool(engine::TimeMs)>& visit) {
  const std::string sql = "SELECT ts FROM events" + window_filter(query) + " AND ts IS NOT NULL";
  pool_.with([&](Connection& c) {
    c.stream(sql, window_params(query, std::nullopt), [&](const Result& row) { return visit(row.int8(0, 0)); });
  });
}

std::vector<engine::WriteResult> PostgresEventStore::write_batch(std::span<const engine::EventRecord> batch) {
  if (batch.empty()) return {};
  // Compressed before a connection is taken, so concurrent batches
  // compress in parallel.
  const auto frames = documents_.encode(batch);
  const auto copies = hunt_copy_.extract(batch);
  const auto epoch = epoch_.load();
  const auto epoch_value = epoch == kNoEpoch ? std::nullopt : std::optional(epoch);
  return pool_.with([&](Connection& c) {
    partitions_.ensure(c, batch);
    std::vector<engine::WriteResult> results(batch.size(), {engine::WriteOutcome::kCreated, 1});
    Transaction tx(c);
    // The copy's rows of new events go in the statement that stores them;
    // those of replacements, one statement after them.
    HuntCopyWrites fresh, replaced;
    for (std::size_t n = 0; n < batch.size(); ++n)
      if (copies[n]) fresh.add(static_cast<std::int64_t>(n + 1), batch[n], *copies[n]);
    const auto created = insert_new(c, batch, frames, epoch_value, fresh);
    if (created.size() < batch.size()) {
      // The ids already stored (or repeated in the batch): a `create` of one
      // conflicts, an `index` replaces it, in batch order.
      std::vector<bool> is_new(batch.size(), false);
      for (const auto& created_at : created) is_new[created_at.first] = true;
      ArrayParam indices(PgType::kText), ids(PgType::kText);
      for (std::size_t n = 0; n < batch.size(); ++n)
        if (!is_new[n]) indices.push(batch[n].index), ids.push(batch[n].id);
      const auto rows = c.query(
          "SELECT DISTINCT o.idx, o.id, o.version, o.ingested FROM event_ids o JOIN unnest($1::text[], $2::text[]) AS "
          "k(idx, id) ON o.idx = k.idx AND o.id = k.id",
          Params().add(indices).add(ids));
      std::map<std::pair<std::string, std::string>, Owner, std::less<>> owners;
      for (int r = 0; r < rows.rows(); ++r)
        owners[{std::string(rows.bytes(r, 0)), std::string(rows.bytes(r, 1))}] = {rows.int8(r, 2), rows.int8(r, 3)};
      for (std::size_t n = 0; n < batch.size(); ++n) {
        if (is_new[n]) continue;
        const auto& e = batch[n];
        const auto owner = owners.find(std::pair(e.index, e.id));
        if (owner == owners.end())
          throw engine::StoreError(c.describe() + ": the id " + e.id + " of " + e.index +
                                       " was removed while the batch was written; retry it",
                                   engine::StoreErrorKind::kLocked);
        auto& o = owner->second;
        if (e.mode == engine::WriteMode::kCreate) {
          results[n] = {engine::WriteOutcome::kConflict, static_cast<std::uint64_t>(o.version)};
          continue;
        }
        const auto seq = replace(c, e, frames[n], o, epoch_value, replaced);
        if (copies[n]) {
          replaced.add(static_cast<std::int64_t>(n + 1), e, *copies[n]);
          replaced.place(static_cast<std::int64_t>(n + 1), seq);
        }
        o = {o.version + 1, e.ingested};
        results[n] = {engine::WriteOutcome::kUpdated, static_cast<std::uint64_t>(o.version)};
      }
    }
    replaced.write(c);
    tx.commit();
    fresh.committed(hunt_copy_);
    replaced.committed(hunt_copy_);
    return results;
  });
}

// The batch's new events, their matches and their rows of the column copy,
// in one statement: ids are claimed in event_ids (the first occurrence of
// each id in the batch, if no event holds it), and only the claimed ones
// are stored.
std::vector<std::pair<std::size_t, std::int64_t>> PostgresEventStore::insert_new(
    Connection& c, std::span<const engine::EventRecord> batch, std::span<const std::string> frames,
    std::optional<std::int64_t> epoch, HuntCopyWrites& copy) {
  ArrayParam idx(PgType::kText), id(PgType::kText), ts(PgType::kInt8), ingested(PgType::kInt8), category(PgType::kText),
      dataset(PgType::kText), doc(PgType::kBytea);
  ArrayParam match_ord(PgType::kInt8), match_rule(PgType::kText), match_time_(PgType::kInt8),
      match_vals(PgType::kBytea);
  for (std::size_t n = 0; n < batch.size(); ++n) {
    const auto& e = batch[n];
    idx.push(e.index), id.push(e.id), ts.push(e.timestamp), ingested.push(e.ingested);
    category.push(category_column(e.categories)), dataset.push(e.dataset), doc.push(frames[n]);
    for (const auto& m : e.rule_matches) {
      const auto time = match_time(e, m);
      if (!time) continue;
      match_ord.push(static_cast<std::int64_t>(n + 1)), match_rule.push(m.rule_id), match_time_.push(*time);
      if (m.values)
        match_vals.push(*m.values);
      else
        match_vals.push_null();
    }
  }
  Params params;
  params.add(idx)
      .add(id)
      .add(ts)
      .add(ingested)
      .add(category)
      .add(dataset)
      .add(doc)
      .add(epoch)
      .add(match_ord)
      .add(match_rule)
      .add(match_time_)
      .add(match_vals);
  std::string sql = R"sql(
WITH input AS (
  SELECT * FROM unnest($1::text[], $2::text[], $3::int8[], $4::int8[], $5::text[], $6::text[], $7::bytea[])
    WITH ORDINALITY AS t(idx, id, ts, ingested, category, dataset, doc, ord)),
claimed AS (
  INSERT INTO event_ids (idx, id, version, ingested)
  SELECT DISTINCT ON (idx, id) idx, id, 1, ingested FROM input ORDER BY idx, id, ord
  ON CONFLICT DO NOTHING
  RETURNING idx, id),
created AS (
  SELECT DISTINCT ON (i.idx, i.id) i.* FROM input i JOIN claimed k ON k.idx = i.idx AND k.id = i.id
  ORDER BY i.idx, i.id, i.ord),
stored AS (
  INSERT INTO events (idx, id, ts, ingested, category, dataset, doc, match_epoch)
  SELECT idx, id, ts, ingested, category, dataset, doc, $8 FROM created ORDER BY ord
  RETURNING seq, idx, id, ingested),
matched AS (
  INSERT INTO rule_matches (rule_id, time, event_seq, ingested, vals)
  SELECT m.rule_id, m.time, s.seq, s.ingested, m.vals
  FROM unnest($9::int8[], $10::text[], $11::int8[], $12::bytea[]) AS m(ord, rule_id, time, vals)
  JOIN created k ON k.ord = m.ord JOIN stored s ON s.idx = k.idx AND s.id = k.id
  ON CONFLICT DO NOTHING),
placed AS (
  SELECT k.ord, s.seq, k.ts, s.ingested FROM created k JOIN stored s ON s.idx = k.idx AND s.id = k.id))sql";
  if (const auto parts = copy.ctes(params, "placed"); !parts.empty()) sql += ", " + parts;
  const auto rows = c.query(sql + " SELECT ord, seq FROM placed ORDER BY ord", params);
  std::vector<std::pair<std::size_t, std::int64_t>> created;
  created.reserve(static_cast<std::size_t>(rows.rows()));
  for (int r = 0; r < rows.rows(); ++r) {
    created.emplace_back(static_cast<std::size_t>(rows.int8(r, 0) - 1), rows.int8(r, 1));
    copy.place(rows.int8(r, 0), rows.int8(r, 1));
  }
  return created;
}

// The stored version steps aside, row, matches and all, so rule runs still
// read what was matched; the new one takes the id. Its row of the column
// copy goes: hunting reads current versions.
std::int64_t PostgresEventStore::replace(Connection& c, const engine::EventRecord& e, const std::string& frame,
                                         const Owner& owner, std::optional<std::int64_t> epoch, HuntCopyWrites& copy) {
  ArrayParam rule(PgType::kText), time(PgType::kInt8), vals(PgType::kBytea);
  for (const auto& m : e.rule_matches) {
    const auto at = match_time(e, m);
    if (!at) continue;
    rule.push(m.rule_id), time.push(*at);
    if (m.values)
      vals.push(*m.values);
    else
      vals.push_null();
  }
  const auto row = c.query(R"sql(
WITH old AS (
  UPDATE events SET version = $3 WHERE ingested = $4 AND idx = $1 AND id = $2 AND version = 0
  RETURNING seq, ts, dataset),
owner AS (
  UPDATE event_ids SET version = $3 + 1, ingested = $6 WHERE idx = $1 AND id = $2),
stored AS (
  INSERT INTO events (idx, id, ts, ingested, category, dataset, doc, match_epoch)
  VALUES ($1, $2, $5, $6, $7, $8, $9, $10) RETURNING seq, ingested),
matched AS (
  INSERT INTO rule_matches (rule_id, time, event_seq, ingested, vals)
  SELECT m.rule_id, m.time, s.seq, s.ingested, m.vals
  FROM unnest($11::text[], $12::int8[], $13::bytea[]) AS m(rule_id, time, vals) CROSS JOIN stored s
  ON CONFLICT DO NOTHING)
SELECT s.seq, o.seq, o.ts, o.dataset FROM stored s LEFT JOIN old o ON true)sql",
                           Params()
                               .add_text(e.index)
                               .add_text(e.id)
                               .add(owner.version)
                               .add(owner.ingested)
                               .add(e.timestamp)
                               .add(e.ingested)
                               .add_text(category_column(e.categories))
                               .add_text(e.dataset)
                               .add_bytea(frame)
                               .add(epoch)
                               .add(rule)
                               .add(time)
                               .add(vals));
  if (!row.is_null(0, 1))
    copy.supersede(hunt_copy_, owner.ingested, row.int8(0, 1), row.optional_int8(0, 2), std::string(row.bytes(0, 3)));
  return row.int8(0, 0);
}

std::optional<engine::StoredEvent> PostgresEventStore::get_version(std::string_view index, std::string_view id,
                                                                   std::uint64_t version) {
  const EventKey key{std::string(index), std::string(id), version};
  return get_many(std::span(&key, 1)).front();
}

// Every key in one statement. A key's current version is read in the
// partition event_ids names (pruned at run time, one index probe); a
// replaced version, which event_ids does not locate, in every partition.
std::vector<std::optional<engine::StoredEvent>> PostgresEventStore::get_many(std::span<const EventKey> keys) {
  std::vector<std::optional<engine::StoredEvent>> events(keys.size());
  ArrayParam indices(PgType::kText), ids(PgType::kText), versions(PgType::kInt8), positions(PgType::kInt8);
  for (std::size_t n = 0; n < keys.size(); ++n) {
    const auto& key = keys[n];
    // Ingest refuses ids holding NUL, and PostgreSQL text cannot hold one.
    if (key.id.find('\0') != std::string::npos || key.index.find('\0') != std::string::npos) continue;
    indices.push(key.index), ids.push(key.id), versions.push(static_cast<std::int64_t>(key.version));
    positions.push(static_cast<std::int64_t>(n));
  }
  if (keys.empty()) return events;
  return pool_.with([&](Connection& c) {
    const auto rows = c.query(R"sql(
SELECT k.pos, e.ts, e.ingested, e.doc, CASE WHEN e.version = 0 THEN o.version ELSE e.version END
FROM unnest($1::text[], $2::text[], $3::int8[], $4::int8[]) AS k(idx, id, version, pos)
JOIN event_ids o ON o.idx = k.idx AND o.id = k.id
CROSS JOIN LATERAL (
  SELECT ts, ingested, doc, version FROM events
  WHERE ingested = o.ingested AND idx = k.idx AND id = k.id AND version = 0 AND k.version IN (0, o.version)
  UNION ALL
  SELECT ts, ingested, doc, version FROM events
  WHERE idx = k.idx AND id = k.id AND version = k.version AND k.version NOT IN (0, o.version)) e)sql",
                              Params().add(indices).add(ids).add(versions).add(positions));
    DocumentCodec::ScanCache cache;
    for (int r = 0; r < rows.rows(); ++r) {
      const auto n = static_cast<std::size_t>(rows.int8(r, 0));
      auto& e = events[n].emplace();
      e.index = keys[n].index;
      e.id = keys[n].id;
      e.timestamp = rows.optional_int8(r, 1);
      e.ingested = rows.int8(r, 2);
      documents_.decode(rows.bytes(r, 3), e.document, cache, [&] { return DocumentDictionaries::load(c); });
      e.version = static_cast<std::uint64_t>(rows.int8(r, 4));
    }
    return events;
  });
}

// The ids of current events are event_ids' rows: counting them reads no
// event. Patterns are matched against the index names, not the rows.
std::vector<engine::EventStore::IndexCount> PostgresEventStore::indices(std::span<const std::string> index_patterns) {
  const auto selected = engine::IndexPatterns::of_request(index_patterns);
  return pool_.with([&](Connection& c) {
    const auto rows = c.query("SELECT idx, count(*) FROM event_ids GROUP BY idx ORDER BY idx COLLATE \"C\"");
    std::vector<IndexCount> out;
    for (int r = 0; r < rows.rows(); ++r)
      if (std::string idx(rows.bytes(r, 0)); selected.selects(idx))
        out.push_back({std::move(idx), static_cast<std::uint64_t>(rows.int8(r, 1))});
    return out;
  });
}

std::vector<engine::IngestRuleVersion> PostgresEventStore::matched_rules() {
  return pool_.with([&](Connection& c) {
    const auto rows = c.query("SELECT rule_id, fingerprint FROM rule_match_state ORDER BY rule_id COLLATE \"C\"");
    std::vector<engine::IngestRuleVersion> rules;
    for (int r = 0; r < rows.rows(); ++r)
      rules.push_back({std::string(rows.bytes(r, 0)), std::string(rows.bytes(r, 1))});
    return rules;
  });
}

void PostgresEventStore::change_matching(const engine::IngestMatchingChange& change) {
  pool_.with([&](Connection& c) {
    Transaction tx(c);
    for (const auto& rule_id : change.stopped) {
      c.query("DELETE FROM rule_matches WHERE rule_id = $1", Params().add_text(rule_id));
      c.query("DELETE FROM rule_match_state WHERE rule_id = $1", Params().add_text(rule_id));
    }
    auto epoch = c.query("SELECT epoch FROM match_epoch WHERE id = 1 FOR UPDATE").int8(0, 0);
    if (!change.restarted.empty()) {
      // Every event stored so far is older than the restarted rules' epoch.
      ++epoch;
      c.query("UPDATE match_epoch SET epoch = $1 WHERE id = 1", Params().add(epoch));
      const auto bounds = c.query("SELECT (SELECT max(ts) FROM events), (SELECT max(ingested) FROM events)");
      const auto max_ts = bounds.optional_int8(0, 0);
      const auto max_ingested = bounds.optional_int8(0, 1);
      for (const auto& rule : change.restarted) {
        c.query("DELETE FROM rule_matches WHERE rule_id = $1", Params().add_text(rule.rule_id));
        c.query(
            "INSERT INTO rule_match_state (rule_id, fingerprint, from_epoch, older_max_ts, older_max_ingested) "
            "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (rule_id) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, "
            "from_epoch = EXCLUDED.from_epoch, older_max_ts = EXCLUDED.older_max_ts, older_max_ingested = "
            "EXCLUDED.older_max_ingested",
            Params().add_text(rule.rule_id).add_text(rule.fingerprint).add(epoch).add(max_ts).add(max_ingested));
      }
    }
    tx.commit();
    epoch_ = epoch;
  });
}

void PostgresEventStore::scan_rule_candidates(std::string_view rule_id, const engine::EventQuery& query,
                                              const std::function<bool(const engine::StoredEvent&)>& visit) {
  scan_matches(rule_id, query, MatchRows::kDocuments, visit);
}

void PostgresEventStore::scan_rule_values(std::string_view rule_id, const engine::EventQuery& query,
                                          const std::function<bool(const engine::StoredEvent&)>& visit) {
  scan_matches(rule_id, query, MatchRows::kValues, visit);
}

void PostgresEventStore::scan_matches(std::string_view rule_id, const engine::EventQuery& query, MatchRows rows,
                                      const std::function<bool(const engine::StoredEvent&)>& visit) {
  const auto state = pool_.with([&](Connection& c) -> std::optional<engine::RuleMatchState> {
    const auto row =
        c.query("SELECT from_epoch, older_max_ts, older_max_ingested FROM rule_match_state WHERE rule_id = $1",
                Params().add_text(rule_id));
    if (row.rows() == 0) return std::nullopt;
    return engine::RuleMatchState{row.int8(0, 0), row.optional_int8(0, 1), row.optional_int8(0, 2)};
  });
  if (!state) {
    scan_window(query, std::nullopt, visit);
    return;
  }

  const bool more = pool_.with([&](Connection& c) {
    if (rows == MatchRows::kValues) {
      // The matches alone: no event row is read.
      engine::StoredEvent e;
      e.values.emplace();
      return c.stream(
          "SELECT time, vals FROM rule_matches WHERE rule_id = $1 AND time BETWEEN $2 AND $3 ORDER BY time, "
          "event_seq",
          Params().add_text(rule_id).add(query.start).add(query.end), [&](const Result& row) {
            e.timestamp = row.int8(0, 0);
            e.values->assign(row.bytes(0, 1));
            return visit(e);
          });
    }
    return visit_rows(c,
                      "SELECT e.idx, e.id, e.ts, e.ingested, e.doc, e.version FROM rule_matches m JOIN events e ON "
                      "e.seq = m.event_seq AND e.ingested = m.ingested WHERE m.rule_id = $1 AND m.time BETWEEN $2 AND "
                      "$3 AND (cardinality($4::text[]) = 0 OR e.idx LIKE ANY ($4)) ORDER BY m.time, m.event_seq",
                      Params().add_text(rule_id).add(query.start).add(query.end).add(like_patterns(query)), visit);
  });
  if (!more) return;

  // Events stored before the rule's matching began, while the window still reaches them.
  if (const auto older = state->older_window(query)) scan_window(*older, state->from_epoch, visit);
}

}  // namespace vigil::storage::postgresql
