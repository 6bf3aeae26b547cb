/* tdlint: options, inputs, exit status. Everything else is the library's. */
#include "cli.h"

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

static void list_rules(FILE *out)
{
    for (size_t i = 0; i < td_rule_count(); i++) {
        const td_rule_info *r = td_rule_at(i);
        fprintf(out, "%-6s %-8s %-30s %s\n", r->id, td_level_name(r->level), r->name, r->summary);
    }
}

typedef struct {
    td_file *file;
    size_t order;
} entry;

static int entry_cmp(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    int c = strcmp(td_file_path(x->file), td_file_path(y->file));
    if (c)
        return c;
    return x->order < y->order ? -1 : x->order > y->order;
}

static int emit(const cli_config *cfg, FILE *out, td_file **files, size_t n, int trouble)
{
    if (cfg->format == FORMAT_SARIF) {
        char cwd[4096];
        td_sarif_options so = {getcwd(cwd, sizeof cwd) ? cwd : NULL, !trouble};
        return td_emit_sarif(out, files, n, TD_LEVEL_NOTE, &so);
    }
    return td_emit_text(out, files, n, NULL);
}

/* Writes the report to cfg->output through a temporary file renamed into place. */
static int emit_to_file(const cli_config *cfg, td_file **files, size_t n, int trouble)
{
    size_t len = strlen(cfg->output);
    char *tmp = malloc(len + sizeof ".tmp.XXXXXX");
    if (!tmp)
        return -1;
    memcpy(tmp, cfg->output, len);
    memcpy(tmp + len, ".tmp.XXXXXX", sizeof ".tmp.XXXXXX");
    int fd = mkstemp(tmp);
    if (fd < 0) {
        fprintf(stderr, "tdlint: cannot write %s: %s\n", cfg->output, strerror(errno));
        free(tmp);
        return -1;
    }
    FILE *out = fdopen(fd, "w");
    int rc = out ? emit(cfg, out, files, n, trouble) : TD_EIO;
    if (out && fclose(out) != 0)
        rc = TD_EIO;
    else if (!out)
        close(fd);
    if (rc == TD_OK && rename(tmp, cfg->output) != 0)
        rc = TD_EIO;
    if (rc != TD_OK) {
        fprintf(stderr, "tdlint: cannot write %s: %s\n", cfg->output, strerror(errno));
        unlink(tmp);
    }
    free(tmp);
    return rc == TD_OK ? 0 : -1;
}

int main(int argc, char **argv)
{
    cli_config cfg;
    if (cli_parse(argc, argv, &cfg, stderr) < 0) {
        cli_config_free(&cfg);
        return EXIT_TROUBLE;
    }
    if (cfg.help || cfg.version || cfg.list_rules || cfg.explain) {
        int rc = EXIT_CLEAN;
        if (cfg.help)
            cli_print_help(stdout);
        else if (cfg.version)
            print_version(stdout);
        else if (cfg.list_rules)
            list_rules(stdout);
        else {
            const td_rule_info *r = td_rule_find(cfg.explain);
            if (r) {
                fputs(r->doc, stdout);
            } else {
                fprintf(stderr, "tdlint: no rule '%s'; tdlint --list-rules lists them\n",
                        cfg.explain);
                rc = EXIT_TROUBLE;
            }
        }
        cli_config_free(&cfg);
        return fflush(stdout) == 0 ? rc : EXIT_TROUBLE;
    }

    static const char *const dot[] = {"."};
    const char *const *paths = cfg.npaths ? cfg.paths : dot;
    size_t npaths = cfg.npaths ? cfg.npaths : 1;
    cli_inputs inputs = {0};
    int trouble = 0, oom = 0;
    for (size_t i = 0; i < npaths && !oom; i++)
        if (cli_collect(paths[i], cfg.stdin_filename, &inputs, stderr) < 0)
            oom = 1;

    entry *files = calloc(inputs.n ? inputs.n : 1, sizeof *files);
    size_t nfiles = 0;
    if (!files)
        oom = 1;
    for (size_t i = 0; i < inputs.n && !oom; i++) {
        const cli_input *in = &inputs.items[i];
        td_file *f = NULL;
        int err = in->fs_path ? td_lint_path(NULL, in->fs_path, in->display, &f)
                              : td_lint_fd(NULL, STDIN_FILENO, in->display, &f);
        if (err < 0) {
            oom = 1;
            break;
        }
        if (in->from_walk && !cfg.strict && td_file_get_status(f) == TD_FILE_SYNTAX_ERROR) {
            const td_finding *e = td_file_finding(f, 0);
            fprintf(stderr, "tdlint: note: skipping %s:%lu:%lu: %s (--strict reports it)\n",
                    in->display, e ? e->start.line : 1, e ? e->start.column : 1,
                    td_file_error(f));
            td_file_free(f);
            continue;
        }
        if (td_file_get_status(f) != TD_FILE_OK)
            trouble = 1;
        files[nfiles].file = f;
        files[nfiles].order = nfiles;
        nfiles++;
    }

    int status = EXIT_CLEAN;
    if (oom) {
        fprintf(stderr, "tdlint: out of memory\n");
        status = EXIT_TROUBLE;
    } else {
        qsort(files, nfiles, sizeof *files, entry_cmp);
        td_file **list = calloc(nfiles ? nfiles : 1, sizeof *list);
        if (!list) {
            fprintf(stderr, "tdlint: out of memory\n");
            status = EXIT_TROUBLE;
        } else {
            for (size_t i = 0; i < nfiles; i++) {
                list[i] = files[i].file;
                for (size_t k = 0; k < td_file_finding_count(list[i]); k++)
                    if (td_file_finding(list[i], k)->level >= cfg.fail_level)
                        status = EXIT_FINDINGS;
            }
            int rc;
            if (cfg.output) {
                rc = emit_to_file(&cfg, list, nfiles, trouble);
            } else {
                rc = emit(&cfg, stdout, list, nfiles, trouble);
                if (fflush(stdout) != 0)
                    rc = TD_EIO;
                if (rc != TD_OK)
                    fprintf(stderr, "tdlint: cannot write the report: %s\n", strerror(errno));
            }
            if (rc != 0)
                trouble = 1;
            free(list);
        }
        if (trouble)
            status = EXIT_TROUBLE;
    }
    for (size_t i = 0; i < nfiles; i++)
        td_file_free(files[i].file);
    free(files);
    cli_inputs_free(&inputs);
    cli_config_free(&cfg);
    return status;
}
