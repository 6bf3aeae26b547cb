/* Arenas: many small allocations freed in one call, and JSON Pointers
 * written straight into one. */
#include "base.h"

#include <string.h>

struct tdi_arena_block {
    tdi_arena_block *next;
    size_t used, size;
    max_align_t data[]; /* aligned for anything */
};

/* Blocks start small (most files are small) and double up to a cap, so
 * that a big document takes few blocks. */
#define ARENA_BLOCK_MIN (16 * 1024)
#define ARENA_BLOCK_MAX (1024 * 1024)

void tdi_arena_init(tdi_arena *a)
{
    a->head = NULL;
}

void tdi_arena_free(tdi_arena *a)
{
    tdi_arena_block *b = a->head;
    while (b) {
        tdi_arena_block *next = b->next;
        tdi_free(b);
        b = next;
    }
    a->head = NULL;
}

/* n bytes aligned to align (a power of two up to max_align_t's), not zeroed. */
static void *arena_take(tdi_arena *a, size_t n, size_t align)
{
    if (n > SIZE_MAX - ARENA_BLOCK_MAX)
        return NULL;
    if (n == 0)
        n = 1;
    tdi_arena_block *b = a->head;
    size_t at = b ? (b->used + align - 1) & ~(align - 1) : 0;
    if (!b || at > b->size || b->size - at < n) {
        size_t size = !b                               ? ARENA_BLOCK_MIN
                      : b->size >= ARENA_BLOCK_MAX / 2 ? ARENA_BLOCK_MAX
                                                       : b->size * 2;
        if (size < n)
            size = n;
        if (size > SIZE_MAX - sizeof *b)
            return NULL;
        tdi_arena_block *nb = tdi_malloc(sizeof *nb + size);
        if (!nb)
            return NULL;
        nb->used = 0;
        nb->size = size;
        tdi_prefault(nb->data, size);
        if (b && n > ARENA_BLOCK_MIN && b->size - b->used >= ARENA_BLOCK_MIN) {
            /* a big request while the current block still has room: keep
             * filling that one, put the big one behind it */
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            a->head = nb;
        }
        b = nb;
        at = 0;
    }
    b->used = at + n;
    return (char *)b->data + at;
}

void *tdi_arena_alloc(tdi_arena *a, size_t n)
{
    void *p = arena_take(a, n, _Alignof(max_align_t));
    if (p)
        memset(p, 0, n);
    return p;
}

void *tdi_arena_alloc_raw(tdi_arena *a, size_t n, size_t align)
{
    return arena_take(a, n, align);
}

void *tdi_arena_array(tdi_arena *a, size_t n, size_t size)
{
    if (n == 0 || size == 0 || n > SIZE_MAX / size)
        return NULL;
    return tdi_arena_alloc(a, n * size);
}

char *tdi_arena_strdup(tdi_arena *a, const char *s)
{
    size_t n = strlen(s);
    char *d = arena_take(a, n + 1, 1);
    if (d)
        memcpy(d, s, n + 1);
    return d;
}

/* Written straight into the arena: the model joins a pointer for every
 * container, mount and setting it reads. */
char *tdi_pointer_join(tdi_arena *arena, const char *base, const char *token)
{
    size_t bl = strlen(base), tl = 0;
    for (const char *s = token; *s; s++)
        tl += (*s == '~' || *s == '/') ? 2 : 1;
    if (tl > SIZE_MAX - 2 - bl)
        return NULL;
    char *out = arena_take(arena, bl + tl + 2, 1);
    if (!out)
        return NULL;
    memcpy(out, base, bl);
    char *p = out + bl;
    *p++ = '/';
    for (const char *s = token; *s; s++) {
        if (*s == '~' || *s == '/') {
            *p++ = '~';
            *p++ = *s == '~' ? '0' : '1';
        } else {
            *p++ = *s;
        }
    }
    *p = '\0';
    return out;
}

char *tdi_pointer_index(tdi_arena *arena, const char *base, size_t i)
{
    char num[24], *p = num + sizeof num;
    *--p = '\0';
    do
        *--p = (char)('0' + i % 10);
    while ((i /= 10) != 0);
    return tdi_pointer_join(arena, base, p);
}
