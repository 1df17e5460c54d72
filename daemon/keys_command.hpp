#pragma once

#include <ostream>

#include "daemon/command_line.hpp"

namespace vigil::daemon {

// `vigild keys generate`: makes a random key, prints it once with how
// clients send it, then the [[auth.api_keys]] table (name, roles, sha256)
// to paste into the configuration. The table is checked by the real
// config loader before anything is printed, so what is printed loads.
// Returns the exit code; problems go to `err`.
int generate_key(const KeysGenerate& request, std::ostream& out, std::ostream& err);

}  // namespace vigil::daemon
