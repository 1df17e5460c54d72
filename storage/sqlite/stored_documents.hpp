#pragma once

#include <cstdint>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "engine/store/event_record.hpp"
#include "storage/sqlite/database.hpp"
#include "storage/sqlite/dictionary_sampler.hpp"
#include "storage/sqlite/document_codec.hpp"

namespace vigil::storage {

// How the event store's documents are compressed: zstd frames under
// dictionaries kept in `doc_dictionaries`. The first dictionary is trained
// from the first `dictionary_samples` documents stored, and a new one after
// every `retrain_every` documents from a sample of them, so the dictionary
// follows the sources a site sends.
struct StoredDocumentOptions {
  int compression_level = 1;
  // Each sample is at most sample_bytes of a document (its head: the fields
  // every document of a source shares), so sampling holds at most
  // dictionary_samples * sample_bytes.
  std::size_t dictionary_samples = 1000;
  std::size_t sample_bytes = 4096;
  std::size_t dictionary_bytes = 64 * 1024;
  std::uint64_t retrain_every = 1000000;
};

// Encodes event documents for storage and decodes them when read, learning
// dictionaries as documents pass. Thread-safe; one thread trains at a time
// while the others go on with the dictionary they have.
class StoredDocuments {
 public:
  // Loads the database's dictionaries.
  StoredDocuments(Database& db, StoredDocumentOptions options);

  // The batch's documents as frames, in order. Samples them first and, when
  // enough samples are in, trains, stores and adopts a new dictionary, so the
  // batch that completes the samples is the first to use it. Call before
  // taking the write lock: compression runs on the caller's thread.
  std::vector<std::string> encode(std::span<const engine::EventRecord> batch);

  // The document in column `column` of the current row: a frame, or JSON text
  // stored before compression (schema version 2). A frame under a dictionary
  // another process trained loads it through `c`. Throws StoreError (kFailed)
  // for a damaged frame.
  std::string decode(Connection& c, const Statement& stmt, int column);
  // The same into `document`, whose capacity is reused, keeping what the
  // next row of a scan needs in `cache`.
  void decode(Connection& c, const Statement& stmt, int column, std::string& document, DocumentCodec::ScanCache& cache);

 private:
  void learn(std::span<const engine::EventRecord> batch);
  void load_dictionaries(Connection& c);

  Database& db_;
  const StoredDocumentOptions options_;
  DocumentCodec codec_;
  std::mutex learn_mutex_;
  DictionarySampler sampler_;  // under learn_mutex_
};

}  // namespace vigil::storage
