/*
 * The report stage: a td_file (engine/engine.h) written in one of the
 * formats, file by file. report.c holds the table of formats and the
 * td_report_* and td_emit_* entry points; each format is a file that fills
 * one row of the table. Not installed: programs use tdlint.h only.
 */
#ifndef TDLINT_REPORT_H
#define TDLINT_REPORT_H

#include <stdio.h>

#include "engine/engine.h"

/* ---- writing JSON a piece at a time (jsonw.c) ---- */

/* Writing a JSON document a piece at a time, laid out byte for byte as
 * jansson's JSON_INDENT(2) dump of the whole would be (two spaces a level,
 * "key": value, one member or element a line), so that a report can be
 * written file by file. The first error (TD_ENOMEM, TD_EIO) stays in err and
 * stops the writing. */
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
/* A JSON string of s (U+FFFD for bytes that are not UTF-8), JSON null for
 * NULL; a new reference, NULL when out of memory. */
json_t *tdi_json_text(const char *s);
/* path without leading "./": the repository-relative form CI systems match. */
const char *tdi_repo_path(const char *path);
/* The file a finding or related location x of file is in: x->path, or the
 * file's own path when it has none (a file that could not be read). */
#define TDI_PATH_OF(file, x) ((x)->path ? (x)->path : (file)->path)
/* What the formats that print a finding's message as text (text, GitHub,
 * GitLab, JUnit) add after it: " (fixable with --fix)" when the finding has
 * a fix, else "" (jsonw.c). */
const char *tdi_fixable_note(const td_finding *f);

/* ---- snippets: a source line with the span of a finding underlined (snippet.c) ---- */

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

/* ---- the formats ---- */

typedef struct {
    size_t tests, failures, errors;
} tdi_junit_counts;

struct td_report {
    const struct tdi_report_format *fmt;
    td_report_options o;
    FILE *out;
    tdi_jw w;
    int err;        /* the first error; every later call returns it */
    size_t n;       /* files (JSON) or results (SARIF, GitLab) written so far */
    size_t files;   /* files added */
    tdi_buf b, tmp; /* scratch; JUnit: suites when no temporary file could be made */
    /* JSON: the summary */
    size_t count[TD_LEVEL_ERROR + 1], suppressed;
    /* SARIF: notifications of the files that could not be read or parsed, or
     * were skipped; JSON: the files skipped */
    json_t *notes;
    /* JUnit: the suites so far (the root element carries the totals) */
    FILE *suites;
    tdi_junit_counts total;
};

/* A row of the table: what a format writes before the first file, for each
 * file, and after the last (execution_successful: whether the run as a
 * whole succeeded). Each returns TD_OK or an error (TD_ENOMEM, TD_EIO); the
 * report then stops. begin and end may be NULL. */
typedef struct tdi_report_format {
    const char *name; /* as --format and td_format_parse spell it */
    int (*begin)(td_report *r);
    int (*add)(td_report *r, const td_file *file);
    int (*end)(td_report *r, int execution_successful);
    /* a file the caller skipped (TD_FILE_SKIPPED); NULL: the format leaves it out */
    int (*skip)(td_report *r, const td_file *file);
} tdi_report_format;

extern const tdi_report_format tdi_report_text, tdi_report_sarif, tdi_report_json,
    tdi_report_github, tdi_report_gitlab, tdi_report_junit;

#define TDI_JSON_SCHEMA "tdlint/1"

#endif /* TDLINT_REPORT_H */
