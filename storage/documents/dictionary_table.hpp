#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::storage {

// A zstd dictionary as a backend keeps it (DocumentCodec::train made it).
struct StoredDictionary {
  std::uint32_t id = 0;
  std::string bytes;
};

// Where a storage backend keeps the dictionaries its event documents are
// compressed with, so every process on one database reads every frame.
// Implementations are thread-safe.
class DictionaryTable {
 public:
  virtual ~DictionaryTable() = default;

  // Every dictionary stored, by increasing id. Throws engine::StoreError.
  virtual std::vector<StoredDictionary> load() = 0;
  // Stores a dictionary trained from `samples` documents unless another
  // process took its id first; returns whether it was stored. Throws
  // engine::StoreError.
  virtual bool insert(const StoredDictionary& dictionary, std::size_t samples) = 0;
};

}  // namespace vigil::storage
