#include "engine/ingest/prepared_batch.hpp"

#include <algorithm>
#include <iterator>

namespace vigil::engine::ingest {

void PreparedBatch::append(PreparedBatch&& more) {
  if (records.empty()) {
    *this = std::move(more);
    return;
  }
  records.insert(records.end(), std::make_move_iterator(more.records.begin()),
                 std::make_move_iterator(more.records.end()));
  items.insert(items.end(), std::make_move_iterator(more.items.begin()), std::make_move_iterator(more.items.end()));
  received_at = std::min(received_at, more.received_at);
  // Generations only grow: the older one is stale whenever either is.
  matcher_generation = std::min(matcher_generation, more.matcher_generation);
}

}  // namespace vigil::engine::ingest
