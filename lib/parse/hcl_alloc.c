/* tree-sitter's memory, through the library's allocation hook. tree-sitter
 * never checks what its allocator returns (its default aborts on failure),
 * so a load keeps a session open around every call into tree-sitter: each
 * block tree-sitter takes meanwhile is linked into the session, and an
 * allocation that fails jumps back to the session's start (longjmp), where
 * every block still linked is freed. A load that runs out of memory then
 * ends with TD_ENOMEM and leaves nothing behind, as the JSON and YAML loads
 * do. Outside a session (a program calling tree-sitter itself) a failure
 * aborts, as tree-sitter's own allocator does. */
#include "hcl.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <tree_sitter/api.h>

/* Every block starts with this header, padded to keep the block aligned for any type. */
typedef union ts_block {
    struct {
        union ts_block *prev, *next;
        tdi_ts_session *owner; /* NULL: taken outside a session */
    } h;
    max_align_t align;
} ts_block;

static _Thread_local tdi_ts_session *current;

static void link_block(ts_block *b, tdi_ts_session *s)
{
    b->h.owner = s;
    b->h.prev = NULL;
    b->h.next = s ? s->head : NULL;
    if (s) {
        if (s->head)
            s->head->h.prev = b;
        s->head = b;
    }
}

static void unlink_block(ts_block *b)
{
    tdi_ts_session *s = b->h.owner;
    if (!s)
        return;
    if (b->h.prev)
        b->h.prev->h.next = b->h.next;
    else
        s->head = b->h.next;
    if (b->h.next)
        b->h.next->h.prev = b->h.prev;
}

static void out_of_memory(void)
{
    if (current)
        longjmp(current->jump, 1);
    abort(); /* what tree-sitter's own allocator does */
}

static void *ts_alloc(size_t n)
{
    ts_block *b = n <= SIZE_MAX - sizeof *b ? tdi_malloc(sizeof *b + n) : NULL;
    if (!b)
        out_of_memory();
    link_block(b, current);
    return b + 1;
}

static void *ts_alloc_zero(size_t count, size_t size)
{
    if (size && count > (SIZE_MAX - sizeof(ts_block)) / size)
        out_of_memory();
    void *p = ts_alloc(count * size);
    memset(p, 0, count * size);
    return p;
}

static void *ts_resize(void *p, size_t n)
{
    if (!p)
        return ts_alloc(n);
    ts_block *b = (ts_block *)p - 1;
    tdi_ts_session *owner = b->h.owner;
    unlink_block(b);
    ts_block *nb = n <= SIZE_MAX - sizeof *b ? tdi_realloc(b, sizeof *b + n) : NULL;
    if (!nb) {
        link_block(b, owner); /* still tree-sitter's: freed with the session */
        out_of_memory();
    }
    link_block(nb, owner);
    return nb + 1;
}

static void ts_release(void *p)
{
    if (!p)
        return;
    ts_block *b = (ts_block *)p - 1;
    unlink_block(b);
    tdi_free(b);
}

static pthread_once_t installed = PTHREAD_ONCE_INIT;

static void install(void)
{
    ts_set_allocator(ts_alloc, ts_alloc_zero, ts_resize, ts_release);
}

void tdi_ts_begin(tdi_ts_session *s)
{
    pthread_once(&installed, install);
    s->head = NULL;
    s->outer = current;
    current = s;
}

void tdi_ts_end(tdi_ts_session *s)
{
    while (s->head) {
        ts_block *b = s->head;
        s->head = b->h.next;
        tdi_free(b);
    }
    current = s->outer;
}
