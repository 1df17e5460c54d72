#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace vigil::storage {

// A replaced event's version stays in `events`, in place (same seq, same
// ingest matches, same document), under a reserved id: "\0<id>\0<version>",
// the version zero-padded to 20 digits. Ingest refuses ids holding NUL, so
// the reserved ids never meet a shipped one; starting with NUL they sort
// before every shipped id, and the versions of one id sort by version.

std::string superseded_id(std::string_view id, std::uint64_t version);

// The id an event was shipped with: `stored` itself, or for a superseded
// version the id it had before it was replaced.
std::string_view shipped_id(std::string_view stored);

// The bounds [low, high) of the stored ids of `id`'s superseded versions.
std::string superseded_low(std::string_view id);
std::string superseded_high(std::string_view id);

// The version a superseded id records; 0 when `stored` is not one.
std::uint64_t superseded_version(std::string_view stored);

}  // namespace vigil::storage
