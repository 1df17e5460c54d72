#pragma once

#include <string>

namespace re2 {
class RE2;
}

namespace vigil::engine::hunt {

// The RE2 compiled from `pattern`, or nullptr when it does not compile.
// Patterns are almost always query constants, so each thread keeps the
// last few hundred compiled. The pointer is valid until the next call on
// the same thread.
const re2::RE2* cached_regex(const std::string& pattern);

}  // namespace vigil::engine::hunt
