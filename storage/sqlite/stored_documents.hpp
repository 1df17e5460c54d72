#pragma once

#include <span>
#include <string>
#include <vector>

#include "engine/store/event_record.hpp"
#include "storage/documents/document_frames.hpp"
#include "storage/sqlite/database.hpp"

namespace vigil::storage {

// The event store's documents in SQLite: DocumentFrames with their
// dictionaries in `doc_dictionaries`, read from a statement's column, where
// documents stored before compression (schema version 2) are JSON text.
// Thread-safe.
class StoredDocuments {
 public:
  // Loads the database's dictionaries.
  StoredDocuments(Database& db, StoredDocumentOptions options);

  // DocumentFrames::encode: call before taking the write lock.
  std::vector<std::string> encode(std::span<const engine::EventRecord> batch) { return frames_.encode(batch); }

  // The document in column `column` of the current row: a frame, or JSON text
  // stored before compression. A frame under a dictionary another process
  // trained loads it through `c`. Throws StoreError (kFailed) for a damaged
  // frame.
  std::string decode(Connection& c, const Statement& stmt, int column);
  // The same into `document`, whose capacity is reused, keeping what the
  // next row of a scan needs in `cache`.
  void decode(Connection& c, const Statement& stmt, int column, std::string& document, DocumentCodec::ScanCache& cache);

 private:
  // `doc_dictionaries`, written through the database's writer.
  class Table final : public DictionaryTable {
   public:
    explicit Table(Database& db) : db_(db) {}
    std::vector<StoredDictionary> load() override;
    bool insert(const StoredDictionary& dictionary, std::size_t samples) override;

   private:
    Database& db_;
  };

  Table table_;
  DocumentFrames frames_;
};

}  // namespace vigil::storage
