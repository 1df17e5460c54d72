#include "api/ingest/body_decoder.hpp"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <optional>

namespace vigil::api {
namespace {

std::string lower_trimmed(std::string_view text) {
  std::string out;
  for (const char c : text)
    if (!std::isspace(static_cast<unsigned char>(c))) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// windowBits 15+32 lets zlib detect gzip or zlib headers; raw deflate
// (some clients send "deflate" without the zlib wrapper) needs -15.
// Reserves `more` bytes of output buffer on `memory`, when given.
std::optional<DecodeError> reserve_output(MemoryBudget::Reservation* memory, std::size_t more, const char* encoding) {
  if (!memory || memory->grow(more)) return std::nullopt;
  const auto what = std::string(encoding) + " body inflates past " + std::to_string(memory->bytes()) + " bytes";
  if (memory->bytes() + more > memory->capacity())
    return DecodeError{413, "content_too_long_exception",
                       what + ", more than the " + std::to_string(memory->capacity()) +
                           " bytes of server.request_memory_limit; send smaller batches"};
  return DecodeError{429, "es_rejected_execution_exception",
                     what + ", more than requests in flight leave free of server.request_memory_limit; retry with "
                            "back-off"};
}

std::variant<std::string, DecodeError> inflate_body(const std::string& body, int window_bits, std::size_t limit,
                                                    const char* encoding, MemoryBudget::Reservation* memory) {
  std::string out;
  const auto first = std::min<std::size_t>(limit, std::max<std::size_t>(body.size() * 4, 64 * 1024));
  if (auto refused = reserve_output(memory, first, encoding)) return *refused;
  z_stream zs{};
  if (inflateInit2(&zs, window_bits) != Z_OK) return DecodeError{500, "internal_error", "zlib initialisation failed"};
  out.resize(first);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
  zs.avail_in = static_cast<uInt>(body.size());
  int rc = Z_OK;
  std::size_t produced = 0;
  while (true) {
    if (produced == out.size()) {
      if (out.size() >= limit) {
        inflateEnd(&zs);
        return DecodeError{413, "content_too_long_exception",
                           std::string(encoding) + " body inflates past the body limit of " + std::to_string(limit) +
                               " bytes"};
      }
      const auto grown = std::min(limit, out.size() * 2);
      if (auto refused = reserve_output(memory, grown - out.size(), encoding)) {
        inflateEnd(&zs);
        return *refused;
      }
      out.resize(grown);
    }
    zs.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
    zs.avail_out = static_cast<uInt>(out.size() - produced);
    rc = inflate(&zs, Z_NO_FLUSH);
    produced = out.size() - zs.avail_out;
    if (rc == Z_STREAM_END) {
      // Concatenated gzip members are legal; continue with the next one.
      if (zs.avail_in > 0 && window_bits > 0) {
        inflateReset(&zs);
        continue;
      }
      break;
    }
    if (rc == Z_BUF_ERROR && zs.avail_in == 0 && zs.avail_out > 0) {
      inflateEnd(&zs);
      return DecodeError{400, "parse_exception", std::string(encoding) + " body is truncated"};
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      const std::string why = zs.msg ? zs.msg : "invalid data";
      inflateEnd(&zs);
      return DecodeError{400, "parse_exception", std::string(encoding) + " body is corrupt: " + why};
    }
  }
  inflateEnd(&zs);
  out.resize(produced);
  return out;
}

}  // namespace

std::variant<std::string, DecodeError> decode_body(std::string body, std::string_view content_encoding,
                                                   std::size_t limit, MemoryBudget::Reservation* memory) {
  const auto encoding = lower_trimmed(content_encoding);
  if (encoding.empty() || encoding == "identity") {
    if (body.size() > limit)
      return DecodeError{413, "content_too_long_exception", "body exceeds the limit of " + std::to_string(limit) + " bytes"};
    return body;
  }
  if (encoding == "gzip" || encoding == "x-gzip") return inflate_body(body, 15 + 16, limit, "gzip", memory);
  if (encoding == "deflate") {
    auto zlib = inflate_body(body, 15, limit, "deflate", memory);
    if (std::holds_alternative<std::string>(zlib) || std::get<DecodeError>(zlib).status == 413) return zlib;
    return inflate_body(body, -15, limit, "deflate", memory);
  }
  return DecodeError{415, "illegal_argument_exception",
                     "Content-Encoding '" + std::string(content_encoding) + "' is not supported (use gzip or deflate)"};
}

}  // namespace vigil::api
