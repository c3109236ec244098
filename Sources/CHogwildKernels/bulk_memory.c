// Bulk reads and writes of shared parameter memory.
//
// Why C, and why plain loads here: shared parameters are written concurrently by
// other workers with relaxed atomic stores (HOGWILD!). In Swift every access to them
// is a relaxed atomic, which compiles to a plain `mov` per float but never to a vector
// instruction, so a dense range moved one float at a time runs at a fraction of memory
// speed. These loops move four floats per instruction.
//
// Why it is sound on the supported platforms (x86-64, arm64): every float is 4-byte
// aligned, so no element straddles a cache line, and both architectures perform each
// 4-byte element of a vector load or store as one indivisible access (x86: aligned
// 32-bit accesses are single-copy atomic, which holds for the elements of SSE/AVX
// accesses; Armv8: SIMD element accesses are single-copy atomic at element size).
// A racing writer can therefore make an element stale or lose an update, exactly as
// with the scalar relaxed stores, but never tear a float. The loops use explicit
// vector intrinsics so that the compiler cannot turn them into a `memcpy` call, whose
// `rep movsb` paths make no such per-element promise. This file is compiled apart
// from its Swift callers, so no optimizer sees both sides of the race.
//
// Under ThreadSanitizer (`swift build --sanitize=thread` compiles C targets with
// -fsanitize=thread) the same functions use relaxed atomic builtins instead, so
// sanitizer runs see only well-defined accesses.
#include "CHogwildKernels.h"

#if defined(__has_feature)
#  if __has_feature(thread_sanitizer)
#    define HOGWILD_TSAN 1
#  endif
#endif
#if defined(__SANITIZE_THREAD__)
#  define HOGWILD_TSAN 1
#endif

#if !defined(HOGWILD_TSAN) && (defined(__SSE2__) || defined(__x86_64__))
#  include <emmintrin.h>
#  define HOGWILD_SSE 1
#elif !defined(HOGWILD_TSAN) && (defined(__ARM_NEON) || defined(__aarch64__))
#  include <arm_neon.h>
#  define HOGWILD_NEON 1
#endif

int hogwild_kernels_are_sanitizer_clean(void) {
#if defined(HOGWILD_TSAN)
    return 1;
#else
    return 0;
#endif
}

#if defined(HOGWILD_TSAN)

void hogwild_load_range(const float *shared, float *destination, size_t count) {
    const unsigned *bits = (const unsigned *)shared;
    unsigned *out = (unsigned *)destination;
    for (size_t i = 0; i < count; i++) out[i] = __atomic_load_n(bits + i, __ATOMIC_RELAXED);
}

void hogwild_store_range(float *shared, const float *source, size_t count) {
    unsigned *bits = (unsigned *)shared;
    const unsigned *in = (const unsigned *)source;
    for (size_t i = 0; i < count; i++) __atomic_store_n(bits + i, in[i], __ATOMIC_RELAXED);
}

void hogwild_add_range(float *shared, const float *deltas, size_t count) {
    unsigned *bits = (unsigned *)shared;
    for (size_t i = 0; i < count; i++) {
        union { unsigned u; float f; } value;
        value.u = __atomic_load_n(bits + i, __ATOMIC_RELAXED);
        value.f += deltas[i];
        __atomic_store_n(bits + i, value.u, __ATOMIC_RELAXED);
    }
}

void hogwild_merge_replica(float *shared, float *values, float *base, size_t count) {
    unsigned *bits = (unsigned *)shared;
    for (size_t i = 0; i < count; i++) {
        union { unsigned u; float f; } value;
        value.u = __atomic_load_n(bits + i, __ATOMIC_RELAXED);
        value.f += values[i] - base[i];
        __atomic_store_n(bits + i, value.u, __ATOMIC_RELAXED);
        values[i] = value.f;
        base[i] = value.f;
    }
}

#else

#if defined(HOGWILD_SSE)
typedef __m128 vec4;
#  define LOAD4(p) _mm_loadu_ps(p)
#  define STORE4(p, v) _mm_storeu_ps((p), (v))
#  define ADD4(a, b) _mm_add_ps((a), (b))
#  define SUB4(a, b) _mm_sub_ps((a), (b))
#elif defined(HOGWILD_NEON)
typedef float32x4_t vec4;
#  define LOAD4(p) vld1q_f32(p)
#  define STORE4(p, v) vst1q_f32((p), (v))
#  define ADD4(a, b) vaddq_f32((a), (b))
#  define SUB4(a, b) vsubq_f32((a), (b))
#endif

void hogwild_load_range(const float *shared, float *destination, size_t count) {
    size_t i = 0;
#if defined(LOAD4)
    for (; i + 16 <= count; i += 16) {
        vec4 a = LOAD4(shared + i), b = LOAD4(shared + i + 4), c = LOAD4(shared + i + 8), d = LOAD4(shared + i + 12);
        STORE4(destination + i, a); STORE4(destination + i + 4, b);
        STORE4(destination + i + 8, c); STORE4(destination + i + 12, d);
    }
    for (; i + 4 <= count; i += 4) STORE4(destination + i, LOAD4(shared + i));
#endif
    for (; i < count; i++) destination[i] = shared[i];
}

void hogwild_store_range(float *shared, const float *source, size_t count) {
    size_t i = 0;
#if defined(LOAD4)
    for (; i + 16 <= count; i += 16) {
        vec4 a = LOAD4(source + i), b = LOAD4(source + i + 4), c = LOAD4(source + i + 8), d = LOAD4(source + i + 12);
        STORE4(shared + i, a); STORE4(shared + i + 4, b);
        STORE4(shared + i + 8, c); STORE4(shared + i + 12, d);
    }
    for (; i + 4 <= count; i += 4) STORE4(shared + i, LOAD4(source + i));
#endif
    for (; i < count; i++) shared[i] = source[i];
}

void hogwild_add_range(float *shared, const float *deltas, size_t count) {
    size_t i = 0;
#if defined(LOAD4)
    for (; i + 16 <= count; i += 16) {
        vec4 a = ADD4(LOAD4(shared + i), LOAD4(deltas + i));
        vec4 b = ADD4(LOAD4(shared + i + 4), LOAD4(deltas + i + 4));
        vec4 c = ADD4(LOAD4(shared + i + 8), LOAD4(deltas + i + 8));
        vec4 d = ADD4(LOAD4(shared + i + 12), LOAD4(deltas + i + 12));
        STORE4(shared + i, a); STORE4(shared + i + 4, b);
        STORE4(shared + i + 8, c); STORE4(shared + i + 12, d);
    }
    for (; i + 4 <= count; i += 4) STORE4(shared + i, ADD4(LOAD4(shared + i), LOAD4(deltas + i)));
#endif
    for (; i < count; i++) shared[i] = shared[i] + deltas[i];
}

void hogwild_merge_replica(float *shared, float *values, float *base, size_t count) {
    size_t i = 0;
#if defined(LOAD4)
    for (; i + 8 <= count; i += 8) {
        vec4 a = ADD4(LOAD4(shared + i), SUB4(LOAD4(values + i), LOAD4(base + i)));
        vec4 b = ADD4(LOAD4(shared + i + 4), SUB4(LOAD4(values + i + 4), LOAD4(base + i + 4)));
        STORE4(shared + i, a); STORE4(shared + i + 4, b);
        STORE4(values + i, a); STORE4(values + i + 4, b);
        STORE4(base + i, a); STORE4(base + i + 4, b);
    }
#endif
    for (; i < count; i++) {
        float merged = shared[i] + (values[i] - base[i]);
        shared[i] = merged;
        values[i] = merged;
        base[i] = merged;
    }
}

#endif
