#include "CAllocationCounter.h"
#include <stddef.h>
#include <errno.h>   // also defines __GLIBC__ (through features.h)

#if defined(__has_feature)
#  if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#    define SANITIZED 1
#  endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#  define SANITIZED 1
#endif

#if defined(__GLIBC__) && !defined(SANITIZED)


extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

static _Thread_local int counting;
static _Thread_local long counted;

int allocation_counter_available(void) { return 1; }
void allocation_counter_start(void) { counted = 0; counting = 1; }
long allocation_counter_stop(void) { counting = 0; return counted; }

void *malloc(size_t size) { if (counting) counted++; return __libc_malloc(size); }
void *calloc(size_t count, size_t size) { if (counting) counted++; return __libc_calloc(count, size); }
void *realloc(void *pointer, size_t size) { if (counting) counted++; return __libc_realloc(pointer, size); }
void *memalign(size_t alignment, size_t size) { if (counting) counted++; return __libc_memalign(alignment, size); }
void *aligned_alloc(size_t alignment, size_t size) { if (counting) counted++; return __libc_memalign(alignment, size); }
int posix_memalign(void **result, size_t alignment, size_t size) {
    if (counting) counted++;
    void *pointer = __libc_memalign(alignment, size);
    if (!pointer) return ENOMEM;
    *result = pointer;
    return 0;
}
#else
int allocation_counter_available(void) { return 0; }
void allocation_counter_start(void) {}
long allocation_counter_stop(void) { return 0; }
#endif
