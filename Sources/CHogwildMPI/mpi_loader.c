// Open MPI through dlopen. The handles MPI_COMM_WORLD, MPI_FLOAT, MPI_SUM … are, in
// Open MPI's ABI, the addresses of predefined global objects (mpi.h's
// OMPI_PREDEFINED_GLOBAL), so they are looked up by name like the functions.
#define _GNU_SOURCE
#include "CHogwildMPI.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef void *handle;
typedef long aint;   // MPI_Aint on LP64

static int (*p_init_thread)(int *, char ***, int, int *);
static int (*p_finalize)(void);
static int (*p_comm_rank)(handle, int *);
static int (*p_comm_size)(handle, int *);
static int (*p_barrier)(handle);
static int (*p_abort)(handle, int);
static int (*p_error_string)(int, char *, int *);
static int (*p_comm_set_errhandler)(handle, handle);
static int (*p_allreduce)(const void *, void *, int, handle, handle, handle);
static int (*p_allgather)(const void *, int, handle, void *, int, handle, handle);
static int (*p_bcast)(void *, int, handle, int, handle);
static int (*p_win_allocate)(aint, int, handle, handle, void *, handle *);
static int (*p_win_lock_all)(int, handle);
static int (*p_win_unlock_all)(handle);
static int (*p_win_free)(handle *);
static int (*p_get_accumulate)(const void *, int, handle, void *, int, handle, int, aint, int, handle, handle, handle);
static int (*p_win_flush)(int, handle);
static int (*p_type_indexed)(int, const int *, const int *, handle, handle *);
static int (*p_type_commit)(handle *);
static int (*p_type_free)(handle *);

static handle comm_world, type_float, type_double, type_byte, op_sum, op_max, op_no_op, errors_return, info_null;

static int resolve(void *library, const char *name, void **out, char *error, size_t capacity) {
    *out = dlsym(library, name);
    if (*out == NULL) {
        snprintf(error, capacity, "the MPI library has no '%s' (is it Open MPI 4 or later?)", name);
        return -1;
    }
    return 0;
}

int hogwild_mpi_load(char *error, size_t capacity) {
    const char *chosen = getenv("HOGWILD_MPI_LIBRARY");
    const char *candidates[] = { chosen, "libmpi.so.40", "libmpi.so" };
    void *library = NULL;
    char reasons[512] = "";
    for (size_t i = 0; i < 3 && library == NULL; i++) {
        if (candidates[i] == NULL || candidates[i][0] == 0) continue;
        // RTLD_GLOBAL: Open MPI's plugins resolve libmpi's symbols against the process.
        library = dlopen(candidates[i], RTLD_NOW | RTLD_GLOBAL);
        if (library == NULL) {
            const char *why = dlerror();
            size_t used = strlen(reasons);
            snprintf(reasons + used, sizeof reasons - used, "%s%s", used ? "; " : "", why ? why : candidates[i]);
        }
    }
    if (library == NULL) {
        snprintf(error, capacity, "cannot load Open MPI's library (%s)", reasons);
        return -1;
    }
#define FUNCTION(pointer, name) if (resolve(library, name, (void **)&pointer, error, capacity)) return -1
#define OBJECT(variable, name) if (resolve(library, name, &variable, error, capacity)) return -1
    FUNCTION(p_init_thread, "MPI_Init_thread");
    FUNCTION(p_finalize, "MPI_Finalize");
    FUNCTION(p_comm_rank, "MPI_Comm_rank");
    FUNCTION(p_comm_size, "MPI_Comm_size");
    FUNCTION(p_barrier, "MPI_Barrier");
    FUNCTION(p_abort, "MPI_Abort");
    FUNCTION(p_error_string, "MPI_Error_string");
    FUNCTION(p_comm_set_errhandler, "MPI_Comm_set_errhandler");
    FUNCTION(p_allreduce, "MPI_Allreduce");
    FUNCTION(p_allgather, "MPI_Allgather");
    FUNCTION(p_bcast, "MPI_Bcast");
    FUNCTION(p_win_allocate, "MPI_Win_allocate");
    FUNCTION(p_win_lock_all, "MPI_Win_lock_all");
    FUNCTION(p_win_unlock_all, "MPI_Win_unlock_all");
    FUNCTION(p_win_free, "MPI_Win_free");
    FUNCTION(p_get_accumulate, "MPI_Get_accumulate");
    FUNCTION(p_win_flush, "MPI_Win_flush");
    FUNCTION(p_type_indexed, "MPI_Type_indexed");
    FUNCTION(p_type_commit, "MPI_Type_commit");
    FUNCTION(p_type_free, "MPI_Type_free");
    OBJECT(comm_world, "ompi_mpi_comm_world");
    OBJECT(type_float, "ompi_mpi_float");
    OBJECT(type_double, "ompi_mpi_double");
    OBJECT(type_byte, "ompi_mpi_byte");
    OBJECT(op_sum, "ompi_mpi_op_sum");
    OBJECT(op_max, "ompi_mpi_op_max");
    OBJECT(op_no_op, "ompi_mpi_op_no_op");
    OBJECT(errors_return, "ompi_mpi_errors_return");
    OBJECT(info_null, "ompi_mpi_info_null");
#undef FUNCTION
#undef OBJECT
    return 0;
}

int hogwild_mpi_init(int *provided) {
    int code = p_init_thread(NULL, NULL, 2 /* MPI_THREAD_SERIALIZED */, provided);
    if (code != 0) return code;
    return p_comm_set_errhandler(comm_world, errors_return);
}

int hogwild_mpi_finalize(void) { return p_finalize(); }
int hogwild_mpi_rank(int *rank) { return p_comm_rank(comm_world, rank); }
int hogwild_mpi_size(int *size) { return p_comm_size(comm_world, size); }
int hogwild_mpi_barrier(void) { return p_barrier(comm_world); }
int hogwild_mpi_abort(int code) { return p_abort(comm_world, code); }

void hogwild_mpi_error_string(int code, char *text, size_t capacity) {
    char buffer[1024];
    int length = 0;
    if (p_error_string == NULL || p_error_string(code, buffer, &length) != 0) {
        snprintf(text, capacity, "MPI error %d", code);
        return;
    }
    buffer[length < (int)sizeof buffer ? length : (int)sizeof buffer - 1] = 0;
    snprintf(text, capacity, "%s", buffer);
}

#define IN_PLACE ((void *)1)

int hogwild_mpi_allreduce_sum_float(float *values, int count) {
    return p_allreduce(IN_PLACE, values, count, type_float, op_sum, comm_world);
}
int hogwild_mpi_allreduce_sum_double(double *values, int count) {
    return p_allreduce(IN_PLACE, values, count, type_double, op_sum, comm_world);
}
int hogwild_mpi_allreduce_max_double(double *values, int count) {
    return p_allreduce(IN_PLACE, values, count, type_double, op_max, comm_world);
}
int hogwild_mpi_allgather_double(const double *mine, double *all, int count) {
    return p_allgather(mine, count, type_double, all, count, type_double, comm_world);
}
int hogwild_mpi_broadcast(void *bytes, int count, int root) {
    return p_bcast(bytes, count, type_byte, root, comm_world);
}

int hogwild_mpi_window_create(size_t count, float **base, void **window) {
    handle win = NULL;
    int code = p_win_allocate((aint)(count * sizeof(float)), (int)sizeof(float), info_null, comm_world, base, &win);
    if (code != 0) return code;
    *window = win;
    return p_win_lock_all(0, win);
}

int hogwild_mpi_window_free(void **window) {
    handle win = *window;
    int code = p_win_unlock_all(win);
    if (code != 0) return code;
    code = p_win_free(&win);
    *window = win;
    return code;
}

int hogwild_mpi_fetch_and_add(const float *delta, float *before, int count, int target, size_t offset, void *window) {
    const void *origin = delta;
    handle op = op_sum;
    if (delta == NULL) { origin = before; op = op_no_op; }
    return p_get_accumulate(origin, count, type_float, before, count, type_float, target, (aint)offset, count,
                            type_float, op, window);
}

int hogwild_mpi_fetch_and_add_runs(const float *delta, float *before, int count, int runs, const int *lengths,
                                   const int *displacements, int target, void *window) {
    // The target's side is one indexed datatype over its window: a single operation,
    // however scattered the runs (MPI copies the description, so it is freed at once;
    // an operation in flight keeps what it needs).
    handle type = NULL;
    int code = p_type_indexed(runs, lengths, displacements, type_float, &type);
    if (code != 0) return code;
    code = p_type_commit(&type);
    if (code == 0) {
        const void *origin = delta;
        handle op = op_sum;
        if (delta == NULL) { origin = before; op = op_no_op; }
        code = p_get_accumulate(origin, count, type_float, before, count, type_float, target, 0, 1, type, op, window);
    }
    int freed = p_type_free(&type);
    return code != 0 ? code : freed;
}

int hogwild_mpi_flush(int target, void *window) { return p_win_flush(target, window); }
