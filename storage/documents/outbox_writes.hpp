#pragma once

namespace vigil::storage {

// Whether the stores write outbox entries: only when some output is
// configured, so a daemon that delivers nothing pays nothing.
enum class OutboxWrites { kOff, kOn };

}  // namespace vigil::storage
