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

#include "engine/engine.h"

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
