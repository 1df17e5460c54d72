// The KQL engine (engine/hunt) through its public boundary, run_hunt: any
// text must come back as a result or as a HuntFailure with a message (and
// a 1-based position for syntax errors), never a crash, over a small
// in-memory store holding one row of each playbook table.
#include <variant>

#include "engine/hunt/query.hpp"
#include "engine/ingest/record_builder.hpp"
#include "engine/normalize/normalizer.hpp"
#include "storage/sqlite/database.hpp"
#include "storage/sqlite/sqlite_event_store.hpp"
#include "storage/sqlite/sqlite_hunt_source.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

using namespace vigil;

constexpr engine::TimeMs kNow = 1710158400000;  // 2024-03-11T12:00:00Z

struct Store {
  Store() : db(storage::Database::Options{.path = "kql_fuzz", .in_memory = true}), events(db), source(db) {
    const auto rows = nlohmann::json::parse(R"([
      {"category":"AdvancedHunting-EmailEvents","properties":{"Timestamp":"2024-03-11T10:00:00Z",
       "NetworkMessageId":"m1","SenderObjectId":"s1","SenderFromDomain":"contoso.com",
       "RecipientEmailAddress":"a@fabrikam.com","EmailDirection":"Outbound","Connectors":"C"}},
      {"category":"AdvancedHunting-CloudAppEvents","properties":{"Timestamp":"2024-03-11T09:00:00Z",
       "ActionType":"New-InboundConnector","Application":"Exchange","ActivityType":"Run","AccountObjectId":"a",
       "RawEventData":{"Parameters":[{"Name":"Name","Value":"C"}]}}},
      {"category":"AdvancedHunting-IdentityLogonEvents","properties":{"Timestamp":"2024-03-11T11:00:00Z",
       "ActionType":"LogonFailed","LogonType":"Login","Protocol":"OAuth2","AccountObjectId":"u","ISP":"x"}}
    ])");
    std::vector<engine::EventRecord> batch;
    int n = 0;
    for (auto row : rows) {
      row["operationName"] = "Publish";
      batch.push_back(engine::ingest::to_event_record(engine::normalize(row, kNow), "", "id" + std::to_string(n++)));
    }
    events.write_batch(batch);
  }
  storage::Database db;
  storage::SqliteEventStore events;
  storage::SqliteHuntSource source;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using vigil::fuzz::fuzz_require;
  static Store store;
  engine::hunt::HuntRequest request;
  request.query = std::string(vigil::fuzz::as_text(data, size));
  request.limits = {.timeout_ms = 2000, .max_rows = 100, .memory_bytes = 64u << 20};
  const auto outcome = engine::hunt::run_hunt(request, store.source, kNow, [] { return kNow; });
  if (const auto* failure = std::get_if<engine::hunt::HuntFailure>(&outcome)) {
    fuzz_require(!failure->message.empty(), "a failure says what went wrong");
    if (failure->code == engine::hunt::HuntErrorCode::kSyntax)
      fuzz_require(failure->line >= 1 && failure->column >= 1, "a syntax error has a 1-based position");
  }
  return 0;
}
