// The C the engine needs where Swift cannot say it: bulk reads and writes of shared
// parameter memory that vectorize although other threads write it, the GEMM with its
// micro-kernels chosen at run time for the CPU (per-function target attributes, so a
// plain build stays baseline x86-64), futex parking for waiting schemes, software
// prefetch and the spin-loop hint.
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

/// C = alpha·op(A)·op(B) + beta·C for row-major matrices, on the calling thread:
/// op(A) is m×k (A itself k×m when `trans_a` is nonzero), op(B) is k×n, C is m×n;
/// lda, ldb, ldc are the row strides. `workspace` holds
/// ``hogwild_sgemm_workspace_count()`` floats the caller owns (packed panels); with
/// beta 0, C is not read. Chooses an AVX2/FMA kernel at run time where the CPU has one.
void hogwild_sgemm(int trans_a, int trans_b, size_t m, size_t n, size_t k, float alpha,
                   const float *a, size_t lda, const float *b, size_t ldb,
                   float beta, float *c, size_t ldc, float *workspace);

/// Floats of workspace ``hogwild_sgemm`` needs, for any sizes.
size_t hogwild_sgemm_workspace_count(void);

/// The micro-kernel this CPU runs, for benchmark reports ("avx2-fma 6x16").
const char *hogwild_sgemm_kernel_name(void);

/// Nonzero: use the portable kernel even where AVX2 is present (tests compare both).
void hogwild_sgemm_force_portable(int portable);

/// Runs `iterations` rounds of independent FMAs in the micro-kernel's registers and
/// returns the floating-point operations done; timed by a benchmark, the core's peak.
double hogwild_fma_loop(size_t iterations);

/// Asks the CPU to start loading the cache line at `address` (no effect on results):
/// objectives call it for the data of the terms a worker will process next. Inline, so
/// Swift callers get the instruction itself rather than a call.
static inline void hogwild_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

/// Tells the CPU this is a spin-wait loop (x86 `pause`): the waiting hyperthread
/// yields pipeline resources to its sibling and the loop's exit is not mispredicted.
static inline void hogwild_cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

/// Sleeps in the kernel while the 32-bit word at `address` still holds `expected`,
/// for at most `timeout_ns` nanoseconds (Linux futex; elsewhere a short sleep). Returns
/// early, spuriously or when woken; the caller re-checks its condition.
void hogwild_park(const void *address, unsigned int expected, long timeout_ns);

/// Wakes every thread parked on the word at `address`.
void hogwild_unpark_all(const void *address);

/// 1 when this library was built for ThreadSanitizer (every access a relaxed atomic), else 0.
int hogwild_kernels_are_sanitizer_clean(void);

#ifdef __cplusplus
}
#endif

#endif
