/* LD_PRELOAD'ed into the tdlint command by tests/alloc_fail_cli.sh: the
 * allocation numbered TDLINT_FAIL_AT (counted over malloc, calloc and
 * realloc, from the start of the process) fails with ENOMEM; with
 * TDLINT_COUNT set, the number of allocations is printed to standard error
 * at exit. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);

static atomic_ulong count;
static atomic_ulong fail_at; /* 0: read it from the environment first */

static int fails(void)
{
    unsigned long at = atomic_load(&fail_at);
    if (at == 0) {
        const char *e = getenv("TDLINT_FAIL_AT");
        at = e ? strtoul(e, NULL, 10) : 0;
        if (at == 0)
            at = (unsigned long)-1;
        atomic_store(&fail_at, at);
    }
    if (atomic_fetch_add(&count, 1) + 1 != at)
        return 0;
    errno = ENOMEM;
    return 1;
}

void *malloc(size_t n)
{
    return fails() ? NULL : __libc_malloc(n);
}

void *calloc(size_t k, size_t n)
{
    return fails() ? NULL : __libc_calloc(k, n);
}

void *realloc(void *p, size_t n)
{
    return fails() ? NULL : __libc_realloc(p, n);
}

__attribute__((destructor)) static void print_count(void)
{
    if (getenv("TDLINT_COUNT"))
        fprintf(stderr, "allocations: %lu\n", (unsigned long)atomic_load(&count));
}
