#include "storage/documents/document_frames.hpp"

#include "engine/store/store_error.hpp"

namespace vigil::storage {

DocumentFrames::DocumentFrames(DictionaryTable& table, StoredDocumentOptions options)
    : table_(table),
      options_(options),
      codec_(options.compression_level),
      sampler_(options.dictionary_samples, options.sample_bytes, options.retrain_every) {
  add(table_.load());
}

std::vector<std::string> DocumentFrames::encode(std::span<const engine::EventRecord> batch) {
  learn(batch);
  std::vector<std::string> frames;
  frames.reserve(batch.size());
  for (const auto& e : batch) frames.push_back(codec_.compress(e.document));
  return frames;
}

void DocumentFrames::add(const std::vector<StoredDictionary>& stored) {
  for (std::size_t i = 0; i < stored.size(); ++i) {
    const bool newest = i + 1 == stored.size() && stored[i].id > codec_.current_dictionary();
    codec_.add_dictionary(stored[i].id, stored[i].bytes, newest);
  }
}

void DocumentFrames::decode(std::string_view frame, std::string& document, DocumentCodec::ScanCache& cache,
                            const Reload& reload) {
  try {
    const auto dictionary = DocumentCodec::dictionary_of(frame);
    // Trained since this store loaded its dictionaries, by another process.
    if (dictionary != 0 && !cache.holds(dictionary) && !codec_.has_dictionary(dictionary)) add(reload());
    codec_.decompress(frame, document, cache);
  } catch (const engine::StoreError&) {
    throw;
  } catch (const std::runtime_error& e) {
    throw engine::StoreError(e.what(), engine::StoreErrorKind::kFailed);
  }
}

void DocumentFrames::learn(std::span<const engine::EventRecord> batch) {
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
    DocumentFrames& frames;
    ~Done() {
      std::lock_guard lock(frames.learn_mutex_);
      frames.sampler_.training_ended();
    }
  } done{*this};
  StoredDictionary dictionary{id,
                              DocumentCodec::train(samples, id, options_.dictionary_bytes, options_.compression_level)};
  if (dictionary.bytes.empty()) return;  // samples too alike or too small: the next ones may do
  try {
    if (table_.insert(dictionary, samples.size()))
      codec_.add_dictionary(id, dictionary.bytes, true);
    else
      add(table_.load());  // another process took the id: adopt what it stored
  } catch (const engine::StoreError&) {
    // A locked or full database: the batch itself will say so; the next
    // samples train again.
  }
}

}  // namespace vigil::storage
