#include "storage/postgresql/document_dictionaries.hpp"

#include "engine/schedule/clock.hpp"

namespace vigil::storage::postgresql {

std::vector<StoredDictionary> DocumentDictionaries::load(Connection& c) {
  const auto rows = c.query("SELECT id, dict FROM doc_dictionaries ORDER BY id");
  std::vector<StoredDictionary> found;
  for (int r = 0; r < rows.rows(); ++r)
    found.push_back({static_cast<std::uint32_t>(rows.int8(r, 0)), std::string(rows.bytes(r, 1))});
  return found;
}

std::vector<StoredDictionary> DocumentDictionaries::load() {
  return pool_.with([](Connection& c) { return load(c); });
}

std::vector<StoredDictionary> DocumentDictionaries::load_apart() {
  const auto c = pool_.connect_apart();
  return load(*c);
}

bool DocumentDictionaries::insert(const StoredDictionary& dictionary, std::size_t samples) {
  return pool_.with([&](Connection& c) {
    // Another process on this database may have taken the id.
    const auto inserted = c.query(
        "INSERT INTO doc_dictionaries (id, created_at, samples, dict) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING "
        "RETURNING id",
        Params()
            .add(static_cast<std::int64_t>(dictionary.id))
            .add(engine::SystemClock().now())
            .add(static_cast<std::int64_t>(samples))
            .add_bytea(dictionary.bytes));
    return inserted.rows() == 1;
  });
}

}  // namespace vigil::storage::postgresql
