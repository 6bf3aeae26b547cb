/* Allocation hook, growable buffers, arenas and hashing. */
#include "internal.h"

#include <pthread.h>
#include <stdio.h>
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

/* ---- buffers ---- */

void tdi_buf_init(tdi_buf *b)
{
    memset(b, 0, sizeof *b);
}

void tdi_buf_free(tdi_buf *b)
{
    tdi_free(b->data);
    memset(b, 0, sizeof *b);
}

static int buf_reserve(tdi_buf *b, size_t extra)
{
    if (b->failed)
        return -1;
    if (extra > SIZE_MAX - b->len - 1 ||
        tdi_grow((void **)&b->data, &b->cap, b->len + extra + 1, 1) < 0) {
        b->failed = 1;
        return -1;
    }
    return 0;
}

void tdi_buf_add(tdi_buf *b, const char *s, size_t n)
{
    if (buf_reserve(b, n) < 0)
        return;
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void tdi_buf_puts(tdi_buf *b, const char *s)
{
    tdi_buf_add(b, s, strlen(s));
}

void tdi_buf_putc(tdi_buf *b, char c)
{
    tdi_buf_add(b, &c, 1);
}

void tdi_buf_vprintf(tdi_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) {
        b->failed = 1;
        return;
    }
    if (buf_reserve(b, (size_t)n) < 0)
        return;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void tdi_buf_printf(tdi_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tdi_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

static void escape(tdi_buf *b, const char *s, size_t len, size_t max_cp, int quotes)
{
    size_t cp = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c & 0xC0) != 0x80 && cp++ == max_cp) {
            tdi_buf_puts(b, "...");
            break;
        }
        if (quotes && (c == '"' || c == '\\')) {
            tdi_buf_putc(b, '\\');
            tdi_buf_putc(b, (char)c);
            continue;
        }
        switch (c) {
        case '\n':
            tdi_buf_puts(b, "\\n");
            break;
        case '\r':
            tdi_buf_puts(b, "\\r");
            break;
        case '\t':
            tdi_buf_puts(b, "\\t");
            break;
        default:
            if (c < 0x20 || c == 0x7F) {
                tdi_buf_printf(b, "\\u%04x", c);
            } else if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0x85) {
                tdi_buf_puts(b, "\\u0085"); /* NEL, a line break to some readers */
                i++;
            } else if (c == 0xE2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
                       ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9)) {
                tdi_buf_puts(b, (unsigned char)s[i + 2] == 0xA8 ? "\\u2028" : "\\u2029");
                i += 2;
            } else if (c < 0x80) {
                tdi_buf_putc(b, (char)c);
            } else {
                /* a whole UTF-8 sequence as it is; a byte of none (a sequence cut
                 * short, a stray byte) as \xNN, so that the message stays UTF-8 */
                size_t n = tdi_utf8_seq((const unsigned char *)s + i, len - i);
                if (n == 0) {
                    tdi_buf_printf(b, "\\x%02X", c);
                } else {
                    tdi_buf_add(b, s + i, n);
                    i += n - 1;
                }
            }
        }
    }
}

void tdi_buf_escaped(tdi_buf *b, const char *s, size_t len, size_t max_cp)
{
    escape(b, s, len, max_cp, 0);
}

void tdi_buf_quoted(tdi_buf *b, const char *s, size_t len, size_t max_cp)
{
    tdi_buf_putc(b, '"');
    escape(b, s, len, max_cp, 1);
    tdi_buf_putc(b, '"');
}

void tdi_buf_pointer_token(tdi_buf *b, const char *s)
{
    tdi_buf_putc(b, '/');
    for (; *s; s++) {
        if (*s == '~')
            tdi_buf_add(b, "~0", 2);
        else if (*s == '/')
            tdi_buf_add(b, "~1", 2);
        else
            tdi_buf_putc(b, *s);
    }
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
    char *out = tdi_arena_alloc_raw(arena, bl + tl + 2, 1);
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

char *tdi_buf_steal(tdi_buf *b)
{
    if (b->failed) {
        tdi_buf_free(b);
        return NULL;
    }
    if (!b->data)
        tdi_buf_add(b, "", 0);
    char *s = b->data;
    if (!s) {
        tdi_buf_free(b);
        return NULL;
    }
    memset(b, 0, sizeof *b);
    return s;
}

/* ---- arenas ---- */

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
        size_t size = !b ? ARENA_BLOCK_MIN : b->size >= ARENA_BLOCK_MAX / 2 ? ARENA_BLOCK_MAX
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

/* ---- jansson's allocations into an arena ----
 * While a loader builds a document, every value jansson allocates on that
 * thread comes from the document's arena and jansson's frees are no-ops;
 * the document's tree is then never released value by value, only with its
 * arena. Elsewhere (emitters, a program using jansson itself) the
 * allocation functions that were set before ours are used. */

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
        p = arena_take(a, cls <= SMALL_CLASSES ? cls * 8 : n, _Alignof(json_align_t));
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

char *tdi_arena_strdup(tdi_arena *a, const char *s)
{
    size_t n = strlen(s);
    char *d = tdi_arena_alloc(a, n + 1);
    if (d)
        memcpy(d, s, n + 1);
    return d;
}

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
