#include "storage/postgresql/postgres_outbox.hpp"

#include "storage/postgresql/alert_sql.hpp"
#include "storage/postgresql/outbox_writes.hpp"

namespace vigil::storage::postgresql {
namespace {

using engine::outputs::OutboxEntry;
using engine::outputs::OutboxKind;
using engine::outputs::OutputPosition;

std::optional<OutputPosition> read_position(Connection& c, const std::string& output) {
  const auto rows =
      c.query("SELECT cursor, attempts, next_attempt_at, first_failure_at FROM output_state WHERE output = $1",
              Params().add_text(output));
  if (rows.rows() == 0) return std::nullopt;
  return OutputPosition{rows.int8(0, 0), static_cast<int>(rows.int8(0, 1)), rows.optional_int8(0, 2),
                        rows.optional_int8(0, 3)};
}

void set_cursor(Connection& c, const std::string& output, std::int64_t seq) {
  c.query(
      "UPDATE output_state SET cursor = GREATEST(cursor, $2), attempts = 0, next_attempt_at = NULL, "
      "first_failure_at = NULL WHERE output = $1",
      Params().add_text(output).add(seq));
}

}  // namespace

PostgresOutbox::PostgresOutbox(ConnectionPool& pool, std::vector<std::string> outputs)
    : pool_(pool), outputs_(std::move(outputs)) {
  pool_.with([&](Connection& c) {
    Transaction tx(c);
    prune(c);
    tx.commit();
  });
}

void PostgresOutbox::prune(Connection& c) {
  ArrayParam outputs(PgType::kText);
  for (const auto& output : outputs_) outputs.push(output);
  // Outputs without a position yet start at the end, so they hold nothing back.
  c.query(
      "DELETE FROM outbox WHERE seq <= coalesce((SELECT min(cursor) FROM output_state WHERE output = ANY ($1)), "
      "CASE WHEN cardinality($1::text[]) = 0 THEN (SELECT max(seq) FROM outbox) ELSE 0 END)",
      Params().add(outputs));
}

OutputPosition PostgresOutbox::position(const std::string& output) {
  return pool_.with([&](Connection& c) {
    if (auto known = read_position(c, output)) return *known;
    // An output seen for the first time starts at the end of the outbox:
    // read under the outbox lock, so no entry still to commit lies behind it.
    Transaction tx(c);
    lock_outbox(c);
    c.query(
        "INSERT INTO output_state (output, cursor) SELECT $1, coalesce(max(seq), 0) FROM outbox ON CONFLICT (output) "
        "DO NOTHING",
        Params().add_text(output));
    auto position = read_position(c, output);
    tx.commit();
    return *position;
  });
}

std::vector<OutboxEntry> PostgresOutbox::entries_after(std::int64_t cursor, std::size_t limit) {
  return pool_.with([&](Connection& c) {
    const auto rows = c.query("SELECT a." + std::string(kAlertDocumentColumns) +
                                  ", o.seq, o.kind, o.at, o.change, a.id FROM outbox AS o LEFT JOIN alerts AS a ON "
                                  "a.seq = o.alert_seq WHERE o.seq > $1 ORDER BY o.seq LIMIT $2",
                              Params().add(cursor).add(static_cast<std::int64_t>(limit)));
    std::vector<OutboxEntry> entries;
    entries.reserve(static_cast<std::size_t>(rows.rows()));
    for (int r = 0; r < rows.rows(); ++r) {
      OutboxEntry entry;
      entry.seq = rows.int8(r, 6);
      entry.kind = rows.bytes(r, 7) == "triaged" ? OutboxKind::kAlertTriaged : OutboxKind::kAlertCreated;
      entry.at = rows.int8(r, 8);
      if (!rows.is_null(r, 9)) entry.change = nlohmann::json::parse(rows.bytes(r, 9));
      if (!rows.is_null(r, 0)) {
        entry.alert_id = rows.bytes(r, 10);
        entry.alert = nlohmann::json::parse(alert_text(rows, r));
      }
      entries.push_back(std::move(entry));
    }
    return entries;
  });
}

std::uint64_t PostgresOutbox::pending(const std::string& output) {
  return pool_.with([&](Connection& c) {
    const auto rows = c.query(
        "SELECT count(*) FROM outbox WHERE seq > coalesce((SELECT cursor FROM output_state WHERE output = $1), "
        "(SELECT max(seq) FROM outbox))",
        Params().add_text(output));
    return static_cast<std::uint64_t>(rows.int8(0, 0));
  });
}

void PostgresOutbox::advance(const std::string& output, std::int64_t seq) {
  pool_.with([&](Connection& c) {
    Transaction tx(c);
    set_cursor(c, output, seq);
    prune(c);
    tx.commit();
  });
}

void PostgresOutbox::record_failure(const std::string& output, const OutputPosition& position) {
  pool_.with([&](Connection& c) {
    c.query("UPDATE output_state SET attempts = $2, next_attempt_at = $3, first_failure_at = $4 WHERE output = $1",
            Params()
                .add_text(output)
                .add(std::int64_t{position.attempts})
                .add(position.next_attempt_at)
                .add(position.first_failure_at));
  });
}

void PostgresOutbox::dead_letter(const std::string& output, const OutboxEntry& entry, int attempts,
                                 const std::string& error, engine::TimeMs at) {
  pool_.with([&](Connection& c) {
    Transaction tx(c);
    c.query(
        "INSERT INTO output_dead_letters (output, outbox_seq, kind, alert_id, attempts, error, at) VALUES ($1, $2, "
        "$3, $4, $5, $6, $7)",
        Params()
            .add_text(output)
            .add(entry.seq)
            .add_text(entry.kind == OutboxKind::kAlertTriaged ? "triaged" : "created")
            .add_text(entry.alert_id)
            .add(std::int64_t{attempts})
            .add_text(error)
            .add(at));
    set_cursor(c, output, entry.seq);
    prune(c);
    tx.commit();
  });
}

}  // namespace vigil::storage::postgresql
