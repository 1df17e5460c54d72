// The rules in rules/m365 end to end: the project's Defender streaming
// records (tests/data/defender, with the columns under test replaced)
// through normalize(), the SQLite stores, runs of the loaded rule files, the
// alerts.
#include <gtest/gtest.h>

#include "engine/detect/aggregation_executor.hpp"
#include "engine/detect/ingest_matcher.hpp"
#include "engine/detect/ingest_matching.hpp"
#include "engine/detect/rule_runner.hpp"
#include "engine/detect/run_alignment.hpp"
#include "engine/detect/scheduler.hpp"
#include "engine/ingest/record_builder.hpp"
#include "engine/schedule/clock.hpp"
#include "tests/engine/detect/detect_test_support.hpp"
#include "tests/engine/content/m365/m365_test_support.hpp"
#include "tests/support/temp_dir.hpp"

namespace vigil::engine::detect {
namespace {

using testing::kT0;

constexpr TimeMs kHour = kT0 + 10 * kHourMs;                    // 2024-03-04T10:00:00Z: the bin under test
constexpr TimeMs kHourlyRun = kHour + kHourMs + 5 * kMinuteMs;  // 11:05, the first run that judges it

// The AccountUpn of the project's IdentityLogonEvents record.
constexpr const char* kUpn = "lee.gu@contoso.com";

// The start of the hour holding `t`.
TimeMs bin_of(TimeMs t) { return t - t % kHourMs; }

// Each test runs twice: on events stored as a writer without rule matching
// stores them (runs read the documents), and as vigild's writer stores them
// (aggregation runs read the column values recorded at ingest). Both must
// give the same alerts.
class M365RulesTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    rules = testing::m365_rules();
    email_template = testing::stream_record("EmailEvents");
    cloud_template = testing::stream_record("CloudAppEvents");
    logon_template = testing::stream_record("IdentityLogonEvents");
    if (GetParam()) {
      matcher = std::make_unique<IngestMatcher>(rules);
      engine::detect::begin_ingest_matching(stores.events.rule_matches(), matcher->versions());
    }
  }

  const CompiledRule& rule(const std::string& id) {
    const auto* found = rules.find(id);
    if (found == nullptr) throw std::runtime_error("no rule " + id);
    return *found;
  }

  // A scheduled run of `id` at `now` over its normal window.
  RunRecord run(const std::string& id, TimeMs now) {
    clock.set(now);
    const auto& r = rule(id);
    return runner.run(r, RunRequest{{now - r.lookback_ms, now}, std::nullopt});
  }

  void store(const nlohmann::json& record, TimeMs received) {
    const auto id = "e" + std::to_string(next_id++);
    stores.events.write_batch(std::vector{
        ingest::to_event_record(normalize(record, received, SourceHint::kDefender), "", id, WriteMode::kCreate, matcher.get())});
  }

  struct Mail {
    std::string connectors = "Partner-Relay-01";
    std::string sender_object_id = "8d9e2b1c-0000-4000-8000-000000000001";
    std::string p1 = "billing@contoso.com";  // SenderMailFromAddress
    std::string p2 = "billing@contoso.com";  // SenderFromAddress
    std::string recipient = "ap@fabrikam.com";
    std::string direction = "Outbound";
  };

  // `count` distinct messages of `mail` at `t`, stored when they arrive (`received`).
  void send(const Mail& mail, int count, TimeMs t, std::optional<TimeMs> received = std::nullopt) {
    for (int i = 0; i < count; ++i) {
      const auto p1_domain = mail.p1.substr(mail.p1.find('@') + 1);
      const auto p2_domain = mail.p2.substr(mail.p2.find('@') + 1);
      nlohmann::json columns = {
          {"NetworkMessageId", "msg-" + std::to_string(next_id)},
          {"Connectors", mail.connectors.empty() ? nlohmann::json(nullptr) : nlohmann::json(mail.connectors)},
          {"SenderObjectId",
           mail.sender_object_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(mail.sender_object_id)},
          {"SenderMailFromAddress", mail.p1},
          {"SenderMailFromDomain", p1_domain},
          {"SenderFromAddress", mail.p2},
          {"SenderFromDomain", p2_domain},
          {"RecipientEmailAddress", mail.recipient},
          {"RecipientDomain", mail.recipient.substr(mail.recipient.find('@') + 1)},
          {"EmailDirection", mail.direction},
      };
      store(testing::with_columns(email_template, t, columns), received.value_or(t));
    }
  }

  // A connector cmdlet at `t`, stored when it arrives (`received`).
  void connector_op(TimeMs t, const std::string& operation, const nlohmann::json& parameters,
                    std::optional<TimeMs> received = std::nullopt) {
    const nlohmann::json columns = {
        {"ActionType", operation},
        {"Application", "Microsoft Exchange Online"},
        {"AccountObjectId", "a41e9b07-2c6d-4f38-8e5a-1d7c3b9f0e62"},
        {"AccountDisplayName", "Adele Vance"},
        {"IPAddress", "198.51.100.7"},
        {"RawEventData", testing::exchange_admin_raw(operation, parameters)},
    };
    store(testing::with_columns(cloud_template, t, columns), received.value_or(t));
  }

  // A logon of `account` ("" for none: the column is null), ReportId "r<n>".
  void logon(TimeMs t, const std::string& action, const std::string& account, const std::string& isp = "Evil ISP") {
    const nlohmann::json columns = {{"ActionType", action},
                                    {"AccountObjectId", account.empty() ? nlohmann::json(nullptr) : nlohmann::json(account)},
                                    {"Application", "Microsoft 365"},
                                    {"ISP", isp},
                                    {"Location", "NL"},
                                    {"ReportId", "r" + std::to_string(next_id)}};
    store(testing::with_columns(logon_template, t, columns), t);
  }

  std::vector<nlohmann::json> alerts_of(const std::string& rule_id) {
    return testing::alerts_of(stores.alerts, rule_id);
  }

  RuleSet rules;
  std::unique_ptr<IngestMatcher> matcher;  // when the test runs on recorded values
  nlohmann::json email_template, cloud_template, logon_template;
  int next_id = 0;
  test::TempDir dir;
  testing::Stores stores{dir / "vigil.db"};
  ManualClock clock{kT0};
  RuleRunner runner{stores.events, stores.runs, clock};
};

TEST_P(M365RulesTest, ConnectorChangeAlertNamesTheConnectorFromNameOrIdentity) {
  const TimeMs t = kHour + 2 * kMinuteMs;
  connector_op(t, "New-OutboundConnector", {{"Name", "Outbound-To-Partner"}, {"SmartHosts", "mx.partner.example"}});
  connector_op(t + 1000, "Set-InboundConnector", {{"Identity", "Partner-Relay-01"}, {"Enabled", "False"}});
  connector_op(t + 2000, "Remove-InboundConnector", {{"Identity", "Old-Relay"}, {"Confirm", "False"}});
  store(testing::with_columns(cloud_template, t, nlohmann::json::object()), t);  // the SharePoint FileDownloaded row

  const auto record = run("m365-connector-changed", t + 3 * kMinuteMs);
  EXPECT_EQ(record.matches, 3u);
  EXPECT_EQ(record.alerts_created, 3u);

  std::map<std::string, nlohmann::json> by_name;
  for (const auto& alert : alerts_of("m365-connector-changed")) by_name[alert["connector"]["name"]] = alert;
  ASSERT_EQ(by_name.size(), 3u);
  const auto& set = by_name.at("Partner-Relay-01")["connector"];
  EXPECT_EQ(set["operation"], "Set-InboundConnector");
  EXPECT_EQ(set["enabled"], false);
  EXPECT_EQ(set["actor"]["AccountObjectId"], "a41e9b07-2c6d-4f38-8e5a-1d7c3b9f0e62");
  EXPECT_EQ(set["actor"]["AccountDisplayName"], "Adele Vance");
  EXPECT_EQ(set["ip"], "198.51.100.7");
  EXPECT_EQ(set["time"], format_timestamp(t + 1000));
  EXPECT_EQ(by_name.at("Outbound-To-Partner")["connector"]["enabled"], true);
  EXPECT_EQ(by_name.at("Old-Relay")["connector"]["operation"], "Remove-InboundConnector");
  EXPECT_FALSE(by_name.at("Old-Relay")["remediation"].empty());
  EXPECT_EQ(by_name.at("Old-Relay")["mitre"], (nlohmann::json{"T1562", "T1078", "T1078.004"}));
}

TEST_P(M365RulesTest, MailVolumeAlertsAtThresholdAndNotOneBelow) {
  connector_op(kHour - kDayMs, "New-InboundConnector", {{"Name", "Partner-Relay-01"}, {"Enabled", "True"}});
  Mail at;
  send(at, 100, kHour + 10 * kMinuteMs);
  Mail below;
  below.sender_object_id = "8d9e2b1c-0000-4000-8000-000000000002";
  send(below, 99, kHour + 10 * kMinuteMs);

  const auto record = run("m365-connector-mail-volume", kHourlyRun);
  EXPECT_EQ(record.status, engine::RunStatus::kSucceeded);
  EXPECT_EQ(record.alerts_created, 1u);
  const auto alerts = alerts_of("m365-connector-mail-volume");
  ASSERT_EQ(alerts.size(), 1u);
  const auto& alert = alerts[0];
  EXPECT_EQ(alert["group"],
            (nlohmann::json{{"Connectors", "Partner-Relay-01"}, {"SenderObjectId", at.sender_object_id}}));
  EXPECT_EQ(alert["bin"], (nlohmann::json{{"start", "2024-03-04T10:00:00.000Z"}, {"end", "2024-03-04T11:00:00.000Z"}}));
  EXPECT_EQ(alert["metric"]["name"], "distinct_count(NetworkMessageId)");
  EXPECT_EQ(alert["metric"]["value"], 100);
  EXPECT_EQ(alert["metric"]["threshold"], 100);
  EXPECT_EQ(alert["mail"]["samples"].size(), 50u);
  EXPECT_EQ(alert["mail"]["recipient_domains"], (nlohmann::json{{{"domain", "fabrikam.com"}, {"count", 100}, {"scope", "external"}}}));
  EXPECT_EQ(alert["mail"]["direction"]["external"], 100);
  EXPECT_EQ(alert["mail"]["sender_pairs"][0]["envelope_from"], "billing@contoso.com");
  ASSERT_EQ(alert["connector_changes"].size(), 1u);
  EXPECT_EQ(alert["connector_changes"][0]["operation"], "New-InboundConnector");
  EXPECT_EQ(alert["connector_changes"][0]["ip"], "198.51.100.7");
  EXPECT_FALSE(alert["remediation"].empty());
  EXPECT_FALSE(alert.contains("sets"));  // mail has no ISP or Location
  EXPECT_EQ(alert["id"], aggregation_alert_id("m365-connector-mail-volume", alert["group"], kHour));
}

TEST_P(M365RulesTest, MailVolumeFindsAConnectorInsideAMultiValuedField) {
  connector_op(kHour - kDayMs, "Set-InboundConnector", {{"Identity", "Partner-Relay-01"}});
  Mail mail;
  mail.connectors = "Default-Outbound, Partner-Relay-01";
  send(mail, 100, kHour + kMinuteMs);

  run("m365-connector-mail-volume", kHourlyRun);
  const auto alerts = alerts_of("m365-connector-mail-volume");
  ASSERT_EQ(alerts.size(), 1u);  // Default-Outbound was not changed: no group for it
  EXPECT_EQ(alerts[0]["group"]["Connectors"], "Partner-Relay-01");
}

TEST_P(M365RulesTest, MailVolumeWatchesEveryRecentlyChangedConnector) {
  connector_op(kHour - 2 * kDayMs, "New-InboundConnector", {{"Name", "Relay-A"}});
  connector_op(kHour - kDayMs, "Set-OutboundConnector", {{"Identity", "relay-b"}});  // names compare as Exchange does
  Mail a;
  a.connectors = "Relay-A";
  send(a, 120, kHour + kMinuteMs);
  Mail b;
  b.connectors = "Relay-B";
  send(b, 100, kHour + kMinuteMs);

  EXPECT_EQ(run("m365-connector-mail-volume", kHourlyRun).alerts_created, 2u);
}

TEST_P(M365RulesTest, MailVolumeIgnoresAConnectorChangedEightDaysAgo) {
  connector_op(kHour + kHourMs - 8 * kDayMs, "New-InboundConnector", {{"Name", "Partner-Relay-01"}});
  send(Mail{}, 150, kHour + kMinuteMs);

  const auto record = run("m365-connector-mail-volume", kHourlyRun);
  EXPECT_EQ(record.alerts_created, 0u);
  EXPECT_EQ(record.matches, 150u);
}

TEST_P(M365RulesTest, LateMailUpdatesTheBinsAlertInsteadOfAddingOne) {
  connector_op(kHour - kDayMs, "New-InboundConnector", {{"Name", "Partner-Relay-01"}});
  send(Mail{}, 100, kHour + 30 * kMinuteMs);
  ASSERT_EQ(run("m365-connector-mail-volume", kHourlyRun).alerts_created, 1u);
  const auto id = alerts_of("m365-connector-mail-volume")[0]["id"].get<std::string>();

  // Five more messages of 10:50 arrive at 11:40, after the first judgement.
  send(Mail{}, 5, kHour + 50 * kMinuteMs, kHour + kHourMs + 40 * kMinuteMs);
  const auto second = run("m365-connector-mail-volume", kHourlyRun + kHourMs);
  EXPECT_EQ(second.alerts_created, 0u);
  EXPECT_EQ(second.duplicates_skipped, 0u);
  EXPECT_EQ(second.warnings, std::vector<RunWarning>{alerts_updated_warning(1)});

  const auto alerts = alerts_of("m365-connector-mail-volume");
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0]["id"], id);
  EXPECT_EQ(alerts[0]["metric"]["value"], 105);
  EXPECT_EQ(alerts[0]["created_at"], format_timestamp(kHourlyRun));
  EXPECT_EQ(alerts[0]["updated_at"], format_timestamp(kHourlyRun + kHourMs));

  // Nothing new: the third evaluation of the bin changes nothing.
  const auto third = run("m365-connector-mail-volume", kHourlyRun + 2 * kHourMs);
  EXPECT_EQ(third.duplicates_skipped, 1u);
  EXPECT_TRUE(third.warnings.empty());

  // Triaged, then twenty more of 10:50 arrive at 16:40, long past the
  // bins_back a run judges anyway: the bin is re-judged, the triage stays.
  AlertChange triage;
  triage.status = engine::triage::AlertStatus::kAcknowledged;
  triage.classification = "true_positive";
  triage.note = "relay abused";
  ASSERT_TRUE(stores.alerts.update(id, triage, {"analyst", kHourlyRun + 2 * kHourMs}));
  const TimeMs late_run = kHourlyRun + 6 * kHourMs;
  send(Mail{}, 20, kHour + 50 * kMinuteMs, late_run - 25 * kMinuteMs);
  EXPECT_EQ(run("m365-connector-mail-volume", late_run).warnings, std::vector<RunWarning>{alerts_updated_warning(1)});
  const auto updated = alerts_of("m365-connector-mail-volume");
  ASSERT_EQ(updated.size(), 1u);
  EXPECT_EQ(updated[0]["id"], id);
  EXPECT_EQ(updated[0]["metric"]["value"], 125);
  EXPECT_EQ(updated[0]["status"], "acknowledged");
  EXPECT_EQ(updated[0]["classification"], "true_positive");
  EXPECT_EQ(stores.alerts.history(id)->size(), 3u);  // status, classification, note
}

// Issue 27, section 2: Defender's streaming API and shippers that were
// offline deliver events hours after they happened.
TEST_P(M365RulesTest, AConnectorChangeAndAMailBurstArrivingHoursLateAlertOnTheNextRun) {
  const TimeMs now = kHourlyRun + 6 * kHourMs;  // 17:05
  connector_op(kHour - kDayMs, "New-InboundConnector", {{"Name", "Partner-Relay-01"}});
  run("m365-connector-changed", now - 5 * kMinuteMs);
  run("m365-connector-mail-volume", now - kHourMs);
  // Both arrive at 17:02: the change stamped two hours ago, the mail five.
  connector_op(now - 2 * kHourMs, "Set-InboundConnector", {{"Identity", "Partner-Relay-01"}}, now - 3 * kMinuteMs);
  send(Mail{}, 100, now - 5 * kHourMs, now - 3 * kMinuteMs);

  EXPECT_EQ(run("m365-connector-changed", now).alerts_created, 1u);
  EXPECT_EQ(run("m365-connector-mail-volume", now).alerts_created, 1u);
  const auto mail = alerts_of("m365-connector-mail-volume");
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_EQ(mail[0]["bin"]["start"], format_timestamp(bin_of(now - 5 * kHourMs)));
  EXPECT_EQ(mail[0]["metric"]["value"], 100);
}

TEST_P(M365RulesTest, OnTimeMailAlertsOnTheRunAfterTheConnectorChangeItWentThroughArrives) {
  // The change arrives one hour after the mail, then four: past the three
  // bins a run judges anyway.
  for (const TimeMs delay : {kHourMs, 4 * kHourMs}) {
    const TimeMs mail_time = kHour + 30 * kMinuteMs + 2 * delay;  // a fresh hour for each delay
    Mail mail;
    mail.connectors = "Relay-" + std::to_string(delay / kHourMs) + "h";
    send(mail, 100, mail_time);
    const TimeMs first_run = bin_of(mail_time) + kHourMs + 5 * kMinuteMs;
    EXPECT_EQ(run("m365-connector-mail-volume", first_run).alerts_created, 0u);  // no change known yet

    const TimeMs arrival = mail_time + delay;
    for (TimeMs at = first_run + kHourMs; at < arrival; at += kHourMs) run("m365-connector-mail-volume", at);
    connector_op(mail_time - 20 * kMinuteMs, "New-InboundConnector", {{"Name", mail.connectors}}, arrival);
    const auto after = run("m365-connector-mail-volume", bin_of(arrival) + kHourMs + 5 * kMinuteMs);
    EXPECT_EQ(after.alerts_created, 1u) << "change arriving " << delay / kHourMs << " h after the mail";
  }
}

TEST_P(M365RulesTest, HourBinsEndBeforeTheNextClockHour) {
  connector_op(kHour - kDayMs, "New-InboundConnector", {{"Name", "Partner-Relay-01"}});
  Mail last_millisecond;  // 99 + one at 10:59:59.999: 100 in the 10:00 bin
  send(last_millisecond, 99, kHour);
  send(last_millisecond, 1, kHour + kHourMs - 1);
  Mail next_hour;  // 99 + one at 11:00:00.000: 99 in the 10:00 bin
  next_hour.sender_object_id = "8d9e2b1c-0000-4000-8000-000000000002";
  send(next_hour, 99, kHour);
  send(next_hour, 1, kHour + kHourMs);

  run("m365-connector-mail-volume", kHourlyRun);
  const auto alerts = alerts_of("m365-connector-mail-volume");
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0]["group"]["SenderObjectId"], last_millisecond.sender_object_id);
  EXPECT_EQ(alerts[0]["last_event"], "2024-03-04T10:59:59.999Z");
}

TEST_P(M365RulesTest, SenderMismatchCountsSpoofedConnectorMailWithoutASenderObject) {
  Mail spoofed;
  spoofed.connectors = "Partner-Relay-01";
  spoofed.sender_object_id = "";
  spoofed.p1 = "bounce@mailer.example";
  spoofed.p2 = "ceo@contoso.com";
  send(spoofed, 10, kHour + kMinuteMs);
  Mail with_object = spoofed;  // a tenant sender: not this rule's pattern
  with_object.sender_object_id = "8d9e2b1c-0000-4000-8000-000000000003";
  send(with_object, 10, kHour + kMinuteMs);
  Mail aligned = spoofed;  // P1 and P2 agree
  aligned.connectors = "Other-Relay";
  aligned.p1 = "news@CONTOSO.com";
  send(aligned, 10, kHour + kMinuteMs);
  Mail below = spoofed;
  below.connectors = "Third-Relay";
  send(below, 9, kHour + kMinuteMs);

  run("m365-connector-sender-mismatch", kHourlyRun);
  const auto alerts = alerts_of("m365-connector-sender-mismatch");
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0]["group"], (nlohmann::json{{"Connectors", "Partner-Relay-01"}}));
  EXPECT_EQ(alerts[0]["metric"]["value"], 10);
  EXPECT_EQ(alerts[0]["mail"]["sender_pairs"],
            (nlohmann::json{{{"envelope_from", "bounce@mailer.example"},
                             {"header_from", "ceo@contoso.com"},
                             // Outbound mail and no accepted domains configured: the sender is inside.
                             {"envelope_from_scope", "internal"},
                             {"header_from_scope", "internal"},
                             {"count", 10}}}));
  EXPECT_EQ(alerts[0]["connector_changes"], nlohmann::json::array());
}

TEST_P(M365RulesTest, ExternalSprayNeedsMoreThanAHundredOutsideTheSendersDomain) {
  Mail spray;
  spray.connectors = "";
  spray.recipient = "victim@fabrikam.example";
  send(spray, 101, kHour + kMinuteMs);
  Mail hundred = spray;
  hundred.sender_object_id = "8d9e2b1c-0000-4000-8000-000000000002";
  send(hundred, 100, kHour + kMinuteMs);
  Mail internal = spray;
  internal.sender_object_id = "8d9e2b1c-0000-4000-8000-000000000003";
  internal.direction = "Intra-org";
  send(internal, 150, kHour + kMinuteMs);
  Mail unknown = spray;  // Unknown is neither Intra-org nor Inbound
  unknown.sender_object_id = "8d9e2b1c-0000-4000-8000-000000000004";
  unknown.direction = "Unknown";
  send(unknown, 101, kHour + kMinuteMs);

  run("m365-external-mail-spray", kHourlyRun);
  const auto alerts = alerts_of("m365-external-mail-spray");
  ASSERT_EQ(alerts.size(), 2u);
  for (const auto& alert : alerts) {
    EXPECT_EQ(alert["metric"]["value"], 101);
    EXPECT_EQ(alert["group"]["SenderFromAddress"], "billing@contoso.com");
  }
}

TEST_P(M365RulesTest, LogonSuccessTenSecondsAfterTheLastFailureCountsElevenDoesNot) {
  const TimeMs minute = kHour + 3 * kMinuteMs;
  for (const auto* account : {"acct-10s", "acct-11s", "acct-100"}) {
    const int failures = std::string(account) == "acct-100" ? 100 : 101;
    for (int i = 0; i < failures; ++i) logon(minute + i * 500, "LogonFailed", account);
  }
  const TimeMs last = minute + 100 * 500;  // the 101st failure
  logon(last + 10 * kSecondMs, "LogonSuccess", "acct-10s");
  logon(last + 11 * kSecondMs, "LogonSuccess", "acct-11s");
  logon(minute + 99 * 500 + kSecondMs, "LogonSuccess", "acct-100");

  run("m365-logon-failures-then-success", minute + 5 * kMinuteMs);
  const auto alerts = alerts_of("m365-logon-failures-then-success");
  ASSERT_EQ(alerts.size(), 1u);
  const auto& alert = alerts[0];
  // One alert per account (the UPN read from the success), as the playbook's summary.
  EXPECT_EQ(alert["group"], (nlohmann::json{{"AccountObjectId", "acct-10s"}, {"AccountUpn", kUpn}}));
  EXPECT_EQ(alert["metric"]["value"], 101);
  EXPECT_EQ(alert["first_event"], format_timestamp(minute));
  EXPECT_EQ(alert["last_event"], format_timestamp(last));
  EXPECT_EQ(alert["followed_by"]["time"], format_timestamp(last + 10 * kSecondMs));
  EXPECT_EQ(alert["first_success"]["time"], format_timestamp(last + 10 * kSecondMs));
  EXPECT_EQ(alert["counts"], (nlohmann::json{{"failed", 101}, {"success", 1}}));
  EXPECT_EQ(alert["sets"],
            (nlohmann::json{{"Application", {"Microsoft 365"}}, {"ISP", {"Evil ISP"}}, {"Location", {"NL"}}}));
}

// The playbook's isnotempty(AccountObjectId): failures of unknown accounts
// do not pile into one empty group that any blank success completes.
TEST_P(M365RulesTest, LogonsWithoutAnAccountObjectIdAreLeftOut) {
  const TimeMs minute = kHour + 3 * kMinuteMs;
  for (int i = 0; i < 150; ++i) logon(minute + i * 100, "LogonFailed", "");
  logon(minute + 16 * kSecondMs, "LogonSuccess", "");
  EXPECT_EQ(run("m365-logon-failures-then-success", minute + 5 * kMinuteMs).alerts_created, 0u);
}

// Later qualifying successes within the rule's lookback (a day) update the
// account's alert instead of opening one per minute bin; a day later, a new
// burst opens a new one.
TEST_P(M365RulesTest, LaterSuccessesOfAnAccountUpdateItsAlertKeepingIdAndTriage) {
  const auto burst = [&](TimeMs minute, const std::string& isp) {
    for (int i = 0; i < 101; ++i) logon(minute + i * 100, "LogonFailed", "acct", isp);
    logon(minute + 15 * kSecondMs, "LogonSuccess", "acct", isp);
  };
  const TimeMs first = kHour + 3 * kMinuteMs;
  burst(first, "Evil ISP");
  const auto first_report = "r" + std::to_string(next_id - 1);
  ASSERT_EQ(run("m365-logon-failures-then-success", first + 5 * kMinuteMs).alerts_created, 1u);
  const auto id = alerts_of("m365-logon-failures-then-success")[0]["id"].get<std::string>();
  AlertChange triage;
  triage.status = engine::triage::AlertStatus::kAcknowledged;
  ASSERT_TRUE(stores.alerts.update(id, triage, {"analyst", first + 6 * kMinuteMs}));

  burst(first + 20 * kMinuteMs, "Other ISP");
  burst(first + 21 * kMinuteMs, "Other ISP");
  const auto second = run("m365-logon-failures-then-success", first + 25 * kMinuteMs);
  EXPECT_EQ(second.alerts_created, 0u);
  auto alerts = alerts_of("m365-logon-failures-then-success");
  ASSERT_EQ(alerts.size(), 1u);
  const auto& alert = alerts[0];
  EXPECT_EQ(alert["id"], id);
  EXPECT_EQ(alert["status"], "acknowledged");
  EXPECT_EQ(alert["first_success"],
            (nlohmann::json{{"time", format_timestamp(first + 15 * kSecondMs)}, {"ReportId", first_report}}));
  EXPECT_EQ(alert["counts"], (nlohmann::json{{"failed", 303}, {"success", 3}}));
  EXPECT_EQ(alert["bursts"].size(), 3u);
  EXPECT_EQ(alert["sets"]["ISP"], (nlohmann::json{"Evil ISP", "Other ISP"}));

  burst(first + kDayMs + kHourMs, "Evil ISP");
  EXPECT_EQ(run("m365-logon-failures-then-success", first + kDayMs + kHourMs + 5 * kMinuteMs).alerts_created, 1u);
  EXPECT_EQ(alerts_of("m365-logon-failures-then-success").size(), 2u);
}

TEST_P(M365RulesTest, LogonFailuresFromMicrosoftAzureAreLeftOut) {
  const TimeMs minute = kHour + 3 * kMinuteMs;
  for (int i = 0; i < 150; ++i) logon(minute + i * 100, "LogonFailed", "acct", "Microsoft Azure");
  logon(minute + 20 * kSecondMs, "LogonSuccess", "acct", "Microsoft Azure");
  EXPECT_EQ(run("m365-logon-failures-then-success", minute + 5 * kMinuteMs).alerts_created, 0u);
}

TEST_P(M365RulesTest, StreamRecordsAloneRaiseNothing) {
  const auto t = kHour + kMinuteMs;
  store(testing::with_columns(email_template, t, nlohmann::json::object()), t);
  store(testing::with_columns(logon_template, t, nlohmann::json::object()), t);
  store(testing::with_columns(cloud_template, t, nlohmann::json::object()), t);
  for (const auto& r : rules.rules()) {
    const auto record = run(r.definition.rule_id, kHourlyRun);
    EXPECT_EQ(record.status, engine::RunStatus::kSucceeded)
        << r.definition.rule_id << ": " << record.error.value_or("");
    EXPECT_EQ(record.alerts_created, 0u) << r.definition.rule_id;
  }
}

TEST_P(M365RulesTest, HourlyRulesRunAtFivePastTheHourOnTheInjectedClock) {
  const auto& hourly = rule("m365-connector-mail-volume");
  EXPECT_EQ(next_run_time(hourly, kHour + 17 * kMinuteMs), kHourlyRun);
  EXPECT_EQ(next_run_time(hourly, kHourlyRun), kHourlyRun + kHourMs);
  EXPECT_EQ(next_run_time(rule("m365-logon-failures-then-success"), kHour + 17 * kMinuteMs), kHour + 21 * kMinuteMs);
  EXPECT_EQ(next_run_time(rule("m365-connector-changed"), kHour + 17 * kMinuteMs), kHour + 22 * kMinuteMs);

  RuleSet only_hourly;
  only_hourly.add(hourly);
  clock.set(kHour + 17 * kMinuteMs);
  Scheduler scheduler(only_hourly, stores.events, stores.runs, clock);
  EXPECT_EQ(scheduler.tick().size(), 1u);  // the first tick runs at once
  EXPECT_EQ(scheduler.next_due(), kHourlyRun);
  clock.set(kHourlyRun - 1);
  EXPECT_TRUE(scheduler.tick().empty());
  clock.set(kHourlyRun);
  const auto runs = scheduler.tick();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].window_end, kHourlyRun);
  EXPECT_EQ(scheduler.next_due(), kHourlyRun + kHourMs);
}

INSTANTIATE_TEST_SUITE_P(Stored, M365RulesTest, ::testing::Values(false, true),
                         [](const ::testing::TestParamInfo<bool>& info) {
                           return info.param ? "RecordedValues" : "Documents";
                         });

}  // namespace
}  // namespace vigil::engine::detect
