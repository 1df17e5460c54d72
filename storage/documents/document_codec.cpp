#include "storage/documents/document_codec.hpp"

#define ZDICT_STATIC_LINKING_ONLY
#include <zdict.h>
#include <zstd.h>

#include <mutex>
#include <numeric>
#include <stdexcept>
#include <vector>

namespace vigil::storage {

struct DocumentCodec::Dictionary {
  std::uint32_t id = 0;
  ZSTD_CDict* compress = nullptr;
  ZSTD_DDict* decompress = nullptr;
  ~Dictionary() {
    ZSTD_freeCDict(compress);
    ZSTD_freeDDict(decompress);
  }
};

namespace {

// One context of each kind per thread: creating them costs more than
// compressing a small document.
ZSTD_CCtx* compress_context() {
  thread_local std::unique_ptr<ZSTD_CCtx, decltype(&ZSTD_freeCCtx)> context(ZSTD_createCCtx(), ZSTD_freeCCtx);
  return context.get();
}

ZSTD_DCtx* decompress_context() {
  thread_local std::unique_ptr<ZSTD_DCtx, decltype(&ZSTD_freeDCtx)> context(ZSTD_createDCtx(), ZSTD_freeDCtx);
  return context.get();
}

void check(std::size_t code, const char* what) {
  if (ZSTD_isError(code)) throw std::runtime_error(std::string(what) + ": " + ZSTD_getErrorName(code));
}

}  // namespace

DocumentCodec::DocumentCodec(int level) : level_(level) {}
DocumentCodec::~DocumentCodec() = default;

std::string DocumentCodec::compress(std::string_view document) const {
  std::shared_ptr<const Dictionary> dictionary;
  {
    std::shared_lock lock(mutex_);
    dictionary = current_;
  }
  std::string frame(ZSTD_compressBound(document.size()), '\0');
  const auto size = dictionary ? ZSTD_compress_usingCDict(compress_context(), frame.data(), frame.size(),
                                                          document.data(), document.size(), dictionary->compress)
                               : ZSTD_compressCCtx(compress_context(), frame.data(), frame.size(), document.data(),
                                                   document.size(), level_);
  check(size, "zstd compression failed");
  frame.resize(size);
  return frame;
}

std::uint32_t DocumentCodec::dictionary_of(std::string_view frame) {
  return ZSTD_getDictID_fromFrame(frame.data(), frame.size());
}

std::string DocumentCodec::decompress(std::string_view frame) const {
  std::string document;
  ScanCache cache;
  decompress(frame, document, cache);
  return document;
}

void DocumentCodec::decompress(std::string_view frame, std::string& document, ScanCache& cache) const {
  const auto content = ZSTD_getFrameContentSize(frame.data(), frame.size());
  if (content == ZSTD_CONTENTSIZE_ERROR || content == ZSTD_CONTENTSIZE_UNKNOWN)
    throw std::runtime_error("stored document is not a zstd frame of known size");
  // No document vigild stores comes near this; a damaged header could claim any size.
  constexpr unsigned long long kMaxDocument = 1ULL << 30;
  if (content > kMaxDocument)
    throw std::runtime_error("stored document claims " + std::to_string(content) + " bytes; the frame is damaged");
  const auto id = dictionary_of(frame);
  if (id != 0 && id != cache.id_) {
    std::shared_lock lock(mutex_);
    const auto found = dictionaries_.find(id);
    if (found == dictionaries_.end())
      throw std::runtime_error("stored document needs zstd dictionary " + std::to_string(id) + ", which is missing");
    cache.id_ = id;
    cache.dictionary_ = found->second;
  }
  document.resize(static_cast<std::size_t>(content));
  const auto size = id != 0 ? ZSTD_decompress_usingDDict(decompress_context(), document.data(), document.size(),
                                                          frame.data(), frame.size(), cache.dictionary_->decompress)
                            : ZSTD_decompressDCtx(decompress_context(), document.data(), document.size(), frame.data(),
                                                  frame.size());
  check(size, "stored document does not decompress");
  document.resize(size);
}

void DocumentCodec::add_dictionary(std::uint32_t id, std::string_view bytes, bool current) {
  std::unique_lock lock(mutex_);
  auto& slot = dictionaries_[id];
  if (!slot) {
    if (ZDICT_getDictID(bytes.data(), bytes.size()) != id)
      throw std::runtime_error("zstd dictionary " + std::to_string(id) + " is damaged");
    auto dictionary = std::make_shared<Dictionary>();
    dictionary->id = id;
    dictionary->compress = ZSTD_createCDict(bytes.data(), bytes.size(), level_);
    dictionary->decompress = ZSTD_createDDict(bytes.data(), bytes.size());
    if (!dictionary->compress || !dictionary->decompress)
      throw std::runtime_error("zstd dictionary " + std::to_string(id) + " cannot be loaded");
    slot = std::move(dictionary);
  }
  if (current) current_ = slot;
}

bool DocumentCodec::has_dictionary(std::uint32_t id) const {
  std::shared_lock lock(mutex_);
  return dictionaries_.contains(id);
}

std::uint32_t DocumentCodec::current_dictionary() const {
  std::shared_lock lock(mutex_);
  return current_ ? current_->id : 0;
}

std::string DocumentCodec::train(std::span<const std::string> samples, std::uint32_t id, std::size_t max_bytes,
                                 int level) {
  std::string joined;
  std::vector<std::size_t> sizes;
  joined.reserve(std::accumulate(samples.begin(), samples.end(), std::size_t{0},
                                 [](std::size_t n, const std::string& s) { return n + s.size(); }));
  for (const auto& s : samples) {
    joined += s;
    sizes.push_back(s.size());
  }
  std::string dictionary(max_bytes, '\0');
  // zstd's defaults for ZDICT_trainFromBuffer but for f (2^18 hash entries
  // instead of 2^20): a quarter of the memory and a tenth of the time
  // (0.1 s for 1,000 samples), for dictionaries about 10% larger frames.
  ZDICT_fastCover_params_t params{};
  params.d = 8;
  params.steps = 4;
  params.f = 18;
  params.accel = 1;
  params.zParams.dictID = id;
  params.zParams.compressionLevel = level;
  const auto size = ZDICT_optimizeTrainFromBuffer_fastCover(dictionary.data(), dictionary.size(), joined.data(),
                                                            sizes.data(), static_cast<unsigned>(sizes.size()), &params);
  if (ZDICT_isError(size)) return {};
  dictionary.resize(size);
  return dictionary;
}

}  // namespace vigil::storage
