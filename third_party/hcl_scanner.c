/* tdlint's build of the HCL grammar's external scanner
 * (tree-sitter-hcl/src/scanner.c, included unmodified): its malloc, calloc,
 * realloc and free become tree-sitter's allocator, which tdlint sets
 * (lib/parse/hcl_alloc.c), so that the scanner's memory is the library's
 * too and running out of it ends a load cleanly rather than in a NULL
 * dereference. The headers the scanner includes come first, so that the
 * macros below touch only the scanner's own calls. */
#include <assert.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "tree_sitter/parser.h"

extern void *(*ts_current_malloc)(size_t);
extern void *(*ts_current_calloc)(size_t, size_t);
extern void *(*ts_current_realloc)(void *, size_t);
extern void (*ts_current_free)(void *);

#define malloc(n) ts_current_malloc(n)
#define calloc(c, n) ts_current_calloc(c, n)
#define realloc(p, n) ts_current_realloc(p, n)
#define free(p) ts_current_free(p)

#include "scanner.c"
