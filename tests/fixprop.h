/*
 * The properties every fix must keep (issue 16, "Proof"), checked on one
 * text and what td_fix_buffer made of it. Shared by the property test
 * (tests/fixprop.c, over testdata/ and the real-world corpus), its unit test
 * (tests/unit/test_fixprop.c, which feeds each check a pair that breaks it)
 * and the fuzz target fuzz/fuzz_fix.c.
 *
 * Each check adds the properties it finds violated to a fixprop_run and
 * prints one line per violation, "PATH: PROPERTY: what", on run->log.
 */
#ifndef TDLINT_FIXPROP_H
#define TDLINT_FIXPROP_H

#include <stddef.h>
#include <stdio.h>

#include "tdlint.h"

/* The properties, one bit each. */
enum {
    FP_LOADS = 1 << 0,      /* the original loads, the fixed text does not, has another number of
                               documents, or more load issues (a duplicate key) */
    FP_TREE = 1 << 1,       /* the documents differ beyond the root-filesystem keys */
    FP_UNPARSED = 1 << 2,   /* the original does not load, and the fix changed it */
    FP_FIXABLE = 1 << 3,    /* linting the fixed text reports a finding with a fix */
    FP_IDEMPOTENT = 1 << 4, /* fixing the fixed text applies a fix or changes a byte */
    FP_FINDINGS = 1 << 5,   /* td_fix_buffer's td_file differs from linting the fixed text */
    FP_COUNT = 1 << 6,      /* fixes applied but the text unchanged, or the reverse */
    FP_BOM = 1 << 7,        /* the byte-order mark added or lost */
    FP_FINAL_EOL = 1 << 8,  /* the last line's line end added or lost */
    FP_EOL_STYLE = 1 << 9,  /* a file with one line-end style (LF, CRLF, CR) has another now */
    FP_LINES = 1 << 10,     /* more lines added than fixes applied, or a one-line file of JSON
                               or a YAML flow collection split */
    FP_NPROPS = 11
};

/* The property's name, as violations print it ("loads", "same-tree", ...). */
const char *fixprop_name(unsigned property);

typedef struct {
    const char *path;  /* named in violations */
    FILE *log;         /* where violations are printed; NULL: nowhere */
    unsigned violated; /* FP_* bits of the properties found violated */
    size_t nviolations;
} fixprop_run;

/* Records a violation of property (one FP_* bit) and prints it. */
void fixprop_violation(fixprop_run *r, unsigned property, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The bytes: BOM, final line end, line-end style, number of lines, and
 * whether the text changed when nfixed fixes were applied (FP_COUNT,
 * FP_BOM, FP_FINAL_EOL, FP_EOL_STYLE, FP_LINES). */
void fixprop_bytes(fixprop_run *r, const char *orig, size_t olen, const char *fixed, size_t flen,
                   size_t nfixed);

/* Both texts loaded whole (no pruning): when the original loads, the fixed
 * text loads with as many documents and no more load issues, each document
 * equal to the original's once every object member whose key is the
 * root-filesystem setting in any letter case, or near it (tdi_near), is
 * left out (FP_LOADS, FP_TREE); when it does not load, the fixed text is the
 * same bytes (FP_UNPARSED). Returns TD_OK or TD_ENOMEM. */
int fixprop_trees(fixprop_run *r, const char *orig, size_t olen, const char *fixed, size_t flen);

/* relinted, the fixed text linted again, has no finding with a fix (FP_FIXABLE). */
void fixprop_fixable(fixprop_run *r, const td_file *relinted);

/* Fixing the fixed text again gave refixed with nrefixed fixes: none, and
 * the same bytes (FP_IDEMPOTENT). */
void fixprop_refix(fixprop_run *r, const char *fixed, size_t flen, const char *refixed, size_t rlen,
                   size_t nrefixed);

/* The td_file td_fix_buffer returned and the fixed text linted again have the
 * same findings: rule, line, column, message, and why it is not fixed
 * (FP_FINDINGS). */
void fixprop_findings(fixprop_run *r, const td_file *from_fix, const td_file *relinted);

/* Lines changed from a to b, each text taken as a multiset of lines (a line
 * with its line end): a line of a with no equal line left in b is removed, a
 * line of b with no equal line left in a added. For edits that move no line
 * (what a fix does) this is what git diff --stat counts. Returns TD_OK or
 * TD_ENOMEM. */
int fixprop_line_diff(const char *a, size_t alen, const char *b, size_t blen, size_t *added,
                      size_t *removed);

/* What fixprop_check adds up over many files. */
typedef struct {
    size_t files, changed, added, removed, fixes;
    size_t *by_rule; /* findings left, per rule of td_rule_at (td_rule_count of them) */
    struct fixprop_reason *reasons; /* the unfixable reasons left, with counts */
    size_t nreasons, reasons_cap;
} fixprop_totals;

int fixprop_totals_init(fixprop_totals *t);
void fixprop_totals_free(fixprop_totals *t);
/* Prints the totals, git diff --stat style, then the findings left by rule
 * and the reasons they are not fixed, most frequent first. */
void fixprop_totals_print(const fixprop_totals *t, FILE *out);

/* The whole check of data[0..len): td_fix_buffer under the defaults, then
 * every property above. totals (may be NULL) adds the file. Returns TD_OK or
 * TD_ENOMEM. */
int fixprop_check(fixprop_run *r, const char *data, size_t len, fixprop_totals *totals);

#endif /* TDLINT_FIXPROP_H */
