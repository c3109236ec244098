// Single-precision matrix multiply, C = alpha·op(A)·op(B) + beta·C, row-major, one
// thread (every HOGWILD! worker runs its own).
//
// The BLIS structure: the K dimension is cut into blocks of KC, N into blocks of NC
// and M into blocks of MC; each KC×NC block of op(B) is packed into panels NR columns
// wide and each MC×KC block of op(A) into panels MR rows tall, so that the micro-kernel
// reads both operands with unit stride from cache; the micro-kernel keeps an MR×NR tile
// of C in registers and performs KC rank-1 updates of it with FMAs. Packing also
// absorbs the transposes (8×8 register transposes where an operand's rows run along K)
// and pads the edges with zeros. When A has few rows, B is not packed at all: each of
// its rows is used by only a panel or two of A, and copying it would cost as much as
// using it, so the micro-kernel reads B's rows where they are.
//
// A plain `swift build -c release` compiles this file for baseline x86-64 (SSE2, no
// FMA). The AVX2/FMA and AVX-512 paths are therefore compiled with per-function
// `target` attributes and chosen at run time after asking the CPU (cpuid, and xgetbv
// for the operating system's support of the 256- and 512-bit registers), as every BLAS
// does. Each path has its own tile: 6×16 for AVX2 (12 of the 16 ymm registers hold C),
// 8×32 for AVX-512 (16 of the 32 zmm registers; two B vectors and a broadcast A value
// per rank-1 step). Elsewhere (older x86-64, arm64) a portable 6×16 kernel runs, which
// the compiler vectorizes for the baseline.
//
// Small problems (a batch of one: M ≤ 4) skip packing, whose copy of B would cost as
// much as the multiply itself: each row of C is built by streaming B once.
//
// Operands may be shared parameters that other workers are writing (a weight matrix
// read straight from the shared buffer): every read of them is a whole float, by an
// explicit vector load or a relaxed element load (see bulk_memory.c for why vector
// element accesses cannot tear a float on x86-64 and arm64).
#include "CHogwildKernels.h"
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#  include <immintrin.h>
#  define HOGWILD_X86 1
#endif

// Blocking shared by the paths: KC·NR and MC·KC panels stay in L1 and L2.
enum { KC = 256, MC = 96, NC = 2048, MAX_MR = 8, MAX_NR = 32 };

size_t hogwild_sgemm_workspace_count(void) {
    // One packed A block, one packed B block, an edge tile and a B edge panel, plus
    // alignment slack.
    return (size_t)MC * KC + (size_t)KC * NC + MAX_MR * MAX_NR + (size_t)KC * MAX_NR + 64;
}

// --- CPU features ------------------------------------------------------------------

enum { PATH_UNKNOWN = 0, PATH_PORTABLE = 1, PATH_AVX2 = 2, PATH_AVX512 = 3 };

// The path of the process and thread (cpu_features.c).
static int choose_path(void) { return hogwild_vector_path(); }
static int best_path(void) { return hogwild_hardware_vector_path(); }

const char *hogwild_sgemm_kernel_name(void) {
    switch (choose_path()) {
    case PATH_AVX512: return "avx512 8x32";
    case PATH_AVX2: return "avx2-fma 6x16";
    default: return "portable 6x16";
    }
}

// --- The core's FMA ceiling, for benchmark reports ---------------------------------

// The portable path's ceiling: twelve 4-wide accumulators, a multiply and an add each
// (SSE2 and NEON-without-fusing have no FMA at this width; the portable micro-kernel's
// arithmetic is the same pair). Twelve independent recurrences the compiler may not
// reassociate, so they stay twelve chains in registers.
typedef float v4f __attribute__((ext_vector_type(4)));
static float multiply_add_loop_128(size_t iterations) {
    v4f acc[12];
    for (int i = 0; i < 12; i++) acc[i] = (v4f)((float)i * 1e-3f);
    const v4f a = (v4f)0.999999f, b = (v4f)1e-7f;
    for (size_t n = 0; n < iterations; n++) {
        for (int i = 0; i < 12; i++) acc[i] = acc[i] * a + b;
    }
    v4f total = acc[0];
    for (int i = 1; i < 12; i++) total += acc[i];
    return total[0];
}

#if defined(HOGWILD_X86)
// Twelve independent accumulators hide the FMA latency (4–5 cycles, 2 per cycle), the
// register budget of the 6×16 micro-kernel.
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

// Sixteen accumulators, the 8×32 micro-kernel's.
__attribute__((target("avx512f")))
static float fma_loop_avx512(size_t iterations) {
    __m512 acc[16];
    for (int i = 0; i < 16; i++) acc[i] = _mm512_set1_ps((float)i * 1e-3f);
    const __m512 a = _mm512_set1_ps(0.999999f), b = _mm512_set1_ps(1e-7f);
    for (size_t n = 0; n < iterations; n++) {
        for (int i = 0; i < 16; i++) acc[i] = _mm512_fmadd_ps(acc[i], a, b);
        __asm__ volatile("" : "+v"(acc[0]), "+v"(acc[1]), "+v"(acc[2]), "+v"(acc[3]), "+v"(acc[4]), "+v"(acc[5]));
    }
    __m512 total = acc[0];
    for (int i = 1; i < 16; i++) total = _mm512_add_ps(total, acc[i]);
    return _mm512_reduce_add_ps(total);
}
#endif

double hogwild_fma_loop_width(int bits, size_t iterations) {
#if defined(HOGWILD_X86)
    if (bits == 512 && best_path() >= PATH_AVX512) {
        volatile float sink = fma_loop_avx512(iterations);
        (void)sink;
        return 16.0 * 16.0 * 2.0 * (double)iterations;
    }
    if (bits == 256 && best_path() >= PATH_AVX2) {
        volatile float sink = fma_loop_avx2(iterations);
        (void)sink;
        return 12.0 * 8.0 * 2.0 * (double)iterations;
    }
#endif
    if (bits != 128) return 0;
    volatile float sink = multiply_add_loop_128(iterations);
    (void)sink;
    return 12.0 * 4.0 * 2.0 * (double)iterations;
}

double hogwild_fma_loop(size_t iterations) {
    switch (choose_path()) {
    case PATH_AVX512: return hogwild_fma_loop_width(512, iterations);
    case PATH_AVX2: return hogwild_fma_loop_width(256, iterations);
    default: return hogwild_fma_loop_width(128, iterations);
    }
}

// --- Packing, portable ---------------------------------------------------------------

// Copies `count` floats, each read whole: explicit 4-wide vector loads and relaxed
// element loads that the compiler cannot turn into a `memcpy` call (whose `rep movsb`
// paths make no per-element promise).
static inline void copy_floats(float *destination, const float *source, size_t count) {
    size_t i = 0;
#if defined(HOGWILD_X86)
    for (; i + 4 <= count; i += 4) _mm_storeu_ps(destination + i, _mm_loadu_ps(source + i));
#endif
    const unsigned *bits = (const unsigned *)source;
    unsigned *out = (unsigned *)destination;
    for (; i < count; i++) out[i] = __atomic_load_n(bits + i, __ATOMIC_RELAXED);
}

static inline float load_float(const float *p) {
    unsigned bits = __atomic_load_n((const unsigned *)p, __ATOMIC_RELAXED);
    float value;
    memcpy(&value, &bits, sizeof value);
    return value;
}

// op(A)[i][k] for the block rows i0..<i0+mc, columns k0..<k0+kc, into mr-row panels:
// panel p holds rows p·mr…, stored k-major (mr values per k), zero-padded to mr.
static void pack_a_portable(int mr, int trans, const float *a, size_t lda, size_t i0, size_t k0,
                            size_t mc, size_t kc, float *packed) {
    for (size_t p = 0; p < mc; p += (size_t)mr) {
        size_t rows = mc - p < (size_t)mr ? mc - p : (size_t)mr;
        float *out = packed + p * kc;
        for (size_t k = 0; k < kc; k++) {
            if (trans) {
                copy_floats(out + k * mr, a + (k0 + k) * lda + i0 + p, rows);
            } else {
                for (size_t r = 0; r < rows; r++) out[k * mr + r] = load_float(a + (i0 + p + r) * lda + k0 + k);
            }
            for (size_t r = rows; r < (size_t)mr; r++) out[k * mr + r] = 0;
        }
    }
}

// op(B)[k][j] for rows k0..<k0+kc, columns j0..<j0+nc, into nr-column panels stored
// k-major (nr values per k), zero-padded to nr.
static void pack_b_portable(int nr, int trans, const float *b, size_t ldb, size_t k0, size_t j0,
                            size_t kc, size_t nc, float *packed) {
    for (size_t p = 0; p < nc; p += (size_t)nr) {
        size_t cols = nc - p < (size_t)nr ? nc - p : (size_t)nr;
        float *out = packed + p * kc;
        for (size_t k = 0; k < kc; k++) {
            if (!trans) {
                copy_floats(out + k * nr, b + (k0 + k) * ldb + j0 + p, cols);
            } else {
                for (size_t c = 0; c < cols; c++) out[k * nr + c] = load_float(b + (j0 + p + c) * ldb + k0 + k);
            }
            for (size_t c = cols; c < (size_t)nr; c++) out[k * nr + c] = 0;
        }
    }
}

// --- Packing with 8×8 transposes (AVX2) ----------------------------------------------

#if defined(HOGWILD_X86)
// rows[0..7] (8 floats each) transposed: out[j] gets element j of every row.
__attribute__((target("avx2,fma")))
static inline void transpose8(__m256 r[8]) {
    __m256 t0 = _mm256_unpacklo_ps(r[0], r[1]), t1 = _mm256_unpackhi_ps(r[0], r[1]);
    __m256 t2 = _mm256_unpacklo_ps(r[2], r[3]), t3 = _mm256_unpackhi_ps(r[2], r[3]);
    __m256 t4 = _mm256_unpacklo_ps(r[4], r[5]), t5 = _mm256_unpackhi_ps(r[4], r[5]);
    __m256 t6 = _mm256_unpacklo_ps(r[6], r[7]), t7 = _mm256_unpackhi_ps(r[6], r[7]);
    __m256 s0 = _mm256_shuffle_ps(t0, t2, 0x44), s1 = _mm256_shuffle_ps(t0, t2, 0xEE);
    __m256 s2 = _mm256_shuffle_ps(t1, t3, 0x44), s3 = _mm256_shuffle_ps(t1, t3, 0xEE);
    __m256 s4 = _mm256_shuffle_ps(t4, t6, 0x44), s5 = _mm256_shuffle_ps(t4, t6, 0xEE);
    __m256 s6 = _mm256_shuffle_ps(t5, t7, 0x44), s7 = _mm256_shuffle_ps(t5, t7, 0xEE);
    r[0] = _mm256_permute2f128_ps(s0, s4, 0x20);
    r[1] = _mm256_permute2f128_ps(s1, s5, 0x20);
    r[2] = _mm256_permute2f128_ps(s2, s6, 0x20);
    r[3] = _mm256_permute2f128_ps(s3, s7, 0x20);
    r[4] = _mm256_permute2f128_ps(s0, s4, 0x31);
    r[5] = _mm256_permute2f128_ps(s1, s5, 0x31);
    r[6] = _mm256_permute2f128_ps(s2, s6, 0x31);
    r[7] = _mm256_permute2f128_ps(s3, s7, 0x31);
}

// `count` (≤ 8) rows of a matrix whose rows run along k, from column k: k-major groups
// of 8 values, `width` apart in `out` (rows beyond `count` zero). Used for A (rows of A
// along k, width mr) and for a transposed B (its rows are B's columns, width nr).
// Only the first `used` (≤ 8) values of each group are stored, so a group of 6 does not
// spill into its neighbour.
__attribute__((target("avx2,fma")))
static void transpose_rows(const float *source, size_t ld, size_t count, size_t kc, float *out, size_t width,
                           size_t used) {
    size_t k = 0;
    for (; k + 8 <= kc; k += 8) {
        __m256 r[8];
        for (size_t i = 0; i < 8; i++) r[i] = i < count ? _mm256_loadu_ps(source + i * ld + k) : _mm256_setzero_ps();
        transpose8(r);
        for (size_t j = 0; j < 8; j++) {
            float *to = out + (k + j) * width;
            if (used == 8) {
                _mm256_storeu_ps(to, r[j]);
            } else if (used == 6) {
                __m128 high = _mm256_extractf128_ps(r[j], 1);
                _mm_storeu_ps(to, _mm256_castps256_ps128(r[j]));
                _mm_storel_pi((__m64 *)(to + 4), high);
            } else {
                float tmp[8];
                _mm256_storeu_ps(tmp, r[j]);
                for (size_t i = 0; i < used; i++) to[i] = tmp[i];
            }
        }
    }
    for (; k < kc; k++) {
        for (size_t i = 0; i < used; i++) out[k * width + i] = i < count ? load_float(source + i * ld + k) : 0;
    }
}

__attribute__((target("avx2,fma")))
static void pack_a_avx(int mr, int trans, const float *a, size_t lda, size_t i0, size_t k0,
                       size_t mc, size_t kc, float *packed) {
    if (trans) {
        pack_a_portable(mr, trans, a, lda, i0, k0, mc, kc, packed);
        return;
    }
    for (size_t p = 0; p < mc; p += (size_t)mr) {
        size_t rows = mc - p < (size_t)mr ? mc - p : (size_t)mr;
        float *out = packed + p * kc;
        for (size_t group = 0; group < (size_t)mr; group += 8) {
            size_t used = (size_t)mr - group < 8 ? (size_t)mr - group : 8;
            size_t count = rows > group ? (rows - group < used ? rows - group : used) : 0;
            transpose_rows(a + (i0 + p + group) * lda + k0, lda, count, kc, out + group, (size_t)mr, used);
        }
    }
}

__attribute__((target("avx2,fma")))
static void pack_b_avx(int nr, int trans, const float *b, size_t ldb, size_t k0, size_t j0,
                       size_t kc, size_t nc, float *packed) {
    for (size_t p = 0; p < nc; p += (size_t)nr) {
        size_t cols = nc - p < (size_t)nr ? nc - p : (size_t)nr;
        float *out = packed + p * kc;
        if (!trans) {
            if (cols == (size_t)nr) {
                const float *row = b + k0 * ldb + j0 + p;
                for (size_t k = 0; k < kc; k++, row += ldb) {
                    for (int c = 0; c < nr; c += 8) _mm256_storeu_ps(out + k * nr + c, _mm256_loadu_ps(row + c));
                }
            } else {
                pack_b_portable(nr, trans, b, ldb, k0, j0 + p, kc, cols, out);
            }
            continue;
        }
        for (size_t group = 0; group < (size_t)nr; group += 8) {
            size_t count = cols > group ? (cols - group < 8 ? cols - group : 8) : 0;
            transpose_rows(b + (j0 + p + group) * ldb + k0, ldb, count, kc, out + group, (size_t)nr, 8);
        }
    }
}
#endif

// --- Micro-kernels -----------------------------------------------------------------

// A micro-kernel: C[mr×nr] = alpha·Σ_k A[k]·B[k] + beta·C, A packed (mr values per k),
// B either packed (b_stride = NR) or read in place (b_stride = B's row stride); a
// partial tile goes through `tile`.
typedef void (*micro_kernel)(size_t kc, const float *a, const float *b, size_t b_stride, float *c, size_t ldc,
                             float alpha, float beta, size_t mr, size_t nr, float *tile);

// Writes alpha·tile + beta·C for the mr×nr corner of a full tile `width` wide.
static void store_tile(const float *tile, size_t width, float *c, size_t ldc, size_t mr, size_t nr,
                       float alpha, float beta) {
    for (size_t i = 0; i < mr; i++) {
        for (size_t j = 0; j < nr; j++) {
            float value = alpha * tile[i * width + j];
            c[i * ldc + j] = beta == 0 ? value : value + beta * c[i * ldc + j];
        }
    }
}

enum { PORTABLE_MR = 6, PORTABLE_NR = 16 };

// The portable kernel: plain loops over an MR×NR accumulator the compiler keeps in
// vector registers (SSE2 on baseline x86-64, NEON on arm64).
static void kernel_portable(size_t kc, const float *a, const float *b, size_t b_stride, float *c, size_t ldc,
                            float alpha, float beta, size_t mr, size_t nr, float *tile) {
    float acc[PORTABLE_MR][PORTABLE_NR];
    memset(acc, 0, sizeof acc);
    for (size_t k = 0; k < kc; k++) {
        const float *bk = b + k * b_stride;
        const float *ak = a + k * PORTABLE_MR;
        for (int i = 0; i < PORTABLE_MR; i++) {
            float ai = ak[i];
            for (int j = 0; j < PORTABLE_NR; j++) acc[i][j] += ai * bk[j];
        }
    }
    memcpy(tile, acc, sizeof acc);
    store_tile(tile, PORTABLE_NR, c, ldc, mr, nr, alpha, beta);
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

#define ROW_SPILL(i, c0, c1) { _mm256_storeu_ps(tile + (i) * 16, c0); _mm256_storeu_ps(tile + (i) * 16 + 8, c1); }

__attribute__((target("avx2,fma")))
static void kernel_avx2(size_t kc, const float *a, const float *b, size_t b_stride, float *c, size_t ldc,
                        float alpha, float beta, size_t mr, size_t nr, float *tile) {
    __m256 c00 = _mm256_setzero_ps(), c01 = _mm256_setzero_ps();
    __m256 c10 = _mm256_setzero_ps(), c11 = _mm256_setzero_ps();
    __m256 c20 = _mm256_setzero_ps(), c21 = _mm256_setzero_ps();
    __m256 c30 = _mm256_setzero_ps(), c31 = _mm256_setzero_ps();
    __m256 c40 = _mm256_setzero_ps(), c41 = _mm256_setzero_ps();
    __m256 c50 = _mm256_setzero_ps(), c51 = _mm256_setzero_ps();
    for (size_t k = 0; k < kc; k++) {
        __m256 b0 = _mm256_loadu_ps(b), b1 = _mm256_loadu_ps(b + 8);
        ROW_FMA(0, c00, c01) ROW_FMA(1, c10, c11) ROW_FMA(2, c20, c21)
        ROW_FMA(3, c30, c31) ROW_FMA(4, c40, c41) ROW_FMA(5, c50, c51)
        a += 6; b += b_stride;
    }
    if (mr == 6 && nr == 16) {
        __m256 va = _mm256_set1_ps(alpha), vb = _mm256_set1_ps(beta);
        ROW_STORE(0, c00, c01) ROW_STORE(1, c10, c11) ROW_STORE(2, c20, c21)
        ROW_STORE(3, c30, c31) ROW_STORE(4, c40, c41) ROW_STORE(5, c50, c51)
        return;
    }
    ROW_SPILL(0, c00, c01) ROW_SPILL(1, c10, c11) ROW_SPILL(2, c20, c21)
    ROW_SPILL(3, c30, c31) ROW_SPILL(4, c40, c41) ROW_SPILL(5, c50, c51)
    store_tile(tile, 16, c, ldc, mr, nr, alpha, beta);
}

// Sixteen accumulators (8 rows × two 16-wide vectors), two B vectors, and A values
// broadcast from memory into the FMAs: 18 of the 32 zmm registers.
__attribute__((target("avx512f")))
static void kernel_avx512(size_t kc, const float *a, const float *b, size_t b_stride, float *c, size_t ldc,
                          float alpha, float beta, size_t mr, size_t nr, float *tile) {
    __m512 acc[8][2];
    for (int i = 0; i < 8; i++) { acc[i][0] = _mm512_setzero_ps(); acc[i][1] = _mm512_setzero_ps(); }
    for (size_t k = 0; k < kc; k++) {
        __m512 b0 = _mm512_loadu_ps(b), b1 = _mm512_loadu_ps(b + 16);
        for (int i = 0; i < 8; i++) {
            __m512 ai = _mm512_set1_ps(a[i]);
            acc[i][0] = _mm512_fmadd_ps(ai, b0, acc[i][0]);
            acc[i][1] = _mm512_fmadd_ps(ai, b1, acc[i][1]);
        }
        a += 8; b += b_stride;
    }
    if (mr == 8 && nr == 32) {
        __m512 va = _mm512_set1_ps(alpha), vb = _mm512_set1_ps(beta);
        for (int i = 0; i < 8; i++) {
            float *ci = c + i * ldc;
            if (beta == 0) {
                _mm512_storeu_ps(ci, _mm512_mul_ps(va, acc[i][0]));
                _mm512_storeu_ps(ci + 16, _mm512_mul_ps(va, acc[i][1]));
            } else {
                _mm512_storeu_ps(ci, _mm512_fmadd_ps(va, acc[i][0], _mm512_mul_ps(vb, _mm512_loadu_ps(ci))));
                _mm512_storeu_ps(ci + 16, _mm512_fmadd_ps(va, acc[i][1], _mm512_mul_ps(vb, _mm512_loadu_ps(ci + 16))));
            }
        }
        return;
    }
    for (int i = 0; i < 8; i++) {
        _mm512_storeu_ps(tile + i * 32, acc[i][0]);
        _mm512_storeu_ps(tile + i * 32 + 16, acc[i][1]);
    }
    store_tile(tile, 32, c, ldc, mr, nr, alpha, beta);
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

typedef void (*pack_a_fn)(int mr, int trans, const float *a, size_t lda, size_t i0, size_t k0, size_t mc, size_t kc,
                          float *packed);
typedef void (*pack_b_fn)(int nr, int trans, const float *b, size_t ldb, size_t k0, size_t j0, size_t kc, size_t nc,
                          float *packed);

typedef struct {
    int mr, nr;
    micro_kernel kernel;
    pack_a_fn pack_a;
    pack_b_fn pack_b;
} gemm_path;

static gemm_path path_for(int choice) {
#if defined(HOGWILD_X86)
    if (choice == PATH_AVX512) return (gemm_path){8, 32, kernel_avx512, pack_a_avx, pack_b_avx};
    if (choice == PATH_AVX2) return (gemm_path){6, 16, kernel_avx2, pack_a_avx, pack_b_avx};
#endif
    (void)choice;
    return (gemm_path){PORTABLE_MR, PORTABLE_NR, kernel_portable, pack_a_portable, pack_b_portable};
}

void hogwild_sgemm(int trans_a, int trans_b, size_t m, size_t n, size_t k, float alpha,
                   const float *a, size_t lda, const float *b, size_t ldb,
                   float beta, float *c, size_t ldc, float *workspace) {
    if (m == 0 || n == 0) return;
    int choice = choose_path();
    if (k == 0 || alpha == 0) {
        for (size_t i = 0; i < m; i++)
            for (size_t j = 0; j < n; j++) c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j];
        return;
    }
    if (m <= 4) {
#if defined(HOGWILD_X86)
        if (choice >= PATH_AVX2) { small_m_avx2(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc); return; }
#endif
        small_m_portable(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        return;
    }
    // A narrow C (a layer of ten classes) fills a 6×16 tile better than an 8×32 one.
    gemm_path path = path_for(choice == PATH_AVX512 && n <= 16 ? PATH_AVX2 : choice);
    const size_t mr = (size_t)path.mr, nr = (size_t)path.nr;
    // Row panels of A per block of B: with few, B is read in place instead of packed.
    const int direct_b = !trans_b && m <= 3 * mr;
    // 64-byte aligned regions of the caller's workspace.
    float *base = (float *)(((size_t)workspace + 63) & ~(size_t)63);
    float *packed_a = base;
    float *packed_b = packed_a + (size_t)MC * KC;
    float *tile = packed_b + (size_t)KC * NC;
    float *edge = tile + MAX_MR * MAX_NR;
    for (size_t jc = 0; jc < n; jc += NC) {
        size_t nc = n - jc < NC ? n - jc : NC;
        // K in equal blocks of at most KC (784 = 4 × 196, not 3 × 256 + 16: a thin last
        // block runs the micro-kernel mostly on its loads and stores of C).
        size_t k_blocks = (k + KC - 1) / KC, k_step = (k + k_blocks - 1) / k_blocks;
        for (size_t pc = 0; pc < k; pc += k_step) {
            size_t kc = k - pc < k_step ? k - pc : k_step;
            float block_beta = pc == 0 ? beta : 1.0f;
            if (!direct_b) path.pack_b(path.nr, trans_b, b, ldb, pc, jc, kc, nc, packed_b);
            for (size_t ic = 0; ic < m; ic += MC) {
                size_t mc = m - ic < MC ? m - ic : MC;
                path.pack_a(path.mr, trans_a, a, lda, ic, pc, mc, kc, packed_a);
                for (size_t jr = 0; jr < nc; jr += nr) {
                    size_t width = nc - jr < nr ? nc - jr : nr;
                    const float *panel;
                    size_t stride;
                    if (!direct_b) {
                        panel = packed_b + jr * kc;
                        stride = nr;
                    } else if (width == nr) {
                        panel = b + pc * ldb + jc + jr;
                        stride = ldb;
                    } else {
                        // The last, partial panel, zero-padded to the kernel's width.
                        pack_b_portable(path.nr, 0, b, ldb, pc, jc + jr, kc, width, edge);
                        panel = edge;
                        stride = nr;
                    }
                    for (size_t ir = 0; ir < mc; ir += mr) {
                        size_t height = mc - ir < mr ? mc - ir : mr;
                        path.kernel(kc, packed_a + ir * kc, panel, stride,
                                    c + (ic + ir) * ldc + jc + jr, ldc, alpha, block_beta, height, width, tile);
                    }
                }
            }
        }
    }
}
