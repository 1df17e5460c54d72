#include "bench/mail_hour.hpp"

#include <nlohmann/json.hpp>
#include <string>

#include "engine/ingest/record_builder.hpp"
#include "engine/normalize/normalizer.hpp"

namespace vigil::bench {
namespace {

constexpr std::size_t kConnectors = 500;
constexpr std::size_t kSenders = 50000;
constexpr std::size_t kHeavySenders = 100;
constexpr std::size_t kHeavyMessages = 200;

std::string connector(std::size_t sender) { return "Relay-" + std::to_string(sender % kConnectors); }

// A streaming record as Defender's Event Hub export ships it.
nlohmann::json stream_record(const std::string& table, nlohmann::json properties) {
  return {{"time", properties["Timestamp"]},     {"tenantId", "4b8c18bd-2f9f-4227-af55-9f1061cf9c32"},
          {"operationName", "Publish"},          {"category", "AdvancedHunting-" + table},
          {"properties", std::move(properties)}, {"Tenant", "DefaultTenant"}};
}

nlohmann::json email(std::size_t n, std::size_t sender, engine::TimeMs t) {
  const auto domain = "tenant" + std::to_string(sender % 7) + ".example";
  return stream_record("EmailEvents", {{"Timestamp", engine::format_timestamp(t)},
                                       {"NetworkMessageId", "3c7b1317-ac21-4754-" + std::to_string(n)},
                                       {"SenderMailFromAddress", "user" + std::to_string(sender) + "@" + domain},
                                       {"SenderFromAddress", "user" + std::to_string(sender) + "@" + domain},
                                       {"SenderMailFromDomain", domain},
                                       {"SenderFromDomain", domain},
                                       {"SenderObjectId", "bbcfc3c5-0b93-4135-9ef9-" + std::to_string(sender)},
                                       {"RecipientEmailAddress", "rcpt" + std::to_string(n % 997) + "@partner" +
                                                                     std::to_string(n % 31) + ".example"},
                                       {"EmailDirection", "Outbound"},
                                       {"Subject", "Invoice " + std::to_string(n)},
                                       {"SenderIPv4", "203.0.113." + std::to_string(n % 250)},
                                       {"Connectors", connector(sender)},
                                       {"DeliveryAction", "Delivered"},
                                       {"AuthenticationDetails", R"({"SPF":"pass","DKIM":"pass","DMARC":"pass"})"}});
}

nlohmann::json connector_created(std::size_t c, engine::TimeMs t) {
  nlohmann::json raw = {
      {"RecordType", 1},
      {"Operation", "New-InboundConnector"},
      {"Parameters",
       {{{"Name", "Name"}, {"Value", "Relay-" + std::to_string(c)}}, {{"Name", "Enabled"}, {"Value", "True"}}}}};
  return stream_record("CloudAppEvents", {{"Timestamp", engine::format_timestamp(t)},
                                          {"ActionType", "New-InboundConnector"},
                                          {"Application", "Microsoft Exchange Online"},
                                          {"ActivityType", "Add"},
                                          {"AccountObjectId", "admin"},
                                          {"AccountDisplayName", "Admin"},
                                          {"IPAddress", "198.51.100.7"},
                                          {"RawEventData", raw}});
}

}  // namespace

void load_mail_hour(engine::EventStore& store, const engine::detect::IngestMatcher& matcher, std::size_t messages,
                    engine::TimeMs hour,
                    const std::function<void(const std::vector<engine::EventRecord>&)>& each_batch) {
  std::vector<engine::EventRecord> batch;
  const auto add = [&](const std::string& id, nlohmann::json record, engine::TimeMs t, bool last) {
    batch.push_back(
        engine::ingest::to_event_record(engine::normalize(std::move(record), t, engine::SourceHint::kDefender), "", id,
                                        engine::WriteMode::kCreate, &matcher));
    if (batch.size() == 10000 || last) {
      store.write_batch(batch);
      if (each_batch) each_batch(batch);
      batch.clear();
    }
  };
  for (std::size_t c = 0; c < kConnectors; ++c) {
    add("c" + std::to_string(c), connector_created(c, hour - engine::kDayMs + static_cast<engine::TimeMs>(c)),
        hour - engine::kDayMs, c + 1 == kConnectors);
  }
  const std::size_t heavy = kHeavySenders * kHeavyMessages;
  for (std::size_t n = 0; n < messages; ++n) {
    const std::size_t sender = n < heavy ? n / kHeavyMessages : kHeavySenders + n % (kSenders - kHeavySenders);
    const engine::TimeMs t =
        hour + static_cast<engine::TimeMs>(n) * engine::kHourMs / static_cast<engine::TimeMs>(messages);
    add("m" + std::to_string(n), email(n, sender, t), t, n + 1 == messages);
  }
}

}  // namespace vigil::bench
