/* jansson's allocations into an arena.
 * While a loader builds a document, every value jansson allocates on that
 * thread comes from the document's arena and jansson's frees are no-ops;
 * the document's tree is then never released value by value, only with its
 * arena. Elsewhere (emitters, a program using jansson itself) the
 * allocation functions that were set before ours are used. */
#include "load.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static json_malloc_t prev_json_malloc;
static json_free_t prev_json_free;
static _Thread_local tdi_arena *json_arena;
static pthread_once_t json_hooks_once = PTHREAD_ONCE_INIT;

/* jansson's values hold pointers, size_t, long long and double at most */
typedef union {
    void *p;
    long long ll;
    double d;
    size_t z;
} json_align_t;

/* jansson frees some blocks right after use (the lexer's copy of each key,
 * once the key is in its object): blocks among the last RECENT handed out
 * are remembered with their sizes, and when one is freed it goes to a free
 * list of its size for the next request of that size. */
#define RECENT 128
#define SMALL_CLASSES 32 /* sizes up to SMALL_CLASSES * 8 bytes */

typedef struct small_free {
    struct small_free *next;
} small_free;

typedef struct {
    void *p[RECENT];
    unsigned char cls[RECENT]; /* size class, 0: not kept */
    unsigned next;
    small_free *free[SMALL_CLASSES + 1];
} json_recent;

static _Thread_local json_recent recent;

static void *json_arena_malloc(size_t n)
{
    tdi_arena *a = json_arena;
    if (!a)
        return prev_json_malloc(n);
    size_t cls = (n + 7) / 8;
    void *p;
    if (cls == 0)
        cls = 1;
    if (cls <= SMALL_CLASSES && recent.free[cls]) {
        p = recent.free[cls];
        recent.free[cls] = recent.free[cls]->next;
    } else {
        p = tdi_arena_alloc_raw(a, cls <= SMALL_CLASSES ? cls * 8 : n, _Alignof(json_align_t));
        if (!p)
            return NULL;
    }
    unsigned k = recent.next++ % RECENT;
    recent.p[k] = p;
    recent.cls[k] = cls <= SMALL_CLASSES ? (unsigned char)cls : 0;
    return p;
}

static void json_arena_free(void *p)
{
    if (!json_arena) {
        prev_json_free(p);
        return;
    }
    if (!p)
        return;
    for (unsigned j = 1; j <= RECENT; j++) { /* newest first */
        unsigned k = (recent.next - j) % RECENT;
        if (recent.p[k] == p && recent.cls[k]) {
            small_free *f = p;
            f->next = recent.free[recent.cls[k]];
            recent.free[recent.cls[k]] = f;
            recent.p[k] = NULL;
            return;
        }
    }
}

static void json_hooks_install(void)
{
    json_get_alloc_funcs(&prev_json_malloc, &prev_json_free);
    if (!prev_json_malloc || !prev_json_free) {
        prev_json_malloc = malloc;
        prev_json_free = free;
    }
    json_set_alloc_funcs(json_arena_malloc, json_arena_free);
}

int tdi_json_arena_begin(tdi_arena *a)
{
    pthread_once(&json_hooks_once, json_hooks_install);
    json_malloc_t m;
    json_free_t f;
    json_get_alloc_funcs(&m, &f);
    if (m != json_arena_malloc || f != json_arena_free)
        return 0; /* the program set its own functions since */
    memset(&recent, 0, sizeof recent);
    json_arena = a;
    return 1;
}

void tdi_json_arena_end(void)
{
    memset(&recent, 0, sizeof recent);
    json_arena = NULL;
}
