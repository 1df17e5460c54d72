#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "engine/detect/ingest_matcher.hpp"
#include "engine/store/event_store.hpp"

namespace vigil::bench {

// One hour of Defender EmailEvents for the hourly connector run: N messages
// from `hour` on across 500 connectors, all created the day before, and
// 50,000 senders (the first 100 send 200 messages each, so 100 groups
// alert). Stored as vigild's writer stores them, with the rules' ingest
// matches, in batches of 10,000; `each_batch` sees each batch once written.
void load_mail_hour(engine::EventStore& store, const engine::detect::IngestMatcher& matcher, std::size_t messages,
                    engine::TimeMs hour,
                    const std::function<void(const std::vector<engine::EventRecord>&)>& each_batch = {});

}  // namespace vigil::bench
