#include "bench/event_volume.hpp"

#include <nlohmann/json.hpp>

#include "engine/ingest/record_builder.hpp"
#include "engine/normalize/normalizer.hpp"

namespace vigil::bench {

void EventLoader::add(const std::string& index, const std::string& id, const std::string& raw,
                      engine::TimeMs received_at) {
  batch_.push_back(engine::ingest::to_event_record(engine::normalize(nlohmann::json::parse(raw), received_at), index,
                                                     id, engine::WriteMode::kCreate, &matcher_));
  if (batch_.size() == 5000) flush();
}

void EventLoader::flush() {
  if (!batch_.empty()) store_.write_batch(batch_);
  batch_.clear();
}

void copy_events(storage::Database& db, const std::string& first_template, std::size_t templates,
                 const std::string& prefix, std::size_t first, std::size_t count, TimeSpan span) {
  db.write([&](storage::Connection& c) {
    storage::Transaction tx(c);
    c.prepare(
         "WITH RECURSIVE n(i) AS (SELECT ?1 UNION ALL SELECT i + 1 FROM n WHERE i < ?2) "
         "INSERT INTO events (idx, id, ts, ingested, category, dataset, doc, match_epoch) "
         "SELECT t.idx, ?7 || n.i, ?3 + (n.i - ?1) * ?5 / ?6, ?3 + (n.i - ?1) * ?5 / ?6, t.category, t.dataset, "
         "t.doc, t.match_epoch FROM n JOIN events AS t ON t.seq = (SELECT seq FROM events WHERE id = ?8) + n.i % ?4")
        .bind(1, static_cast<std::int64_t>(first))
        .bind(2, static_cast<std::int64_t>(first + count - 1))
        .bind(3, span.start)
        .bind(4, static_cast<std::int64_t>(templates))
        .bind(5, span.end - span.start)
        .bind(6, static_cast<std::int64_t>(count))
        .bind(7, prefix)
        .bind(8, first_template)
        .run();
    tx.commit();
  });
}

}  // namespace vigil::bench
