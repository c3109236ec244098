// Kernels Swift cannot express: bulk copies between shared parameter memory and a
// worker's private buffer that vectorize although other threads write the shared side.
#ifndef CHOGWILD_KERNELS_H
#define CHOGWILD_KERNELS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// destination[i] = shared[i] for i < count (a worker's read of a range of parameters).
void hogwild_load_range(const float *shared, float *destination, size_t count);

/// shared[i] = source[i] for i < count.
void hogwild_store_range(float *shared, const float *source, size_t count);

/// shared[i] = shared[i] + deltas[i] for i < count: a HOGWILD! write of a dense step
/// (a racing write to the same coordinate can be lost, as with single-coordinate stores).
void hogwild_add_range(float *shared, const float *deltas, size_t count);

/// Asks the CPU to start loading the cache line at `address` (no effect on results):
/// objectives call it for the data of the terms a worker will process next. Inline, so
/// Swift callers get the instruction itself rather than a call.
static inline void hogwild_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

/// 1 when this library was built for ThreadSanitizer (every access a relaxed atomic), else 0.
int hogwild_kernels_are_sanitizer_clean(void);

#ifdef __cplusplus
}
#endif

#endif
