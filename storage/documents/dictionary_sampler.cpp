#include "storage/documents/dictionary_sampler.hpp"

#include <algorithm>
#include <utility>

namespace vigil::storage {

DictionarySampler::DictionarySampler(std::size_t samples, std::size_t sample_bytes, std::uint64_t retrain_every)
    : samples_wanted_(samples), sample_bytes_(sample_bytes), retrain_every_(retrain_every) {}

std::optional<std::vector<std::string>> DictionarySampler::offer(std::span<const engine::EventRecord> batch,
                                                                 bool have_dictionary) {
  if (training_) {
    documents_seen_ += batch.size();
    return std::nullopt;
  }
  const std::uint64_t every = have_dictionary ? std::max<std::uint64_t>(1, retrain_every_ / samples_wanted_) : 1;
  for (const auto& e : batch) {
    if (documents_seen_++ % every == 0 && samples_.size() < samples_wanted_)
      samples_.push_back(e.document.substr(0, sample_bytes_));
  }
  if (samples_.size() < samples_wanted_) return std::nullopt;
  training_ = true;
  return std::exchange(samples_, {});
}

void DictionarySampler::training_ended() { training_ = false; }

}  // namespace vigil::storage
