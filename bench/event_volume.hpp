#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "engine/detect/ingest_matcher.hpp"
#include "storage/sqlite/database.hpp"
#include "storage/sqlite/sqlite_event_store.hpp"

namespace vigil::bench {

// A span of event times; at(n, of) is the n-th of `of` times spread over it.
struct TimeSpan {
  engine::TimeMs start;
  engine::TimeMs end;
  engine::TimeMs at(std::size_t n, std::size_t of) const {
    return start + static_cast<engine::TimeMs>(n * static_cast<std::size_t>(end - start) / of);
  }
};

// Stores raw events as ingest does: normalized, matched against the rules,
// compressed, in batches of 5,000.
class EventLoader {
 public:
  EventLoader(engine::EventStore& store, const engine::detect::IngestMatcher& matcher)
      : store_(store), matcher_(matcher) {}
  ~EventLoader() { flush(); }

  void add(const std::string& index, const std::string& id, const std::string& raw, engine::TimeMs received_at);
  void flush();

 private:
  engine::EventStore& store_;
  const engine::detect::IngestMatcher& matcher_;
  std::vector<engine::EventRecord> batch_;
};

// Millions of stored events in seconds: `count` copies, with ids
// "<prefix><n>" (n from `first`) and times spread over `span`, of the
// `templates` rows stored from the one with id `first_template` on. The
// copies are real rows (documents, indexes, match epochs) of real
// normalized events; only ids and times differ.
void copy_events(storage::Database& db, const std::string& first_template, std::size_t templates,
                 const std::string& prefix, std::size_t first, std::size_t count, TimeSpan span);

}  // namespace vigil::bench
