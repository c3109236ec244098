// Parking for the schemes whose workers wait for one another (round robin's turn,
// AIG's locks): after a short spin a waiter sleeps in the kernel on the word it waits
// for, instead of burning the core its peer may need.
#include "CHogwildKernels.h"

#if defined(__linux__)
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <limits.h>

void hogwild_park(const void *address, unsigned int expected, long timeout_ns) {
    struct timespec timeout = { timeout_ns / 1000000000L, timeout_ns % 1000000000L };
    // FUTEX_WAIT compares *address with expected atomically with going to sleep, so a
    // change made before the call returns at once (EAGAIN) rather than being missed.
    syscall(SYS_futex, address, FUTEX_WAIT_PRIVATE, expected, &timeout, NULL, 0);
}

void hogwild_unpark_all(const void *address) {
    syscall(SYS_futex, address, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
}
#else
#include <time.h>

void hogwild_park(const void *address, unsigned int expected, long timeout_ns) {
    (void)address;
    (void)expected;
    struct timespec pause = { 0, timeout_ns < 50000 ? timeout_ns : 50000 };
    nanosleep(&pause, NULL);
}

void hogwild_unpark_all(const void *address) { (void)address; }
#endif
