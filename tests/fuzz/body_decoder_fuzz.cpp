// The request body decoder (api/ingest/body_decoder). The first input byte
// picks the Content-Encoding, the rest is the body. Inflation must stop at
// the limit and every failure must be a DecodeError.
#include <array>
#include <variant>

#include "api/ingest/body_decoder.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

constexpr std::array<std::string_view, 6> kEncodings = {"gzip", "deflate", "identity", "", " X-GZip ", "br"};
// Small, so that the fuzzer finds bodies that inflate past it.
constexpr std::size_t kLimit = 64 * 1024;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace vigil;
  if (size == 0) return 0;
  const auto encoding = kEncodings[data[0] % kEncodings.size()];
  const auto body = fuzz::as_text(data + 1, size - 1);
  const auto decoded = api::decode_body(std::string(body), encoding, kLimit);
  if (const auto* error = std::get_if<api::DecodeError>(&decoded)) {
    fuzz::fuzz_require(error->status == 400 || error->status == 413 || error->status == 415,
                       "a decode error is a 400, 413 or 415");
    fuzz::fuzz_require(!error->type.empty() && !error->reason.empty(), "a decode error says what went wrong");
    return 0;
  }
  const auto& text = std::get<std::string>(decoded);
  fuzz::fuzz_require(text.size() <= kLimit, "a decoded body is within the limit");
  if (encoding == "identity" || encoding.empty()) fuzz::fuzz_require(text == body, "identity keeps the body");
  return 0;
}
