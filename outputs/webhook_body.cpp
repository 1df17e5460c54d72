#include "outputs/webhook_body.hpp"

#include "outputs/alert_fields.hpp"

namespace vigil::outputs {
namespace {

using engine::outputs::OutboxEntry;
using engine::outputs::OutboxKind;

// A field for people to read: "-" when it is not there.
std::string text(const nlohmann::json& alert, const char* pointer) {
  auto value = alert_field(alert, pointer);
  return value.empty() ? "-" : value;
}

// One line saying what happened, for chat messages.
std::string headline(const OutboxEntry& e) {
  const auto severity = text(e.alert, "/rule/severity");
  std::string upper = severity;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (e.kind == OutboxKind::kAlertCreated) return "[" + upper + "] " + text(e.alert, "/rule/name");
  std::string what;
  for (const auto& change : e.change.value("changes", nlohmann::json::array()))
    what += (what.empty() ? "" : ", ") + change.value("field", std::string()) + " " +
            (change["from"].is_string() ? change["from"].get<std::string>() : "none") + " -> " +
            (change["to"].is_string() ? change["to"].get<std::string>() : "none");
  return "Triaged by " + e.change.value("author", std::string("-")) + ": " + what + " (" + text(e.alert, "/rule/name") +
         ")";
}

// The facts an analyst reads first, in the order they read them.
std::vector<std::pair<std::string, std::string>> facts(const OutboxEntry& e) {
  const auto mitre = alert_techniques(e.alert, " ");
  return {{"Host", text(e.alert, "/host/name")},
          {"User", text(e.alert, "/user/name")},
          {"Status", text(e.alert, "/status")},
          {"MITRE", mitre.empty() ? "-" : mitre},
          {"Alert id", e.alert_id}};
}

nlohmann::json raw(const OutboxEntry& e) {
  nlohmann::json body = {{"type", e.type()}, {"idempotency_key", e.idempotency_key()}, {"alert", e.alert}};
  if (e.kind == OutboxKind::kAlertTriaged) body["change"] = e.change;
  return body;
}

// Slack's mrkdwn treats &, < and > as markup.
std::string slack_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else
      out += c;
  }
  return out;
}

nlohmann::json slack(const OutboxEntry& e) {
  nlohmann::json field_blocks = nlohmann::json::array();
  for (const auto& [name, value] : facts(e))
    field_blocks.push_back({{"type", "mrkdwn"}, {"text", "*" + name + "*\n" + slack_escape(value)}});
  // "text" is the notification and the fallback where blocks are not shown.
  return {{"text", slack_escape(headline(e))},
          {"blocks",
           {{{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", "*" + slack_escape(headline(e)) + "*"}}}},
            {{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", slack_escape(text(e.alert, "/reason"))}}}},
            {{"type", "section"}, {"fields", field_blocks}}}}};
}

nlohmann::json teams(const OutboxEntry& e) {
  nlohmann::json fact_set = nlohmann::json::array();
  for (const auto& [name, value] : facts(e)) fact_set.push_back({{"title", name}, {"value", value}});
  const auto severity = text(e.alert, "/rule/severity");
  const bool loud = severity == "high" || severity == "critical";
  const nlohmann::json card = {{"$schema", "http://adaptivecards.io/schemas/adaptive-card.json"},
                               {"type", "AdaptiveCard"},
                               {"version", "1.4"},
                               {"body",
                                {{{"type", "TextBlock"},
                                  {"text", headline(e)},
                                  {"weight", "Bolder"},
                                  {"size", "Medium"},
                                  {"wrap", true},
                                  {"color", loud ? "Attention" : "Default"}},
                                 {{"type", "TextBlock"}, {"text", text(e.alert, "/reason")}, {"wrap", true}},
                                 {{"type", "FactSet"}, {"facts", fact_set}}}}};
  return {{"type", "message"},
          {"attachments",
           {{{"contentType", "application/vnd.microsoft.card.adaptive"}, {"contentUrl", nullptr}, {"content", card}}}}};
}

}  // namespace

std::string webhook_body(WebhookTemplate kind, const OutboxEntry& entry) {
  switch (kind) {
    case WebhookTemplate::kSlack:
      return slack(entry).dump();
    case WebhookTemplate::kTeams:
      return teams(entry).dump();
    case WebhookTemplate::kRaw:
      break;
  }
  return raw(entry).dump();
}

}  // namespace vigil::outputs
