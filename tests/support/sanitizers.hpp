#pragma once

namespace vigil::test {

// True in a build under AddressSanitizer or ThreadSanitizer (scripts/sanitize.sh).
// Their allocators keep freed memory in quarantine and add shadow memory, so a
// process's RSS measures the sanitizer, not vigild: tests skip RSS bounds there.
// LeakSanitizer checks for leaks in those builds instead.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
inline constexpr bool kSanitized = true;
#else
inline constexpr bool kSanitized = false;
#endif

}  // namespace vigil::test
