#include "engine/content/m365/message_indicator_scan.hpp"

#include "engine/event/json_parse.hpp"

namespace vigil::engine::content::m365 {

MessageIndicators read_message_indicators(EventStore& events, const CompiledRule& rule, EventQuery query,
                                                     std::vector<std::string> wanted) {
  MessageIndicators indicators(std::move(wanted));
  const auto read = [&](std::string_view dataset, auto add) {
    query.dataset = std::string(dataset);
    events.scan(query, [&](const StoredEvent& event) {
      if (!rule.indices.selects(event.index)) return true;
      const auto row = parse_json(event.document, /*allow_exceptions=*/false);
      if (row.is_object()) (indicators.*add)(row);
      return true;
    });
  };
  read(MessageIndicators::kUrlDataset, &MessageIndicators::add_url_row);
  read(MessageIndicators::kAttachmentDataset, &MessageIndicators::add_attachment_row);
  return indicators;
}

}  // namespace vigil::engine::content::m365
