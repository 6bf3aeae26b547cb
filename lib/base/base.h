/*
 * The base stage: allocation, growable buffers, arenas, UTF-8, paths, string
 * distance and hashing. It knows no tdlint type; every later stage uses it.
 * Not installed: programs use tdlint.h only.
 */
#ifndef TDLINT_BASE_H
#define TDLINT_BASE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* TD_OK and TD_ENOMEM, the error codes every stage returns */
#include "tdlint.h"

#if defined(__GNUC__)
#define TDI_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define TDI_PRINTF(f, a)
#endif

/* ---- allocation: every allocation of the library goes through these (alloc.c) ---- */

void *tdi_malloc(size_t n);
void *tdi_calloc(size_t count, size_t size);
void *tdi_realloc(void *p, size_t n);
void tdi_free(void *p);
char *tdi_strdup(const char *s);
char *tdi_strndup(const char *s, size_t n);
/* Grows *p (holding *cap elements of size elem) to hold at least need; 0 or TD_ENOMEM. */
int tdi_grow(void **p, size_t *cap, size_t need, size_t elem);
/* Asks the kernel to map in at once the pages of a big block about to be
 * written (one call instead of a page fault per page); no effect on small
 * blocks or where the kernel does not know the advice. */
void tdi_prefault(void *p, size_t n);

/* ---- scanning text 8 bytes at a time, where the compiler and byte order allow ---- */

#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define TDI_SWAR 1
/* The high bit of each byte of w that is c, and no other bit: byte j of the
 * text loaded into w is bit 8 j + 7 (__builtin_ctzll(m) / 8 finds the first). */
static inline uint64_t tdi_bytes_eq(uint64_t w, unsigned char c)
{
    const uint64_t low7 = 0x7F7F7F7F7F7F7F7FULL;
    uint64_t x = w ^ (0x0101010101010101ULL * c);
    return ~(((x & low7) + low7) | x | low7);
}
#endif

/* ---- growable string buffer (buf.c) ---- */

typedef struct {
    char *data; /* NUL-terminated when len > 0 or after any append */
    size_t len, cap;
    int failed; /* set when an allocation failed; later appends do nothing */
} tdi_buf;

void tdi_buf_init(tdi_buf *b);
void tdi_buf_free(tdi_buf *b);
void tdi_buf_add(tdi_buf *b, const char *s, size_t n);
void tdi_buf_puts(tdi_buf *b, const char *s);
void tdi_buf_putc(tdi_buf *b, char c);
void tdi_buf_printf(tdi_buf *b, const char *fmt, ...) TDI_PRINTF(2, 3);
void tdi_buf_vprintf(tdi_buf *b, const char *fmt, va_list ap);
/* Appends s[0..len) in double quotes, escaped so that the message stays one
 * readable line of UTF-8: \" \\ \n \r \t, \u00XX for other control characters
 * and \xNN for a byte that is not part of a UTF-8 sequence; cut after max_cp
 * code points with "..." (never inside a UTF-8 sequence). */
void tdi_buf_quoted(tdi_buf *b, const char *s, size_t len, size_t max_cp);
/* The same without the quotes, and leaving " and \ as they are (for source text). */
void tdi_buf_escaped(tdi_buf *b, const char *s, size_t len, size_t max_cp);
/* Longest names and values quoted in messages, in code points. */
#define TDI_QUOTE_MAX 80
/* Appends s with each byte that is not part of valid UTF-8 replaced by U+FFFD. */
void tdi_buf_utf8(tdi_buf *b, const char *s);
/* Appends s as a JSON Pointer reference token ("/" then s, ~ and / escaped). */
void tdi_buf_pointer_token(tdi_buf *b, const char *s);
/* Takes the string out of the buffer (caller frees); NULL if an allocation failed. */
char *tdi_buf_steal(tdi_buf *b);
/* A new string formatted as printf does (caller frees); NULL when out of memory. */
char *tdi_vformat(const char *fmt, va_list ap);

/* ---- arena: many small allocations freed in one call (arena.c) ---- */

typedef struct tdi_arena_block tdi_arena_block;
typedef struct {
    tdi_arena_block *head;
} tdi_arena;

void tdi_arena_init(tdi_arena *a);
void tdi_arena_free(tdi_arena *a);
void *tdi_arena_alloc(tdi_arena *a, size_t n); /* zeroed, aligned for any type */
/* Not zeroed, aligned to align (a power of two, at most max_align_t's). */
void *tdi_arena_alloc_raw(tdi_arena *a, size_t n, size_t align);
/* n zeroed elements of size bytes; NULL when n is 0, when n * size overflows
 * or when out of memory. */
void *tdi_arena_array(tdi_arena *a, size_t n, size_t size);
char *tdi_arena_strdup(tdi_arena *a, const char *s);
/* base + "/" + token (escaped), copied into arena; NULL when out of memory. */
char *tdi_pointer_join(tdi_arena *arena, const char *base, const char *token);
/* base + "/" + i, copied into arena; NULL when out of memory. */
char *tdi_pointer_index(tdi_arena *arena, const char *base, size_t i);

/* ---- UTF-8 (utf8.c) ---- */

/* Decodes the well-formed UTF-8 sequence at s[0..n) (no overlong form, no
 * surrogate, nothing past U+10FFFF): its length (1 to 4), its code point in
 * *cp unless cp is NULL; 0 when s does not start one. */
size_t tdi_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/* ---- paths (path.c) ---- */

/* Writes the absolute path p into out (room for strlen(p) + 2 bytes) without
 * "//", "." and ".." segments and trailing slashes, as Docker cleans mount
 * paths ("/" for the root). Returns 0, or -1 when p is not absolute. */
int tdi_path_clean(const char *p, char *out);
/* The first of dirs[0..n) that the absolute path is or lies below, both
 * compared clean ("/" matches only itself; relative entries of dirs never
 * match); NULL when none does or path is not absolute. Sets *oom when an
 * allocation fails. */
const char *tdi_path_in(const char *path, const char *const *dirs, size_t n, int *oom);
/* The path of file (relative to the current directory, or absolute) relative
 * to the absolute folder dir, after making it absolute and clean; NULL when
 * the file is outside dir or out of memory (*oom set). Caller frees. */
char *tdi_path_within(const char *dir, const char *file, int *oom);
/* Whether path matches the glob pattern: fnmatch(3) with FNM_PATHNAME, so that
 * '*', '?' and [...] never match '/', plus "**" as a whole path segment: "**"
 * followed by a slash matches any number of directories (none included), a
 * final "**" everything below. */
int tdi_glob_match(const char *pattern, const char *path);
/* Whether path (relative to the pattern's base folder, no leading "./") is
 * matched by an exclusion pattern, with git's .gitignore rules for one
 * pattern (negation and trailing spaces are the caller's): a trailing '/'
 * matches directories only (is_dir); a pattern with no other '/' matches the
 * base name at any depth; one with a '/' at its start or in its middle is
 * matched against the whole path, a leading '/' dropped, by tdi_glob_match
 * (but a "**" right after a literal start that does not end in '/' matches
 * anything there, slashes too, as in git). A backslash quotes the next
 * character; a pattern with a '[' set left open matches nothing, as in git. */
int tdi_pattern_match(const char *pattern, const char *path, int is_dir);

/* ---- string distance (strdist.c) ---- */

/* The Levenshtein distance between a and b (one insertion, deletion or
 * substitution of a byte each), letter case ignored when fold_case is set;
 * limit + 1 as soon as it is known to exceed limit, and for strings longer
 * than TDI_DISTANCE_MAX. What tdlint calls "near" everywhere: a misspelt key,
 * a suggestion for an unknown name. */
size_t tdi_edit_distance(const char *a, const char *b, size_t limit, int fold_case);
#define TDI_DISTANCE_MAX 64

/* ---- small helpers (util.c) ---- */

/* FNV-1a 64-bit, from seed (0: a fixed start; fingerprints depend on it). */
uint64_t tdi_hash64(const void *data, size_t n, uint64_t seed);
/* strerror(err) written into buf (thread-safe: strerror_r); returns buf. */
const char *tdi_strerror(int err, char *buf, size_t size);

#endif /* TDLINT_BASE_H */
