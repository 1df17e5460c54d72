#include "storage/sqlite/sqlite_dead_letter_store.hpp"

namespace vigil::storage {

using engine::ingest::DeadLetter;

void SqliteDeadLetterStore::add(std::span<const DeadLetter> letters) {
  if (letters.empty()) return;
  db_.write([&](Connection& c) {
    Transaction tx(c);
    auto& insert = c.prepare(
        "INSERT INTO input_dead_letters (input, epoch, topic, partition, msg_offset, error, payload, payload_bytes, at) "
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

std::vector<DeadLetter> SqliteDeadLetterStore::list(std::string_view input, std::size_t limit) {
  return db_.read([&](Connection& c) {
    auto& stmt = c.prepare(
        "SELECT input, epoch, topic, partition, msg_offset, error, payload, payload_bytes, at FROM input_dead_letters "
        "WHERE ?1 = '' OR input = ?1 ORDER BY seq DESC LIMIT ?2");
    stmt.bind(1, input).bind(2, static_cast<std::int64_t>(limit));
    std::vector<DeadLetter> letters;
    while (stmt.step()) {
      letters.push_back({stmt.column_text(0), static_cast<std::uint64_t>(stmt.column_int(1)), stmt.column_text(2),
                         static_cast<std::int32_t>(stmt.column_int(3)), stmt.column_int(4), stmt.column_text(5),
                         std::string(stmt.column_bytes(6)), static_cast<std::size_t>(stmt.column_int(7)),
                         stmt.column_int(8)});
    }
    stmt.reset();
    return letters;
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
