/* tdlint: options, inputs, exit status. Everything else is the library's. */
#include "cli.h"
#include "markdown.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_TROUBLE = 2 };

static void print_version(FILE *out)
{
    fprintf(out, "tdlint %s (jansson %s, libyaml %s)\n", TD_VERSION, td_jansson_version(),
            td_libyaml_version());
}

/* --list-rules: ID, default level, name and summary in aligned columns, one
 * rule a line; on a terminal (width > 0) the summaries wrap in their column. */
static void list_rules(FILE *out, int width)
{
    int wid = 0, wlevel = 0, wname = 0;
    for (size_t i = 0; i < td_rule_count(); i++) {
        const td_rule_info *r = td_rule_at(i);
        int a = (int)strlen(r->id), b = (int)strlen(td_level_name(r->level)),
            c = (int)strlen(r->name);
        wid = a > wid ? a : wid;
        wlevel = b > wlevel ? b : wlevel;
        wname = c > wname ? c : wname;
    }
    int col = wid + wlevel + wname + 6;
    for (size_t i = 0; i < td_rule_count(); i++) {
        const td_rule_info *r = td_rule_at(i);
        fprintf(out, "%-*s  %-*s  %-*s  ", wid, r->id, wlevel, td_level_name(r->level), wname,
                r->name);
        if (width - col >= 30)
            cli_wrap(out, r->summary, col, col, width);
        else
            fprintf(out, "%s\n", r->summary);
    }
}

/* --explain ID: the rule's documentation rendered for a terminal (styled as
 * --color says, wrapped at its width up to 100 columns) or as plain text. */
static int explain(const cli_config *cfg, FILE *out)
{
    const td_rule_info *r = td_rule_find(cfg->explain);
    if (!r) {
        fprintf(stderr, "tdlint: no rule '%s': the rules are", cfg->explain);
        for (size_t i = 0; i < td_rule_count(); i++)
            fprintf(stderr, "%s %s", i == 0 ? "" : ",", td_rule_at(i)->id);
        fputs(" (tdlint --list-rules describes them)\n", stderr);
        return EXIT_TROUBLE;
    }
    td_text_options to = {0};
    cli_text_style(cfg, &to);
    cli_md_options mo = {to.width == 0 ? 80 : to.width < 100 ? (int)to.width : 100, to.color};
    if (cli_md_render(out, r->doc, &mo) < 0) {
        fprintf(stderr, "tdlint: cannot print the documentation of %s: %s\n", r->id,
                ferror(out) ? strerror(errno) : "out of memory");
        return EXIT_TROUBLE;
    }
    return EXIT_CLEAN;
}

/* ---- linting ---- */

/* Prints a configuration error "PATH:LINE:COL: message" (or "PATH: message")
 * as "tdlint: PATH:LINE:COL: error: message". */
static void print_config_error(const char *path, const char *error)
{
    size_t n = strlen(path), k = 0;
    if (strncmp(error, path, n) == 0 && error[n] == ':') {
        k = n + 1;
        for (int field = 0; field < 2; field++) {
            size_t d = k;
            while (error[d] >= '0' && error[d] <= '9')
                d++;
            if (d == k || error[d] != ':')
                break;
            k = d + 1;
        }
        if (error[k] == ' ')
            k++;
    }
    if (k)
        fprintf(stderr, "tdlint: %.*s error: %s\n", (int)(k - 1), error, error + k);
    else
        fprintf(stderr, "tdlint: error: %s\n", error);
}

/* The configuration: the file (--config, else .tdlint.yaml found from the
 * current directory up), TDLINT_TODAY, then --disable/--enable in order.
 * Returns 0, or -1 after printing why. */
static int load_config(const cli_config *cfg, td_config **out)
{
    char *found = NULL, *error = NULL;
    const char *path = cfg->config;
    int err = TD_OK;
    *out = NULL;
    if (!path && !cfg->no_config) {
        err = td_config_discover(".", &found);
        path = found;
    }
    if (err == TD_OK)
        err = path ? td_config_load(path, out, &error) : td_config_new(out);
    if (err == TD_EINVAL)
        print_config_error(path, error);
    else if (err < 0)
        fprintf(stderr, "tdlint: out of memory\n");
    free(error);
    free(found);
    if (err < 0)
        return -1;
    const char *today = getenv("TDLINT_TODAY");
    if (today && *today && td_config_set_today(*out, today) < 0) {
        fprintf(stderr, "tdlint: TDLINT_TODAY is '%s': write a date YYYY-MM-DD, or unset it\n",
                today);
        return -1;
    }
    for (size_t i = 0; i < cfg->nrules; i++)
        if (td_config_set_rule(*out, cfg->rules[i].id, cfg->rules[i].enabled) < 0) {
            fprintf(stderr, "tdlint: out of memory\n");
            return -1;
        }
    td_config_set_limits(*out, &cfg->limits);
    return 0;
}

/* --help, --version, --list-rules or --explain: the exit status. */
static int inform(const cli_config *cfg)
{
    int rc = EXIT_CLEAN;
    if (cfg->help) {
        cli_print_help(stdout);
    } else if (cfg->version) {
        print_version(stdout);
    } else if (cfg->list_rules) {
        td_text_options to = {0};
        cli_text_style(cfg, &to);
        list_rules(stdout, (int)to.width);
    } else {
        rc = explain(cfg, stdout);
    }
    return fflush(stdout) == 0 ? rc : EXIT_TROUBLE;
}

/* Whether f has an unsuppressed finding at or above fail_level. */
static int fails(const td_file *f, td_level fail_level)
{
    for (size_t k = 0; k < td_file_finding_count(f); k++) {
        const td_finding *x = td_file_finding(f, k);
        if (!x->suppressed && x->level >= fail_level)
            return 1;
    }
    return 0;
}

/* The one line about suppressed findings when the summary is not printed. */
static void note_suppressed(const cli_config *cfg, size_t n)
{
    fprintf(stderr, "tdlint: %zu finding%s suppressed by exceptions%s\n", n, n == 1 ? "" : "s",
            cfg->format == TD_FORMAT_SARIF   ? " (marked as suppressed in the SARIF log)"
            : cfg->format == TD_FORMAT_JSON  ? " (marked as suppressed in the JSON report)"
            : cfg->format == TD_FORMAT_JUNIT ? " (listed in the testcases' system-out)"
            : cfg->format != TD_FORMAT_TEXT  ? ""
            : cfg->show_suppressed           ? ""
            : n == 1                         ? " (--show-suppressed prints it)"
                                             : " (--show-suppressed prints them)");
}

/* What one run over the files came to. */
typedef struct {
    int findings; /* a file has findings at or above the fail level */
    int trouble;  /* a file could not be read or parsed, or the report written */
    int oom;
    cli_totals totals;
} run_state;

/* Reports one linted file (or why it is skipped) and frees it. */
static void take_file(const cli_config *cfg, td_level fail_level, cli_sink *out, run_state *st,
                      cli_input *in, td_file *f)
{
    /* one rule for files named and walked: a file that cannot be parsed and
     * does not look like a task definition is skipped with a note */
    if (!cfg->strict && td_file_skippable(f)) {
        const td_finding *e = td_file_finding(f, 0);
        fprintf(stderr,
                "tdlint: note: skipping %s:%lu:%lu: %s (it does not look like a task "
                "definition; --strict reports it)\n",
                in->display, e ? e->start.line : 1, e ? e->start.column : 1, td_file_error(f));
        td_file_skip(f);
        cli_sink_add(out, f); /* SARIF and JSON list it */
    } else {
        if (td_file_get_status(f) != TD_FILE_OK)
            st->trouble = 1;
        if (fails(f, fail_level))
            st->findings = 1;
        cli_totals_add(&st->totals, f);
        if (cfg->verbose)
            cli_print_writable(stderr, &f, 1);
        cli_sink_add(out, f);
    }
    td_file_free(f);
    cli_input_free(in);
}

/* Lints every file the command line names and writes the report: the exit status. */
static int lint_all(const cli_config *cfg, const td_config *tc)
{
    /* --fail-level beats the configuration file's fail-level */
    td_level fail_level = cfg->fail_level;
    if (fail_level == TD_LEVEL_NONE)
        fail_level = td_config_fail_level(tc);
    if (fail_level == TD_LEVEL_NONE)
        fail_level = TD_LEVEL_WARNING;
    static const char *const dot[] = {"."};
    const char *const *paths = cfg->npaths ? cfg->paths : dot;
    size_t npaths = cfg->npaths ? cfg->npaths : 1;
    run_state st = {0};
    cli_source *src = NULL;
    cli_pool *pool = NULL;
    cli_sink out;
    int opened = 0, status = EXIT_TROUBLE;
    if (cli_source_open(&src, paths, npaths, cfg->stdin_filename) < 0) {
        fprintf(stderr, "tdlint: out of memory\n");
        goto done;
    }
    if (cli_sink_open(&out, cfg, fail_level) < 0) /* before any file is linted */
        goto done;
    opened = 1;
    if (cli_pool_start(&pool, tc, src, cfg->jobs ? cfg->jobs : cli_default_jobs()) < 0) {
        fprintf(stderr, "tdlint: out of memory\n");
        goto done;
    }
    for (;;) {
        cli_input in;
        td_file *f;
        int err, rc = cli_pool_next(pool, &in, &f, &err);
        if (rc <= 0) {
            st.oom = rc < 0 && !out.err;
            break;
        }
        if (in.notes)
            fputs(in.notes, stderr);
        if (err < 0 || !f) {
            td_file_free(f);
            cli_input_free(&in);
            st.oom = 1;
            break;
        }
        take_file(cfg, fail_level, &out, &st, &in, f);
        if (out.err) /* no use linting more */
            break;
    }
    cli_pool_stop(pool);
    pool = NULL;
    char *notes = cli_source_notes(src); /* the walk's, after the last file */
    if (notes && !st.oom)
        fputs(notes, stderr);
    free(notes);
    if (cli_source_trouble(src)) /* a directory named on the command line cannot be read */
        st.trouble = 1;
    opened = 0;
    if (st.oom) {
        cli_sink_abandon(&out);
        fprintf(stderr, "tdlint: out of memory\n");
        goto done;
    }
    if (cli_sink_close(&out, cfg, !st.trouble) < 0)
        st.trouble = 1;
    if (cfg->summary || isatty(STDERR_FILENO)) /* the summary counts suppressed ones */
        cli_print_summary(stderr, cfg, &st.totals);
    else if (st.totals.suppressed)
        note_suppressed(cfg, st.totals.suppressed);
    status = st.trouble ? EXIT_TROUBLE : st.findings ? EXIT_FINDINGS : EXIT_CLEAN;
done:
    if (opened)
        cli_sink_abandon(&out);
    cli_pool_stop(pool);
    cli_source_close(src);
    return status;
}

int main(int argc, char **argv)
{
    cli_config cfg;
    td_config *tc = NULL;
    int status = EXIT_TROUBLE;
    if (cli_parse(argc, argv, &cfg, stderr) < 0)
        goto done;
    if (cfg.help || cfg.version || cfg.list_rules || cfg.explain) {
        status = inform(&cfg);
        goto done;
    }
    if (load_config(&cfg, &tc) < 0)
        goto done;
    status = lint_all(&cfg, tc);
done:
    td_config_free(tc);
    cli_config_free(&cfg);
    return status;
}
