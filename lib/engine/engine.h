/*
 * The engine stage: linting a file from its bytes to its td_file (load,
 * recognize, run the rules, filter, locate), the configuration and its file,
 * and the filter (rule selection and exceptions). Its td_file is what the
 * report stage writes. Not installed: programs use tdlint.h only.
 */
#ifndef TDLINT_ENGINE_H
#define TDLINT_ENGINE_H

#include "rules/rules.h"

/* ---- configuration (config.c, config_file.c) ---- */

typedef struct {
    const char *rule;      /* "TD001" */
    const char *path;      /* glob relative to the configuration file's folder, or NULL */
    const char *task;      /* family or logical ID, or NULL */
    const char *container; /* or NULL */
    const char *reason;
    const char *expires; /* "YYYY-MM-DD" or NULL */
    size_t start, end;   /* the entry's bytes in the configuration file (TD006) */
} tdi_exception;

struct td_config {
    char *file;          /* the configuration file, NULL for defaults */
    char *dir;           /* absolute folder that exception paths are relative to */
    td_level fail_level; /* TD_LEVEL_NONE when not set */
    char **disabled;     /* rule IDs turned off */
    size_t ndisabled, disabled_cap;
    const char **system_paths; /* extra TD101 system directories */
    size_t nsystem_paths;
    tdi_exception *exceptions;
    size_t nexceptions;
    const char **excludes; /* exclude: globs, relative to dir */
    size_t nexcludes;
    char *text; /* the file's bytes (NUL-terminated), to locate TD006 findings in */
    size_t text_len;
    tdi_arena arena;  /* strings and arrays of the configuration */
    char today[11];   /* "YYYY-MM-DD" that expiry compares with; "" means the UTC date */
    td_limits limits; /* as set; 0 fields are the defaults (td_config_get_limits) */
};

/* Parses a configuration held in memory (what td_config_load does after
 * reading the file). path is the name used in error messages, dir the
 * absolute folder that exception paths are relative to (may be NULL). On a
 * configuration error returns TD_EINVAL with *error = "PATH:LINE:COL: message"
 * (free it with free()); TD_ENOMEM when out of memory. */
int tdi_config_parse(const char *path, const char *dir, const char *data, size_t len,
                     td_config **out, char **error);
/* Whether s is a calendar date written YYYY-MM-DD. */
int tdi_date_valid(const char *s);
/* Writes today's date as YYYY-MM-DD: cfg->today when set, else the UTC date. */
void tdi_today(const td_config *cfg, char out[11]);

/* ---- a linted file (file.c) ---- */

/* A source line kept in a td_file: its text without the line end (and, for
 * line 1, without a byte-order mark), NUL-terminated. */
typedef struct {
    unsigned long no; /* 1-based line number */
    size_t offset;    /* byte offset of its first byte in the file */
    size_t len;       /* bytes in text, the NUL excluded */
    const char *text;
} tdi_file_line;

/* An inline exception as the filter sees it: the resource it belongs to. */
typedef struct {
    const char *task;
    tdi_ignore ignore;
} tdi_file_ignore;

struct td_file {
    char *path;
    td_file_status status;
    char *error;
    int may_hold_task; /* could not be parsed, but could hold a task definition */
    size_t ntasks, ncontainers;
    tdi_findings findings;    /* sorted, located (line and column) once linted */
    tdi_arena strings;        /* every string and array of the file */
    tdi_file_ignore *ignores; /* inline exceptions of every task */
    size_t nignores, ignores_cap;
    td_container_info *infos; /* each container checked */
    size_t ninfos, infos_cap;
    td_task_info *tasks; /* each task definition, ntasks of them */
    size_t tasks_cap;
    tdi_file_line *lines; /* the source lines where findings and related locations start,
                             by number: snippets and byte columns */
    size_t nlines;
    /* the same for each file it read (Terraform's file(), another .tf of
     * the module) where a finding or related location is */
    struct tdi_file_lines {
        const char *path;
        tdi_file_line *lines;
        size_t nlines;
    } * others;
    size_t nothers;
    const char **recognized; /* td_file_recognized: the lines, in strings */
    size_t nrecognized, recognized_cap;
    const td_config *cfg;  /* the configuration it was linted under, for td_usage_add */
    td_level fail_level;   /* that configuration's fail-level (JUnit), TD_LEVEL_NONE if none */
    unsigned char *ex_use; /* per exception of cfg: TDI_EX_APPLIED, TDI_EX_USED (in strings) */
};

/* What a file did with a configuration exception (td_file.ex_use). */
enum { TDI_EX_APPLIED = 1, TDI_EX_USED = 2 };

int tdi_file_new(const char *path, td_file **out);

/* ---- a file that could not be parsed (unparsed.c) ---- */

/* Whether the file at path holding data[0..len) is read as HCL: a .tf name,
 * or a name without a JSON or YAML extension (standard input without
 * --stdin-filename, a file named on the command line) and text that starts,
 * after blanks and comments, with a block's header (TYPE "LABEL"... {). */
int tdi_is_hcl(const char *path, const char *data, size_t len);
/* The largest HCL file (.tf) tdlint parses under --max-file-size max: a
 * tenth, as tree-sitter's tree and the document built from it take about
 * 110 bytes per byte of HCL, ten times what JSON takes. */
#define TDI_HCL_MAX(max) ((max) / 10)
/* Whether a file that could not be parsed could hold a task definition: its
 * base name starts with taskdef or task-definition, or its text mentions
 * containerDefinitions or AWS::ECS::TaskDefinition (HCL: aws_ecs_task_definition
 * or container_definitions too), in any case. */
int tdi_may_hold_task(const char *path, int hcl, const char *data, size_t len);
/* Appends to msg "; this looks like a template (KIND "MARKER" at L:C): lint
 * the rendered output" when src has a template marker ({{ }}, {% %}, $VAR,
 * ${VAR}, $$VAR$$, <PLACEHOLDER>): the first on the line of err_at, else the
 * first in the text. TD_OK or TD_ENOMEM. */
int tdi_template_note(const tdi_source *src, size_t err_at, tdi_buf *msg);
/* A td_file that holds only a TD000 error at 1:1 with this message. */
int tdi_file_new_error(const char *path, td_file_status status, const char *message, td_file **out);
/* Keeps in file what td_file_task and td_file_container tell of task t, and
 * its inline exceptions for the filter. Returns TD_OK or TD_ENOMEM. */
int tdi_file_keep_task(td_file *file, const tdi_task *t);
/* Keeps in file what --verbose says was recognized in document doc_index of
 * ndocs (model's notes, their positions resolved in src; prefixed
 * "document N: " when there are several). Returns TD_OK or TD_ENOMEM. */
int tdi_file_keep_notes(td_file *file, const tdi_model *model, const tdi_source *src,
                        size_t doc_index, size_t ndocs);
/* Copies into file the lines of src, the text of the file at path (the
 * linted file's, or one it read), where its findings and their related
 * locations in that file start, so that emitters can show them once the
 * source is gone. Returns TD_OK or TD_ENOMEM. */
int tdi_file_keep_lines(td_file *file, const char *path, const tdi_source *src);
/* The kept line number no of the file at path (NULL: the linted file), or NULL. */
const tdi_file_line *tdi_file_line_find(const td_file *file, const char *path, unsigned long no);
/* The column of position p in the file at path counted in bytes from the
 * start of its line (1-based, the byte-order mark not counted); p.column
 * when the line is not kept. */
unsigned long tdi_byte_column(const td_file *file, const char *path, td_position p);

/* ---- the other files a lint reads (refs.c) ---- */

/* What the model reads besides the linted file (its tdi_files): Terraform's
 * file() and templatefile(), the other .tf files of the module. */
typedef struct {
    tdi_files fs;    /* first: the model's view */
    char *dir;       /* the folder files are read from: the linted file's ("" for the
                        current one), ending in '/' */
    char *shown_dir; /* the same as reports show it */
    char *self;      /* the linted file's name: not another file of its module */
    tdi_load_options opt;
    size_t max_size;  /* --max-file-size */
    size_t end;       /* the base of the next file: past the linted file and each file read */
    tdi_file_ref **v; /* every file loaded (or that could not be read), in the order of
                         their bases */
    size_t n, cap;
    tdi_file_ref **all; /* every file read: they are freed from here */
    size_t nall, all_cap;
    tdi_file_ref **mod; /* the module's other files, read */
    size_t nmod;
    tdi_file_ref **found; /* what the last tdi_files.module call gave */
    int listed, mod_failed;
} tdi_refs;

/* Files read relative to fs_path's folder, shown relative to shown_path's;
 * len: the linted file's size; loads follow opt (its limits). TD_OK or
 * TD_ENOMEM. Free with tdi_refs_free. */
int tdi_refs_init(tdi_refs *x, const char *fs_path, const char *shown_path, size_t len,
                  const tdi_load_options *opt, size_t max_size);
void tdi_refs_free(tdi_refs *x);
/* Which file offset o is in: 0 for the linted file, i + 1 for x->v[i]. */
size_t tdi_refs_at(const tdi_refs *x, size_t o);
/* Reads the whole of fd into *data (tdi_malloc'd): 0, -ENOMEM, -EFBIG when
 * there are more than max bytes, or another -errno. */
int tdi_read_all(int fd, size_t max, char **data, size_t *len);

/* ---- the filter (filter.c) ---- */

/* Applies rule selection and exceptions to the file's findings: drops those of
 * disabled rules, marks suppressed ones (inline Metadata first, then the
 * configuration's exceptions), and notes expired exceptions in the message.
 * An inline entry without a rule or a reason suppresses nothing and is
 * reported as TD000 at its span; one that suppressed nothing as TD006. Which
 * configuration exceptions applied and suppressed is kept in file->ex_use.
 * Returns TD_OK or TD_ENOMEM. */
int tdi_filter_apply(td_file *file, const td_config *cfg);

/* ---- linting (lint.c) ---- */

/* From the findings as the rules made them (byte offsets) to the file's: the
 * first max in position order (and a TD000 that says how many more there
 * are), with lines, columns, paths and snippets, sorted, and the source lines
 * they start on kept. src is the linted file's text; refs (may be NULL) the
 * files it read, whose offsets follow it. Returns TD_OK or TD_ENOMEM. */
int tdi_file_finish(td_file *file, const tdi_source *src, const tdi_refs *refs, size_t max);

/* td_lint_buffer, building the whole tree when prune is 0 (linting builds
 * only what the model reads): the tests check that both report the same. */
int tdi_lint_buffer_flags(const td_config *cfg, const char *display_path, const void *data,
                          size_t len, int prune, td_file **out);
/* The same keeping max_findings findings (0: the configuration's limit):
 * fixing keeps them all, so that a fix is not lost past the limit. */
int tdi_lint_buffer_max(const td_config *cfg, const char *display_path, const void *data,
                        size_t len, int prune, size_t max_findings, td_file **out);

#endif /* TDLINT_ENGINE_H */
