#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/store/event_record.hpp"

namespace vigil::storage {

// Chooses the documents a zstd dictionary is trained from: every document
// until the first dictionary, then one in (retrain_every / samples), so a
// retrained dictionary follows a million documents rather than the last
// batch. Nothing is sampled while a training is under way: those samples
// would complete a second set as the first is adopted and train again at
// once, from the same documents. Not thread-safe; StoredDocuments holds its
// lock around every call.
class DictionarySampler {
 public:
  // Each sample is the head of a document, at most `sample_bytes` long.
  DictionarySampler(std::size_t samples, std::size_t sample_bytes, std::uint64_t retrain_every);

  // Samples the batch. Once `samples` are in, hands them over to be trained
  // from and stops sampling until training_ended().
  std::optional<std::vector<std::string>> offer(std::span<const engine::EventRecord> batch, bool have_dictionary);
  // Whether the training succeeded or not: sampling starts again, afresh.
  void training_ended();

 private:
  const std::size_t samples_wanted_;
  const std::size_t sample_bytes_;
  const std::uint64_t retrain_every_;
  std::vector<std::string> samples_;
  std::uint64_t documents_seen_ = 0;
  bool training_ = false;
};

}  // namespace vigil::storage
