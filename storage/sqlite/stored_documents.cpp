#include "storage/sqlite/stored_documents.hpp"

#include "engine/schedule/clock.hpp"

namespace vigil::storage {
namespace {

std::vector<StoredDictionary> load_dictionaries(Connection& c) {
  auto& stmt = c.prepare("SELECT id, dict FROM doc_dictionaries ORDER BY id");
  std::vector<StoredDictionary> found;
  while (stmt.step()) found.push_back({static_cast<std::uint32_t>(stmt.column_int(0)), std::string(stmt.column_bytes(1))});
  stmt.reset();
  return found;
}

}  // namespace

std::vector<StoredDictionary> StoredDocuments::Table::load() { return db_.read(load_dictionaries); }

bool StoredDocuments::Table::insert(const StoredDictionary& dictionary, std::size_t samples) {
  return db_.write([&](Connection& c) {
    Transaction tx(c);
    c.prepare("INSERT OR IGNORE INTO doc_dictionaries (id, created_at, samples, dict) VALUES (?1, ?2, ?3, ?4)")
        .bind(1, static_cast<std::int64_t>(dictionary.id))
        .bind(2, engine::SystemClock().now())
        .bind(3, static_cast<std::int64_t>(samples))
        .bind_blob(4, dictionary.bytes)
        .run();
    const bool inserted = c.changes() == 1;
    tx.commit();
    return inserted;
  });
}

StoredDocuments::StoredDocuments(Database& db, StoredDocumentOptions options) : table_(db), frames_(table_, options) {}

std::string StoredDocuments::decode(Connection& c, const Statement& stmt, int column) {
  std::string document;
  DocumentCodec::ScanCache cache;
  decode(c, stmt, column, document, cache);
  return document;
}

void StoredDocuments::decode(Connection& c, const Statement& stmt, int column, std::string& document,
                             DocumentCodec::ScanCache& cache) {
  // Text: a document stored before compression (schema version 2 and older).
  if (!stmt.column_is_blob(column)) {
    document.assign(stmt.column_bytes(column));
    return;
  }
  frames_.decode(stmt.column_bytes(column), document, cache, [&] { return load_dictionaries(c); });
}

}  // namespace vigil::storage
