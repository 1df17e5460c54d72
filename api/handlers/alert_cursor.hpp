#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/store/alert_store.hpp"

namespace vigil::api {

// The opaque ?cursor of GET /api/v1/alerts: base64url (no padding) of a
// small versioned payload binding the page's sort and order to where it
// ended, so a cursor is only ever replayed under the ordering that made it.
std::string encode_alert_cursor(engine::AlertSort sort, bool ascending, const engine::AlertCursor& cursor);

// nullopt for anything malformed, from another version, or issued for a
// different sort or order: the caller answers 400 "invalid cursor".
std::optional<engine::AlertCursor> decode_alert_cursor(std::string_view text, engine::AlertSort sort, bool ascending);

}  // namespace vigil::api
