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

/// A hot replica's merge: shared[i] += values[i] − base[i] (the worker's net change of
/// coordinate i since its last merge), then values[i] = base[i] = shared[i] (the merged
/// value), for i < count. The caller holds the lock of the range, so no other merge
/// can interleave (see HotReplicaState).
void hogwild_merge_replica(float *shared, float *values, float *base, size_t count);

/// C = alpha·op(A)·op(B) + beta·C for row-major matrices, on the calling thread:
/// op(A) is m×k (A itself k×m when `trans_a` is nonzero), op(B) is k×n, C is m×n;
/// lda, ldb, ldc are the row strides. `workspace` holds
/// ``hogwild_sgemm_workspace_count()`` floats the caller owns (packed panels); with
/// beta 0, C is not read. Runs the best kernel path the CPU has (AVX-512, AVX2/FMA,
/// portable), unless ``hogwild_limit_vector_path`` narrowed it.
void hogwild_sgemm(int trans_a, int trans_b, size_t m, size_t n, size_t k, float alpha,
                   const float *a, size_t lda, const float *b, size_t ldb,
                   float beta, float *c, size_t ldc, float *workspace);

/// im2col over a batch of [channels, height, width] images: `columns` receives the
/// [channels·kh·kw, batch·oh·ow] matrix whose column (n, r, s) is image n's receptive
/// field at output (r, s), row (c, i, j) its input (c, r·stride − pad + i,
/// s·stride − pad + j), 0 where that is padding.
void hogwild_im2col(const float *images, int batch, int channels, int height, int width, int kh, int kw,
                    int stride, int pad, int oh, int ow, float *columns);

/// The adjoint of ``hogwild_im2col``: adds every entry of `columns` onto the image
/// pixel it was read from (padding's entries are dropped).
void hogwild_col2im(const float *columns, int batch, int channels, int height, int width, int kh, int kw,
                    int stride, int pad, int oh, int ow, float *images);

/// Floating-point operations of `iterations` rounds of the ceiling loop at vector width
/// `bits`: FMAs at 256 and 512 bits (0 when the CPU lacks them), a multiply and an add
/// at 128 (the portable path's arithmetic).
double hogwild_fma_loop_width(int bits, size_t iterations);

/// The vector width the kernels (GEMM, optimizer runs) run at on this thread: 1
/// portable (SSE2 / NEON), 2 AVX2/FMA, 3 AVX-512 — the CPU's best, capped by
/// HOGWILD_KERNEL_PATH (portable, avx2, avx512) and by ``hogwild_limit_vector_path``.
int hogwild_vector_path(void);
/// Runs this thread's kernels on at most `path` (tests and benchmarks of each path; 0
/// lifts the limit).
void hogwild_limit_vector_path(int path);
/// Whether this CPU (and its operating system) can run `path`.
int hogwild_vector_path_available(int path);
/// The CPU's best, whatever the environment says.
int hogwild_hardware_vector_path(void);
/// "avx512", "avx2" or "portable": ``hogwild_vector_path()`` by name.
const char *hogwild_vector_path_name(void);

/// The constants of one step of an optimizer's rule (see optimizer_runs.c): γ; Adam's
/// bias corrections c1 = 1/(1 − β₁ᵗ), c2 = 1/√(1 − β₂ᵗ) (1 otherwise); β₁ (momentum μ),
/// β₂ (RMSProp's α, AdaDelta's ρ), ε; the coupled L2 λ (g ← g + λx) and AdamW's
/// decoupled λ.
typedef struct {
    float step, c1, c2, beta1, beta2, epsilon, decay, decoupled;
} hogwild_rule_constants;

/// The rules over a dense run of n coordinates: `g` holds the gradients and receives the
/// steps Δx; the state buffers are updated in place; `x` (the coordinates' current
/// values) is read only for weight decay and may be NULL without it. `peak` (AMSGrad's
/// running maximum of v) may be NULL for Adam.
void hogwild_run_sgd(float *g, const float *x, size_t n, const hogwild_rule_constants *k);
void hogwild_run_momentum(float *g, float *b, const float *x, size_t n, int nesterov,
                          const hogwild_rule_constants *k);
void hogwild_run_adagrad(float *g, float *sum, const float *x, size_t n, const hogwild_rule_constants *k);
void hogwild_run_rmsprop(float *g, float *average, const float *x, size_t n, const hogwild_rule_constants *k);
void hogwild_run_adadelta(float *g, float *squares, float *deltas, const float *x, size_t n,
                          const hogwild_rule_constants *k);
void hogwild_run_adam(float *g, float *m, float *v, float *peak, const float *x, size_t n,
                      const hogwild_rule_constants *k);

/// Floats of workspace ``hogwild_sgemm`` needs, for any sizes.
size_t hogwild_sgemm_workspace_count(void);

/// The micro-kernel this CPU runs, for benchmark reports ("avx2-fma 6x16").
const char *hogwild_sgemm_kernel_name(void);

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
