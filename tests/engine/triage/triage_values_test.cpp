// Triage values: canonical spellings, Defender's aliases, errors that name
// the field and list what it allows.
#include "engine/triage/triage_values.hpp"

#include <gtest/gtest.h>

namespace vigil::engine::triage {
namespace {

TEST(TriageValues, StatusTakesElasticsWorkflowStatuses) {
  for (const char* status : {"open", "acknowledged", "closed"}) EXPECT_EQ(parse_status(status).value, status);
  const auto bad = parse_status("Closed");
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.error, "status must be one of open, acknowledged, closed; got 'Closed'");
}

TEST(TriageValues, ClassificationCanonicalisesDefenderSpellingsAndNull) {
  EXPECT_EQ(parse_classification("true_positive").value, "true_positive");
  EXPECT_EQ(parse_classification("false_positive").value, "false_positive");
  EXPECT_EQ(parse_classification("benign_positive").value, "benign_positive");
  EXPECT_EQ(parse_classification("truePositive").value, "true_positive");
  EXPECT_EQ(parse_classification("falsePositive").value, "false_positive");
  EXPECT_EQ(parse_classification("informationalExpectedActivity").value, "benign_positive");
  EXPECT_EQ(parse_classification("null").value, kUnsetClassification);
  EXPECT_EQ(parse_classification("none").value, kUnsetClassification);
  const auto bad = parse_classification("benignPositive");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error.find("classification must be one of true_positive, false_positive, benign_positive, null"),
            std::string::npos)
      << bad.error;
  EXPECT_NE(bad.error.find("informationalExpectedActivity"), std::string::npos);
  EXPECT_NE(bad.error.find("got 'benignPositive'"), std::string::npos);
}

TEST(TriageValues, DeterminationIsExactlyGraphsList) {
  for (const char* value :
       {"apt", "malware", "securityPersonnel", "securityTesting", "unwantedSoftware", "multiStagedAttack",
        "compromisedAccount", "phishing", "maliciousUserActivity", "notMalicious", "notEnoughDataToValidate",
        "confirmedActivity", "lineOfBusinessApplication", "other"}) {
    const auto parsed = parse_determination(value);
    EXPECT_TRUE(parsed.ok()) << value;
    EXPECT_EQ(parsed.value, value);
  }
  for (const char* value : {"APT", "unknown", "null", "", "security_testing"})
    EXPECT_FALSE(parse_determination(value).ok()) << value;
  EXPECT_NE(parse_determination("x").error.find("determination must be one of apt, malware, securityPersonnel"),
            std::string::npos);
}

TEST(TriageValues, SeverityTakesElasticsFourLevels) {
  for (const char* severity : {"low", "medium", "high", "critical"})
    EXPECT_EQ(parse_severity(severity).value, severity);
  EXPECT_EQ(parse_severity("info").error, "severity must be one of low, medium, high, critical; got 'info'");
}

}  // namespace
}  // namespace vigil::engine::triage
