/* The option table, and parsing and --help driven by it. */
#include "cli.h"
#include "markdown.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

const cli_option cli_options[] = {
    {OPT_FORMAT, 'f', "format", "FORMAT",
     "Output format: text (default; PATH:LINE:COL: LEVEL: MESSAGE [ID]), sarif (SARIF 2.1.0, "
     "for code scanning), json (tdlint's own report, schema tdlint/1: files, task definitions, "
     "containers, writable paths, findings), github (GitHub Actions annotations), gitlab "
     "(GitLab Code Quality report) or junit (JUnit XML: a testcase per container)."},
    {OPT_OUTPUT, 'o', "output", "FILE",
     "Write the report (with --diff, the diff) to FILE instead of standard output, "
     "atomically: a temporary file is renamed into place, with the permissions of the file it "
     "replaces (through a symbolic link, its target), else 0666 less the umask. /dev/stdout, "
     "/dev/stderr and /dev/fd/N are written through the descriptor, a FIFO or a device as it "
     "is."},
    {OPT_FIX, 0, "fix", NULL,
     "Fix what tdlint can fix safely (a container's missing or false readonlyRootFilesystem, "
     "a misspelt key) in place, changing nothing else in the file: each fixed file is "
     "rewritten atomically (a temporary file renamed over it, permissions kept; through a "
     "symbolic link, its target). Then report the findings that remain; the exit status is "
     "theirs. With '-' (standard input) the fixed text goes to standard output and the report "
     "to standard error (or --output FILE)."},
    {OPT_DIFF, 0, "diff", NULL,
     "Print the unified diff of what --fix would change, and change nothing (no report of "
     "findings). Exit status 1 when a file would change, 0 when none would, 2 when a file "
     "cannot be read or parsed."},
    {OPT_FAIL_LEVEL, 0, "fail-level", "LEVEL",
     "Exit with status 1 when a finding at or above LEVEL is reported: error, warning "
     "(default) or note. Beats the configuration file's fail-level."},
    {OPT_CONFIG, 0, "config", "FILE",
     "Read the configuration from FILE, for every file, instead of the .tdlint.yaml found "
     "from each file's folder up (up to the repository root, the first folder holding .git)."},
    {OPT_NO_CONFIG, 0, "no-config", NULL,
     "Read no configuration file: every rule on, no exceptions."},
    {OPT_EXCLUDE, 0, "exclude", "GLOB",
     "Leave out the files and folders GLOB matches, named or walked (repeatable). GLOB is "
     "relative to the current directory, as .gitignore patterns are: no '/' matches a name "
     "at any depth, a trailing '/' only folders, '**' any number of folders."},
    {OPT_DISABLE, 0, "disable", "ID",
     "Turn rule ID off (repeatable); applied after the configuration file. A rule's name "
     "works too (--disable writable-host-mount). TD000 cannot be turned off."},
    {OPT_ENABLE, 0, "enable", "ID",
     "Turn rule ID (or name) on (repeatable), for example one the configuration file "
     "disables."},
    {OPT_SHOW_SUPPRESSED, 0, "show-suppressed", NULL,
     "Print the findings that exceptions suppress too, marked (suppressed: REASON). They never "
     "change the exit status; SARIF output always holds them."},
    {OPT_STRICT, 0, "strict", NULL,
     "Report every file that cannot be parsed (TD000), instead of skipping with a note the "
     "ones that do not look like a task definition."},
    {OPT_VERBOSE, 'v', "verbose", NULL,
     "Print on standard error, for each file, what was recognized in it and why (or why it "
     "holds no task definition); then for each container checked, whether its root "
     "filesystem is read-only and every path it can write to, with where it comes from "
     "(mount point, volumesFrom, tmpfs) and the kind of volume."},
    {OPT_STDIN_FILENAME, 0, "stdin-filename", "PATH",
     "Path shown for standard input, read when a path is '-' or when no path is given (for "
     "editors)."},
    {OPT_COLOR, 0, "color", "WHEN",
     "Text output in colour: auto (default: when standard output is a terminal, unless "
     "NO_COLOR is set), always or never. On a terminal, or with always, each finding is "
     "followed by its source line with the span underlined."},
    {OPT_SUMMARY, 0, "summary", NULL,
     "Print a one-line summary on standard error: files, task definitions, containers, "
     "findings by level, suppressed findings. Printed anyway when standard error is a "
     "terminal."},
    {OPT_COLUMN_UNIT, 0, "column-unit", "UNIT",
     "What COL counts in text output: codepoint (default; Unicode code points, as in every "
     "other format) or byte (bytes from the start of the line, as Vim's errorformat %c "
     "expects)."},
    {OPT_JOBS, 'j', "jobs", "N",
     "Lint N files at a time, in N threads (default: the number of online CPUs; 1 lints one "
     "file after the other). The report is the same for any N; it is written as the files "
     "are linted, so memory does not grow with their number."},
    {OPT_MAX_FILE_SIZE, 0, "max-file-size", "SIZE",
     "Read at most SIZE bytes of a file (a suffix K, M or G multiplies by 1024, 1024^2, "
     "1024^3; default 64M); a larger file is a TD000 error at 1:1. Checked before reading "
     "a regular file, and while reading a pipe or a device. A Terraform .tf file may be a "
     "tenth of SIZE: parsing HCL takes ten times the memory."},
    {OPT_MAX_DEPTH, 0, "max-depth", "N",
     "Nesting of arrays and objects allowed (default 2048; JSON cannot go deeper than 2048 "
     "whatever N is); deeper is a TD000 error at the first bracket or key too deep."},
    {OPT_MAX_ALIASES, 0, "max-aliases", "N",
     "YAML alias uses (*name) allowed in one document (default 10000); more is a TD000 error "
     "at the first one too many."},
    {OPT_MAX_FINDINGS, 0, "max-findings", "N",
     "Findings reported per file, in position order (default 10000); past them one TD000 "
     "error says how many more there are."},
    {OPT_LIST_RULES, 0, "list-rules", NULL, "List the rules: ID, default level, name, summary."},
    {OPT_EXPLAIN, 0, "explain", "ID",
     "Print the documentation of rule ID (or name), formatted for a terminal (headings in bold, "
     "unless "
     "--color never) or, when standard output is not one, as plain text."},
    {OPT_HELP, 'h', "help", NULL, "Print this help."},
    {OPT_VERSION, 'V', "version", NULL,
     "Print the version of tdlint and of the jansson and libyaml libraries it uses."},
};

const size_t cli_noptions = sizeof cli_options / sizeof cli_options[0];

static const char USAGE[] = "usage: tdlint [OPTION]... [PATH]...\n"
                            "       tdlint lsp [--verbose]  (the language server for editors: "
                            "tdlint lsp --help)\n";
const char cli_about[] =
    "Check Amazon ECS task definitions, CloudFormation templates and Terraform (.tf,\n"
    ".tf.json, plan and state JSON) for containers whose root filesystem is writable.\n"
    "PATHs are files or directories (walked for .json, .yaml, .yml, .template and .tf\n"
    "files, skipping .git, node_modules, .terraform and what .gitignore ignores); '-' is\n"
    "standard input; no PATH means '.' (standard input with --stdin-filename).\n";
static const char EXIT_STATUS[] =
    "Exit status: 0 no finding at or above the fail level, 1 findings at or above it\n"
    "(suppressed findings do not count), 2 a file could not be read or parsed, the\n"
    "configuration file is wrong, the command line is wrong, or a fixed file could not be\n"
    "written. With --fix the findings that remain count; with --diff, 1 means that a file\n"
    "would change.\n"
    "\n"
    "Configuration: the .tdlint.yaml found from each file's folder up (fail-level, disable,\n"
    "enable, exclude, system-paths, exceptions);\n"
    "TDLINT_TODAY=YYYY-MM-DD sets the date that exceptions' expires: dates are compared with.\n";

void cli_print_help(FILE *out)
{
    fputs(USAGE, out);
    fputs(cli_about, out);
    fputs("\nOptions:\n", out);
    for (size_t i = 0; i < cli_noptions; i++) {
        const cli_option *o = &cli_options[i];
        char head[64];
        if (o->short_name)
            snprintf(head, sizeof head, "  -%c, --%s%s%s", o->short_name, o->long_name,
                     o->arg ? " " : "", o->arg ? o->arg : "");
        else
            snprintf(head, sizeof head, "      --%s%s%s", o->long_name, o->arg ? " " : "",
                     o->arg ? o->arg : "");
        int col = (int)strlen(head);
        fputs(head, out);
        if (col >= 28) {
            fprintf(out, "\n%28s", "");
            col = 28;
        } else {
            fprintf(out, "%*s", 28 - col, "");
            col = 28;
        }
        cli_wrap(out, o->help, col, 28, 90);
    }
    fputc('\n', out);
    fputs(EXIT_STATUS, out);
}

static const cli_option *find_long(const char *name, size_t len)
{
    for (size_t i = 0; i < cli_noptions; i++)
        if (strlen(cli_options[i].long_name) == len &&
            strncmp(cli_options[i].long_name, name, len) == 0)
            return &cli_options[i];
    return NULL;
}

static const cli_option *find_short(char c)
{
    for (size_t i = 0; i < cli_noptions; i++)
        if (cli_options[i].short_name == c)
            return &cli_options[i];
    return NULL;
}

/* A limit: a whole number from 1, with a K, M or G suffix when size is set. */
static int parse_limit(const char *val, int size, size_t *out)
{
    size_t n = 0;
    const char *p = val;
    for (; *p >= '0' && *p <= '9'; p++) {
        size_t d = (size_t)(*p - '0');
        if (n > (SIZE_MAX - d) / 10)
            return -1;
        n = n * 10 + d;
    }
    if (p == val)
        return -1;
    if (size && *p) {
        unsigned shift = *p == 'K' || *p == 'k'   ? 10
                         : *p == 'M' || *p == 'm' ? 20
                         : *p == 'G' || *p == 'g' ? 30
                                                  : 0;
        if (!shift || p[1] || n > (SIZE_MAX >> shift))
            return -1;
        n <<= shift;
        p++;
    }
    if (*p || n < 1)
        return -1;
    *out = n;
    return 0;
}

static int apply_format(const char *val, cli_config *cfg, FILE *err)
{
    if (td_format_parse(val, &cfg->format) == TD_OK)
        return 0;
    fprintf(err, "tdlint: unknown format '%s': use ", val);
    for (int i = 0; td_format_name((td_format)i); i++)
        fprintf(err, "%s%s",
                i == 0                               ? ""
                : td_format_name((td_format)(i + 1)) ? ", "
                                                     : " or ",
                td_format_name((td_format)i));
    fputc('\n', err);
    return -1;
}

const char *cli_suggest_rule(const char *word)
{
    enum { MAX_RULES = 64 };
    const char *names[2 * MAX_RULES];
    size_t n = 0;
    for (size_t i = 0; i < td_rule_count() && i < MAX_RULES; i++) {
        names[n++] = td_rule_at(i)->id;
        names[n++] = td_rule_at(i)->name;
    }
    return td_suggest(word, names, n);
}

/* --disable ID, --enable ID: a rule's ID or name */
static int apply_rule(const cli_option *o, const char *val, cli_config *cfg, FILE *err)
{
    const td_rule_info *r = td_rule_find(val);
    if (!r) {
        const char *near = cli_suggest_rule(val);
        fprintf(err, "tdlint: unknown rule '%s' for --%s; %s%s%stdlint --list-rules lists them\n",
                val, o->long_name, near ? "did you mean " : "", near ? near : "", near ? "? " : "");
        return -1;
    }
    if (o->id == OPT_DISABLE && strcmp(r->id, "TD000") == 0) {
        fprintf(err, "tdlint: TD000 (input errors) cannot be disabled: remove --disable %s\n", val);
        return -1;
    }
    cfg->rules[cfg->nrules].id = r->id;
    cfg->rules[cfg->nrules].enabled = o->id == OPT_ENABLE;
    cfg->nrules++;
    return 0;
}

/* --color WHEN, --column-unit UNIT */
static int apply_choice(const cli_option *o, const char *val, cli_config *cfg, FILE *err)
{
    if (o->id == OPT_COLOR) {
        static const char *const whens[] = {"auto", "always", "never"};
        for (int i = 0; i < 3; i++)
            if (strcmp(val, whens[i]) == 0) {
                cfg->color = (cli_color)i;
                return 0;
            }
        fprintf(err, "tdlint: unknown --color value '%s': use auto, always or never\n", val);
        return -1;
    }
    if (strcmp(val, "codepoint") == 0 || strcmp(val, "byte") == 0) {
        cfg->byte_columns = val[0] == 'b';
        return 0;
    }
    fprintf(err, "tdlint: unknown column unit '%s': use codepoint or byte\n", val);
    return -1;
}

static int apply_jobs(const char *val, cli_config *cfg, FILE *err)
{
    unsigned long n = 0;
    const char *p = val;
    while (*p >= '0' && *p <= '9' && n <= CLI_MAX_JOBS)
        n = n * 10 + (unsigned long)(*p++ - '0');
    if (p == val || *p || n < 1 || n > CLI_MAX_JOBS) {
        fprintf(err, "tdlint: --jobs takes a whole number from 1 to %d, not '%s'\n", CLI_MAX_JOBS,
                val);
        return -1;
    }
    cfg->jobs = (unsigned)n;
    return 0;
}

/* --max-file-size, --max-depth, --max-aliases, --max-findings */
static int apply_limit(const cli_option *o, const char *val, cli_config *cfg, FILE *err)
{
    size_t n;
    int size = o->id == OPT_MAX_FILE_SIZE;
    if (parse_limit(val, size, &n) < 0) {
        fprintf(err, "tdlint: --%s takes a whole number from 1%s, not '%s'\n", o->long_name,
                size ? " (with K, M or G after it for KiB, MiB, GiB)" : "", val);
        return -1;
    }
    td_limits *l = &cfg->limits;
    *(o->id == OPT_MAX_FILE_SIZE ? &l->max_file_size
      : o->id == OPT_MAX_DEPTH   ? &l->max_depth
      : o->id == OPT_MAX_ALIASES ? &l->max_aliases
                                 : &l->max_findings) = n;
    return 0;
}

static int apply(const cli_option *o, const char *val, cli_config *cfg, FILE *err)
{
    switch (o->id) {
    case OPT_FORMAT:
        cfg->format_given = 1;
        return apply_format(val, cfg, err);
    case OPT_FIX:
    case OPT_DIFF:
        if (cfg->mode != CLI_LINT && cfg->mode != (o->id == OPT_FIX ? CLI_FIX : CLI_DIFF)) {
            fprintf(err, "tdlint: --fix and --diff contradict each other: give one (--diff "
                         "shows what --fix would do)\n");
            return -1;
        }
        cfg->mode = o->id == OPT_FIX ? CLI_FIX : CLI_DIFF;
        return 0;
    case OPT_FAIL_LEVEL:
        cfg->fail_level = td_level_parse(val);
        if (cfg->fail_level != TD_LEVEL_NONE)
            return 0;
        fprintf(err, "tdlint: unknown level '%s' for --fail-level: use error, warning or note\n",
                val);
        return -1;
    case OPT_DISABLE:
    case OPT_ENABLE:
        return apply_rule(o, val, cfg, err);
    case OPT_COLOR:
    case OPT_COLUMN_UNIT:
        return apply_choice(o, val, cfg, err);
    case OPT_JOBS:
        return apply_jobs(val, cfg, err);
    case OPT_MAX_FILE_SIZE:
    case OPT_MAX_DEPTH:
    case OPT_MAX_ALIASES:
    case OPT_MAX_FINDINGS:
        return apply_limit(o, val, cfg, err);
    case OPT_OUTPUT:
        cfg->output = val;
        return 0;
    case OPT_CONFIG:
        cfg->config = val;
        return 0;
    case OPT_STDIN_FILENAME:
        cfg->stdin_filename = val;
        return 0;
    case OPT_EXPLAIN:
        cfg->explain = val;
        return 0;
    case OPT_NO_CONFIG:
        cfg->no_config = 1;
        return 0;
    case OPT_EXCLUDE:
        while (val[0] == '.' && val[1] == '/')
            val += 2;
        cfg->excludes[cfg->nexcludes++] = val;
        return 0;
    case OPT_SHOW_SUPPRESSED:
        cfg->show_suppressed = 1;
        return 0;
    case OPT_STRICT:
        cfg->strict = 1;
        return 0;
    case OPT_VERBOSE:
        cfg->verbose = 1;
        return 0;
    case OPT_SUMMARY:
        cfg->summary = 1;
        return 0;
    case OPT_LIST_RULES:
        cfg->list_rules = 1;
        return 0;
    case OPT_HELP:
        cfg->help = 1;
        return 0;
    case OPT_VERSION:
        cfg->version = 1;
        return 0;
    }
    return -1;
}

/* "unknown option", with the nearest option's name when one is near. */
static void unknown_long(const char *name, size_t len, FILE *err)
{
    const char *longs[sizeof cli_options / sizeof cli_options[0]];
    char word[64];
    const char *near = NULL;
    if (len < sizeof word) {
        memcpy(word, name, len);
        word[len] = '\0';
        for (size_t i = 0; i < cli_noptions; i++)
            longs[i] = cli_options[i].long_name;
        near = td_suggest(word, longs, cli_noptions);
    }
    fprintf(err, "tdlint: unknown option '--%.*s'; %s%s%ssee tdlint --help\n", (int)len, name,
            near ? "did you mean --" : "", near ? near : "", near ? "? " : "");
}

int cli_parse(int argc, char **argv, cli_config *cfg, FILE *err)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->format = TD_FORMAT_TEXT;
    cfg->fail_level = TD_LEVEL_NONE;
    cfg->paths = calloc((size_t)(argc > 0 ? argc : 1), sizeof *cfg->paths);
    cfg->rules = calloc((size_t)(argc > 0 ? argc : 1), sizeof *cfg->rules);
    cfg->excludes = calloc((size_t)(argc > 0 ? argc : 1), sizeof *cfg->excludes);
    if (!cfg->paths || !cfg->rules || !cfg->excludes) {
        fprintf(err, "tdlint: out of memory\n");
        return -1;
    }
    int only_paths = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (only_paths || a[0] != '-' || strcmp(a, "-") == 0) {
            cfg->paths[cfg->npaths++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_paths = 1;
            continue;
        }
        const cli_option *o;
        const char *val = NULL;
        if (a[1] == '-') {
            const char *name = a + 2;
            const char *eq = strchr(name, '=');
            size_t len = eq ? (size_t)(eq - name) : strlen(name);
            o = find_long(name, len);
            if (!o) {
                unknown_long(name, len, err);
                return -1;
            }
            if (eq && !o->arg) {
                fprintf(err, "tdlint: option '--%s' takes no value: write --%s alone\n",
                        o->long_name, o->long_name);
                return -1;
            }
            if (eq)
                val = eq + 1;
        } else {
            o = find_short(a[1]);
            if (!o) {
                fprintf(err, "tdlint: unknown option '-%c'; see tdlint --help\n", a[1]);
                return -1;
            }
            if (a[2] && o->arg)
                val = a + 2;
            else if (a[2]) {
                fprintf(err,
                        "tdlint: option '-%c' takes no value: write -%c alone, one option "
                        "an argument\n",
                        a[1], a[1]);
                return -1;
            }
        }
        if (o->arg && !val) {
            if (i + 1 >= argc) {
                fprintf(err, "tdlint: option '--%s' needs a value: --%s %s\n", o->long_name,
                        o->long_name, o->arg);
                return -1;
            }
            val = argv[++i];
        }
        if (apply(o, val, cfg, err) < 0)
            return -1;
    }
    if (cfg->mode == CLI_DIFF && cfg->format_given && cfg->format != TD_FORMAT_TEXT) {
        fprintf(err,
                "tdlint: --diff prints a unified diff, not a report: leave out --format "
                "%s\n",
                td_format_name(cfg->format));
        return -1;
    }
    if (cfg->config && cfg->no_config) {
        fprintf(err, "tdlint: --config and --no-config contradict each other: give one\n");
        return -1;
    }
    return 0;
}

void cli_config_free(cli_config *cfg)
{
    free(cfg->paths);
    cfg->paths = NULL;
    free(cfg->rules);
    cfg->rules = NULL;
    free(cfg->excludes);
    cfg->excludes = NULL;
}
