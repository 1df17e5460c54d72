#include "storage/postgresql/event_rows.hpp"

namespace vigil::storage::postgresql {

bool visit_event_rows(Connection& c, DocumentFrames& documents, DocumentDictionaries& dictionaries,
                      const std::string& sql, const Params& params,
                      const std::function<bool(const engine::StoredEvent&)>& visit) {
  // One event, refilled row by row: a scan of a million rows reuses its
  // strings' capacity instead of allocating three per row.
  engine::StoredEvent e;
  DocumentCodec::ScanCache cache;
  const auto reload = [&] { return dictionaries.load_apart(); };
  return c.stream(sql, params, [&](const Result& row) {
    e.index.assign(row.bytes(0, 0));
    e.id.assign(row.bytes(0, 1));
    e.timestamp = row.optional_int8(0, 2);
    e.ingested = row.int8(0, 3);
    documents.decode(row.bytes(0, 4), e.document, cache, reload);
    e.version = static_cast<std::uint64_t>(row.int8(0, 5));
    return visit(e);
  });
}

}  // namespace vigil::storage::postgresql
