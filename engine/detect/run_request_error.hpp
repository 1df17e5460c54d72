#pragma once

#include <stdexcept>
#include <string>

namespace vigil::engine::detect {

enum class RunRequestErrorCode {
  kUnknownRule,          // no loaded rule has the id
  kRuleDisabled,         // the rule is loaded but disabled (Kibana runs only enabled rules by hand too)
  kUnsupportedRuleType,  // no executor for the rule's type yet
  kInvalidWindow,        // an explicit window that starts after it ends or ends in the future
  kLeaseHeldElsewhere,   // a scheduled run now, while another node holds the rule's lease
};

// Why Scheduler::run_now refused a manual run. The API maps the codes to
// statuses (unknown → 404, the others → 400/409).
class RunRequestError : public std::runtime_error {
 public:
  RunRequestError(RunRequestErrorCode code, const std::string& what) : std::runtime_error(what), code_(code) {}
  RunRequestErrorCode code() const { return code_; }

 private:
  RunRequestErrorCode code_;
};

}  // namespace vigil::engine::detect
