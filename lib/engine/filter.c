/* The filter: rule selection and exceptions applied to a file's findings.
 * Inline exceptions (a template's Metadata) are tried first, then the
 * configuration's; the first that matches and has not expired suppresses the
 * finding, which stays in the list (for SARIF) marked with its reason. */
#include "engine.h"

#include <fnmatch.h>
#include <string.h>
#include <strings.h>

/* ---- matching ---- */

static int blank(const char *s)
{
    while (s && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
        s++;
    return !s || !*s;
}

/* An inline entry that can suppress: a rule other than TD000, and a reason. */
static int ignore_usable(const tdi_file_ignore *ig)
{
    const td_rule_info *r = td_rule_find(ig->ignore.rule);
    return r && strcmp(r->id, "TD000") != 0 && !blank(ig->ignore.reason);
}

static int ignore_matches(const tdi_file_ignore *ig, const td_finding *f)
{
    /* the entry may name its rule by ID or by name */
    if (!ignore_usable(ig) || strcmp(td_rule_find(ig->ignore.rule)->id, f->rule_id) != 0)
        return 0;
    if (!ig->task || !f->task || strcmp(ig->task, f->task) != 0)
        return 0;
    if (!ig->ignore.containers)
        return 1;
    for (size_t i = 0; f->container && i < ig->ignore.ncontainers; i++)
        if (ig->ignore.containers[i] && strcmp(ig->ignore.containers[i], f->container) == 0)
            return 1;
    return 0;
}

/* rel: the file's path relative to the configuration's folder, NULL when it
 * is outside it (then no exception with a path matches). */
static int exception_matches(const tdi_exception *x, const td_finding *f, const char *rel)
{
    if (strcmp(x->rule, f->rule_id) != 0)
        return 0;
    if (x->path && (!rel || !tdi_glob_match(x->path, rel)))
        return 0;
    if (x->task && (!f->task || fnmatch(x->task, f->task, 0) != 0))
        return 0;
    if (x->container && (!f->container || fnmatch(x->container, f->container, 0) != 0))
        return 0;
    return 1;
}

/* Marks f suppressed; the justification is the reason without the line
 * break a YAML block scalar ends with. */
static int suppress(td_file *file, td_finding *f, const char *kind, const char *reason)
{
    size_t n = strlen(reason);
    while (n > 0 && (reason[n - 1] == '\n' || reason[n - 1] == '\r' || reason[n - 1] == ' ' ||
                     reason[n - 1] == '\t'))
        n--;
    char *j = tdi_arena_alloc(&file->strings, n + 1);
    if (!j)
        return TD_ENOMEM;
    memcpy(j, reason, n);
    f->suppressed = 1;
    f->suppression_kind = kind;
    f->justification = j;
    return TD_OK;
}

/* TD006: usable inline entries of an enabled rule that suppressed nothing,
 * as notes at the entry. used[g]: entry g suppressed a finding. */
static void report_unused_ignores(td_file *file, const td_config *cfg, const unsigned char *used)
{
    const td_rule_info *td006 = td_rule_find("TD006");
    if (!td_config_rule_enabled(cfg, "TD006"))
        return;
    for (size_t g = 0; g < file->nignores && !file->findings.failed; g++) {
        const tdi_file_ignore *ig = &file->ignores[g];
        /* an entry of a rule turned off cannot be told unused (the entry
         * may name its rule by name: the rule's ID says whether it is on) */
        if (used[g] || !ignore_usable(ig))
            continue;
        const char *id = td_rule_find(ig->ignore.rule)->id;
        if (!td_config_rule_enabled(cfg, id))
            continue;
        tdi_buf m, fp;
        tdi_buf_init(&m);
        tdi_buf_init(&fp);
        tdi_buf_printf(&m,
                       "tdlint ignore entry for %s suppressed nothing in %s: remove it, or "
                       "correct its rule or containers",
                       id, ig->task ? "this resource" : "this file");
        tdi_buf_printf(&fp, "unused ignore\n%s\n%s", ig->task ? ig->task : "", id);
        for (size_t i = 0; i < ig->ignore.ncontainers; i++)
            tdi_buf_printf(&fp, "\n%s", ig->ignore.containers[i] ? ig->ignore.containers[i] : "");
        if (m.failed || fp.failed)
            file->findings.failed = 1;
        else
            tdi_finding_add(&file->findings, td006, ig->ignore.span, "", fp.data, m.data);
        tdi_buf_free(&m);
        tdi_buf_free(&fp);
    }
}

/* Inline entries that cannot suppress anything say so, as TD000 findings at
 * the entry: the file was read, so its status stays TD_FILE_OK. */
static void report_bad_ignores(td_file *file)
{
    const td_rule_info *td000 = td_rule_find("TD000");
    for (size_t i = 0; i < file->nignores && !file->findings.failed; i++) {
        const tdi_file_ignore *ig = &file->ignores[i];
        const char *rule = ig->ignore.rule;
        const td_rule_info *r = td_rule_find(rule);
        tdi_buf who, fp;
        tdi_buf_init(&who);
        tdi_buf_init(&fp);
        tdi_buf_puts(&who, "tdlint ignore entry");
        if (r) {
            tdi_buf_printf(&who, " for %s", r->id);
        } else if (rule) {
            tdi_buf_puts(&who, " for ");
            tdi_buf_quoted(&who, rule, strlen(rule), TDI_QUOTE_MAX);
        }
        /* position-free; entries alike are told apart by the fingerprint counter */
        tdi_buf_printf(&fp, "tdlint ignore\n%s\n%s", ig->task ? ig->task : "", rule ? rule : "");
        for (int problem = 0; problem < 2; problem++) {
            tdi_buf m;
            tdi_buf_init(&m);
            tdi_buf_add(&m, who.data ? who.data : "", who.len);
            if (problem == 0 && !rule && ig->ignore.comment)
                tdi_buf_puts(&m, " needs a rule: write it after tdlint:ignore, as in "
                                 "# tdlint:ignore TD001 why it is safe");
            else if (problem == 0 && !rule)
                tdi_buf_puts(&m, " needs a rule: add rule: TD001 (tdlint --list-rules lists the "
                                 "IDs)");
            else if (problem == 0 && !r)
                tdi_buf_puts(&m, " names an unknown rule: tdlint --list-rules lists the rules");
            else if (problem == 0 && strcmp(r->id, "TD000") == 0)
                tdi_buf_puts(&m, " cannot apply: input errors cannot be ignored; fix the file");
            else if (problem == 1 && blank(ig->ignore.reason) && ig->ignore.comment)
                tdi_buf_puts(&m, " needs a reason: write it after the rule, as in "
                                 "# tdlint:ignore TD001 why it is safe");
            else if (problem == 1 && blank(ig->ignore.reason))
                tdi_buf_puts(&m, " needs a reason: add reason: \"...\"");
            else {
                tdi_buf_free(&m);
                continue;
            }
            tdi_buf_printf(&fp, "\n%d", problem);
            if (m.failed || who.failed || fp.failed)
                file->findings.failed = 1;
            else
                tdi_finding_add(&file->findings, td000, ig->ignore.span, "", fp.data, m.data);
            tdi_buf_free(&m);
        }
        tdi_buf_free(&who);
        tdi_buf_free(&fp);
    }
}

int tdi_filter_apply(td_file *file, const td_config *cfg)
{
    tdi_findings *fs = &file->findings;
    size_t k = 0;
    for (size_t i = 0; i < fs->n; i++) {
        td_finding *f = &fs->v[i];
        /* input errors cannot be turned off */
        if (strcmp(f->rule_id, "TD000") != 0 && !td_config_rule_enabled(cfg, f->rule_id))
            continue;
        fs->v[k++] = *f;
    }
    fs->n = k;

    char *rel = NULL;
    int oom = 0;
    char today[11];
    tdi_today(cfg, today);
    size_t with_path = 0;
    for (size_t x = 0; cfg && x < cfg->nexceptions; x++)
        with_path += cfg->exceptions[x].path != NULL;
    if (with_path && cfg->dir)
        rel = tdi_path_within(cfg->dir, file->path, &oom);
    unsigned char *used = file->nignores ? tdi_arena_alloc(&file->strings, file->nignores) : NULL;
    file->cfg = cfg;
    file->fail_level = td_config_fail_level(cfg);
    file->ex_use =
        cfg && cfg->nexceptions ? tdi_arena_alloc(&file->strings, cfg->nexceptions) : NULL;
    if ((file->nignores && !used) || (cfg && cfg->nexceptions && !file->ex_use))
        oom = 1;
    if (used)
        memset(used, 0, file->nignores);
    for (size_t x = 0; file->ex_use && x < cfg->nexceptions; x++) {
        const tdi_exception *e = &cfg->exceptions[x];
        file->ex_use[x] = !e->path || (rel && tdi_glob_match(e->path, rel)) ? TDI_EX_APPLIED : 0;
    }
    int err = oom ? TD_ENOMEM : TD_OK;
    for (size_t i = 0; i < fs->n && err == TD_OK; i++) {
        td_finding *f = &fs->v[i];
        if (strcmp(f->rule_id, "TD000") == 0) /* input errors cannot be excepted either */
            continue;
        for (size_t g = 0; g < file->nignores && !f->suppressed && err == TD_OK; g++)
            if (ignore_matches(&file->ignores[g], f)) {
                err = suppress(file, f, "inSource", file->ignores[g].ignore.reason);
                used[g] = 1;
            }
        const char *expired = NULL;
        for (size_t x = 0; cfg && x < cfg->nexceptions && !f->suppressed && err == TD_OK; x++) {
            const tdi_exception *e = &cfg->exceptions[x];
            if (!exception_matches(e, f, rel))
                continue;
            file->ex_use[x] |= TDI_EX_USED;
            if (e->expires && strcmp(e->expires, today) < 0) {
                if (!expired || strcmp(e->expires, expired) > 0)
                    expired = e->expires;
                continue;
            }
            err = suppress(file, f, "external", e->reason);
        }
        if (expired && !f->suppressed && err == TD_OK) {
            tdi_buf m;
            tdi_buf_init(&m);
            tdi_buf_printf(&m, "%s; an exception for it expired on %s", f->message, expired);
            if (m.failed || !(f->message = tdi_arena_strdup(&file->strings, m.data)))
                err = TD_ENOMEM;
            tdi_buf_free(&m);
        }
    }
    tdi_free(rel);
    if (err == TD_OK) {
        report_bad_ignores(file);
        report_unused_ignores(file, cfg, used);
    }
    return err == TD_OK && fs->failed ? TD_ENOMEM : err;
}
