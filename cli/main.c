/* tdlint: options, inputs, exit status. Everything else is the library's. */
#include "cli.h"
#include "lsp.h"
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
        fputs(" (tdlint --list-rules describes them)", stderr);
        const char *near = cli_suggest_rule(cfg->explain);
        if (near)
            fprintf(stderr, "; did you mean %s?", near);
        fputc('\n', stderr);
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
    size_t nfixed, files_fixed; /* --fix: fixes applied, files changed; --diff: would be */
    int made_read_only;         /* some fix made a root filesystem read-only */
    td_report *errors;          /* --diff: the TD000 errors, as text on standard error */
} run_state;

/* The fail level of a file linted under tc: --fail-level, else the
 * configuration's fail-level, else warning. */
static td_level fail_level_of(const cli_config *cfg, const td_config *tc)
{
    td_level fail_level = cfg->fail_level;
    if (fail_level == TD_LEVEL_NONE)
        fail_level = td_config_fail_level(tc);
    return fail_level == TD_LEVEL_NONE ? TD_LEVEL_WARNING : fail_level;
}

/* What --fix or --diff did to the file: the fixed text of standard input or
 * the diff out, why a fixed file could not be written on standard error. */
static void take_fixed(const cli_config *cfg, cli_sink *out, run_state *st, const cli_input *in,
                       cli_fixed *fx)
{
    if (fx->error) {
        fprintf(stderr, "tdlint: %s: cannot write the fixed file: %s\n", in->display, fx->error);
        st->trouble = 1;
    }
    if (fx->out && cfg->mode == CLI_DIFF) {
        cli_sink_write(out, fx->out, fx->out_len);
    } else if (fx->out &&
               (fwrite(fx->out, 1, fx->out_len, stdout) != fx->out_len || fflush(stdout) != 0)) {
        fprintf(stderr, "tdlint: cannot write the fixed text to standard output: %s\n",
                strerror(errno));
        st->trouble = 1;
    }
    if (fx->nfixed) {
        st->nfixed += fx->nfixed;
        st->files_fixed++;
        st->made_read_only |= fx->made_read_only;
    }
    cli_fixed_free(fx);
}

/* Reports one linted file (or why it is skipped) and frees it; --diff
 * reports only the errors of files that cannot be read or parsed. */
static void take_file(const cli_config *cfg, cli_sink *out, run_state *st, cli_input *in,
                      td_file *f)
{
    td_level fail_level = fail_level_of(cfg, in->scope.tc);
    td_usage_add(in->scope.usage, f);
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
        if (cfg->mode != CLI_DIFF)
            cli_sink_add(out, f);
        else if (td_file_get_status(f) != TD_FILE_OK)
            td_report_add(st->errors, f); /* as a write to stderr, its failure is let go */
    }
    td_file_free(f);
    cli_input_free(in);
}

/* TD006's findings about the configuration files, after every linted file. */
static void take_usage(const cli_config *cfg, cli_configs *configs, cli_sink *out, run_state *st)
{
    td_file **files;
    const td_config **tcs;
    size_t n;
    if (cli_configs_usage_reports(configs, &files, &tcs, &n) < 0) {
        st->oom = 1;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        cli_input in = {0};
        in.scope.tc = tcs[i]; /* its fail-level */
        if (!st->oom && !out->err)
            take_file(cfg, out, st, &in, files[i]);
        else
            td_file_free(files[i]);
    }
    free(files);
    free(tcs);
}

/* After --fix: what it fixed, and what a read-only root filesystem asks of
 * the application. */
static void note_fixed(const run_state *st)
{
    fprintf(stderr, "tdlint: fixed %zu finding%s in %zu file%s\n", st->nfixed,
            st->nfixed == 1 ? "" : "s", st->files_fixed, st->files_fixed == 1 ? "" : "s");
    if (st->made_read_only)
        fputs("tdlint: note: a container whose root filesystem is now read-only can no longer "
              "write there: give each path its application writes (logs, caches, temporary "
              "files, agents such as Fluent Bit) a volume and a mount point; see tdlint "
              "--explain TD001\n",
              stderr);
}

/* Lints every file the command line names and writes the report: the exit status. */
static int lint_all(const cli_config *cfg, cli_configs *configs)
{
    /* no PATH: standard input when an editor names it, else the current folder */
    static const char *const dot[] = {"."}, *const stdin_only[] = {"-"};
    const char *const *paths = cfg->npaths ? cfg->paths : cfg->stdin_filename ? stdin_only : dot;
    size_t npaths = cfg->npaths ? cfg->npaths : 1;
    run_state st = {0};
    cli_source *src = NULL;
    cli_pool *pool = NULL;
    cli_sink out;
    int opened = 0, status = EXIT_TROUBLE;
    int opened_rc = cli_source_open(&src, paths, npaths, cfg->stdin_filename, configs);
    if (opened_rc == -2) { /* a path named has a configuration with errors: nothing is linted */
        char *notes = cli_source_notes(src);
        if (notes)
            fputs(notes, stderr);
        free(notes);
        goto done;
    }
    if (opened_rc < 0) {
        fprintf(stderr, "tdlint: out of memory\n");
        goto done;
    }
    /* before any file is linted; JUnit takes each file's fail level unless --fail-level */
    if (cli_sink_open(&out, cfg, cfg->fail_level) < 0)
        goto done;
    opened = 1;
    if (cfg->mode == CLI_DIFF) {
        td_report_options eo = {.format = TD_FORMAT_TEXT, .min_level = TD_LEVEL_NOTE};
        eo.text.byte_columns = cfg->byte_columns;
        if (td_report_begin(stderr, &eo, &st.errors) < 0) {
            fprintf(stderr, "tdlint: out of memory\n");
            goto done;
        }
    }
    if (cli_pool_start(&pool, NULL, cfg->mode, src, cfg->jobs ? cfg->jobs : cli_default_jobs()) <
        0) {
        fprintf(stderr, "tdlint: out of memory\n");
        goto done;
    }
    for (;;) {
        cli_input in;
        td_file *f;
        cli_fixed fx;
        int err, rc = cli_pool_next(pool, &in, &f, &err, &fx);
        if (rc <= 0) {
            st.oom = rc < 0 && !out.err;
            break;
        }
        if (in.notes)
            fputs(in.notes, stderr);
        if (err < 0 || !f) {
            td_file_free(f);
            cli_input_free(&in);
            cli_fixed_free(&fx);
            st.oom = 1;
            break;
        }
        take_fixed(cfg, &out, &st, &in, &fx);
        take_file(cfg, &out, &st, &in, f);
        if (out.err) /* no use linting more */
            break;
    }
    cli_pool_stop(pool);
    pool = NULL;
    if (!st.oom && !out.err && cfg->mode != CLI_DIFF)
        take_usage(cfg, configs, &out, &st);
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
    if (cfg->mode == CLI_DIFF) {
        status = st.trouble ? EXIT_TROUBLE : st.files_fixed ? EXIT_FINDINGS : EXIT_CLEAN;
        goto done;
    }
    if (st.nfixed)
        note_fixed(&st);
    if (cfg->summary || isatty(STDERR_FILENO)) /* the summary counts suppressed ones */
        cli_print_summary(stderr, cfg, &st.totals);
    else if (st.totals.suppressed)
        note_suppressed(cfg, st.totals.suppressed);
    status = st.trouble ? EXIT_TROUBLE : st.findings ? EXIT_FINDINGS : EXIT_CLEAN;
done:
    if (st.errors)
        td_report_end(st.errors, 1);
    if (opened)
        cli_sink_abandon(&out);
    cli_pool_stop(pool);
    cli_source_close(src);
    return status;
}

int main(int argc, char **argv)
{
    cli_config cfg;
    cli_configs *configs = NULL;
    int status = EXIT_TROUBLE;
    /* tdlint lsp (or --lsp): the language server, with its own arguments */
    if (argc >= 2 && (strcmp(argv[1], "lsp") == 0 || strcmp(argv[1], "--lsp") == 0))
        return cli_lsp_main(argc - 2, argv + 2);
    if (cli_parse(argc, argv, &cfg, stderr) < 0)
        goto done;
    if (cfg.help || cfg.version || cfg.list_rules || cfg.explain) {
        status = inform(&cfg);
        goto done;
    }
    int rc = cli_configs_open(&configs, &cfg);
    if (rc == -1)
        fprintf(stderr, "tdlint: out of memory\n");
    if (rc < 0)
        goto done;
    if (cfg.mode == CLI_FIX && !cfg.output) { /* the fixed text of standard input goes to
                                                 standard output, the report elsewhere */
        cfg.report_to_stderr = cfg.npaths == 0 && cfg.stdin_filename;
        for (size_t i = 0; i < cfg.npaths; i++)
            cfg.report_to_stderr |= strcmp(cfg.paths[i], "-") == 0;
    }
    status = lint_all(&cfg, configs);
done:
    cli_configs_close(configs);
    cli_config_free(&cfg);
    return status;
}
