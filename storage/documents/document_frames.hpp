#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/store/event_record.hpp"
#include "storage/documents/dictionary_sampler.hpp"
#include "storage/documents/dictionary_table.hpp"
#include "storage/documents/document_codec.hpp"

namespace vigil::storage {

// How the event store's documents are compressed: zstd frames under
// dictionaries kept in a DictionaryTable. The first dictionary is trained
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
// dictionaries as documents pass; what every storage backend shares of its
// documents. Thread-safe; one thread trains at a time while the others go on
// with the dictionary they have.
class DocumentFrames {
 public:
  // Loads the table's dictionaries. The table outlives this.
  DocumentFrames(DictionaryTable& table, StoredDocumentOptions options);

  // The batch's documents as frames, in order. Samples them first and, when
  // enough samples are in, trains, stores and adopts a new dictionary, so the
  // batch that completes the samples is the first to use it. Call before
  // taking a write lock: compression runs on the caller's thread.
  std::vector<std::string> encode(std::span<const engine::EventRecord> batch);

  // The document in `frame` into `document`, whose capacity is reused,
  // keeping what the next row of a scan needs in `cache`. A frame under a
  // dictionary another process trained since calls `reload` for the stored
  // dictionaries (through the reader's own connection). Throws StoreError
  // (kFailed) for a damaged frame.
  using Reload = std::function<std::vector<StoredDictionary>()>;
  void decode(std::string_view frame, std::string& document, DocumentCodec::ScanCache& cache, const Reload& reload);

 private:
  void learn(std::span<const engine::EventRecord> batch);
  void add(const std::vector<StoredDictionary>& stored);

  DictionaryTable& table_;
  const StoredDocumentOptions options_;
  DocumentCodec codec_;
  std::mutex learn_mutex_;
  DictionarySampler sampler_;  // under learn_mutex_
};

}  // namespace vigil::storage
