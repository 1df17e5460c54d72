#include "storage/documents/run_document.hpp"

namespace vigil::storage {

std::string encode_run(const engine::RunRecord& run) {
  auto doc = run.to_json();
  auto kinds = nlohmann::json::array();
  for (const auto& w : run.warnings) kinds.push_back(to_string(w.kind));
  doc["warning_kinds"] = std::move(kinds);
  return doc.dump();
}

engine::RunRecord decode_run(std::string_view doc) {
  const auto j = nlohmann::json::parse(doc);
  auto run = engine::RunRecord::from_json(j);
  const auto kinds = j.find("warning_kinds");
  if (kinds == j.end() || kinds->size() != run.warnings.size()) return run;
  for (std::size_t i = 0; i < run.warnings.size(); ++i)
    run.warnings[i].kind =
        engine::parse_run_warning_kind((*kinds)[i].get<std::string>()).value_or(engine::RunWarningKind::kOther);
  return run;
}

}  // namespace vigil::storage
