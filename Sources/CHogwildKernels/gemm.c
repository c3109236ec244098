// Single-precision matrix multiply, C = alpha·op(A)·op(B) + beta·C, row-major, one
// thread (every HOGWILD! worker runs its own).
//
// The BLIS structure: the K dimension is cut into blocks of KC, N into blocks of NC
// and M into blocks of MC; each KC×NC block of op(B) is packed into panels NR columns
// wide and each MC×KC block of op(A) into panels MR rows tall, so that the micro-kernel
// reads both operands with unit stride from cache; the micro-kernel keeps an MR×NR tile
// of C in registers and performs KC rank-1 updates of it with FMAs. Packing also
// absorbs the transposes and pads the edges with zeros.
//
// A plain `swift build -c release` compiles this file for baseline x86-64 (SSE2, no
// FMA). The AVX2/FMA micro-kernel is therefore compiled with a per-function `target`
// attribute and chosen at run time after asking the CPU (cpuid, and xgetbv for the
// operating system's support of the 256-bit registers), as every BLAS does; elsewhere
// (older x86-64, arm64) a portable micro-kernel of the same shape runs, which the
// compiler vectorizes for the baseline.
//
// Small problems (a batch of one: M ≤ 4) skip packing, whose copy of B would cost as
// much as the multiply itself: each row of C is built by streaming B once.
#include "CHogwildKernels.h"
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#  include <immintrin.h>
#  include <cpuid.h>
#  define HOGWILD_X86 1
#endif

enum { MR = 6, NR = 16, KC = 256, MC = 96, NC = 2048 };

size_t hogwild_sgemm_workspace_count(void) {
    // One packed A block, one packed B block, and an MR×NR edge tile.
    return (size_t)MC * KC + (size_t)KC * NC + MR * NR + 16;
}

// --- CPU features ------------------------------------------------------------------

#if defined(HOGWILD_X86)
static int detect_avx2_fma(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    const unsigned fma = 1u << 12, osxsave = 1u << 27, avx = 1u << 28;
    if ((c & (fma | osxsave | avx)) != (fma | osxsave | avx)) return 0;
    unsigned xcr0_low, xcr0_high;
    __asm__ volatile("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
    if ((xcr0_low & 6u) != 6u) return 0;    // the OS saves XMM and YMM state
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    return (b & (1u << 5)) != 0;            // AVX2
}
#endif

// 0 unknown, 1 portable, 2 AVX2+FMA. A benign race: every thread computes the same.
static int kernel_choice = 0;
static int forced_portable = 0;

static int choose_kernel(void) {
    int choice = __atomic_load_n(&kernel_choice, __ATOMIC_RELAXED);
    if (choice != 0) return choice;
    choice = 1;
#if defined(HOGWILD_X86)
    if (!forced_portable && detect_avx2_fma()) choice = 2;
#endif
    __atomic_store_n(&kernel_choice, choice, __ATOMIC_RELAXED);
    return choice;
}

const char *hogwild_sgemm_kernel_name(void) {
    return choose_kernel() == 2 ? "avx2-fma 6x16" : "portable 6x16";
}

void hogwild_sgemm_force_portable(int portable) {
    __atomic_store_n(&forced_portable, portable, __ATOMIC_RELAXED);
    __atomic_store_n(&kernel_choice, 0, __ATOMIC_RELAXED);
}

// --- The core's FMA ceiling, for benchmark reports ---------------------------------

#if defined(HOGWILD_X86)
// Twelve independent accumulators hide the FMA latency (4–5 cycles, 2 per cycle), the
// same register budget as the 6×16 micro-kernel, so this is the kernel's ceiling.
__attribute__((target("avx2,fma")))
static float fma_loop_avx2(size_t iterations) {
    __m256 acc[12];
    for (int i = 0; i < 12; i++) acc[i] = _mm256_set1_ps((float)i * 1e-3f);
    const __m256 a = _mm256_set1_ps(0.999999f), b = _mm256_set1_ps(1e-7f);
    for (size_t n = 0; n < iterations; n++) {
        for (int i = 0; i < 12; i++) acc[i] = _mm256_fmadd_ps(acc[i], a, b);
        __asm__ volatile("" : "+x"(acc[0]), "+x"(acc[1]), "+x"(acc[2]), "+x"(acc[3]), "+x"(acc[4]), "+x"(acc[5]));
    }
    __m256 total = acc[0];
    for (int i = 1; i < 12; i++) total = _mm256_add_ps(total, acc[i]);
    float out[8];
    _mm256_storeu_ps(out, total);
    return out[0];
}
#endif

double hogwild_fma_loop(size_t iterations) {
#if defined(HOGWILD_X86)
    if (choose_kernel() == 2) {
        volatile float sink = fma_loop_avx2(iterations);
        (void)sink;
        return 12.0 * 8.0 * 2.0 * (double)iterations;
    }
#endif
    volatile float acc[4] = {0, 0, 0, 0};
    for (size_t n = 0; n < iterations; n++) for (int i = 0; i < 4; i++) acc[i] = acc[i] * 0.999999f + 1e-7f;
    return 4.0 * 2.0 * (double)iterations;
}

// --- Packing -----------------------------------------------------------------------

// Operands may be shared parameters that other workers are writing (a weight matrix
// read straight from the shared buffer), so contiguous runs are copied the way
// bulk_memory.c copies them: explicit 4-wide vector loads and element loads that the
// compiler cannot turn into a memcpy call (whose `rep movsb` paths make no per-element
// promise); each float is read whole.
static inline void copy_floats(float *destination, const float *source, size_t count) {
    size_t i = 0;
#if defined(HOGWILD_X86)
    for (; i + 4 <= count; i += 4) _mm_storeu_ps(destination + i, _mm_loadu_ps(source + i));
#endif
    const unsigned *bits = (const unsigned *)source;
    unsigned *out = (unsigned *)destination;
    for (; i < count; i++) out[i] = __atomic_load_n(bits + i, __ATOMIC_RELAXED);
}

// op(A)[i][k] for the block rows i0..<i0+mc, columns k0..<k0+kc, into MR-row panels:
// panel p holds rows p·MR…, stored k-major (MR values per k), zero-padded to MR.
static void pack_a(int trans, const float *a, size_t lda, size_t i0, size_t k0,
                   size_t mc, size_t kc, float *packed) {
    for (size_t p = 0; p < mc; p += MR) {
        size_t rows = mc - p < MR ? mc - p : MR;
        float *out = packed + p * kc;
        if (!trans) {
            for (size_t k = 0; k < kc; k++) {
                size_t r = 0;
                for (; r < rows; r++) out[k * MR + r] = a[(i0 + p + r) * lda + k0 + k];
                for (; r < MR; r++) out[k * MR + r] = 0;
            }
        } else {
            for (size_t k = 0; k < kc; k++) {
                copy_floats(out + k * MR, a + (k0 + k) * lda + i0 + p, rows);
                for (size_t r = rows; r < MR; r++) out[k * MR + r] = 0;
            }
        }
    }
}

// op(B)[k][j] for rows k0..<k0+kc, columns j0..<j0+nc, into NR-column panels stored
// k-major (NR values per k), zero-padded to NR.
static void pack_b(int trans, const float *b, size_t ldb, size_t k0, size_t j0,
                   size_t kc, size_t nc, float *packed) {
    for (size_t p = 0; p < nc; p += NR) {
        size_t cols = nc - p < NR ? nc - p : NR;
        float *out = packed + p * kc;
        if (!trans) {
            for (size_t k = 0; k < kc; k++) {
                copy_floats(out + k * NR, b + (k0 + k) * ldb + j0 + p, cols);
                for (size_t c = cols; c < NR; c++) out[k * NR + c] = 0;
            }
        } else {
            for (size_t c = 0; c < NR; c++) {
                if (c < cols) {
                    const float *column = b + (j0 + p + c) * ldb + k0;
                    for (size_t k = 0; k < kc; k++) out[k * NR + c] = column[k];
                } else {
                    for (size_t k = 0; k < kc; k++) out[k * NR + c] = 0;
                }
            }
        }
    }
}

// --- Micro-kernels -----------------------------------------------------------------

// Writes alpha·tile + beta·C for the mr×nr corner of a full MR×NR tile.
static void store_tile(const float *tile, float *c, size_t ldc, size_t mr, size_t nr,
                       float alpha, float beta) {
    for (size_t i = 0; i < mr; i++) {
        for (size_t j = 0; j < nr; j++) {
            float value = alpha * tile[i * NR + j];
            c[i * ldc + j] = beta == 0 ? value : value + beta * c[i * ldc + j];
        }
    }
}

// The portable kernel: plain loops over an MR×NR accumulator the compiler keeps in
// vector registers (SSE2 on baseline x86-64, NEON on arm64).
static void kernel_portable(size_t kc, const float *a, const float *b, float *c, size_t ldc,
                            float alpha, float beta, size_t mr, size_t nr, float *tile) {
    float acc[MR][NR];
    memset(acc, 0, sizeof acc);
    for (size_t k = 0; k < kc; k++) {
        const float *bk = b + k * NR;
        const float *ak = a + k * MR;
        for (int i = 0; i < MR; i++) {
            float ai = ak[i];
            for (int j = 0; j < NR; j++) acc[i][j] += ai * bk[j];
        }
    }
    memcpy(tile, acc, sizeof acc);
    store_tile(tile, c, ldc, mr, nr, alpha, beta);
}

#if defined(HOGWILD_X86)
// Twelve accumulators, two B vectors and one broadcast A value: 15 of the 16 ymm
// registers, so nothing spills in the k loop (one broadcast at a time, not two).
#define ROW_FMA(i, c0, c1) { __m256 ai = _mm256_broadcast_ss(a + (i)); \
    c0 = _mm256_fmadd_ps(ai, b0, c0); c1 = _mm256_fmadd_ps(ai, b1, c1); }

// Stores row i of the tile: alpha·acc (+ beta·C).
#define ROW_STORE(i, c0, c1) { float *ci = c + (i) * ldc; \
    if (beta == 0) { _mm256_storeu_ps(ci, _mm256_mul_ps(va, c0)); _mm256_storeu_ps(ci + 8, _mm256_mul_ps(va, c1)); } \
    else { _mm256_storeu_ps(ci, _mm256_fmadd_ps(va, c0, _mm256_mul_ps(vb, _mm256_loadu_ps(ci)))); \
           _mm256_storeu_ps(ci + 8, _mm256_fmadd_ps(va, c1, _mm256_mul_ps(vb, _mm256_loadu_ps(ci + 8)))); } }

#define ROW_SPILL(i, c0, c1) { _mm256_storeu_ps(tile + (i) * NR, c0); _mm256_storeu_ps(tile + (i) * NR + 8, c1); }

__attribute__((target("avx2,fma")))
static void kernel_avx2(size_t kc, const float *a, const float *b, float *c, size_t ldc,
                        float alpha, float beta, size_t mr, size_t nr, float *tile) {
    __m256 c00 = _mm256_setzero_ps(), c01 = _mm256_setzero_ps();
    __m256 c10 = _mm256_setzero_ps(), c11 = _mm256_setzero_ps();
    __m256 c20 = _mm256_setzero_ps(), c21 = _mm256_setzero_ps();
    __m256 c30 = _mm256_setzero_ps(), c31 = _mm256_setzero_ps();
    __m256 c40 = _mm256_setzero_ps(), c41 = _mm256_setzero_ps();
    __m256 c50 = _mm256_setzero_ps(), c51 = _mm256_setzero_ps();
    for (size_t k = 0; k < kc; k++) {
        __m256 b0 = _mm256_load_ps(b), b1 = _mm256_load_ps(b + 8);
        ROW_FMA(0, c00, c01) ROW_FMA(1, c10, c11) ROW_FMA(2, c20, c21)
        ROW_FMA(3, c30, c31) ROW_FMA(4, c40, c41) ROW_FMA(5, c50, c51)
        a += MR; b += NR;
    }
    if (mr == MR && nr == NR) {
        __m256 va = _mm256_set1_ps(alpha), vb = _mm256_set1_ps(beta);
        ROW_STORE(0, c00, c01) ROW_STORE(1, c10, c11) ROW_STORE(2, c20, c21)
        ROW_STORE(3, c30, c31) ROW_STORE(4, c40, c41) ROW_STORE(5, c50, c51)
        return;
    }
    ROW_SPILL(0, c00, c01) ROW_SPILL(1, c10, c11) ROW_SPILL(2, c20, c21)
    ROW_SPILL(3, c30, c31) ROW_SPILL(4, c40, c41) ROW_SPILL(5, c50, c51)
    store_tile(tile, c, ldc, mr, nr, alpha, beta);
}
#endif

// --- Small M: no packing -------------------------------------------------------------

// C[i][j] = alpha·Σ_k op(A)[i][k]·op(B)[k][j] + beta·C[i][j] for M ≤ 4, one row at a
// time. Without a transposed B, each row of C is an accumulation of rows of B (a
// streaming axpy); with one, each entry is a dot product of two contiguous rows.
#define SMALL_M_BODY                                                                     \
    for (size_t i = 0; i < m; i++) {                                                     \
        float *ci = c + i * ldc;                                                         \
        if (!trans_b) {                                                                  \
            if (beta == 0) { for (size_t j = 0; j < n; j++) ci[j] = 0; }                 \
            else if (beta != 1) { for (size_t j = 0; j < n; j++) ci[j] *= beta; }        \
            for (size_t k = 0; k < kk; k++) {                                            \
                float aik = alpha * (trans_a ? a[k * lda + i] : a[i * lda + k]);         \
                if (aik == 0) continue;                                                  \
                const float *bk = b + k * ldb;                                           \
                for (size_t j = 0; j < n; j++) ci[j] += aik * bk[j];                     \
            }                                                                            \
        } else {                                                                         \
            for (size_t j = 0; j < n; j++) {                                             \
                const float *bj = b + j * ldb;                                           \
                float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;    \
                size_t k = 0;                                                            \
                if (!trans_a) {                                                          \
                    const float *ai = a + i * lda;                                       \
                    for (; k + 8 <= kk; k += 8) {                                        \
                        s0 += ai[k] * bj[k]; s1 += ai[k + 1] * bj[k + 1];                \
                        s2 += ai[k + 2] * bj[k + 2]; s3 += ai[k + 3] * bj[k + 3];        \
                        s4 += ai[k + 4] * bj[k + 4]; s5 += ai[k + 5] * bj[k + 5];        \
                        s6 += ai[k + 6] * bj[k + 6]; s7 += ai[k + 7] * bj[k + 7];        \
                    }                                                                    \
                    for (; k < kk; k++) s0 += ai[k] * bj[k];                             \
                } else {                                                                 \
                    for (; k < kk; k++) s0 += a[k * lda + i] * bj[k];                    \
                }                                                                        \
                float s = alpha * (((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)));   \
                ci[j] = beta == 0 ? s : s + beta * ci[j];                                \
            }                                                                            \
        }                                                                                \
    }

static void small_m_portable(int trans_a, int trans_b, size_t m, size_t n, size_t kk, float alpha,
                             const float *a, size_t lda, const float *b, size_t ldb,
                             float beta, float *c, size_t ldc) {
    SMALL_M_BODY
}

#if defined(HOGWILD_X86)
// Σ_k x[k]·y[k] with four 8-wide accumulators (the compiler's own vectorization of the
// portable body shuffles more than it multiplies).
__attribute__((target("avx2,fma")))
static float dot_avx2(const float *x, const float *y, size_t count) {
    __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps(), s2 = _mm256_setzero_ps(), s3 = _mm256_setzero_ps();
    size_t k = 0;
    for (; k + 32 <= count; k += 32) {
        s0 = _mm256_fmadd_ps(_mm256_loadu_ps(x + k), _mm256_loadu_ps(y + k), s0);
        s1 = _mm256_fmadd_ps(_mm256_loadu_ps(x + k + 8), _mm256_loadu_ps(y + k + 8), s1);
        s2 = _mm256_fmadd_ps(_mm256_loadu_ps(x + k + 16), _mm256_loadu_ps(y + k + 16), s2);
        s3 = _mm256_fmadd_ps(_mm256_loadu_ps(x + k + 24), _mm256_loadu_ps(y + k + 24), s3);
    }
    for (; k + 8 <= count; k += 8) s0 = _mm256_fmadd_ps(_mm256_loadu_ps(x + k), _mm256_loadu_ps(y + k), s0);
    __m256 s = _mm256_add_ps(_mm256_add_ps(s0, s1), _mm256_add_ps(s2, s3));
    __m128 h = _mm_add_ps(_mm256_castps256_ps128(s), _mm256_extractf128_ps(s, 1));
    h = _mm_add_ps(h, _mm_movehl_ps(h, h));
    h = _mm_add_ss(h, _mm_movehdup_ps(h));
    float total = _mm_cvtss_f32(h);
    for (; k < count; k++) total += x[k] * y[k];
    return total;
}

__attribute__((target("avx2,fma")))
static void small_m_avx2(int trans_a, int trans_b, size_t m, size_t n, size_t kk, float alpha,
                         const float *a, size_t lda, const float *b, size_t ldb,
                         float beta, float *c, size_t ldc) {
    if (trans_b && !trans_a) {
        for (size_t i = 0; i < m; i++) {
            float *ci = c + i * ldc;
            for (size_t j = 0; j < n; j++) {
                float s = alpha * dot_avx2(a + i * lda, b + j * ldb, kk);
                ci[j] = beta == 0 ? s : s + beta * ci[j];
            }
        }
        return;
    }
    SMALL_M_BODY
}
#endif

// --- Driver ------------------------------------------------------------------------

typedef void (*micro_kernel)(size_t, const float *, const float *, float *, size_t, float, float,
                             size_t, size_t, float *);

void hogwild_sgemm(int trans_a, int trans_b, size_t m, size_t n, size_t k, float alpha,
                   const float *a, size_t lda, const float *b, size_t ldb,
                   float beta, float *c, size_t ldc, float *workspace) {
    if (m == 0 || n == 0) return;
    int choice = choose_kernel();
    (void)choice;   // read only on x86-64
    if (k == 0 || alpha == 0) {
        for (size_t i = 0; i < m; i++)
            for (size_t j = 0; j < n; j++) c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j];
        return;
    }
    if (m <= 4) {
#if defined(HOGWILD_X86)
        if (choice == 2) { small_m_avx2(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc); return; }
#endif
        small_m_portable(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        return;
    }
    micro_kernel kernel = kernel_portable;
#if defined(HOGWILD_X86)
    if (choice == 2) kernel = kernel_avx2;
#endif
    // 32-byte aligned regions of the caller's workspace.
    float *base = (float *)(((size_t)workspace + 31) & ~(size_t)31);
    float *packed_a = base;
    float *packed_b = packed_a + (size_t)MC * KC;
    float *tile = packed_b + (size_t)KC * NC;
    for (size_t jc = 0; jc < n; jc += NC) {
        size_t nc = n - jc < NC ? n - jc : NC;
        // K in equal blocks of at most KC (784 = 4 × 196, not 3 × 256 + 16: a thin last
        // block runs the micro-kernel mostly on its loads and stores of C).
        size_t k_blocks = (k + KC - 1) / KC, k_step = (k + k_blocks - 1) / k_blocks;
        for (size_t pc = 0; pc < k; pc += k_step) {
            size_t kc = k - pc < k_step ? k - pc : k_step;
            float block_beta = pc == 0 ? beta : 1.0f;
            pack_b(trans_b, b, ldb, pc, jc, kc, nc, packed_b);
            for (size_t ic = 0; ic < m; ic += MC) {
                size_t mc = m - ic < MC ? m - ic : MC;
                pack_a(trans_a, a, lda, ic, pc, mc, kc, packed_a);
                for (size_t jr = 0; jr < nc; jr += NR) {
                    size_t nr = nc - jr < NR ? nc - jr : NR;
                    for (size_t ir = 0; ir < mc; ir += MR) {
                        size_t mr = mc - ir < MR ? mc - ir : MR;
                        kernel(kc, packed_a + ir * kc, packed_b + jr * kc,
                               c + (ic + ir) * ldc + jc + jr, ldc, alpha, block_beta, mr, nr, tile);
                    }
                }
            }
        }
    }
}
