// The optimizers' rules over a dense run of coordinates: a network's step touches every
// coordinate, and its rule's arithmetic (square roots, divisions) on every one of them
// is what the step costs beside the GEMMs unless it runs at the vector width of the CPU.
//
// Each rule is written once, on clang's vector types, and compiled three times: for
// AVX-512 (16 floats a vector), AVX2/FMA (8) and the baseline (4: SSE2 on x86-64, NEON
// on arm64), with per-function target attributes, and chosen at run time by the same
// CPU test as the GEMM's. `g` holds the gradients and receives the steps Δx; the state
// buffers are the optimizer's shared (or per-worker) state, read and written with
// plain vector accesses for the reasons bulk_memory.c gives (each 4-byte element is one
// access; a racing update can be lost, never torn). Under ThreadSanitizer the same
// rules run one relaxed atomic element at a time.
//
// The formulas are the Swift rules' (HogwildCore/Optimizers), in the same order of
// operations, so a dense run and a sparse step of the same rule agree to rounding.
#include "CHogwildKernels.h"
#include <math.h>
#include <string.h>

// No fused multiply-adds where the source has a multiply and an add: with them the
// AVX2 and AVX-512 runs rounded differently from the Swift rules and the portable run,
// and Adam, whose step divides by √v + ε, turned those last-bit differences on a
// gradient near zero into differences of 1% of a step. Without them every path computes
// the Swift rule's value bit for bit (DenseRunTests); the runs are bound by memory, not
// by their arithmetic.
#pragma clang fp contract(off)

#if defined(__has_feature)
#  if __has_feature(thread_sanitizer)
#    define HOGWILD_TSAN 1
#  endif
#endif
#if defined(__SANITIZE_THREAD__)
#  define HOGWILD_TSAN 1
#endif

#if defined(HOGWILD_TSAN)

static inline float get(const float *p) {
    unsigned bits = __atomic_load_n((const unsigned *)p, __ATOMIC_RELAXED);
    float f;
    memcpy(&f, &bits, sizeof f);
    return f;
}
static inline void put(float *p, float f) {
    unsigned bits;
    memcpy(&bits, &f, sizeof bits);
    __atomic_store_n((unsigned *)p, bits, __ATOMIC_RELAXED);
}
#  define SCALAR_GET(p) get(p)
#  define SCALAR_PUT(p, v) put((p), (v))

#else

#  define SCALAR_GET(p) (*(p))
#  define SCALAR_PUT(p, v) (*(p) = (v))

typedef float v16 __attribute__((ext_vector_type(16), aligned(4)));
typedef float v8 __attribute__((ext_vector_type(8), aligned(4)));
typedef float v4 __attribute__((ext_vector_type(4), aligned(4)));

#endif

// --- The rules, on one element (the tail of a run, and ThreadSanitizer builds) -----

#define GRADIENT(i) (x ? g[i] + k->decay * SCALAR_GET(x + (i)) : g[i])

static void sgd_scalar(float *g, const float *x, size_t from, size_t n, const hogwild_rule_constants *k) {
    for (size_t i = from; i < n; i++) g[i] = -k->step * GRADIENT(i);
}

static void momentum_scalar(float *g, float *b, const float *x, size_t from, size_t n, int nesterov,
                            const hogwild_rule_constants *k) {
    for (size_t i = from; i < n; i++) {
        float gi = GRADIENT(i), bi = k->beta1 * SCALAR_GET(b + i) + gi;
        SCALAR_PUT(b + i, bi);
        g[i] = nesterov ? -k->step * (gi + k->beta1 * bi) : -k->step * bi;
    }
}

static void adagrad_scalar(float *g, float *sum, const float *x, size_t from, size_t n,
                           const hogwild_rule_constants *k) {
    for (size_t i = from; i < n; i++) {
        float gi = GRADIENT(i), s = SCALAR_GET(sum + i) + gi * gi;
        SCALAR_PUT(sum + i, s);
        g[i] = -k->step * gi / (sqrtf(s) + k->epsilon);
    }
}

static void rmsprop_scalar(float *g, float *avg, const float *x, size_t from, size_t n,
                           const hogwild_rule_constants *k) {
    for (size_t i = from; i < n; i++) {
        float gi = GRADIENT(i), v = k->beta2 * SCALAR_GET(avg + i) + (1 - k->beta2) * gi * gi;
        SCALAR_PUT(avg + i, v);
        g[i] = -k->step * gi / (sqrtf(v) + k->epsilon);
    }
}

static void adadelta_scalar(float *g, float *squares, float *deltas, const float *x, size_t from, size_t n,
                            const hogwild_rule_constants *k) {
    for (size_t i = from; i < n; i++) {
        float gi = GRADIENT(i), v = k->beta2 * SCALAR_GET(squares + i) + (1 - k->beta2) * gi * gi;
        SCALAR_PUT(squares + i, v);
        float u = SCALAR_GET(deltas + i);
        float d = sqrtf(u + k->epsilon) / sqrtf(v + k->epsilon) * gi;
        SCALAR_PUT(deltas + i, k->beta2 * u + (1 - k->beta2) * d * d);
        g[i] = -k->step * d;
    }
}

static void adam_scalar(float *g, float *m, float *v, float *peak, const float *x, size_t from, size_t n,
                        const hogwild_rule_constants *k) {
    for (size_t i = from; i < n; i++) {
        float gi = GRADIENT(i);
        float mi = k->beta1 * SCALAR_GET(m + i) + (1 - k->beta1) * gi;
        float vi = k->beta2 * SCALAR_GET(v + i) + (1 - k->beta2) * gi * gi;
        SCALAR_PUT(m + i, mi);
        SCALAR_PUT(v + i, vi);
        if (peak) {
            float p = SCALAR_GET(peak + i);
            vi = vi > p ? vi : p;
            SCALAR_PUT(peak + i, vi);
        }
        float delta = -k->step * (mi * k->c1) / (sqrtf(vi) * k->c2 + k->epsilon);
        if (k->decoupled != 0) delta -= k->step * k->decoupled * SCALAR_GET(x + i);
        g[i] = delta;
    }
}

// --- The rules, a vector at a time --------------------------------------------------

#if !defined(HOGWILD_TSAN)

// One instantiation of every rule for vector type VT of W floats, compiled for TARGET.
#define VECTOR_RULES(SUFFIX, TARGET, VT, W)                                                                         \
    TARGET static VT gradient_##SUFFIX(const float *g, const float *x, size_t i, float decay) {                     \
        VT gi = *(const VT *)(g + i);                                                                               \
        return x ? gi + decay * *(const VT *)(x + i) : gi;                                                          \
    }                                                                                                               \
    TARGET static void sgd_##SUFFIX(float *g, const float *x, size_t n, const hogwild_rule_constants *k) {          \
        size_t i = 0;                                                                                               \
        for (; i + W <= n; i += W) *(VT *)(g + i) = -k->step * gradient_##SUFFIX(g, x, i, k->decay);               \
        sgd_scalar(g, x, i, n, k);                                                                                  \
    }                                                                                                               \
    TARGET static void momentum_##SUFFIX(float *g, float *b, const float *x, size_t n, int nesterov,                \
                                         const hogwild_rule_constants *k) {                                         \
        size_t i = 0;                                                                                               \
        for (; i + W <= n; i += W) {                                                                                \
            VT gi = gradient_##SUFFIX(g, x, i, k->decay), bi = k->beta1 * *(VT *)(b + i) + gi;                     \
            *(VT *)(b + i) = bi;                                                                                    \
            *(VT *)(g + i) = nesterov ? -k->step * (gi + k->beta1 * bi) : -k->step * bi;                            \
        }                                                                                                           \
        momentum_scalar(g, b, x, i, n, nesterov, k);                                                                \
    }                                                                                                               \
    TARGET static void adagrad_##SUFFIX(float *g, float *sum, const float *x, size_t n,                             \
                                        const hogwild_rule_constants *k) {                                          \
        size_t i = 0;                                                                                               \
        for (; i + W <= n; i += W) {                                                                                \
            VT gi = gradient_##SUFFIX(g, x, i, k->decay), s = *(VT *)(sum + i) + gi * gi;                          \
            *(VT *)(sum + i) = s;                                                                                   \
            *(VT *)(g + i) = -k->step * gi / (__builtin_elementwise_sqrt(s) + k->epsilon);                          \
        }                                                                                                           \
        adagrad_scalar(g, sum, x, i, n, k);                                                                         \
    }                                                                                                               \
    TARGET static void rmsprop_##SUFFIX(float *g, float *avg, const float *x, size_t n,                             \
                                        const hogwild_rule_constants *k) {                                          \
        size_t i = 0;                                                                                               \
        for (; i + W <= n; i += W) {                                                                                \
            VT gi = gradient_##SUFFIX(g, x, i, k->decay);                                                           \
            VT v = k->beta2 * *(VT *)(avg + i) + (1 - k->beta2) * gi * gi;                                          \
            *(VT *)(avg + i) = v;                                                                                   \
            *(VT *)(g + i) = -k->step * gi / (__builtin_elementwise_sqrt(v) + k->epsilon);                          \
        }                                                                                                           \
        rmsprop_scalar(g, avg, x, i, n, k);                                                                         \
    }                                                                                                               \
    TARGET static void adadelta_##SUFFIX(float *g, float *squares, float *deltas, const float *x, size_t n,         \
                                         const hogwild_rule_constants *k) {                                         \
        size_t i = 0;                                                                                               \
        for (; i + W <= n; i += W) {                                                                                \
            VT gi = gradient_##SUFFIX(g, x, i, k->decay);                                                           \
            VT v = k->beta2 * *(VT *)(squares + i) + (1 - k->beta2) * gi * gi;                                      \
            *(VT *)(squares + i) = v;                                                                               \
            VT u = *(VT *)(deltas + i);                                                                             \
            VT d = __builtin_elementwise_sqrt(u + k->epsilon) / __builtin_elementwise_sqrt(v + k->epsilon) * gi;    \
            *(VT *)(deltas + i) = k->beta2 * u + (1 - k->beta2) * d * d;                                            \
            *(VT *)(g + i) = -k->step * d;                                                                          \
        }                                                                                                           \
        adadelta_scalar(g, squares, deltas, x, i, n, k);                                                            \
    }                                                                                                               \
    TARGET static void adam_##SUFFIX(float *g, float *m, float *v, float *peak, const float *x, size_t n,           \
                                     const hogwild_rule_constants *k) {                                             \
        size_t i = 0;                                                                                               \
        for (; i + W <= n; i += W) {                                                                                \
            VT gi = gradient_##SUFFIX(g, x, i, k->decay);                                                           \
            VT mi = k->beta1 * *(VT *)(m + i) + (1 - k->beta1) * gi;                                                \
            VT vi = k->beta2 * *(VT *)(v + i) + (1 - k->beta2) * gi * gi;                                           \
            *(VT *)(m + i) = mi;                                                                                    \
            *(VT *)(v + i) = vi;                                                                                    \
            if (peak) {                                                                                             \
                vi = __builtin_elementwise_max(vi, *(VT *)(peak + i));                                              \
                *(VT *)(peak + i) = vi;                                                                             \
            }                                                                                                       \
            VT delta = -k->step * (mi * k->c1) / (__builtin_elementwise_sqrt(vi) * k->c2 + k->epsilon);            \
            if (k->decoupled != 0) delta -= k->step * k->decoupled * *(const VT *)(x + i);                          \
            *(VT *)(g + i) = delta;                                                                                 \
        }                                                                                                           \
        adam_scalar(g, m, v, peak, x, i, n, k);                                                                     \
    }

#define NO_TARGET
VECTOR_RULES(base, NO_TARGET, v4, 4)
#if defined(__x86_64__)
VECTOR_RULES(avx2, __attribute__((target("avx2,fma"))), v8, 8)
VECTOR_RULES(avx512, __attribute__((target("avx512f"))), v16, 16)
#endif

#endif

// --- Dispatch ------------------------------------------------------------------------

#if defined(HOGWILD_TSAN)
#elif defined(__x86_64__)
#  include <xmmintrin.h>
// Subnormal results flushed to zero, subnormal inputs read as zero, for the run and
// restored after it: a state that decays geometrically under zero gradients (Adam's
// moments on a pixel that is black in this image, at batch 1) turns subnormal after a
// few hundred steps, and every operation on a subnormal takes a microcode assist: Adam
// at batch 1 ran 2.6x slower than SGD with them, 1.xx with them flushed. A flushed value
// is below 1.2e-38; the step it would have made is lost to rounding anyway.
#  define FLUSH_SUBNORMALS 0x8040u
#  define DISPATCH(RULE, ...)                                                                 \
    do {                                                                                      \
        unsigned csr = _mm_getcsr();                                                          \
        _mm_setcsr(csr | FLUSH_SUBNORMALS);                                                   \
        int path = hogwild_vector_path();                                                     \
        if (path >= 3) RULE##_avx512(__VA_ARGS__);                                            \
        else if (path == 2) RULE##_avx2(__VA_ARGS__);                                         \
        else RULE##_base(__VA_ARGS__);                                                        \
        _mm_setcsr(csr);                                                                      \
    } while (0)
#else
#  define DISPATCH(RULE, ...) RULE##_base(__VA_ARGS__)
#endif

void hogwild_run_sgd(float *g, const float *x, size_t n, const hogwild_rule_constants *k) {
#if defined(HOGWILD_TSAN)
    sgd_scalar(g, x, 0, n, k);
#else
    DISPATCH(sgd, g, x, n, k);
#endif
}

void hogwild_run_momentum(float *g, float *b, const float *x, size_t n, int nesterov,
                          const hogwild_rule_constants *k) {
#if defined(HOGWILD_TSAN)
    momentum_scalar(g, b, x, 0, n, nesterov, k);
#else
    DISPATCH(momentum, g, b, x, n, nesterov, k);
#endif
}

void hogwild_run_adagrad(float *g, float *sum, const float *x, size_t n, const hogwild_rule_constants *k) {
#if defined(HOGWILD_TSAN)
    adagrad_scalar(g, sum, x, 0, n, k);
#else
    DISPATCH(adagrad, g, sum, x, n, k);
#endif
}

void hogwild_run_rmsprop(float *g, float *average, const float *x, size_t n, const hogwild_rule_constants *k) {
#if defined(HOGWILD_TSAN)
    rmsprop_scalar(g, average, x, 0, n, k);
#else
    DISPATCH(rmsprop, g, average, x, n, k);
#endif
}

void hogwild_run_adadelta(float *g, float *squares, float *deltas, const float *x, size_t n,
                          const hogwild_rule_constants *k) {
#if defined(HOGWILD_TSAN)
    adadelta_scalar(g, squares, deltas, x, 0, n, k);
#else
    DISPATCH(adadelta, g, squares, deltas, x, n, k);
#endif
}

void hogwild_run_adam(float *g, float *m, float *v, float *peak, const float *x, size_t n,
                      const hogwild_rule_constants *k) {
#if defined(HOGWILD_TSAN)
    adam_scalar(g, m, v, peak, x, 0, n, k);
#else
    DISPATCH(adam, g, m, v, peak, x, n, k);
#endif
}
