#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/time/timestamp.hpp"
#include "engine/triage/alert_status.hpp"

namespace vigil::engine {

// An alert as the engine produces it: the indexed columns the API filters
// on, and the whole alert document (rule, reason, process, threat, source
// event...) that the API returns.
struct Alert {
  // sha256 of (rule id, source index, source id) for event alerts, of (rule
  // id, group key, bin start) for aggregation alerts: re-runs never duplicate.
  std::string id;
  std::string rule_id;
  TimeMs created_at = 0;
  std::optional<TimeMs> original_time;
  std::string severity;
  int risk_score = 0;
  triage::AlertStatus status = triage::AlertStatus::kOpen;
  std::string host_name;
  std::string user_name;
  std::vector<std::string> mitre;    // technique and sub-technique ids
  std::vector<std::string> tactics;  // tactic ids
  nlohmann::json document;
  // An aggregation alert whose bin a later run re-evaluates: when its id is
  // already stored, the new figures and evidence replace the stored ones
  // (the analyst's triage and the first created_at are kept) instead of the
  // new alert being dropped as a duplicate.
  bool replace_existing = false;
};

enum class AlertTimeField { kCreatedAt, kOriginalTime };
enum class AlertSort { kCreatedAt, kOriginalTime, kRiskScore };

// Which alerts a query, a summary or a bulk update selects. Every member is
// optional; set members combine with AND, values inside one list with OR.
struct AlertFilter {
  std::vector<std::string> rule_ids;
  std::vector<std::string> severities;
  std::vector<std::string> statuses;         // open | acknowledged | closed
  std::vector<std::string> classifications;  // true_positive | false_positive | benign_positive | none (unset)
  std::optional<std::string> host;           // exact host.name
  std::optional<std::string> user;           // exact user.name
  // "T1098" selects alerts tagged T1098 or any T1098.xxx; "T1098.002" only that.
  std::optional<std::string> technique;
  std::optional<std::string> tactic;  // "TA0003"
  AlertTimeField time_field = AlertTimeField::kCreatedAt;
  std::optional<TimeMs> since;  // inclusive
  std::optional<TimeMs> until;  // exclusive
  // Case-insensitive substring of the reason, host, user or command line.
  std::optional<std::string> text;
};

// Where the previous page ended, for keyset paging: the last alert's sort key
// (null when its original_time is unset) and its storage sequence number.
// Stable while alerts are inserted: no alert is skipped or repeated.
struct AlertCursor {
  std::optional<std::int64_t> key;
  std::int64_t seq = 0;
};

struct AlertQuery {
  AlertFilter filter;
  AlertSort sort = AlertSort::kCreatedAt;
  bool ascending = false;  // default newest first
  std::size_t limit = 100;
  std::optional<AlertCursor> after;
  // Counting stops here, as Elasticsearch's track_total_hits does: an exact
  // count of a million open alerts costs more than the page itself, and a
  // dashboard only needs to know there are "10,000 or more". 0: exact.
  std::uint64_t count_limit = 10000;
};

struct AlertPage {
  // Alerts matching the filter regardless of paging, up to the query's
  // count_limit; total_exact is false when counting stopped there.
  std::uint64_t total = 0;
  bool total_exact = true;
  // Each alert as the JSON text of its document (what get() returns):
  // dashboards fetch pages far more often than they read one alert, and
  // the text goes out as it is. Empty when the alerts went to a PageSink.
  std::vector<std::string> alerts;
  std::optional<AlertCursor> next;  // set when more alerts follow this page
};

// Takes a page's items (alerts, history entries) one at a time, in page
// order, each as JSON text; false refuses the item: the page ends before it.
using PageSink = std::function<bool(std::string&& item)>;

// Where a page of an alert's triage history ended early: the next page
// starts after the entry `next` points at.
struct AlertHistoryPage {
  std::optional<std::int64_t> next;
};

// Counts by dimension for one filter: what a dashboard tile needs in one call.
struct AlertSummary {
  std::uint64_t total = 0;
  std::map<std::string, std::uint64_t> by_rule;
  std::map<std::string, std::uint64_t> by_severity;
  std::map<std::string, std::uint64_t> by_status;
  std::map<std::string, std::uint64_t> by_classification;  // "none" for unset
  std::map<std::string, std::uint64_t> by_technique;       // each id an alert is tagged with
};

// A triage change. Unset members are left alone; for the nullable fields an
// engaged optional holding nullopt clears the value.
struct AlertChange {
  std::optional<triage::AlertStatus> status;
  std::optional<std::optional<std::string>> classification;  // canonical: true_positive | ...
  std::optional<std::optional<std::string>> determination;
  std::optional<std::optional<std::string>> assignee;
  std::optional<std::string> note;

  bool empty() const { return !status && !classification && !determination && !assignee && !note; }
};

// Who made a change and when; recorded with every history entry.
struct AlertActor {
  std::string name;  // the API key's name, or "anonymous" when auth is off
  TimeMs at = 0;
};

// What a rule run reads of the stored alerts (RunStore::commit_run writes
// them): the ones it may extend and the ones it must not repeat. A backend
// gives runs this much before it has the rest of AlertStore. Thread-safe.
class RunAlerts {
 public:
  virtual ~RunAlerts() = default;

  // The documents of the rule's alerts whose original_time lies in
  // [from, to], oldest first: the alerts a run may extend instead of
  // opening new ones (aggregation rules with alert_per).
  virtual std::vector<nlohmann::json> alerts_between(const std::string& rule_id, TimeMs from, TimeMs to) = 0;

  // Those of `ids` that name a stored alert, each once, in no particular
  // order: a run asks about all its candidates in one call.
  virtual std::vector<std::string> existing_alert_ids(std::span<const std::string> ids) = 0;
};

// The alerts: what rule runs read of them, and what the API lists, reads
// and triages. Thread-safe.
//
// Every alert document returned carries its current triage state at top
// level: "status", "classification", "determination", "assignee" (null when
// unset) and "triage_updated_at" (null until first triaged).
class AlertStore : public RunAlerts {
 public:
  // The page's alerts go to `take` as they are read, so a caller bounding
  // what a page weighs never holds more of it than it keeps. When `take`
  // refuses one, the page ends there and `next` points just before it: the
  // next page starts with that alert. A page whose first alert is refused
  // ends empty without `next`, so `take` must accept the first one.
  virtual AlertPage list(const AlertQuery& query, const PageSink& take) = 0;
  // The whole page, in AlertPage::alerts.
  AlertPage list(const AlertQuery& query) {
    std::vector<std::string> alerts;
    auto page = list(query, [&alerts](std::string&& alert) {
      alerts.push_back(std::move(alert));
      return true;
    });
    page.alerts = std::move(alerts);
    return page;
  }
  virtual std::optional<nlohmann::json> get(const std::string& id) = 0;
  virtual AlertSummary summarize(const AlertFilter& filter) = 0;

  // Applies `change` to one alert and records one history entry per changed
  // field plus one for the note. Returns the updated alert; nullopt when no
  // alert has that id.
  virtual std::optional<nlohmann::json> update(const std::string& id, const AlertChange& change,
                                               const AlertActor& actor) = 0;
  // Applies `change` to every alert with one of `ids` (when given) that also
  // matches `filter`, in one transaction. Returns how many alerts changed
  // (a note counts as a change).
  virtual std::uint64_t update_many(const std::optional<std::vector<std::string>>& ids, const AlertFilter& filter,
                                    const AlertChange& change, const AlertActor& actor) = 0;

  // The alert's triage history, oldest first, from just after the entry
  // `after` points at (0: from the first), each entry to `take` as the JSON
  // text of {"at": RFC3339, "author": "...", "field":
  // "status|classification|determination|assignee|note", "from": old or
  // null, "to": new or null}. As in list(), a refused entry ends the page
  // (`next` then points just before it) and `take` must accept the first.
  // nullopt when no alert has that id.
  virtual std::optional<AlertHistoryPage> history(const std::string& id, std::int64_t after,
                                                  const PageSink& take) = 0;
  // The whole history; nullopt when no alert has that id.
  std::optional<std::vector<nlohmann::json>> history(const std::string& id) {
    std::vector<nlohmann::json> entries;
    const auto page = history(id, 0, [&entries](std::string&& entry) {
      entries.push_back(nlohmann::json::parse(entry));
      return true;
    });
    if (!page) return std::nullopt;
    return entries;
  }
};

}  // namespace vigil::engine
