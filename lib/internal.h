/*
 * Declarations shared by the library's source files (prefix tdi_). Not
 * installed; programs use tdlint.h only.
 */
#ifndef TDLINT_INTERNAL_H
#define TDLINT_INTERNAL_H

#include "tdlint.h"

#include <jansson.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "base/base.h"

/* From here to tdi_json_arena_end, jansson's allocations on this thread come
 * from a and its frees do nothing (a tree built meanwhile is released with
 * the arena only). 0 when jansson's allocation functions were replaced by
 * the program after ours: then nothing changes and the tree is jansson's. */
int tdi_json_arena_begin(tdi_arena *a);
void tdi_json_arena_end(void);

#include "parse/parse.h"
#include "model/model.h"

/* td_lint_buffer, building the whole tree when prune is 0 (linting builds
 * only what the model reads): the tests check that both report the same. */
int tdi_lint_buffer_flags(const td_config *cfg, const char *display_path, const void *data,
                          size_t len, int prune, td_file **out);

/* ---- configuration (lib/config.c) ---- */

typedef struct {
    const char *rule;      /* "TD001" */
    const char *path;      /* glob relative to the configuration file's folder, or NULL */
    const char *task;      /* family or logical ID, or NULL */
    const char *container; /* or NULL */
    const char *reason;
    const char *expires;   /* "YYYY-MM-DD" or NULL */
} tdi_exception;

struct td_config {
    char *file;           /* the configuration file, NULL for defaults */
    char *dir;            /* absolute folder that exception paths are relative to */
    td_level fail_level;  /* TD_LEVEL_NONE when not set */
    char **disabled;      /* rule IDs turned off */
    size_t ndisabled, disabled_cap;
    const char **system_paths; /* extra TD101 system directories */
    size_t nsystem_paths;
    tdi_exception *exceptions;
    size_t nexceptions;
    tdi_arena arena;      /* strings and arrays of the configuration */
    char today[11];       /* "YYYY-MM-DD" that expiry compares with; "" means the UTC date */
    td_limits limits;     /* as set; 0 fields are the defaults (td_config_get_limits) */
};

/* Parses a configuration held in memory (what td_config_load does after
 * reading the file). path is the name used in error messages, dir the
 * absolute folder that exception paths are relative to (may be NULL). On a
 * configuration error returns TD_EINVAL with *error = "PATH:LINE:COL: message"
 * (free it with free()); TD_ENOMEM when out of memory. */
int tdi_config_parse(const char *path, const char *dir, const char *data, size_t len,
                     td_config **out, char **error);
/* Replaces the 0 fields of l by their defaults. */
void tdi_limits_fill(td_limits *l);
/* Whether s is a calendar date written YYYY-MM-DD. */
int tdi_date_valid(const char *s);
/* Writes today's date as YYYY-MM-DD: cfg->today when set, else the UTC date. */
void tdi_today(const td_config *cfg, char out[11]);
/* ---- findings and rules ---- */

/* A source line kept in a td_file: its text without the line end (and, for
 * line 1, without a byte-order mark), NUL-terminated. */
typedef struct {
    unsigned long no; /* 1-based line number */
    size_t offset;    /* byte offset of its first byte in the file */
    size_t len;       /* bytes in text, the NUL excluded */
    const char *text;
} tdi_file_line;

/* An inline exception as the filter sees it: the resource it belongs to. */
typedef struct {
    const char *task;
    tdi_ignore ignore;
} tdi_file_ignore;

struct td_file {
    char *path;
    td_file_status status;
    char *error;
    size_t ntasks, ncontainers;
    td_finding *findings;
    size_t nfindings, cap;
    tdi_arena strings; /* messages, pointers, fingerprints, related locations */
    int failed;        /* an allocation failed while reporting */
    uint64_t *fps;            /* fingerprints given out (a set; see engine.c) */
    size_t fps_len, fps_cap;
    tdi_file_ignore *ignores; /* inline exceptions of every task (strings in `strings`) */
    size_t nignores, ignores_cap;
    td_container_info *infos; /* each container checked (strings in `strings`) */
    size_t ninfos, infos_cap;
    td_task_info *tasks; /* each task definition, ntasks of them (strings in `strings`) */
    size_t tasks_cap;
    tdi_file_line *lines; /* the source lines where findings and related locations start,
                             by number (text in `strings`): snippets and byte columns */
    size_t nlines;
};

/* Applies rule selection and exceptions to the file's findings: drops those of
 * disabled rules, marks suppressed ones (inline Metadata first, then the
 * configuration's exceptions), and notes expired exceptions in the message.
 * An inline entry without a rule or a reason suppresses nothing and is
 * reported as TD000 at its span (src converts the span; file->ignores spans
 * are offsets in src). Returns TD_OK or TD_ENOMEM. (lib/filter.c) */
int tdi_filter_apply(td_file *file, const tdi_source *src, const td_config *cfg);

int tdi_file_new(const char *path, td_file **out);

/* Copies into file the lines of src where its findings and their related
 * locations start, so that emitters can show them once the source is gone.
 * Returns TD_OK or TD_ENOMEM. (lib/source.c) */
int tdi_file_keep_lines(td_file *file, const tdi_source *src);
/* The kept line number no of file, or NULL. */
const tdi_file_line *tdi_file_line_find(const td_file *file, unsigned long no);
/* The column of position p counted in bytes from the start of its line
 * (1-based, the byte-order mark not counted); p.column when the line is not kept. */
unsigned long tdi_byte_column(const td_file *file, td_position p);

/* ---- snippets: a source line with the span of a finding underlined (lib/snippet.c) ---- */

/* Terminal columns a snippet line takes at most when no width is given. */
#define TDI_SNIPPET_WIDTH 100

typedef struct {
    const char *sgr; /* the span's colour as an SGR parameter ("1;31"); NULL: no colour */
    unsigned width;  /* most terminal columns a line may take, gutter included; 0: the default */
} tdi_snippet_style;

/* Appends to b the source line text[0..len), number no, behind a gutter
 * ("    7 | "), and below it a caret and tildes ("^~~~") under the bytes
 * [start, end) of the line. end > len means that the span goes on over the
 * next lines: it is underlined to the last non-blank character of the line.
 * Tabs expand to the next multiple of 8 in both lines; wide characters
 * (CJK, emoji) take two columns and combining marks none; control
 * characters, bidirectional controls and bytes that are not UTF-8 show as
 * U+FFFD. A line wider than the width is cut around the span, "..." marking
 * each cut. */
void tdi_snippet(tdi_buf *b, unsigned long no, const char *text, size_t len, size_t start,
                 size_t end, const tdi_snippet_style *style);
/* Terminal columns a code point takes: 0 (combining marks, zero-width
 * characters), 1 or 2 (East Asian wide and fullwidth characters, emoji). */
int tdi_cp_width(uint32_t cp);

typedef struct {
    td_file *file;
    const tdi_source *src;
    const tdi_doc *doc;
    const td_config *cfg; /* NULL: defaults */
} tdi_ctx;

/* Adds a finding for rule_id over span. fp_key identifies the finding for its
 * fingerprint independent of position (for example "task/container"). */
void tdi_report(tdi_ctx *ctx, const char *rule_id, tdi_span span, const char *pointer,
                const char *fp_key, const char *fmt, ...) TDI_PRINTF(6, 7);
/* Attaches a related location to the finding reported last. */
void tdi_report_related(tdi_ctx *ctx, tdi_span span, const char *fmt, ...) TDI_PRINTF(3, 4);
/* Same for a finding placed by byte offsets in a file without a document. */
void tdi_report_at(td_file *file, const tdi_source *src, const char *rule_id, tdi_span span,
                   const char *pointer, const char *fp_key, const char *message);
void tdi_file_sort(td_file *file);

/* A rule's check: reads one task of the model and reports. */
typedef void (*tdi_check_fn)(tdi_ctx *ctx, const tdi_task *task);

typedef struct {
    td_rule_info info;
    tdi_check_fn check; /* NULL for rules reported elsewhere (TD000) */
} tdi_rule;

extern const tdi_rule tdi_rules[];

/* The rules' checks, one per file under rules/. */
void tdi_check_td001(tdi_ctx *ctx, const tdi_task *task);
void tdi_check_td002(tdi_ctx *ctx, const tdi_task *task);
void tdi_check_td003(tdi_ctx *ctx, const tdi_task *task);
void tdi_check_td004(tdi_ctx *ctx, const tdi_task *task);
void tdi_check_td101(tdi_ctx *ctx, const tdi_task *task);
void tdi_check_td102(tdi_ctx *ctx, const tdi_task *task);
void tdi_check_td103(tdi_ctx *ctx, const tdi_task *task);
void tdi_check_td104(tdi_ctx *ctx, const tdi_task *task);
extern const size_t tdi_nrules;

/* Reports a finding about container c's root-filesystem setting: at c->ro_span,
 * the message being `container "web" in task definition "Web"` (without the
 * task part for a bare container array) followed by the formatted rest. */
void tdi_report_container(tdi_ctx *ctx, const char *rule_id, const tdi_task *task,
                          const tdi_container *c, const char *fmt, ...) TDI_PRINTF(5, 6);
/* The same at span (JSON Pointer pointer) instead of the setting: for findings
 * about a container's mounts and volumes. fp_what tells the finding apart from
 * the rule's other findings about c, independently of positions (a path, an
 * entry); it may be NULL. */
void tdi_report_at_container(tdi_ctx *ctx, const char *rule_id, const tdi_task *task,
                             const tdi_container *c, tdi_span span, const char *pointer,
                             const char *fp_what, const char *fmt, ...) TDI_PRINTF(8, 9);
/* Writes the path to value v of container c (the container's own assumptions,
 * then the value's) as "condition A is true and parameter P is \"x\"";
 * returns the number of phrases (0: unconditional). v may be NULL. */
size_t tdi_value_path(tdi_buf *b, const tdi_container *c, const tdi_ro_value *v);
/* Adds to the finding reported last a related location for each assumption of
 * the path (c may be NULL), skipping spans already related. */
void tdi_relate_path(tdi_ctx *ctx, const tdi_when *cw, size_t ncw, const tdi_when *vw,
                     size_t nvw);
/* Reports a finding about an opaque entry o of task: the message being
 * `ContainerDefinitions of task definition "Web"` or `container definition #2
 * of task definition "Web"` followed by the formatted rest. */
void tdi_report_opaque(tdi_ctx *ctx, const char *rule_id, const tdi_task *task,
                       const tdi_opaque *o, const char *fmt, ...) TDI_PRINTF(5, 6);

/* ---- helpers of the CI report emitters (lib/emit_common.c) ---- */

/* A JSON string of s (U+FFFD for bytes that are not UTF-8), JSON null for
 * NULL; a new reference, NULL when out of memory. */
json_t *tdi_json_text(const char *s);
/* path without leading "./": the repository-relative form CI systems match. */
const char *tdi_repo_path(const char *path);
/* Writing a JSON document a piece at a time, laid out byte for byte as
 * jansson's JSON_INDENT(2) dump of the whole would be (two spaces a level,
 * "key": value, one member or element a line), so that a report can be
 * written file by file.
 * The first error (TD_ENOMEM, TD_EIO) stays in err and stops the writing. */
typedef struct {
    FILE *out;
    int err;
} tdi_jw;
/* Opens an object or array ('{' or '['). */
void tdi_jw_open(tdi_jw *w, char bracket);
/* Closes the collection at depth that has n members or elements. */
void tdi_jw_close(tdi_jw *w, int depth, size_t n, char bracket);
/* Starts member "key" (an ASCII name) of the object at depth with n before it. */
void tdi_jw_key(tdi_jw *w, int depth, size_t n, const char *key);
/* Starts an element of the array at depth with n before it. */
void tdi_jw_elem(tdi_jw *w, int depth, size_t n);
/* Writes v (taking its reference; NULL: out of memory) as a value at depth. */
void tdi_jw_value(tdi_jw *w, json_t *v, int depth);

/* ---- the pieces of each report format, for lib/report.c ---- */

/* Text: the lines of file's findings; b is scratch. */
int tdi_text_file(FILE *out, tdi_buf *b, const td_file *file, const td_text_options *o);
/* GitHub: the workflow commands of file's findings; b is scratch. */
int tdi_github_file(FILE *out, tdi_buf *b, const td_file *file, td_level min_level);
/* GitLab: the issue of finding f of file. */
json_t *tdi_gitlab_issue(const td_file *file, const td_finding *f);
/* tdlint/1: file's entry in "files"; its findings at or above min_level are
 * counted into count[level] (unsuppressed) and *suppressed. */
json_t *tdi_json_file(const td_file *file, td_level min_level, size_t *count, size_t *suppressed);
#define TDI_JSON_SCHEMA "tdlint/1"
/* SARIF: the run's "tool" (every rule), one result, the notification of a
 * file that could not be read or parsed (NULL when file has none to give),
 * and originalUriBaseIds for srcroot_dir. */
json_t *tdi_sarif_tool(void);
json_t *tdi_sarif_result(const td_file *file, const td_finding *f);
int tdi_sarif_note(const td_file *file, json_t **note);
json_t *tdi_sarif_base_ids(const char *srcroot_dir);
/* JUnit: file's <testsuite>, appended to out (tmp is scratch); its counts
 * are added to total. */
typedef struct {
    size_t tests, failures, errors;
} tdi_junit_counts;
int tdi_junit_suite(tdi_buf *out, tdi_buf *tmp, const td_file *file, td_level min_level,
                    td_level fail_level, tdi_junit_counts *total);

#endif /* TDLINT_INTERNAL_H */
