// The _bulk body parser (api/ingest/bulk_request), for /_bulk and
// /{index}/_bulk. A bad line fails its own item; the items that pass must be
// storable as they are.
#include <algorithm>

#include "api/ingest/bulk_request.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

// Small, so that inputs of -max_len reach the source size check.
constexpr std::size_t kMaxSourceBytes = 256;

void check(std::string_view body, const vigil::api::BulkItem& item) {
  using vigil::fuzz::fuzz_require;
  fuzz_require(item.source.empty() || (item.source.data() >= body.data() &&
                                       item.source.data() + item.source.size() <= body.data() + body.size()),
               "a source line points into the body");
  fuzz_require(item.ok() == item.error_type.empty() && item.ok() == item.error_reason.empty(),
               "a failed item has an error type and reason, an ok item neither");
  if (!item.ok()) {
    fuzz_require(*item.error_status == 400, "a bad item is a 400");
    return;
  }
  fuzz_require(item.action == "create" || item.action == "index", "an ok item creates or indexes");
  fuzz_require(!vigil::api::invalid_index_name(item.index), "an ok item has a valid index name");
  fuzz_require(item.id.size() <= 512, "an ok item's _id is at most 512 bytes");
  fuzz_require(item.id.find('\0') == std::string::npos, "an ok item's _id holds no NUL (the store reserves it)");
  fuzz_require(item.source.size() <= kMaxSourceBytes, "an ok item's source is within the limit");
  fuzz_require(item.source.find_first_not_of(" \t") != std::string_view::npos, "an ok item's source is not blank");
  fuzz_require(item.source.find('\n') == std::string_view::npos, "a source is one line");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace vigil;
  const auto body = fuzz::as_text(data, size);
  for (const std::string_view default_index : {"", "winlogbeat-fuzz"}) {
    const auto items = api::parse_bulk_body(body, default_index, kMaxSourceBytes);
    fuzz::fuzz_require(items.size() <= static_cast<std::size_t>(std::count(body.begin(), body.end(), '\n')) + 1,
                       "at most one item per line");
    for (const auto& item : items) check(body, item);
    // The item limit stops the parse one item past it, on the same items.
    const auto limited = api::parse_bulk_body(body, default_index, kMaxSourceBytes, 2);
    fuzz::fuzz_require(limited.size() == std::min<std::size_t>(items.size(), 3), "a limited parse stops one past it");
    for (std::size_t i = 0; i < limited.size(); ++i)
      fuzz::fuzz_require(limited[i].id == items[i].id && limited[i].source == items[i].source,
                         "a limited parse reads the same items");
  }
  return 0;
}
