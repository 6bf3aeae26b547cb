/* The tdlint command's own declarations: options and input collection. */
#ifndef TDLINT_CLI_H
#define TDLINT_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "tdlint.h"

typedef enum {
    OPT_FORMAT,
    OPT_OUTPUT,
    OPT_FIX,
    OPT_DIFF,
    OPT_FAIL_LEVEL,
    OPT_CONFIG,
    OPT_NO_CONFIG,
    OPT_EXCLUDE,
    OPT_DISABLE,
    OPT_ENABLE,
    OPT_SHOW_SUPPRESSED,
    OPT_STRICT,
    OPT_VERBOSE,
    OPT_STDIN_FILENAME,
    OPT_COLOR,
    OPT_SUMMARY,
    OPT_COLUMN_UNIT,
    OPT_JOBS,
    OPT_MAX_FILE_SIZE,
    OPT_MAX_DEPTH,
    OPT_MAX_ALIASES,
    OPT_MAX_FINDINGS,
    OPT_LIST_RULES,
    OPT_EXPLAIN,
    OPT_HELP,
    OPT_VERSION
} cli_opt_id;

/* Most files linted at a time (--jobs). */
#define CLI_MAX_JOBS 256

/* One row of the option table that drives parsing and --help. */
typedef struct {
    cli_opt_id id;
    char short_name;       /* 0 when there is none */
    const char *long_name; /* without the leading dashes */
    const char *arg;       /* name of the argument, NULL for a flag */
    const char *help;      /* one or more sentences */
} cli_option;

extern const cli_option cli_options[];
extern const size_t cli_noptions;

/* --color: auto (the default) colours output to a terminal unless NO_COLOR is set. */
typedef enum { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER } cli_color;

/* --disable ID or --enable ID, applied in command-line order. */
typedef struct {
    const char *id;
    int enabled;
} cli_rule_choice;

/* What a run does to the files besides linting them (--fix, --diff). */
typedef enum { CLI_LINT, CLI_FIX, CLI_DIFF } cli_mode;

typedef struct {
    td_format format;
    int format_given; /* -f FORMAT on the command line */
    const char *output;
    cli_mode mode;        /* --fix, --diff */
    int report_to_stderr; /* --fix of standard input without --output: the report goes to
                             standard error, the fixed text to standard output */
    td_level fail_level;  /* TD_LEVEL_NONE when --fail-level is not given */
    const char *config;   /* --config FILE */
    int no_config;
    const char **excludes; /* --exclude GLOB, relative to the current directory */
    size_t nexcludes;
    int show_suppressed;
    cli_rule_choice *rules;
    size_t nrules;
    int strict;
    int verbose; /* -v: each container's writable paths on standard error */
    const char *stdin_filename;
    cli_color color;  /* --color WHEN */
    int summary;      /* --summary: the one-line summary on standard error, terminal or not */
    int byte_columns; /* --column-unit byte */
    unsigned jobs;    /* -j N: files linted at a time; 0: the number of online CPUs */
    td_limits limits; /* --max-file-size, --max-depth, --max-aliases, --max-findings; 0: default */
    int list_rules, help, version;
    const char *explain;
    const char **paths;
    size_t npaths;
} cli_config;

/* Parses argv into cfg; on a usage error prints it to err and returns -1. */
int cli_parse(int argc, char **argv, cli_config *cfg, FILE *err);
void cli_config_free(cli_config *cfg);
void cli_print_help(FILE *out);
/* The rule ID or name nearest to word, for "did you mean"; NULL if none. */
const char *cli_suggest_rule(const char *word);
/* What tdlint does, what PATHs are: the text under the usage line of --help,
 * and the DESCRIPTION of the man page (cli/mangen.c). */
extern const char cli_about[];
/* --verbose: prints each container's writable paths, file by file (cli/verbose.c). */
void cli_print_writable(FILE *out, td_file *const *files, size_t n);

/* How text output looks on this run (cli/term.c): snippets when standard
 * output is a terminal or --color=always; colour with --color=always, or
 * --color=auto on a terminal when NO_COLOR is unset or empty and TERM is not
 * "dumb"; the terminal's width. */
void cli_text_style(const cli_config *cfg, td_text_options *out);
/* What the summary counts, added up file by file. */
typedef struct {
    size_t files, tasks, containers, suppressed;
    size_t by_level[TD_LEVEL_ERROR + 1]; /* unsuppressed findings */
} cli_totals;
void cli_totals_add(cli_totals *t, const td_file *file);
/* Prints the one-line summary of the run (cli/term.c): files, task
 * definitions, containers, findings by level and, when there are any,
 * suppressed findings. */
void cli_print_summary(FILE *err, const cli_config *cfg, const cli_totals *t);

/* The configuration a file is linted under (cli/configs.c): tc NULL when
 * that configuration has errors; usage is its TD006 tally. */
typedef struct {
    const td_config *tc;
    td_usage *usage;
} cli_scope;

/* One file to lint. */
typedef struct {
    char *fs_path; /* NULL for standard input */
    char *display; /* the path printed (fs_path itself when they are the same) */
    int from_walk; /* met while walking a directory */
    char *notes;   /* what the walk met since the file before it (a link that leads
                      nowhere, a directory it cannot open), to print before it; or NULL */

    cli_scope scope; /* its configuration */
} cli_input;
void cli_input_free(cli_input *in);

/* The files the command line's paths name (cli/walk.c), one at a time, in
 * the report's order: by the path printed, then by position on the command
 * line. A path is itself ("-": standard input, shown as stdin_name or
 * "<stdin>"), or the .json/.yaml/.yml/.template files under it when it is a
 * directory, found as they are asked for. What a walk skips is noted in the
 * next file's notes (cli_source_notes: after the last), so that where the
 * notes come among the other messages does not depend on timing. open and
 * next return -1 when out of memory. */
typedef struct cli_source cli_source;
typedef struct cli_configs cli_configs;
/* Opens the source; configs gives each file's configuration and what is
 * excluded. Returns 0; -1 out of memory; -2 when the configuration of a
 * path named on the command line has errors (said in cli_source_notes):
 * nothing is to be linted. */
int cli_source_open(cli_source **out, const char *const *paths, size_t npaths,
                    const char *stdin_name, cli_configs *configs);
/* The next file into *in, which the caller then owns (cli_input_free): 1;
 * 0 when there are no more. */
int cli_source_next(cli_source *s, cli_input *in);
/* The notes after the last file (NULL: none), which the caller then owns. */
char *cli_source_notes(cli_source *s);
/* Whether next has more to give. */
int cli_source_more(const cli_source *s);
/* Whether a directory named on the command line could not be opened. */
int cli_source_trouble(const cli_source *s);
void cli_source_close(cli_source *s);

/* ---- configurations and exclusions (cli/configs.c) ---- */

/* The configurations of a run, as the command line says (--config,
 * --no-config, --disable, --enable, limits, TDLINT_TODAY): 0; -1 out of
 * memory; -2 after printing why the run cannot start (--config FILE has
 * errors, TDLINT_TODAY is not a date). Close it even then. */
int cli_configs_open(cli_configs **out, const cli_config *cli);
void cli_configs_close(cli_configs *c);
/* The configuration of files in folder dir (.tdlint.yaml from dir up):
 * 0 with *scope; 1 when it has errors, *errors (the caller's, free()) set
 * to them as printed the first time only; -1 out of memory. */
int cli_configs_for_dir(cli_configs *c, const char *dir, cli_scope *scope, char **errors);
/* The same for dir met while walking, whose parent folder's is parent:
 * cfg_path is dir's own .tdlint.yaml, read when it exists. */
int cli_configs_for_subdir(cli_configs *c, const char *dir, const char *cfg_path,
                           const cli_scope *parent, cli_scope *scope, char **errors);
/* Whether path (a directory when is_dir) is left out by --exclude or by the
 * exclude: of scope's configuration; with parents, also when a folder it
 * lies in (below the pattern's base) is: 1, 0, or -1 out of memory. */
int cli_configs_excluded(cli_configs *c, const cli_scope *scope, const char *path, int is_dir,
                         int parents);
/* TD006's findings for the configuration files, in the order of their
 * paths: *files (the caller's, each and the array) holds *n of them, and
 * *tcs (the caller's array) the configuration each is about. */
int cli_configs_usage_reports(cli_configs *c, td_file ***files, const td_config ***tcs, size_t *n);
/* "PATH:LINE:COL: message" lines as printed: "tdlint: PATH:LINE:COL: error:
 * message" each (malloc'd; NULL out of memory). */
char *cli_config_errors_text(const char *path, const char *error);

/* ---- .gitignore while walking (cli/gitignore.c) ---- */

/* The patterns of one walk: .git/info/exclude and the .gitignore files from
 * the repository root down to the folders being walked. */
typedef struct cli_gitignore cli_gitignore;
/* For a walk of dir: *rel is dir's path from the repository root ("" for
 * the root itself, and for dir when it is in no repository), the caller's
 * to free. Loads the patterns of info/exclude and the .gitignore files of
 * dir and every folder above it up to the root. 0, or -1. */
int cli_gitignore_open(cli_gitignore **out, const char *dir, char **rel);
/* Reads dir's .gitignore (rel: dir from the repository root) for what is
 * below it: the depth to pop back to when the walk leaves dir. */
size_t cli_gitignore_push(cli_gitignore *g, const char *dir, const char *rel, int *oom);
void cli_gitignore_pop(cli_gitignore *g, size_t depth);
/* Whether rel (from the repository root; a directory when is_dir) is
 * ignored: the last pattern that matches it, deepest file first, decides. */
int cli_gitignore_ignored(const cli_gitignore *g, const char *rel, int is_dir);
void cli_gitignore_close(cli_gitignore *g);

/* ---- the report's destination (cli/sink.c) ---- */

typedef struct {
    FILE *out;
    char *tmp;    /* the temporary file's name, with --output FILE */
    char *target; /* what it replaces when FILE is a symbolic link: its target */
    int direct;   /* --output names no regular file: out is it, opened */
    td_report *report;
    int err;        /* the report's first error */
    int err_errno;  /* errno then */
    char cwd[4096]; /* SARIF's %SRCROOT%, read by the report at its end */
} cli_sink;

/* Opens the output (standard output, standard error with report_to_stderr,
 * a temporary file beside --output, or --output itself when it is no regular
 * file or names a descriptor, /dev/stdout) and writes the report's beginning (no
 * report with --diff); -1 after saying why. */
int cli_sink_open(cli_sink *s, const cli_config *cfg, td_level fail_level);
/* Adds f's part; on standard output it goes out at once (one write for the
 * file, none when it adds nothing), so that a pipe or a CI log shows each
 * file's findings as it is linted. */
void cli_sink_add(cli_sink *s, const td_file *f);
/* Adds len bytes of data (--diff: a file's diff), like cli_sink_add. */
void cli_sink_write(cli_sink *s, const char *data, size_t len);
/* After a failure elsewhere: ends what was written (a temporary file is
 * removed, the file named by --output is left as it was). */
void cli_sink_abandon(cli_sink *s);
/* Ends the report (a temporary file is renamed into place); -1 after saying
 * why it could not be written whole. */
int cli_sink_close(cli_sink *s, const cli_config *cfg, int execution_successful);

/* ---- --fix and --diff (cli/fix.c, cli/diff.c) ---- */

/* Writes to out the unified diff that turns old_text into new_text: "---
 * PATH" and "+++ PATH", then hunks with 3 lines of context; lines end at LF
 * only, "\ No newline at end of file" follows a last line without one.
 * Nothing when the texts are the same. 0, or -1 when out of memory or when
 * out has an error. */
int cli_diff(FILE *out, const char *path, const char *old_text, size_t old_len,
             const char *new_text, size_t new_len);

/* What --fix or --diff did to one file. */
typedef struct {
    size_t nfixed;      /* fixes applied (written, or shown by --diff) */
    int made_read_only; /* a container's root filesystem was made read-only */
    char *out;          /* --fix of standard input: the whole fixed text; --diff: the
                           diff (NULL when the file would not change) */
    size_t out_len;
    char *error; /* --fix: why the fixed file could not be written, one line; or NULL */
} cli_fixed;

/* Lints in (standard input when in->fs_path is NULL) under tc like
 * td_lint_path, fixing it as mode says: CLI_FIX writes the fixed file in
 * place (atomically; standard input's fixed text is put in fx->out instead),
 * CLI_DIFF puts the diff in fx->out. *file is the fixed text's (what remains),
 * or the original's when the fixed file could not be written. TD_OK, or
 * TD_ENOMEM (then *file is NULL). Free fx with cli_fixed_free. */
int cli_fix_one(const td_config *tc, const cli_input *in, cli_mode mode, td_file **file,
                cli_fixed *fx);
void cli_fixed_free(cli_fixed *fx);

/* ---- linting the files, --jobs at a time (cli/pool.c) ---- */

typedef struct cli_pool cli_pool;
/* --jobs when not given: the number of online CPUs (at most CLI_MAX_JOBS). */
unsigned cli_default_jobs(void);
/* Starts linting the files src gives under tc, jobs at a time, fixing them
 * as mode says (cli_fix_one): the first at once, helper threads only when
 * there is another. -1 when out of memory. */
int cli_pool_start(cli_pool **out, const td_config *tc, cli_mode mode, cli_source *src,
                   unsigned jobs);
/* The next file in the source's order, once linted: 1 with *in, *file and
 * *fx the caller's (*file NULL and *err TD_ENOMEM when it could not be
 * linted); 0 when there are no more; -1 when the run stopped for want of
 * memory. */
int cli_pool_next(cli_pool *p, cli_input *in, td_file **file, int *err, cli_fixed *fx);
/* Stops the helpers and frees what was linted but not handed out. */
void cli_pool_stop(cli_pool *p);

#endif
