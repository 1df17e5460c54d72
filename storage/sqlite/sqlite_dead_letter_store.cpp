#include "storage/sqlite/sqlite_dead_letter_store.hpp"

namespace vigil::storage {

using engine::ingest::DeadLetter;

void SqliteDeadLetterStore::add(std::span<const DeadLetter> letters) {
  if (letters.empty()) return;
  db_.write([&](Connection& c) {
    Transaction tx(c);
    auto& insert = c.prepare(
        "INSERT INTO input_dead_letters (input, epoch, topic, partition, msg_offset, error, payload, payload_bytes, "
        "at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
        "ON CONFLICT (input, epoch, topic, partition, msg_offset) DO NOTHING");
    for (const auto& l : letters) {
      insert.bind(1, l.input)
          .bind(2, static_cast<std::int64_t>(l.epoch))
          .bind(3, l.topic)
          .bind(4, std::int64_t{l.partition})
          .bind(5, l.offset)
          .bind(6, l.error)
          .bind_blob(7, std::string_view(l.payload).substr(0, engine::ingest::kMaxDeadLetterPayload))
          .bind(8, static_cast<std::int64_t>(l.payload_bytes))
          .bind(9, l.at)
          .run();
    }
    tx.commit();
  });
}

namespace {

// The filter's conditions, over parameters ?1..?4 (bind_filter).
constexpr std::string_view kFilter =
    "(?1 = '' OR input = ?1) AND (?2 = '' OR topic = ?2) AND (?3 IS NULL OR at >= ?3) AND (?4 IS NULL OR at < ?4)";

void bind_filter(Statement& stmt, const engine::ingest::DeadLetterFilter& filter) {
  stmt.bind(1, filter.input).bind(2, filter.topic).bind(3, filter.since).bind(4, filter.until);
}

}  // namespace

engine::ingest::DeadLetterPage SqliteDeadLetterStore::list(const engine::ingest::DeadLetterQuery& query,
                                                           const engine::ingest::DeadLetterSink& take) {
  return db_.read([&](Connection& c) {
    engine::ingest::DeadLetterPage page;
    auto& counted = c.prepare("SELECT count(*) FROM input_dead_letters WHERE " + std::string(kFilter));
    bind_filter(counted, query.filter);
    counted.step();
    page.total = static_cast<std::uint64_t>(counted.column_int(0));
    counted.reset();
    // One more than the page holds: whether a next page exists.
    auto& stmt = c.prepare(
        "SELECT seq, input, epoch, topic, partition, msg_offset, error, payload, payload_bytes, at "
        "FROM input_dead_letters WHERE " +
        std::string(kFilter) + " AND (?5 IS NULL OR seq < ?5) ORDER BY seq DESC LIMIT ?6");
    bind_filter(stmt, query.filter);
    stmt.bind(5, query.after).bind(6, static_cast<std::int64_t>(query.limit) + 1);
    std::size_t taken = 0;
    std::optional<std::int64_t> last;
    while (stmt.step()) {
      const auto seq = stmt.column_int(0);
      if (taken == query.limit) {
        page.next = last;
        break;
      }
      DeadLetter letter{stmt.column_text(1),
                        static_cast<std::uint64_t>(stmt.column_int(2)),
                        stmt.column_text(3),
                        static_cast<std::int32_t>(stmt.column_int(4)),
                        stmt.column_int(5),
                        stmt.column_text(6),
                        std::string(stmt.column_bytes(7)),
                        static_cast<std::size_t>(stmt.column_int(8)),
                        stmt.column_int(9)};
      if (!take(std::move(letter))) {
        page.next = last;
        break;
      }
      last = seq;
      ++taken;
    }
    stmt.reset();
    return page;
  });
}

std::uint64_t SqliteDeadLetterStore::count(std::string_view input) {
  return db_.read([&](Connection& c) {
    auto& stmt = c.prepare("SELECT count(*) FROM input_dead_letters WHERE ?1 = '' OR input = ?1");
    stmt.bind(1, input);
    stmt.step();
    const auto n = static_cast<std::uint64_t>(stmt.column_int(0));
    stmt.reset();
    return n;
  });
}

}  // namespace vigil::storage
