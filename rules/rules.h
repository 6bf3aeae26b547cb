/*
 * The rules stage: the rule table, each rule's check, and the findings they
 * make. A check reads one task of the model (model/model.h) and adds
 * findings located by byte spans; the engine turns spans into lines and
 * columns once all findings of a file are in, filters them and keeps them in
 * its td_file. Not installed: programs use tdlint.h only.
 */
#ifndef TDLINT_RULES_H
#define TDLINT_RULES_H

#include "model/model.h"

/* ---- findings, as the rules make them (findings.c) ---- */

/* The findings of one file while it is checked: each td_finding's start,
 * end and related locations hold byte offsets only (line and column 0) until
 * the engine resolves them. */
typedef struct {
    td_finding *v;
    size_t n, cap;
    tdi_arena *strings; /* messages, pointers, fingerprints, related locations */
    uint64_t *fps;      /* fingerprints given out: an open-addressing set */
    size_t fps_len, fps_cap;
    /* per fingerprint key: the counter to try next (those before it are
     * given out), so that many findings with one key are not quadratic */
    struct tdi_fp_next *next;
    size_t next_len, next_cap;
    int failed; /* an allocation failed: what was found is incomplete */
    /* the fix description and edit text given last, shared by the next fix
     * that has the same: a task of many containers has one fix many times */
    const char *last_fix, *last_text;
} tdi_findings;

/* Adds a finding of rule over span, its strings copied into fs->strings.
 * fp_key identifies the finding for its fingerprint independent of position
 * (for example "task/container"); findings with the same key in one file are
 * told apart by a counter. On failure sets fs->failed. */
void tdi_finding_add(tdi_findings *fs, const td_rule_info *rule, tdi_span span, const char *pointer,
                     const char *fp_key, const char *message);
/* Attaches a related location to the finding added last. */
void tdi_finding_relate(tdi_findings *fs, tdi_span span, const char *message);
/* The same for finding i. */
void tdi_finding_relate_at(tdi_findings *fs, size_t i, tdi_span span, const char *message);
/* Gives the finding added last its fix: the bytes of span replaced with
 * text (copied); what says what it does ("set readonlyRootFilesystem to true"). */
void tdi_finding_fix(tdi_findings *fs, tdi_span span, const char *text, const char *what);
/* Says why the finding added last, of a kind tdlint fixes, has no fix. */
void tdi_finding_unfixable(tdi_findings *fs, const char *why);
/* Records which task and container the finding added last is about (either
 * may be NULL); resource: the task is a Terraform resource, task its address. */
void tdi_finding_about(tdi_findings *fs, const char *task, const char *container, int resource);
void tdi_findings_free(tdi_findings *fs);

/* ---- checking ---- */

typedef struct {
    const td_rule_info *rule; /* the rule being checked */
    tdi_findings *out;
    const tdi_doc *doc;
    const char *const *system_paths; /* TD101: directories the configuration adds */
    size_t nsystem_paths;
    /* TD003 runs, so it reports a container whose root-filesystem key is only
     * misspelt (TD001 leaves it alone: one finding for one mistake) */
    int typos_reported;
    const tdi_source *src; /* the file's text: fixes are written in its style */
    /* the quote a fix gives an inserted true in quote_task (fix.c: found once
     * per task) */
    const tdi_task *quote_task;
    char quote;
} tdi_ctx;

/* A rule's check: reads one task of the model and adds findings of ctx->rule. */
typedef void (*tdi_check_fn)(tdi_ctx *ctx, const tdi_task *task);

typedef struct {
    td_rule_info info;
    tdi_check_fn check; /* NULL for rules reported elsewhere (TD000, by the engine) */
} tdi_rule;

/* The one table of rules, in ID order (rules.c). */
extern const tdi_rule tdi_rules[];
extern const size_t tdi_nrules;

/* The rules' checks, one per file. */
void tdi_check_td001(tdi_ctx *ctx, const tdi_task *task);
void tdi_check_td002(tdi_ctx *ctx, const tdi_task *task);
void tdi_check_td003(tdi_ctx *ctx, const tdi_task *task);
void tdi_check_td004(tdi_ctx *ctx, const tdi_task *task);
void tdi_check_td005(tdi_ctx *ctx, const tdi_task *task);
void tdi_check_td101(tdi_ctx *ctx, const tdi_task *task);
void tdi_check_td102(tdi_ctx *ctx, const tdi_task *task);
void tdi_check_td103(tdi_ctx *ctx, const tdi_task *task);
void tdi_check_td104(tdi_ctx *ctx, const tdi_task *task);

/* ---- fixes (fix.c) ----
 *
 * Each gives the finding added last its fix, or says why it has none: the
 * setting not written literally (an intrinsic function, a YAML alias or
 * merge), a spelling the fix does not know. */

/* TD001 about container c: the key inserted as true, or false/null/"false"
 * made true. */
void tdi_fix_td001(tdi_ctx *ctx, const tdi_task *t, const tdi_container *c);
/* TD003 about typo, a key near the setting's: renamed to it. */
void tdi_fix_td003_key(tdi_ctx *ctx, const tdi_task *t, const tdi_container *c,
                       const tdi_typo *typo);
/* TD003 about value v: the ECS API's string "true" or "false" made true;
 * other values have no one meaning. */
void tdi_fix_td003_value(tdi_ctx *ctx, const tdi_task *t, const tdi_container *c,
                         const tdi_ro_value *v);

/* ---- what the checks share (report.c) ---- */

/* Attaches a related location to the finding added last. */
void tdi_report_related(tdi_ctx *ctx, tdi_span span, const char *fmt, ...) TDI_PRINTF(3, 4);
/* Reports a finding about container c's root-filesystem setting: at c->ro_span,
 * the message being `container "web" in task definition "Web"` (without the
 * task part for a bare container array) followed by the formatted rest. */
void tdi_report_container(tdi_ctx *ctx, const tdi_task *task, const tdi_container *c,
                          const char *fmt, ...) TDI_PRINTF(4, 5);
/* The same at span (JSON Pointer pointer) instead of the setting: for findings
 * about a container's mounts and volumes. fp_what tells the finding apart from
 * the rule's other findings about c, independently of positions (a path, an
 * entry); it may be NULL. */
void tdi_report_at_container(tdi_ctx *ctx, const tdi_task *task, const tdi_container *c,
                             tdi_span span, const char *pointer, const char *fp_what,
                             const char *fmt, ...) TDI_PRINTF(7, 8);
/* Reports a finding about an opaque entry o of task: the message being
 * `ContainerDefinitions of task definition "Web" is <how><o->what>`, then
 * ` when <the assumptions that lead to it>` if any, then the formatted rest. */
void tdi_report_opaque(tdi_ctx *ctx, const tdi_task *task, const tdi_opaque *o, const char *how,
                       const char *fmt, ...) TDI_PRINTF(5, 6);
/* Writes the path to value v of container c (the container's own assumptions,
 * then the value's) as "condition A is true and parameter P is \"x\"";
 * returns the number of phrases (0: unconditional). v may be NULL. */
size_t tdi_value_path(tdi_buf *b, const tdi_container *c, const tdi_ro_value *v);
/* Adds to the finding added last a related location for each assumption of
 * the path (c may be NULL), skipping spans already related. */
void tdi_relate_path(tdi_ctx *ctx, const tdi_when *cw, size_t ncw, const tdi_when *vw, size_t nvw);

#endif /* TDLINT_RULES_H */
