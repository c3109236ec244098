// Which vector width the kernels run at: the CPU's best (cpuid, and xgetbv for the
// operating system's saving of the wider registers), unless HOGWILD_KERNEL_PATH caps it
// for the whole process (portable, avx2 or avx512: to compare paths on one machine).
#include "CHogwildKernels.h"
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#  include <cpuid.h>

static unsigned long long read_xcr0(void) {
    unsigned low, high;
    __asm__ volatile("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
    return ((unsigned long long)high << 32) | low;
}

static int detect(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 1;
    const unsigned fma = 1u << 12, osxsave = 1u << 27, avx = 1u << 28;
    if ((c & (fma | osxsave | avx)) != (fma | osxsave | avx)) return 1;
    unsigned long long xcr0 = read_xcr0();
    if ((xcr0 & 6u) != 6u) return 1;                       // the OS saves XMM and YMM state
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 1;
    if ((b & (1u << 5)) == 0) return 1;                     // AVX2
    // AVX-512F, and the OS saving the opmask and all 32 zmm registers.
    if ((b & (1u << 16)) != 0 && (xcr0 & 0xE6u) == 0xE6u) return 3;
    return 2;
}
#else
static int detect(void) { return 1; }
#endif

static int cap_from_environment(void) {
    const char *text = getenv("HOGWILD_KERNEL_PATH");
    if (!text) return 3;
    if (strcmp(text, "portable") == 0) return 1;
    if (strcmp(text, "avx2") == 0) return 2;
    return 3;
}

// 0 until asked; benign races: every thread computes the same.
static int hardware_path = 0;
static int process_path = 0;

int hogwild_hardware_vector_path(void) {
    int path = __atomic_load_n(&hardware_path, __ATOMIC_RELAXED);
    if (path == 0) {
        path = detect();
        __atomic_store_n(&hardware_path, path, __ATOMIC_RELAXED);
    }
    return path;
}

// A ceiling a test or benchmark may set for its own thread (3: none).
static _Thread_local int thread_limit = 3;

int hogwild_vector_path(void) {
    int path = __atomic_load_n(&process_path, __ATOMIC_RELAXED);
    if (path == 0) {
        int hardware = hogwild_hardware_vector_path(), cap = cap_from_environment();
        path = hardware < cap ? hardware : cap;
        __atomic_store_n(&process_path, path, __ATOMIC_RELAXED);
    }
    return thread_limit < path ? thread_limit : path;
}

void hogwild_limit_vector_path(int path) { thread_limit = path < 1 || path > 3 ? 3 : path; }

int hogwild_vector_path_available(int path) { return path >= 1 && path <= hogwild_hardware_vector_path(); }

const char *hogwild_vector_path_name(void) {
    switch (hogwild_vector_path()) {
    case 3: return "avx512";
    case 2: return "avx2";
    default: return "portable";
    }
}
