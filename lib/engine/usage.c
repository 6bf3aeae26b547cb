/* TD006 for configuration exceptions: which exceptions applied to a file
 * linted in a run but suppressed nothing in any of them. A file can only say
 * what it did with each exception (td_file.ex_use); the tally adds that up
 * over the run and, at its end, reports the dead exceptions as notes in a
 * td_file of the configuration file, located in its text. */
#include "engine.h"

#include <string.h>

struct td_usage {
    const td_config *cfg;
    unsigned char *use; /* per exception: TDI_EX_APPLIED, TDI_EX_USED */
};

int td_usage_new(const td_config *cfg, td_usage **out)
{
    td_usage *u = tdi_calloc(1, sizeof *u);
    *out = NULL;
    if (!u)
        return TD_ENOMEM;
    u->cfg = cfg;
    if (cfg && cfg->nexceptions && !(u->use = tdi_calloc(cfg->nexceptions, 1))) {
        tdi_free(u);
        return TD_ENOMEM;
    }
    *out = u;
    return TD_OK;
}

void td_usage_add(td_usage *u, const td_file *file)
{
    if (!u || !file || !u->use || file->cfg != u->cfg || !file->ex_use)
        return;
    for (size_t x = 0; x < u->cfg->nexceptions; x++)
        u->use[x] |= file->ex_use[x];
}

/* What an exception is about, for its message: the rule, then each of path,
 * task and container that it gives. */
static void describe(tdi_buf *b, const tdi_exception *e)
{
    tdi_buf_printf(b, "exception for %s", e->rule);
    const char *what[] = {"path", "task", "container"};
    const char *val[] = {e->path, e->task, e->container};
    int n = 0;
    for (int i = 0; i < 3; i++) {
        if (!val[i])
            continue;
        tdi_buf_printf(b, "%s%s ", n++ ? ", " : " (", what[i]);
        tdi_buf_quoted(b, val[i], strlen(val[i]), TDI_QUOTE_MAX);
    }
    if (n)
        tdi_buf_putc(b, ')');
}

/* Exception x applied to a file but suppressed nothing; an exception of a
 * rule turned off cannot be told dead (the rule's findings are not made). */
static int is_dead(const td_config *cfg, const td_usage *u, size_t x)
{
    return u->use[x] == TDI_EX_APPLIED && td_config_rule_enabled(cfg, cfg->exceptions[x].rule);
}

int td_usage_report(const td_usage *u, td_file **out)
{
    *out = NULL;
    const td_config *cfg = u ? u->cfg : NULL;
    if (!cfg || !cfg->file || !cfg->text || !u->use || !td_config_rule_enabled(cfg, "TD006"))
        return TD_OK;
    size_t dead = 0;
    for (size_t x = 0; x < cfg->nexceptions; x++)
        dead += is_dead(cfg, u, x);
    if (!dead)
        return TD_OK;
    td_file *file;
    if (tdi_file_new(cfg->file, &file) < 0)
        return TD_ENOMEM;
    file->fail_level = td_config_fail_level(cfg);
    tdi_loaded l;
    int err = tdi_load(cfg->text, cfg->text_len, NULL, &l);
    const td_rule_info *td006 = td_rule_find("TD006");
    for (size_t x = 0; x < cfg->nexceptions && err == TD_OK; x++) {
        const tdi_exception *e = &cfg->exceptions[x];
        if (!is_dead(cfg, u, x))
            continue;
        tdi_buf m, fp;
        tdi_buf_init(&m);
        tdi_buf_init(&fp);
        describe(&m, e);
        tdi_buf_puts(&m, " suppressed nothing in the files it applies to: remove it, or correct "
                         "its rule, task or container");
        tdi_buf_printf(&fp, "unused exception\n%s\n%s\n%s\n%s", e->rule, e->path ? e->path : "",
                       e->task ? e->task : "", e->container ? e->container : "");
        tdi_span span = {e->start, e->end};
        if (m.failed || fp.failed)
            err = TD_ENOMEM;
        else
            tdi_finding_add(&file->findings, td006, span, "", fp.data, m.data);
        tdi_buf_free(&m);
        tdi_buf_free(&fp);
        if (file->findings.failed)
            err = TD_ENOMEM;
    }
    if (err == TD_OK) {
        td_limits lim;
        td_config_get_limits(cfg, &lim);
        err = tdi_file_finish(file, &l.src, NULL, lim.max_findings);
    }
    tdi_loaded_free(&l);
    if (err < 0) {
        td_file_free(file);
        return err;
    }
    *out = file;
    return TD_OK;
}

void td_usage_free(td_usage *u)
{
    if (!u)
        return;
    tdi_free(u->use);
    tdi_free(u);
}
