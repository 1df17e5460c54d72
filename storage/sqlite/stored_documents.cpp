#include "storage/sqlite/stored_documents.hpp"

#include "engine/schedule/clock.hpp"
#include "engine/store/store_error.hpp"

namespace vigil::storage {

StoredDocuments::StoredDocuments(Database& db, StoredDocumentOptions options)
    : db_(db),
      options_(options),
      codec_(options.compression_level),
      sampler_(options.dictionary_samples, options.sample_bytes, options.retrain_every) {
  db_.read([&](Connection& c) { load_dictionaries(c); });
}

std::vector<std::string> StoredDocuments::encode(std::span<const engine::EventRecord> batch) {
  learn(batch);
  std::vector<std::string> frames;
  frames.reserve(batch.size());
  for (const auto& e : batch) frames.push_back(codec_.compress(e.document));
  return frames;
}

void StoredDocuments::load_dictionaries(Connection& c) {
  auto& stmt = c.prepare("SELECT id, dict FROM doc_dictionaries ORDER BY id");
  std::vector<std::pair<std::uint32_t, std::string>> found;
  while (stmt.step()) found.emplace_back(static_cast<std::uint32_t>(stmt.column_int(0)), stmt.column_bytes(1));
  stmt.reset();
  for (std::size_t i = 0; i < found.size(); ++i) {
    const bool newest = i + 1 == found.size() && found[i].first > codec_.current_dictionary();
    codec_.add_dictionary(found[i].first, found[i].second, newest);
  }
}

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
  const auto frame = stmt.column_bytes(column);
  try {
    const auto dictionary = DocumentCodec::dictionary_of(frame);
    // Trained since this store loaded its dictionaries, by another process.
    if (dictionary != 0 && !cache.holds(dictionary) && !codec_.has_dictionary(dictionary)) load_dictionaries(c);
    codec_.decompress(frame, document, cache);
  } catch (const std::runtime_error& e) {
    throw engine::StoreError(e.what(), engine::StoreErrorKind::kFailed);
  }
}

void StoredDocuments::learn(std::span<const engine::EventRecord> batch) {
  std::vector<std::string> samples;
  std::uint32_t id = 0;
  {
    std::lock_guard lock(learn_mutex_);
    auto ready = sampler_.offer(batch, codec_.current_dictionary() != 0);
    if (!ready) return;
    samples = std::move(*ready);
    id = codec_.current_dictionary() + 1;
  }
  struct Done {
    StoredDocuments& store;
    ~Done() {
      std::lock_guard lock(store.learn_mutex_);
      store.sampler_.training_ended();
    }
  } done{*this};
  const auto dictionary = DocumentCodec::train(samples, id, options_.dictionary_bytes, options_.compression_level);
  if (dictionary.empty()) return;  // samples too alike or too small: the next ones may do
  try {
    const bool stored = db_.write([&](Connection& c) {
      Transaction tx(c);
      // Another process on this database may have taken the id.
      c.prepare("INSERT OR IGNORE INTO doc_dictionaries (id, created_at, samples, dict) VALUES (?1, ?2, ?3, ?4)")
          .bind(1, static_cast<std::int64_t>(id))
          .bind(2, engine::SystemClock().now())
          .bind(3, static_cast<std::int64_t>(samples.size()))
          .bind_blob(4, dictionary)
          .run();
      const bool inserted = c.changes() == 1;
      tx.commit();
      return inserted;
    });
    if (stored)
      codec_.add_dictionary(id, dictionary, true);
    else
      db_.read([&](Connection& c) { load_dictionaries(c); });
  } catch (const engine::StoreError&) {
    // A locked or full database: the batch itself will say so; the next
    // samples train again.
  }
}

}  // namespace vigil::storage
