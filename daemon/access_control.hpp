#pragma once

#include <ostream>

#include "api/http/access_policy.hpp"
#include "api/http/auth.hpp"
#include "api/http/router.hpp"
#include "config/options.hpp"

namespace vigil::daemon {

// The configured keys as the API's registry (api/ knows nothing of config/).
// Throws std::invalid_argument for what the config loader would refuse.
api::KeyRegistry key_registry(const config::AuthOptions& auth);

// Protected mode: without API keys vigild serves only loopback. Throws
// std::runtime_error saying why and how to fix it when the listen address
// is anything else; with `insecure` it logs a loud warning instead.
void check_protected_mode(const config::Config& config, bool insecure);

// --print-routes: one JSON object per line, {"method","path","roles"}, in
// registration order; roles are those the policy asks for, any one of which
// grants access (admin always does too); ["open"] for the probes, which need
// no key (docs/openapi.yaml's x-vigil-roles use the same words). /metrics may
// also be open to loopback peers ([metrics] open_on_loopback), which
// depends on the caller, not the route.
void print_routes(const api::Router& router, const api::AccessPolicy& policy, std::ostream& out);

}  // namespace vigil::daemon
