#pragma once

#include <string_view>
#include <vector>

#include "engine/content/m365/message_indicators.hpp"
#include "engine/rules/compiled_rule.hpp"
#include "engine/store/event_store.hpp"

namespace vigil::engine::content::m365 {

// Reads the EmailUrlInfo and EmailAttachmentInfo rows of the rule's
// indices in [query.start, query.end] (the query's dataset is replaced)
// and keeps those of the messages `wanted` (sorted). Tables that were
// never ingested leave the indicators empty. Throws what the store throws.
MessageIndicators read_message_indicators(EventStore& events, const CompiledRule& rule, EventQuery query,
                                                     std::vector<std::string> wanted);

}  // namespace vigil::engine::content::m365
