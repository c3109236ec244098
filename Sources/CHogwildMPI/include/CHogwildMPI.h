// The few MPI calls the distributed trainer makes, reached through dlopen so that
// building the package never needs MPI: libmpi (Open MPI's ABI) is found at run time,
// and only by a process that was asked to run distributed.
#ifndef CHOGWILD_MPI_H
#define CHOGWILD_MPI_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Loads libmpi (HOGWILD_MPI_LIBRARY, else libmpi.so.40, else libmpi.so) and resolves
/// every call below. Returns 0, or -1 with a reason in `error`.
int hogwild_mpi_load(char *error, size_t capacity);

/// MPI_Init_thread asking for MPI_THREAD_SERIALIZED, then errors returned, not fatal,
/// on MPI_COMM_WORLD. `provided` receives the level granted (0 single … 3 multiple).
int hogwild_mpi_init(int *provided);
int hogwild_mpi_finalize(void);
int hogwild_mpi_rank(int *rank);
int hogwild_mpi_size(int *size);
int hogwild_mpi_barrier(void);
int hogwild_mpi_abort(int code);
/// MPI_Error_string into `text` (at least 256 bytes).
void hogwild_mpi_error_string(int code, char *text, size_t capacity);

/// In-place all-reduce over MPI_COMM_WORLD.
int hogwild_mpi_allreduce_sum_float(float *values, int count);
int hogwild_mpi_allreduce_sum_double(double *values, int count);
int hogwild_mpi_allreduce_max_double(double *values, int count);
/// Every rank's `count` doubles, rank-major, into `all` (size × count).
int hogwild_mpi_allgather_double(const double *mine, double *all, int count);
/// Root's `bytes` bytes to every rank.
int hogwild_mpi_broadcast(void *bytes, int count, int root);

/// A window of `count` floats this rank owns (MPI_Win_allocate), opened for passive-
/// target access to every rank (MPI_Win_lock_all). `base` receives its memory.
int hogwild_mpi_window_create(size_t count, float **base, void **window);
/// Unlocks and frees the window (collective).
int hogwild_mpi_window_free(void **window);
/// Atomically adds `delta` to target's floats [offset, offset + count) and returns their
/// values before the add in `before` (MPI_Get_accumulate, MPI_SUM); `delta` NULL reads
/// (MPI_NO_OP). Completed at the target by the flush that follows.
int hogwild_mpi_fetch_and_add(const float *delta, float *before, int count, int target, size_t offset, void *window);
/// The same for `runs` scattered runs of the target's window in one operation: run i is
/// `lengths[i]` floats from float `displacements[i]` of the target's slice; `delta` and
/// `before` hold the runs packed one after another (`count` floats in all).
int hogwild_mpi_fetch_and_add_runs(const float *delta, float *before, int count, int runs, const int *lengths,
                                   const int *displacements, int target, void *window);
int hogwild_mpi_flush(int target, void *window);

#ifdef __cplusplus
}
#endif

#endif
