#pragma once

#include <functional>
#include <string>

#include "engine/store/event_record.hpp"
#include "storage/documents/document_frames.hpp"
#include "storage/postgresql/connection.hpp"
#include "storage/postgresql/document_dictionaries.hpp"

namespace vigil::storage::postgresql {

// Streams the rows of `sql`, whose columns are (idx, id, ts, ingested, doc,
// version) of `events`, to `visit` as events, their documents decoded by
// `documents`; stops when `visit` returns false. Returns whether every row
// was visited. A frame under a dictionary another process trained since
// loads the dictionaries on a connection apart, since `c` is busy streaming
// and the pool may have none left.
bool visit_event_rows(Connection& c, DocumentFrames& documents, DocumentDictionaries& dictionaries,
                      const std::string& sql, const Params& params,
                      const std::function<bool(const engine::StoredEvent&)>& visit);

}  // namespace vigil::storage::postgresql
