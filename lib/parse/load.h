/* What the parse stage's loaders share among themselves (not for later stages). */
#ifndef TDLINT_PARSE_LOAD_H
#define TDLINT_PARSE_LOAD_H

#include "parse.h"

/* Records the loader error (message formatted) in out; returns TD_OK or
 * TD_ENOMEM. (loaded.c) */
int tdi_loaded_fail(tdi_loaded *out, tdi_load_status status, size_t start, size_t end,
                    const char *fmt, ...) TDI_PRINTF(5, 6);
/* Records a problem that does not stop the load (message formatted) in
 * out; returns TD_OK or TD_ENOMEM. (loaded.c) */
int tdi_loaded_issue(tdi_loaded *out, size_t start, size_t end, const char *fmt, ...)
    TDI_PRINTF(4, 5);
/* Records a duplicate key at [start, end) in out: its message is fmt
 * formatted, then
 * " (also at line N)" naming the line of offset also_at (none when SIZE_MAX),
 * then out->opt.duplicate_tail or TDI_DUPLICATE_TAIL. The lines are found by
 * tdi_loaded_finish_issues, all at once (one at a time would scan a long line once per duplicate).
 * Returns TD_OK or TD_ENOMEM. (loaded.c) */
int tdi_loaded_duplicate(tdi_loaded *out, size_t start, size_t end, size_t also_at, const char *fmt,
                         ...) TDI_PRINTF(5, 6);
/* The same with the message ending in tail (a static string) instead of
 * TDI_DUPLICATE_TAIL. (loaded.c) */
int tdi_loaded_duplicate_tail(tdi_loaded *out, size_t start, size_t end, size_t also_at,
                              const char *tail, const char *fmt, ...) TDI_PRINTF(6, 7);
/* Completes the messages of the duplicates recorded in out; returns TD_OK or
 * TD_ENOMEM. (loaded.c) */
int tdi_loaded_finish_issues(tdi_loaded *out, const tdi_source *src);
/* Frees out's documents and issues, keeping the rest. (loaded.c) */
void tdi_loaded_drop_docs(tdi_loaded *out);

/* The format loaders tdi_load picks: text[0..len) starts at byte base of the
 * source (after a byte-order mark); they fill out->docs, or out->error. */
int tdi_load_json(const char *text, size_t len, size_t base, tdi_loaded *out);
int tdi_load_yaml(const char *text, size_t len, size_t base, tdi_loaded *out);
/* Terraform's HCL (hcl.c): one document, the file in Terraform's JSON
 * syntax, every object and array indexed, doc->string_text set; every
 * comment's span in out->comments. */
int tdi_load_hcl(const char *text, size_t len, size_t base, tdi_loaded *out);

/* From here to tdi_json_arena_end, jansson's allocations on this thread come
 * from a and its frees do nothing (a tree built meanwhile is released with
 * the arena only). 0 when jansson's allocation functions were replaced by
 * the program after ours: then nothing changes and the tree is jansson's. */
int tdi_json_arena_begin(tdi_arena *a);
void tdi_json_arena_end(void);

#endif
