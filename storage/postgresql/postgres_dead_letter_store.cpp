#include "storage/postgresql/postgres_dead_letter_store.hpp"

namespace vigil::storage::postgresql {

using engine::ingest::DeadLetter;

void PostgresDeadLetterStore::add(std::span<const DeadLetter> letters) {
  if (letters.empty()) return;
  ArrayParam input(PgType::kText), epoch(PgType::kInt8), topic(PgType::kText), partition(PgType::kInt8),
      offset(PgType::kInt8), error(PgType::kBytea), payload(PgType::kBytea), payload_bytes(PgType::kInt8),
      at(PgType::kInt8);
  for (const auto& l : letters) {
    input.push(l.input), epoch.push(static_cast<std::int64_t>(l.epoch)), topic.push(l.topic);
    partition.push(std::int64_t{l.partition}), offset.push(l.offset), error.push(l.error);
    payload.push(std::string_view(l.payload).substr(0, engine::ingest::kMaxDeadLetterPayload));
    payload_bytes.push(static_cast<std::int64_t>(l.payload_bytes)), at.push(l.at);
  }
  // One statement is one transaction: the batch is kept whole or not at all.
  pool_.with([&](Connection& c) {
    c.query(
        "INSERT INTO input_dead_letters (input, epoch, topic, partition, msg_offset, error, payload, payload_bytes, "
        "at) "
        "SELECT * FROM unnest($1::text[], $2::int8[], $3::text[], $4::int8[], $5::int8[], $6::bytea[], $7::bytea[], "
        "$8::int8[], $9::int8[]) ON CONFLICT (input, epoch, topic, partition, msg_offset) DO NOTHING",
        Params()
            .add(input)
            .add(epoch)
            .add(topic)
            .add(partition)
            .add(offset)
            .add(error)
            .add(payload)
            .add(payload_bytes)
            .add(at));
  });
}

namespace {

// The filter's conditions, over parameters $1..$4 (filter_params).
constexpr std::string_view kFilter =
    "($1 = '' OR input = $1) AND ($2 = '' OR topic = $2) AND ($3::int8 IS NULL OR at >= $3) AND "
    "($4::int8 IS NULL OR at < $4)";

Params filter_params(const engine::ingest::DeadLetterFilter& filter) {
  Params params;
  params.add_text(filter.input).add_text(filter.topic).add(filter.since).add(filter.until);
  return params;
}

}  // namespace

engine::ingest::DeadLetterPage PostgresDeadLetterStore::list(const engine::ingest::DeadLetterQuery& query,
                                                             const engine::ingest::DeadLetterSink& take) {
  return pool_.with([&](Connection& c) {
    engine::ingest::DeadLetterPage page;
    page.total = static_cast<std::uint64_t>(
        c.query("SELECT count(*) FROM input_dead_letters WHERE " + std::string(kFilter), filter_params(query.filter))
            .int8(0, 0));
    // One more than the page holds: whether a next page exists.
    const auto rows = c.query(
        "SELECT seq, input, epoch, topic, partition, msg_offset, error, payload, payload_bytes, at "
        "FROM input_dead_letters WHERE " +
            std::string(kFilter) + " AND ($5::int8 IS NULL OR seq < $5) ORDER BY seq DESC LIMIT $6",
        filter_params(query.filter).add(query.after).add(static_cast<std::int64_t>(query.limit) + 1));
    std::optional<std::int64_t> last;
    for (int r = 0; r < rows.rows(); ++r) {
      if (static_cast<std::size_t>(r) == query.limit) {
        page.next = last;
        break;
      }
      DeadLetter letter{std::string(rows.bytes(r, 1)),
                        static_cast<std::uint64_t>(rows.int8(r, 2)),
                        std::string(rows.bytes(r, 3)),
                        static_cast<std::int32_t>(rows.int8(r, 4)),
                        rows.int8(r, 5),
                        std::string(rows.bytes(r, 6)),
                        std::string(rows.bytes(r, 7)),
                        static_cast<std::size_t>(rows.int8(r, 8)),
                        rows.int8(r, 9)};
      if (!take(std::move(letter))) {
        page.next = last;
        break;
      }
      last = rows.int8(r, 0);
    }
    return page;
  });
}

std::uint64_t PostgresDeadLetterStore::count(std::string_view input) {
  return pool_.with([&](Connection& c) {
    return static_cast<std::uint64_t>(
        c.query("SELECT count(*) FROM input_dead_letters WHERE $1 = '' OR input = $1", Params().add_text(input))
            .int8(0, 0));
  });
}

}  // namespace vigil::storage::postgresql
