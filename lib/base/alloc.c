/* Allocation: the library's one hook, growing arrays, and mapping big blocks in at once. */
#include "base.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

void *tdi_malloc(size_t n)
{
    return malloc(n ? n : 1);
}

void *tdi_calloc(size_t count, size_t size)
{
    return calloc(count ? count : 1, size ? size : 1);
}

void *tdi_realloc(void *p, size_t n)
{
    return realloc(p, n ? n : 1);
}

void tdi_free(void *p)
{
    free(p);
}

char *tdi_strndup(const char *s, size_t n)
{
    char *d = tdi_malloc(n + 1);
    if (!d)
        return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *tdi_strdup(const char *s)
{
    return s ? tdi_strndup(s, strlen(s)) : NULL;
}

int tdi_grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return TD_OK;
    size_t ncap = *cap ? *cap : 8;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            return TD_ENOMEM;
        ncap *= 2;
    }
    if (ncap > SIZE_MAX / elem)
        return TD_ENOMEM;
    void *np = tdi_realloc(*p, ncap * elem);
    if (!np)
        return TD_ENOMEM;
    *p = np;
    *cap = ncap;
    return TD_OK;
}

/* Linux 5.14's MADV_POPULATE_WRITE, which older headers lack; an older
 * kernel refuses it with EINVAL, which changes nothing. */
#if defined(__linux__) && !defined(MADV_POPULATE_WRITE)
#define MADV_POPULATE_WRITE 23
#endif

/* Below this a block takes few faults, not worth a system call. */
#define PREFAULT_MIN (256 * 1024)

void tdi_prefault(void *p, size_t n)
{
#ifdef MADV_POPULATE_WRITE
    if (!p || n < PREFAULT_MIN)
        return;
    long ps = sysconf(_SC_PAGESIZE);
    size_t page = ps > 0 ? (size_t)ps : 4096;
    uintptr_t lo = ((uintptr_t)p + page - 1) & ~(uintptr_t)(page - 1);
    uintptr_t hi = ((uintptr_t)p + n) & ~(uintptr_t)(page - 1);
    if (hi > lo)
        (void)madvise((void *)lo, hi - lo, MADV_POPULATE_WRITE);
#else
    (void)p;
    (void)n;
#endif
}
