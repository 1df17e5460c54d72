#pragma once

#include <string>
#include <string_view>

#include "engine/store/run_store.hpp"

namespace vigil::storage {

// A run as every backend stores it in rule_runs.doc: the run-history JSON plus
// "warning_kinds", one per warning, since the contract's warnings are
// messages alone. A run stored before kinds were reads its warnings as kOther.
std::string encode_run(const engine::RunRecord& run);
engine::RunRecord decode_run(std::string_view doc);

}  // namespace vigil::storage
