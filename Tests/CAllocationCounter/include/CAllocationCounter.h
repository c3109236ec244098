// Counts the calls to the C allocator made by the calling thread between start and
// stop, by interposing malloc and friends in the test executable (glibc only; not
// under sanitizers, which interpose them themselves).
#ifndef CALLOCATION_COUNTER_H
#define CALLOCATION_COUNTER_H

/// 1 when counting works in this build, else 0 (tests that need it are skipped).
int allocation_counter_available(void);
/// Starts counting this thread's allocations from zero.
void allocation_counter_start(void);
/// Stops counting and returns how many allocations this thread made since start.
long allocation_counter_stop(void);

#endif
