/* The model's allocations: strings, arrays and JSON Pointers in the model's
 * arena, the first failure remembered. */
#include "build.h"

static void *check(tdi_mb *mb, void *p)
{
    if (!p)
        mb->err = TD_ENOMEM;
    return p;
}

char *tdi_mb_key(tdi_mb *mb, const char *base, const char *key)
{
    return check(mb, tdi_pointer_join(mb->arena, base, key));
}

char *tdi_mb_index(tdi_mb *mb, const char *base, size_t i)
{
    return check(mb, tdi_pointer_index(mb->arena, base, i));
}

char *tdi_mb_str(tdi_mb *mb, const char *s)
{
    return check(mb, tdi_arena_strdup(mb->arena, s));
}

void *tdi_mb_array(tdi_mb *mb, size_t n, size_t size)
{
    return n ? check(mb, tdi_arena_array(mb->arena, n, size)) : NULL;
}
