#pragma once
// Test-only deliberate bugs, so that tests can prove the simulation and
// `explore` find what they exist to find (a barrier skipped, the platform's
// word taken over the bytes). The switch exists only where RECGUARD_PLANTED_FAULTS is
// defined: tests/planted/ compiles the two core files that hold the hooks
// again with it, into its own executable, and the linker takes those copies
// instead of the library's. The library, the `recguard` binary and every
// release build are compiled without it: no switch, no code path.
#ifndef RECGUARD_PLANTED_FAULTS
#error "planted faults exist only in the planted-fault test build (tests/planted/)"
#endif

namespace recguard::planted {

enum class Fault {
  none,
  skip_upload_barrier,  // re-record while the failing artifact is still uploading
  trust_platform_status,  // accept whatever the validator says of the bytes: archive a truncated file
};

// The fault switched on for this process (tests set it; default none).
Fault& active();

}  // namespace recguard::planted
