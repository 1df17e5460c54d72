// What the playbook "Alert classification for malicious exchange connectors"
// asks of the rules in rules/m365 beyond the counts: renamed connectors,
// the evidence an analyst checks (sender IPs, URLs and attachments, the
// connector's creation and last change, other connectors changed, internal
// and external domains), and the Exchange Online companion of the
// ActiveSync rule. The project's Defender streaming records (tests/data/
// defender) with the columns under test replaced, through normalize(), the
// SQLite stores and runs of the loaded rule files.
#include <gtest/gtest.h>

#include "engine/detect/ingest_matcher.hpp"
#include "engine/detect/ingest_matching.hpp"
#include "engine/detect/rule_runner.hpp"
#include "engine/ingest/record_builder.hpp"
#include "engine/schedule/clock.hpp"
#include "tests/engine/detect/detect_test_support.hpp"
#include "tests/engine/content/m365/m365_test_support.hpp"
#include "tests/support/temp_dir.hpp"

namespace vigil::engine::detect {
namespace {

using testing::kT0;

constexpr TimeMs kHour = kT0 + 10 * kHourMs;                    // the bin under test
constexpr TimeMs kHourlyRun = kHour + kHourMs + 5 * kMinuteMs;  // the first run that judges it
constexpr const char* kVolume = "m365-connector-mail-volume";
constexpr const char* kActiveSync = "m365-activesync-allowed-device-id-exchange-online";

// Each test runs on documents and on the column values recorded at ingest,
// as vigild's writer stores them: the evidence's columns must be recorded.
class M365PlaybookTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    rules = testing::m365_rules();
    if (GetParam()) {
      matcher = std::make_unique<IngestMatcher>(rules);
      engine::detect::begin_ingest_matching(stores.events.rule_matches(), matcher->versions());
    }
  }

  // A row of `table` at `t`, arriving at `received`.
  void store(const std::string& table, TimeMs t, const nlohmann::json& columns, std::optional<TimeMs> received = {}) {
    const auto record = testing::with_columns(testing::stream_record(table), t, columns);
    stores.events.write_batch(
        std::vector{ingest::to_event_record(normalize(record, received.value_or(t), SourceHint::kDefender), "",
                                            "e" + std::to_string(next_id++), WriteMode::kCreate, matcher.get())});
  }

  void connector_op(TimeMs t, const std::string& operation, const nlohmann::json& parameters,
                    const std::string& admin = "Adele Vance") {
    store("CloudAppEvents", t,
          {{"ActionType", operation},
           {"AccountObjectId", "a41e9b07-2c6d-4f38-8e5a-1d7c3b9f0e62"},
           {"AccountDisplayName", admin},
           {"IPAddress", "198.51.100.7"},
           {"RawEventData", testing::exchange_admin_raw(operation, parameters)}});
  }

  // Message `id` from a tenant sender through `connector` at `t`.
  void mail(const std::string& id, const std::string& connector, TimeMs t, const nlohmann::json& extra = {}) {
    nlohmann::json columns = {{"NetworkMessageId", id},
                              {"Connectors", connector},
                              {"SenderObjectId", "8d9e2b1c-0000-4000-8000-000000000001"},
                              {"SenderMailFromAddress", "bounce@mailer.fabrikam.example"},
                              {"SenderMailFromDomain", "mailer.fabrikam.example"},
                              {"SenderFromAddress", "billing@contoso.com"},
                              {"SenderFromDomain", "contoso.com"},
                              {"RecipientEmailAddress", "ap@northwind.example"},
                              {"RecipientDomain", "northwind.example"},
                              {"EmailDirection", "Outbound"},
                              {"SenderIPv4", "203.0.113.40"},
                              {"SenderIPv6", nullptr},
                              {"UrlCount", 0},
                              {"AttachmentCount", 0}};
    for (const auto& [key, value] : extra.items()) columns[key] = value;
    store("EmailEvents", t, columns);
  }

  RunRecord run(const std::string& id, TimeMs now) {
    clock.set(now);
    const auto* rule = rules.find(id);
    if (rule == nullptr) throw std::runtime_error("no rule " + id);
    return runner.run(*rule, RunRequest{{now - rule->lookback_ms, now}, std::nullopt});
  }

  std::vector<nlohmann::json> alerts_of(const std::string& rule_id) {
    return testing::alerts_of(stores.alerts, rule_id);
  }

  RuleSet rules;
  std::unique_ptr<IngestMatcher> matcher;
  int next_id = 0;
  test::TempDir dir;
  testing::Stores stores{dir / "vigil.db"};
  ManualClock clock{kT0};
  RuleRunner runner{stores.events, stores.runs, clock};
};

// Set-InboundConnector -Identity Old -Name New renames the connector, and
// mail after it carries the new name: the volume alert must still see a
// recently changed connector, with the history from its creation.
TEST_P(M365PlaybookTest, MailThroughARenamedConnectorAlertsWithItsWholeHistory) {
  connector_op(kHour - 2 * kDayMs, "New-InboundConnector", {{"Name", "Relay-Old"}, {"Enabled", "True"}});
  connector_op(kHour - kDayMs, "Set-InboundConnector", {{"Identity", "Relay-Old"}, {"Name", "Relay-New"}},
               "Lee Gu");
  for (int i = 0; i < 100; ++i) mail("msg-" + std::to_string(i), "Relay-New", kHour + kMinuteMs);

  EXPECT_EQ(run(kVolume, kHourlyRun).alerts_created, 1u);
  const auto alerts = alerts_of(kVolume);
  ASSERT_EQ(alerts.size(), 1u);
  const auto& alert = alerts[0];
  EXPECT_EQ(alert["group"]["Connectors"], "Relay-New");
  ASSERT_EQ(alert["connector_changes"].size(), 2u);
  EXPECT_EQ(alert["connector_changes"][1]["renamed_to"], "Relay-New");
  EXPECT_EQ(alert["connector"]["name"], "Relay-New");
  EXPECT_EQ(alert["connector"]["created"], format_timestamp(kHour - 2 * kDayMs));
  EXPECT_EQ(alert["connector"]["last_change"]["time"], format_timestamp(kHour - kDayMs));
  EXPECT_EQ(alert["connector"]["last_change"]["actor"]["AccountDisplayName"], "Lee Gu");
  EXPECT_EQ(alert["other_connector_changes"], nlohmann::json::array());
}

TEST_P(M365PlaybookTest, MailEvidenceCarriesSenderIpsIndicatorsAndOtherConnectors) {
  connector_op(kHour - kDayMs, "New-InboundConnector", {{"Name", "Partner-Relay-01"}});
  connector_op(kHour - 3 * kHourMs, "Set-OutboundConnector", {{"Identity", "Other-Relay"}, {"Enabled", "False"}});
  for (int i = 0; i < 100; ++i) {
    const auto id = "msg-" + std::to_string(i);
    nlohmann::json extra = nlohmann::json::object();
    if (i % 4 == 0) extra = {{"SenderIPv4", nullptr}, {"SenderIPv6", "2001:db8::40"}};
    if (i < 10) extra.update({{"UrlCount", 2}, {"AttachmentCount", "1"}});  // numbers arrive as text too
    mail(id, "Partner-Relay-01", kHour + kMinuteMs + i, extra);
    if (i < 10) {
      store("EmailUrlInfo", kHour + kMinuteMs + i,
            {{"NetworkMessageId", id}, {"Url", "https://login.contoso-billing.example/pay"},
             {"UrlDomain", "login.contoso-billing.example"}});
      store("EmailAttachmentInfo", kHour + kMinuteMs + i,
            {{"NetworkMessageId", id}, {"FileName", "invoice.docm"}, {"FileType", "docm"},
             {"SHA256", "5feceb66ffc86f38d952786c6d696c79c2dbc239dd4e91b46729d73a27fb57e9"}});
    }
  }
  // Another message's URL, of no alerting group: not joined.
  store("EmailUrlInfo", kHour + kMinuteMs, {{"NetworkMessageId", "unrelated"}, {"Url", "https://x.example/"}});

  // The tenant's accepted domains ([m365]) reach the mail evidence as content settings.
  content::register_all(content_registry(), {.m365 = {.accepted_domains = {"contoso.com"}}});
  EXPECT_EQ(run(kVolume, kHourlyRun).alerts_created, 1u);
  content::register_all(content_registry());  // the defaults the other tests run with
  const auto alert = alerts_of(kVolume).at(0);
  const auto& evidence = alert["mail"];
  EXPECT_EQ(evidence["sender_ips"], (nlohmann::json{{{"ip", "203.0.113.40"}, {"count", 75}},
                                                    {{"ip", "2001:db8::40"}, {"count", 25}}}));
  EXPECT_EQ(evidence["urls"]["rows"], 10);
  EXPECT_EQ(evidence["urls"]["total"], 20);
  EXPECT_EQ(evidence["urls"]["joined_messages"], 10);
  EXPECT_EQ(evidence["urls"]["top"], (nlohmann::json{{{"url", "https://login.contoso-billing.example/pay"},
                                                      {"messages", 10}}}));
  EXPECT_EQ(evidence["attachments"]["rows"], 10);
  EXPECT_EQ(evidence["attachments"]["top"][0]["file_name"], "invoice.docm");
  EXPECT_EQ(evidence["attachments"]["top"][0]["messages"], 10);
  // contoso.com is accepted: the header sender is internal, the envelope's
  // mailer.fabrikam.example and the recipient's northwind.example are not.
  EXPECT_EQ(evidence["sender_pairs"][0]["envelope_from"], "bounce@mailer.fabrikam.example");
  EXPECT_EQ(evidence["sender_pairs"][0]["header_from"], "billing@contoso.com");
  EXPECT_EQ(evidence["sender_pairs"][0]["envelope_from_scope"], "external");
  EXPECT_EQ(evidence["sender_pairs"][0]["header_from_scope"], "internal");
  EXPECT_EQ(evidence["recipient_domains"][0]["scope"], "external");

  EXPECT_EQ(alert["connector"]["created"], format_timestamp(kHour - kDayMs));
  ASSERT_EQ(alert["other_connector_changes"].size(), 1u);
  EXPECT_EQ(alert["other_connector_changes"][0]["name"], "Other-Relay");
  EXPECT_EQ(alert["other_connector_changes"][0]["enabled"], false);

  // The rule file's references and tags, copied as Kibana copies them.
  EXPECT_EQ(alert["rule"]["references"],
            nlohmann::json{"https://learn.microsoft.com/en-us/defender-xdr/alert-classification-malicious-exchange-connectors"});
  EXPECT_EQ(alert["rule"]["tags"], nlohmann::json::array());
}

// Set-CASMailbox run in Exchange Online reaches Defender as CloudAppEvents
// only. RawEventData comes as an object or as JSON text; the call is seen by
// the run after it arrives, however late.
TEST_P(M365PlaybookTest, ExchangeOnlineActiveSyncDeviceAlertsFromCloudAppEventsAlone) {
  const TimeMs now = kHour;
  const auto set_cas = [&](const nlohmann::json& parameters, bool raw_as_text, TimeMs happened) {
    auto raw = testing::exchange_admin_raw("Set-CASMailbox", parameters);
    store("CloudAppEvents", happened,
          {{"ActionType", "Set-CASMailbox"},
           {"AccountObjectId", "a41e9b07-2c6d-4f38-8e5a-1d7c3b9f0e62"},
           {"AccountDisplayName", "Adele Vance"},
           {"IPAddress", "198.51.100.7"},
           {"RawEventData", raw_as_text ? nlohmann::json(raw.dump()) : raw}},
          now - kMinuteMs);
  };
  set_cas({{"Identity", "megan.bowen@contoso.com"}, {"ActiveSyncAllowedDeviceIDs", "ANDROIDC0FFEE01"}}, false,
          now - 2 * kMinuteMs);
  set_cas({{"Identity", "lee.gu@contoso.com"}, {"ActiveSyncAllowedDeviceIDs", "@{Add='IPHONE77'}"}}, true,
          now - 3 * kHourMs);  // three hours late
  set_cas({{"Identity", "adele.vance@contoso.com"}, {"OWAEnabled", "False"}}, false, now - kMinuteMs);

  const auto record = run(kActiveSync, now);
  EXPECT_EQ(record.status, engine::RunStatus::kSucceeded);
  EXPECT_EQ(record.alerts_created, 2u);
  std::map<std::string, nlohmann::json> by_mailbox;
  for (const auto& alert : alerts_of(kActiveSync)) by_mailbox[alert["activesync"]["identity"]] = alert;
  ASSERT_EQ(by_mailbox.size(), 2u);
  EXPECT_EQ(by_mailbox.at("megan.bowen@contoso.com")["activesync"]["device_ids"], nlohmann::json{"ANDROIDC0FFEE01"});
  EXPECT_EQ(by_mailbox.at("lee.gu@contoso.com")["activesync"]["device_ids"], nlohmann::json{"IPHONE77"});
  const auto& alert = by_mailbox.at("megan.bowen@contoso.com");
  EXPECT_EQ(alert["rule"]["severity"], "medium");
  EXPECT_EQ(alert["rule"]["risk_score"], 47);
  EXPECT_EQ(alert["mitre"], (nlohmann::json{"T1098", "T1098.002", "T1059", "T1059.001", "T1114", "T1114.002"}));
  EXPECT_EQ(alert["event"]["AccountDisplayName"], "Adele Vance");
}

INSTANTIATE_TEST_SUITE_P(Stored, M365PlaybookTest, ::testing::Values(false, true),
                         [](const ::testing::TestParamInfo<bool>& info) {
                           return info.param ? "RecordedValues" : "Documents";
                         });

}  // namespace
}  // namespace vigil::engine::detect
