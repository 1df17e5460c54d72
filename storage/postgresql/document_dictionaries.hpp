#pragma once

#include <vector>

#include "storage/documents/dictionary_table.hpp"
#include "storage/postgresql/connection_pool.hpp"

namespace vigil::storage::postgresql {

// The event documents' zstd dictionaries in `doc_dictionaries`.
class DocumentDictionaries final : public DictionaryTable {
 public:
  explicit DocumentDictionaries(ConnectionPool& pool) : pool_(pool) {}
  std::vector<StoredDictionary> load() override;
  bool insert(const StoredDictionary& dictionary, std::size_t samples) override;

  // load() through a connection the caller holds.
  static std::vector<StoredDictionary> load(Connection& c);
  // load() on a connection outside the pool: for a reader mid-scan, whose
  // own connection is busy streaming while the pool may have none left.
  std::vector<StoredDictionary> load_apart();

 private:
  ConnectionPool& pool_;
};

}  // namespace vigil::storage::postgresql
