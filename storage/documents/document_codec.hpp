#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <shared_mutex>
#include <span>
#include <string>
#include <string_view>

typedef struct ZSTD_CDict_s ZSTD_CDict;
typedef struct ZSTD_DDict_s ZSTD_DDict;

namespace vigil::storage {

// Compresses stored documents into zstd frames, with a dictionary trained on
// the documents themselves once there is one. Events of one source share
// most of their bytes (field names, channel, provider, paths), which plain
// zstd cannot exploit in a 3 KB document and a dictionary can: a normalized
// Sysmon event of 2.9 KB becomes ~1.2 KB with zstd alone and ~0.1 KB with a
// dictionary (docs/PERFORMANCE.md).
//
// A frame names its dictionary by id (zstd's dictionary id), so documents
// written under earlier dictionaries stay readable as long as those
// dictionaries are added. Thread-safe: contexts are per thread, and
// dictionaries are only ever added.
class DocumentCodec {
  struct Dictionary;

 public:
  explicit DocumentCodec(int level);
  ~DocumentCodec();
  DocumentCodec(const DocumentCodec&) = delete;
  DocumentCodec& operator=(const DocumentCodec&) = delete;

  // A zstd frame of `document`, under the current dictionary if any.
  std::string compress(std::string_view document) const;

  // What a scan keeps from one document to the next: the dictionary it last
  // used, so that reading a million documents takes no lock for each.
  class ScanCache {
   public:
    bool holds(std::uint32_t dictionary) const { return dictionary_ && id_ == dictionary; }

   private:
    friend class DocumentCodec;
    std::uint32_t id_ = 0;
    std::shared_ptr<const Dictionary> dictionary_;
  };

  // The document in `frame`. Throws std::runtime_error naming the problem
  // for a frame that is corrupt or needs a dictionary not added.
  std::string decompress(std::string_view frame) const;
  // The same into `document`, whose capacity is reused.
  void decompress(std::string_view frame, std::string& document, ScanCache& cache) const;

  // The dictionary a frame needs; 0 for none.
  static std::uint32_t dictionary_of(std::string_view frame);

  // Makes a dictionary available for reading and, when `current`, the one
  // new documents are compressed with. Throws for bytes that are no zstd
  // dictionary. Adding an id twice keeps the first.
  void add_dictionary(std::uint32_t id, std::string_view bytes, bool current);
  bool has_dictionary(std::uint32_t id) const;
  std::uint32_t current_dictionary() const;

  // Trains a dictionary of at most `max_bytes` with id `id` from sample
  // documents. Returns no bytes when zstd finds the samples too few or too
  // small to train on.
  static std::string train(std::span<const std::string> samples, std::uint32_t id, std::size_t max_bytes, int level);

 private:
  const int level_;
  mutable std::shared_mutex mutex_;
  std::map<std::uint32_t, std::shared_ptr<const Dictionary>> dictionaries_;
  std::shared_ptr<const Dictionary> current_;
};

}  // namespace vigil::storage
