/* Small helpers: hashing and error text. */
#include "base.h"

#include <stdio.h>
#include <string.h>

const char *tdi_strerror(int err, char *buf, size_t size)
{
    /* the XSI strerror_r (no _GNU_SOURCE here): 0 on success */
    if (strerror_r(err, buf, size) != 0 || !buf[0])
        snprintf(buf, size, "error %d", err);
    return buf;
}

uint64_t tdi_hash64(const void *data, size_t n, uint64_t seed)
{
    const unsigned char *p = data;
    uint64_t h = seed ? seed : 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}
