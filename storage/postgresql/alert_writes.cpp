#include "storage/postgresql/alert_writes.hpp"

#include <map>
#include <set>
#include <string>

#include "engine/text/case_fold.hpp"
#include "storage/documents/alert_index_data.hpp"
#include "storage/documents/alert_replacement.hpp"

namespace vigil::storage::postgresql {
namespace {

// PostgreSQL text cannot hold NUL, which an event's host or user name, and
// so an alert's, may: dropped from the columns filters read (no filter can
// ask for a NUL, query strings refuse it), so that one odd event cannot
// fail its rule's every run. The document keeps it, escaped in its JSON.
std::string without_nul(std::string text) {
  std::erase(text, '\0');
  return text;
}

// The columns a replacement rewrites, as arrays of one element per alert.
struct FigureColumns {
  ArrayParam original_time{PgType::kInt8}, severity{PgType::kText}, risk_score{PgType::kInt8}, host{PgType::kText},
      user{PgType::kText}, mitre{PgType::kText}, tactics{PgType::kText}, tags{PgType::kText}, search{PgType::kText},
      doc{PgType::kText};

  void push(const engine::Alert& a, const nlohmann::json& document) {
    original_time.push(a.original_time), severity.push(a.severity), risk_score.push(std::int64_t{a.risk_score});
    host.push(without_nul(a.host_name)), user.push(without_nul(a.user_name)), mitre.push(space_delimited(a.mitre));
    tactics.push(space_delimited(a.tactics));
    // alert_tags rows. Tags hold no spaces (they are MITRE ids): one text
    // per alert, split by the server.
    std::string joined;
    for (const auto& tag : alert_tags(a)) joined += (joined.empty() ? "" : " ") + tag;
    tags.push(joined);
    // Folded once here, so a search folds only its needle.
    search.push(without_nul(engine::text::fold_case(alert_search_text(document))));
    doc.push(document.dump());
  }
  // $first .. $first + 9, in the order of the SQL below.
  void add_to(Params& params) const {
    params.add(original_time).add(severity).add(risk_score).add(host).add(user).add(mitre).add(tactics).add(tags);
    params.add(search).add(doc);
  }
};

constexpr const char* kFigureTypes =
    "$F::int8[], $F::text[], $F::int8[], $F::text[], $F::text[], $F::text[], $F::text[], $F::text[], $F::text[], "
    "$F::text[]";

// kFigureTypes with its parameters numbered from `first`.
std::string figure_params(int first) {
  std::string out;
  for (const char* p = kFigureTypes; *p; ++p) {
    if (*p == 'F')
      out += std::to_string(first++);
    else
      out += *p;
  }
  return out;
}

// Inserts the alerts whose ids are free; returns the ids inserted.
std::set<std::string> insert_new(Connection& c, std::span<const engine::Alert> alerts, OutboxWrites outbox) {
  ArrayParam id(PgType::kText), rule_id(PgType::kText), created_at(PgType::kInt8), status(PgType::kText);
  FigureColumns figures;
  for (const auto& a : alerts) {
    id.push(a.id), rule_id.push(a.rule_id), created_at.push(a.created_at), status.push(to_string(a.status));
    figures.push(a, a.document);
  }
  Params params;
  params.add(id).add(rule_id).add(created_at).add(status);
  figures.add_to(params);
  params.add(std::int64_t{outbox == OutboxWrites::kOn ? 1 : 0});
  // Rows go in batch order, so the first of an id's repeats is the one
  // stored and seq follows the batch, as on SQLite.
  const auto rows = c.query(
      "WITH input AS (SELECT * FROM unnest($1::text[], $2::text[], $3::int8[], $4::text[], " + figure_params(5) +
          ") WITH ORDINALITY AS t(id, rule_id, created_at, status, original_time, severity, risk_score, host, "
          "user_name, mitre, tactics, tags, search, doc, ord)), "
          "inserted AS (INSERT INTO alerts (id, rule_id, created_at, original_time, severity, risk_score, status, "
          "host, \"user\", mitre, tactics, search, doc) SELECT id, rule_id, created_at, original_time, severity, "
          "risk_score, status, host, user_name, mitre, tactics, search, doc FROM input ORDER BY ord "
          "ON CONFLICT (id) DO NOTHING RETURNING seq, id, created_at), "
          // The tags of the row inserted: the first of its id's repeats.
          "tagged AS (INSERT INTO alert_tags (tag, alert_seq, at) SELECT tag, n.seq, n.created_at FROM inserted AS n "
          "JOIN (SELECT DISTINCT ON (id) id, tags FROM input ORDER BY id, ord) AS i ON i.id = n.id, "
          "unnest(string_to_array(i.tags, ' ')) AS tag), "
          "queued AS (INSERT INTO outbox (kind, alert_seq, at) SELECT 'created', seq, created_at FROM inserted "
          "WHERE $15::int8 = 1 ORDER BY seq) "
          "SELECT id FROM inserted",
      params);
  std::set<std::string> inserted;
  for (int r = 0; r < rows.rows(); ++r) inserted.emplace(rows.bytes(r, 0));
  return inserted;
}

struct Stored {
  std::int64_t seq = 0;
  nlohmann::json doc;
};

// The stored rows of `ids`, locked for the replacement.
std::map<std::string, Stored, std::less<>> lock_stored(Connection& c, const std::set<std::string>& ids) {
  ArrayParam wanted(PgType::kText);
  for (const auto& id : ids) wanted.push(id);
  const auto rows =
      c.query("SELECT seq, id, doc FROM alerts WHERE id = ANY ($1) ORDER BY seq FOR UPDATE", Params().add(wanted));
  std::map<std::string, Stored, std::less<>> stored;
  for (int r = 0; r < rows.rows(); ++r)
    stored[std::string(rows.bytes(r, 1))] = {rows.int8(r, 0), nlohmann::json::parse(rows.bytes(r, 2))};
  return stored;
}

}  // namespace

engine::CommitCounts write_alerts(Connection& c, std::span<const engine::Alert> alerts, OutboxWrites outbox) {
  engine::CommitCounts counts;
  if (alerts.empty()) return counts;
  auto fresh = insert_new(c, alerts, outbox);
  std::vector<const engine::Alert*> candidates;
  std::set<std::string> candidate_ids;
  for (const auto& a : alerts) {
    if (fresh.erase(a.id) > 0) {
      ++counts.created;
    } else if (a.replace_existing) {
      candidates.push_back(&a);
      candidate_ids.insert(a.id);
    } else {
      ++counts.duplicates;
    }
  }
  if (candidates.empty()) return counts;

  auto stored = lock_stored(c, candidate_ids);
  // In batch order, each judged against what the one before it left, as
  // SQLite's one-by-one writes do; a row replaced twice is written once.
  std::map<std::int64_t, std::pair<const engine::Alert*, nlohmann::json>> replaced;
  for (const auto* a : candidates) {
    const auto row = stored.find(a->id);
    auto document = row == stored.end() ? std::nullopt : replacement_document(row->second.doc, *a);
    if (!document) {
      ++counts.duplicates;
      continue;
    }
    ++counts.updated;
    row->second.doc = *document;
    replaced[row->second.seq] = {a, std::move(*document)};
  }
  if (replaced.empty()) return counts;
  ArrayParam seq(PgType::kInt8);
  FigureColumns figures;
  for (const auto& [s, replacement] : replaced) seq.push(s), figures.push(*replacement.first, replacement.second);
  Params params;
  params.add(seq);
  figures.add_to(params);
  c.query("WITH u AS (SELECT * FROM unnest($1::int8[], " + figure_params(2) +
              ") AS u(seq, original_time, severity, risk_score, host, user_name, mitre, tactics, tags, search, doc)), "
              "untagged AS (DELETE FROM alert_tags WHERE alert_seq IN (SELECT seq FROM u)) "
              "UPDATE alerts AS a SET original_time = u.original_time, severity = u.severity, risk_score = "
              "u.risk_score, host = u.host, \"user\" = u.user_name, mitre = u.mitre, tactics = u.tactics, search = "
              "u.search, doc = u.doc FROM u WHERE a.seq = u.seq",
          params);
  // Apart from the DELETE: a row one statement deletes and inserts again
  // would meet itself in the primary key.
  c.query(
      "INSERT INTO alert_tags (tag, alert_seq, at) SELECT tag, a.seq, a.created_at FROM unnest($1::int8[], "
      "$2::text[]) AS u(seq, tags) JOIN alerts AS a ON a.seq = u.seq, unnest(string_to_array(u.tags, ' ')) AS tag",
      Params().add(seq).add(figures.tags));
  return counts;
}

}  // namespace vigil::storage::postgresql
