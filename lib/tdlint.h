/*
 * tdlint - an offline linter for Amazon ECS task definitions.
 *
 * This is the library's only public header. A program lints one file at a
 * time into a td_file (its findings, sorted), then hands any number of
 * td_file values to an emitter.
 *
 * Ownership: every pointer a td_* function returns through an out-parameter
 * is owned by the caller and released with the matching *_free function;
 * pointers returned as the function's value (strings, findings, rule info)
 * are borrowed and live as long as the object they came from (rule info:
 * forever). Every *_free accepts NULL.
 *
 * jansson: the first time tdlint loads a file (to lint it, or a
 * configuration file) it sets jansson's allocation functions
 * (json_set_alloc_funcs) to ones that, while tdlint loads a file on that
 * thread, take the document's tree from one arena, released at once when
 * tdlint is done with the file; everywhere else they call the functions set
 * before (malloc and free unless the program set its own). A program that
 * sets jansson's functions after that keeps working: tdlint then builds its
 * trees with the program's functions. Threads may lint different files at
 * the same time.
 */
#ifndef TDLINT_H
#define TDLINT_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* TD_VERSION, "MAJOR.MINOR.PATCH": set once, in CMakeLists.txt */
#include "tdlint_version.h"

/* What the library exports: it is built with hidden visibility, so that a
 * shared libtdlint exports these functions and nothing else. */
#if defined(__GNUC__) && __GNUC__ >= 4
#define TD_API __attribute__((visibility("default")))
#else
#define TD_API
#endif

/* Error codes: 0 is success, failures are negative. */
enum {
    TD_OK = 0,
    TD_ENOMEM = -1, /* an allocation failed */
    TD_EIO = -2,    /* writing output failed */
    TD_EINVAL = -3  /* a bad argument */
};

typedef enum {
    TD_LEVEL_NONE = 0,
    TD_LEVEL_NOTE = 1,
    TD_LEVEL_WARNING = 2,
    TD_LEVEL_ERROR = 3
} td_level;

/* "error", "warning", "note" ("none" for TD_LEVEL_NONE). */
TD_API const char *td_level_name(td_level level);
/* Parses "error", "warning" or "note"; returns TD_LEVEL_NONE for anything else. */
TD_API td_level td_level_parse(const char *name);

/* A position in a source file. line and column are 1-based; column counts
 * Unicode code points (a tab is one column); offset is the byte offset from
 * the start of the file, byte-order mark included. */
typedef struct {
    unsigned long line;
    unsigned long column;
    size_t offset;
} td_position;

/* A place that explains a finding: the parameter, mapping entry or Fn::If
 * branch that makes a value writable, for example. */
typedef struct {
    const char *message;
    td_position start, end;
    const char *snippet; /* the source text of [start, end); NULL when too long */
    const char *path;    /* the file it is in, as td_finding.path */
} td_related;

/* One edit of a fix: the bytes [start, end) of the file are replaced with
 * text; start and end are equal for an insertion (before start). */
typedef struct {
    td_position start, end;
    const char *text; /* UTF-8, NUL-terminated; "" deletes */
} td_edit;

/* One diagnostic. The region [start, end) is half-open: end is the position
 * just after the last character of the node. */
typedef struct {
    const char *rule_id; /* "TD001", ... */
    td_level level;
    const char *message; /* one line, no trailing period */
    td_position start, end;
    const char *pointer;       /* JSON Pointer of the node, "" for the root */
    const char *fingerprint;   /* 16 hex digits, stable across runs and edits elsewhere */
    const char *snippet;       /* the source text of [start, end); NULL when too long */
    const char *task;          /* task definition (family or logical ID); NULL if none */
    const char *container;     /* container name; NULL if none or unnamed */
    const td_related *related; /* nrelated related locations */
    size_t nrelated;
    int suppressed;               /* an exception with a reason suppresses the finding */
    const char *suppression_kind; /* "inSource" (template Metadata) or "external" (config) */
    const char *justification;    /* the exception's reason */
    /* The safe fix (--fix): nedits edits in offset order, none overlapping,
     * applied together; nedits 0 when tdlint does not fix the finding. A
     * finding with a fix is never suppressed, and a file with a TD000 error
     * has none. */
    const td_edit *edits;
    size_t nedits;
    const char *fix; /* what the fix does, one line ("set readonlyRootFilesystem to true");
                        NULL when there is no fix */
    /* A finding of a kind tdlint fixes that it does not fix here, and why, one
     * line ("the value comes from parameter ReadOnly: change its Default or
     * the value deployed"); NULL otherwise. */
    const char *unfixable;
    /* Terraform: the address of the resource the finding is about
     * ("module.svc.aws_ecs_task_definition.this[0]"), also its task; NULL
     * for other inputs. SARIF gives it as a logical location. */
    const char *resource;
    /* The file start and end are in: the linted file's path (td_file_path),
     * or a file it reads (Terraform's file() or templatefile(), another .tf
     * file of its module folder), shown relative to where the linted file is
     * shown. Compare with td_file_path, by string. */
    const char *path;
} td_finding;

/* Rule metadata, from the one table in rules/. */
typedef struct {
    const char *id;                /* "TD001" */
    const char *name;              /* "writable-root-filesystem" */
    td_level level;                /* default level */
    const char *summary;           /* one line */
    const char *doc;               /* the full documentation, markdown */
    const char *security_severity; /* CVSS-like score as text, for SARIF; NULL if none */
} td_rule_info;

TD_API size_t td_rule_count(void);
/* The i-th rule, in ID order; NULL when i >= td_rule_count(). */
TD_API const td_rule_info *td_rule_at(size_t i);
/* The rule with this ID or name ("TD001", "writable-root-filesystem"; letter
 * case ignored), or NULL. */
TD_API const td_rule_info *td_rule_find(const char *id_or_name);

/* The one of the n candidates nearest to word (a few letters inserted,
 * deleted or changed, letter case ignored), for a "did you mean" hint: NULL
 * when none is near, or when two different ones are equally near. Borrowed
 * from candidates. */
TD_API const char *td_suggest(const char *word, const char *const *candidates, size_t n);

/* What happened to a file as a whole. */
typedef enum {
    TD_FILE_OK = 0,           /* parsed; its findings (maybe none) are in the td_file */
    TD_FILE_SYNTAX_ERROR = 1, /* not valid JSON or YAML: one TD000 finding */
    TD_FILE_INVALID = 2,      /* unusable (encoding, depth): one TD000 finding; or parsed with
                                 duplicate keys: a TD000 finding for each, and linted with the
                                 last value of each key, as CloudFormation and ECS keep it */
    TD_FILE_READ_ERROR = 3,   /* could not be read: one TD000 finding at 1:1 */
    TD_FILE_SKIPPED = 4       /* a TD_FILE_SYNTAX_ERROR file the caller skipped (td_file_skip):
                                 it keeps its TD000 finding, which reports leave out */
} td_file_status;

/* Configuration: which rules run, extra system paths for TD101, exceptions.
 * A NULL td_config means the defaults (every rule on, no exceptions). */
typedef struct td_config td_config;

/* A configuration with the defaults. */
TD_API int td_config_new(td_config **out);
/* Loads a configuration file (.tdlint.yaml, YAML or JSON; an empty file is an
 * empty configuration). Exception paths and exclude globs are relative to
 * the file's folder. On configuration errors returns TD_EINVAL and sets
 * *error to every error, in source order, one a line (separated by '\n'):
 * "PATH:LINE:COL: message", PATH as given (a file that cannot be read: one
 * line "PATH: message"); free it with free(). Returns TD_ENOMEM when out of
 * memory; *out is NULL on any failure. */
TD_API int td_config_load(const char *path, td_config **out, char **error);
/* Looks for .tdlint.yaml in start_dir and its parents, stopping after the
 * first folder that holds .git (the repository root). *path is the file found
 * (free it with free()) or NULL; it is relative ("../.tdlint.yaml") when
 * start_dir is. Returns TD_OK or TD_ENOMEM. */
TD_API int td_config_discover(const char *start_dir, char **path);
/* The configuration file as named to td_config_load, or NULL (defaults). */
TD_API const char *td_config_file(const td_config *cfg);
/* The absolute folder of the configuration file, which exception paths and
 * exclude globs are relative to; NULL for the defaults. */
TD_API const char *td_config_dir(const td_config *cfg);
/* The configuration's exclude: globs (0 <= i < td_config_exclude_count),
 * relative to td_config_dir; NULL past the end. Borrowed. */
TD_API size_t td_config_exclude_count(const td_config *cfg);
TD_API const char *td_config_exclude(const td_config *cfg, size_t i);
/* Whether path, relative to its pattern's base folder ("a/b.json", no
 * leading "./"), is matched by an exclude glob or a .gitignore pattern, with
 * git's rules for one pattern: '*', '?' and [...] never match '/'; "**" as
 * a whole segment matches any number of folders ("**" + "/x", "a/" + "**",
 * "a/" + "**" + "/b"); a pattern with no '/' but a trailing one matches the
 * base name at any depth; one with a '/' at its start or in its middle
 * matches the whole path (a leading '/' is dropped); a trailing '/' matches
 * directories only (is_dir); a backslash quotes the next character.
 * Negation ("!") and comments are .gitignore syntax, not the pattern's. */
TD_API int td_pattern_match(const char *pattern, const char *path, int is_dir);
/* The path of file (relative to the current directory, or absolute)
 * relative to the absolute folder dir, "." and ".." removed, symbolic links
 * not resolved: TD_OK with *rel (free it with free()), or NULL when file is
 * not below dir; TD_ENOMEM. */
TD_API int td_path_relative(const char *dir, const char *file, char **rel);
/* Turns rule id on or off (--enable, --disable); TD_EINVAL for an unknown ID
 * and for turning TD000 (input errors) off. */
TD_API int td_config_set_rule(td_config *cfg, const char *id, int enabled);
/* Whether rule id runs under cfg (cfg may be NULL). */
TD_API int td_config_rule_enabled(const td_config *cfg, const char *id);
/* The configuration's fail-level, or TD_LEVEL_NONE when it sets none. */
TD_API td_level td_config_fail_level(const td_config *cfg);
/* Sets the date that exceptions' expires: dates are compared with
 * ("YYYY-MM-DD"; the command takes it from TDLINT_TODAY); by default it is
 * the current UTC date. TD_EINVAL when date is not a calendar date. */
TD_API int td_config_set_today(td_config *cfg, const char *date);
TD_API void td_config_free(td_config *cfg);

/* Limits that bound the work and memory a hostile or broken file can cost.
 * Hitting one gives the file a TD000 error at a position (the file size: at
 * 1:1) instead of a crash, a hang or unbounded memory. A field of 0 means
 * its default. */
typedef struct {
    size_t max_file_size; /* bytes read from one file; checked before reading a regular
                             file and while reading a pipe (TD_DEFAULT_MAX_FILE_SIZE) */
    size_t max_depth;     /* nesting of arrays and objects (TD_DEFAULT_MAX_DEPTH); JSON
                             cannot go deeper than 2048 whatever it is (jansson's limit) */
    size_t max_aliases;   /* YAML alias uses (*name) per document (TD_DEFAULT_MAX_ALIASES) */
    size_t max_findings;  /* findings kept per file, in position order; past it one TD000
                             error tells how many more there are (TD_DEFAULT_MAX_FINDINGS) */
} td_limits;

#define TD_DEFAULT_MAX_FILE_SIZE ((size_t)64 * 1024 * 1024)
#define TD_DEFAULT_MAX_DEPTH ((size_t)2048)
#define TD_DEFAULT_MAX_ALIASES ((size_t)10000)
#define TD_DEFAULT_MAX_FINDINGS ((size_t)10000)

/* Sets cfg's limits (copied; 0 fields take the defaults). */
TD_API void td_config_set_limits(td_config *cfg, const td_limits *limits);
/* Writes the limits in force under cfg (cfg may be NULL: the defaults), with
 * every default filled in. */
TD_API void td_config_get_limits(const td_config *cfg, td_limits *out);

typedef struct td_file td_file;

/* Lints the bytes data[0..len) and stores the result in *out.
 * display_path is the path printed in diagnostics (copied); configuration
 * exceptions match it relative to the configuration file's folder.
 * cfg may be NULL. Returns TD_OK, or TD_ENOMEM (then *out is NULL). */
TD_API int td_lint_buffer(const td_config *cfg, const char *display_path, const void *data,
                          size_t len, td_file **out);

/* Reads the file at fs_path and lints it like td_lint_buffer; a file that cannot
 * be read gives a td_file with status TD_FILE_READ_ERROR. display_path may be
 * NULL (then fs_path is shown). Returns TD_OK or TD_ENOMEM. */
TD_API int td_lint_path(const td_config *cfg, const char *fs_path, const char *display_path,
                        td_file **out);

/* Reads fd to its end (a file, a pipe, standard input) and lints the bytes;
 * fd is not closed. A read error gives a TD_FILE_READ_ERROR file. */
TD_API int td_lint_fd(const td_config *cfg, int fd, const char *display_path, td_file **out);

/* A td_file that holds only a TD000 "could not be read" finding with this
 * reason (for example strerror(errno)); for callers that read input themselves. */
TD_API int td_file_new_read_error(const char *display_path, const char *reason, td_file **out);

TD_API void td_file_free(td_file *file);

/* ---- TD006: configuration exceptions that suppressed nothing ----
 *
 * Whether a configuration exception is dead can only be told over a whole
 * run: a td_usage adds up, file by file, which exceptions of one td_config
 * applied to a file linted under it (no path, or a path that matches it)
 * and which suppressed a finding (or matched one after it expired). */
typedef struct td_usage td_usage;
/* A tally for the exceptions of cfg, which must outlive it. TD_OK or TD_ENOMEM. */
TD_API int td_usage_new(const td_config *cfg, td_usage **out);
/* Adds what file, linted under the tally's configuration, did with its
 * exceptions (a file linted under another configuration adds nothing). */
TD_API void td_usage_add(td_usage *usage, const td_file *file);
/* A td_file named as the configuration file, holding one TD006 note at each
 * exception that applied to a file added but suppressed nothing; *out is
 * NULL when there is none, when TD006 is disabled in the configuration, or
 * for the defaults. TD_OK or TD_ENOMEM. */
TD_API int td_usage_report(const td_usage *usage, td_file **out);
TD_API void td_usage_free(td_usage *usage);

TD_API const char *td_file_path(const td_file *file);
TD_API td_file_status td_file_get_status(const td_file *file);
/* Number of task definitions recognized in the file. */
TD_API size_t td_file_task_count(const td_file *file);
/* Number of containers checked in the file. */
TD_API size_t td_file_container_count(const td_file *file);

/* What backs a place where a container can write. */
typedef enum {
    TD_VOLUME_SCRATCH = 0, /* a task volume with only a name: task storage */
    TD_VOLUME_HOST = 1,    /* a bind mount of a host path (host.sourcePath) */
    TD_VOLUME_EFS = 2,     /* Amazon EFS */
    TD_VOLUME_DOCKER = 3,  /* a Docker volume (dockerVolumeConfiguration) */
    TD_VOLUME_OTHER = 4,   /* FSx for Windows File Server, S3 Files, ... */
    TD_VOLUME_TMPFS = 5,   /* linuxParameters.tmpfs: memory */
    TD_VOLUME_UNKNOWN = 6, /* the volume is not declared, or not known statically */
    TD_VOLUME_EBS = 7      /* configuredAtLaunch: an Amazon EBS volume that the service or
                              run-task call configures when the task is launched */
} td_volume_kind;

/* "scratch", "host", "efs", "docker", "other", "tmpfs", "unknown",
 * "ebs-configured-at-launch". */
TD_API const char *td_volume_kind_name(td_volume_kind kind);

/* A path a container can write to although its root filesystem may be read-only. */
typedef struct {
    const char *path;   /* the path in the container as written; NULL when not known statically */
    const char *how;    /* where it comes from, in the input's spelling: "mountPoints[0]",
                           "linuxParameters.tmpfs[1]", "volumesFrom[0] from \"app\"" (plus
                           " (declared by \"c\")" when inherited through a chain) */
    const char *volume; /* the task volume mounted; NULL for tmpfs or when not known */
    td_volume_kind kind;
    const char *host_path; /* TD_VOLUME_HOST: the host path; NULL when not known */
    const char *computed;  /* CloudFormation: what makes it writable only in some
                              deployments, or computes it ("Fn::If IsProd", "Ref ReadOnly");
                              NULL when it is writable in every deployment */
} td_writable_path;

/* A container checked, and where it can write. */
typedef struct {
    const char *task;      /* family or logical ID; NULL when none */
    const char *container; /* its name; NULL when unnamed */
    size_t index;          /* its position in the container list */
    const char *condition; /* CloudFormation: when the container exists ("condition IsProd is
                              true"); NULL when always */
    int root_writable;     /* 1: writable (in some deployment), 0: read-only, -1: not known */
    const td_writable_path *writable; /* nwritable paths, in the order of the input:
                                         mountPoints, volumesFrom (expanded), tmpfs */
    size_t nwritable;
    const char *pointer;   /* JSON Pointer of the container definition; the findings about
                              the container are at it or below it */
    const char *name_expr; /* when the name is an intrinsic function, that expression in a
                              template's short form, as messages name the container
                              ("!Sub \"${Env}-web\"", the same for JSON and YAML input);
                              NULL otherwise */
} td_container_info;

/* The i-th container checked (0 <= i < td_file_container_count), in input
 * order; NULL past the end. Borrowed: lives as long as file. */
TD_API const td_container_info *td_file_container(const td_file *file, size_t i);

/* A task definition recognized in a file. */
typedef struct {
    const char *name;       /* family or logical ID; NULL for a bare container array */
    const char *pointer;    /* JSON Pointer of the task definition ("" for the root) */
    size_t first_container; /* its containers are td_file_container(file, first_container)
                               ... (first_container + ncontainers - 1) */
    size_t ncontainers;
} td_task_info;

/* The i-th task definition (0 <= i < td_file_task_count), in input order; NULL
 * past the end. Borrowed: lives as long as file. */
TD_API const td_task_info *td_file_task(const td_file *file, size_t i);

/* What tdlint recognized in the file and why, for --verbose: the i-th line
 * (0-based), in input order; NULL past the last, and for a file that could
 * not be read or parsed. For example "CloudFormation template: 2 task
 * definitions (Resources.Web, Resources.Worker)", "register-task-definition
 * input: task definition \"shop\" (containerDefinitions at 2:3)",
 * "Resources.Win is a Windows task: container \"iis\" uses image
 * mcr.microsoft.com/windows/servercore/iis", "no task definition: a JSON
 * object with no containerDefinitions, taskDefinition or Resources". With
 * several YAML documents each line starts "document N: "; a file that holds
 * no document (empty, or only comments) has no line. Borrowed: lives as long
 * as file. */
TD_API const char *td_file_recognized(const td_file *file, size_t i);

TD_API size_t td_file_finding_count(const td_file *file);
/* Findings are sorted by line, column, rule ID, message. */
TD_API const td_finding *td_file_finding(const td_file *file, size_t i);
/* For TD_FILE_SYNTAX_ERROR/INVALID/READ_ERROR/SKIPPED: the reason, one line; else NULL. */
TD_API const char *td_file_error(const td_file *file);

/* Whether file could not be parsed (TD_FILE_SYNTAX_ERROR, a Terraform file
 * included) and nothing suggests that it could hold a task definition: its
 * base name does not start with taskdef or task-definition and its text does
 * not mention containerDefinitions or AWS::ECS::TaskDefinition, in any
 * letter case. A file over a limit (TD_FILE_READ_ERROR, TD_FILE_INVALID) or
 * in an encoding tdlint refuses (TD_FILE_INVALID) is never skippable. The
 * command skips such a file unless --strict. */
TD_API int td_file_skippable(const td_file *file);
/* Marks a skippable file TD_FILE_SKIPPED: reports list it as skipped (SARIF:
 * a notification; JSON: in "skipped") instead of reporting its error. Does
 * nothing to a file that is not skippable. */
TD_API void td_file_skip(td_file *file);

/* The text of source line `line` (1-based), without its line end (LF, CRLF
 * or CR) and, for line 1, without a UTF-8 byte-order mark; *len (len may be
 * NULL) is its length in bytes: the text is NUL-terminated, but may hold NUL
 * bytes of its own. A td_file keeps only the lines where its findings and
 * their related locations start: NULL for any other line, and for a file
 * that could not be read. Borrowed: lives as long as file. */
TD_API const char *td_file_line(const td_file *file, unsigned long line, size_t *len);
/* The same in the file at path (a td_finding's or td_related's path; NULL:
 * the linted file's). */
TD_API const char *td_file_line_in(const td_file *file, const char *path, unsigned long line,
                                   size_t *len);

/* ---- fixes ----
 *
 * TD001 and TD003 findings carry a safe fix when the setting is written
 * literally in the file (td_finding.edits): the key inserted or renamed, the
 * value rewritten in the file's own style, nothing else in the file moved.
 * Applying the fixes can let another fix appear (a misspelt key renamed,
 * then its value false set to true): td_fix_buffer repeats until none is
 * left. */

/* Applies the fixes of file's findings to data[0..len), the bytes file was
 * linted from: *out (free it with free(); NUL-terminated, the terminator not
 * counted in *out_len) is the fixed text, *napplied (may be NULL) how many
 * findings were fixed. A fix whose edits overlap those of one before it in
 * the file is left for the next round. Returns TD_OK (a copy of data when
 * there is nothing to fix), TD_ENOMEM, or TD_EINVAL when an edit lies
 * outside data. */
TD_API int td_fix_apply(const td_file *file, const void *data, size_t len, char **out,
                        size_t *out_len, size_t *napplied);

/* At most this many rounds of linting and fixing in td_fix_buffer. */
#define TD_FIX_ROUNDS 8

/* Lints data[0..len) like td_lint_buffer, applies the fixes, and again
 * until nothing fixable is left (at most TD_FIX_ROUNDS times): *fixed (free
 * it with free(); NUL-terminated, not counted in *fixed_len) is the result,
 * *nfixed (may be NULL) the number of fixes applied, and *out the td_file of
 * the fixed text (the findings that remain). On failure *fixed and *out are
 * NULL. Returns TD_OK or TD_ENOMEM. */
TD_API int td_fix_buffer(const td_config *cfg, const char *display_path, const void *data,
                         size_t len, char **fixed, size_t *fixed_len, size_t *nfixed,
                         td_file **out);

/* Emitters. files[] is printed in the order given (the command sorts it by
 * path); findings below min_level are left out. Return TD_OK, TD_EIO or
 * TD_ENOMEM. */
typedef struct {
    td_level min_level;  /* findings below it are left out */
    int show_suppressed; /* print suppressed findings too, marked as such */
    /* For a person at a terminal, as compilers do: after each finding its
     * source line with the span underlined ("^~~~"; a span over several
     * lines is underlined to the end of its first), then each related
     * location as a "note:" line with its own source line. */
    int snippets;
    int color;        /* ANSI colours: bold path, the level and the underline in red
                         (error), magenta (warning) or cyan (note) */
    int byte_columns; /* COL counts bytes from the start of the line (as Vim's %c
                         does) instead of code points */
    unsigned width;   /* snippets: terminal columns a source line may take; longer
                         lines are cut around the span; 0: 100 */
} td_text_options;

/* options may be NULL: every unsuppressed finding, one line each. */
TD_API int td_emit_text(FILE *out, td_file *const *files, size_t n, const td_text_options *options);

typedef struct {
    /* Absolute directory that relative paths are relative to ("/work/repo"),
     * given as %SRCROOT% in originalUriBaseIds; NULL leaves that out. */
    const char *srcroot_dir;
    /* Whether the run as a whole succeeded (no file failed to be read or parsed). */
    int execution_successful;
} td_sarif_options;

TD_API int td_emit_sarif(FILE *out, td_file *const *files, size_t n, td_level min_level,
                         const td_sarif_options *options);

/* tdlint's own JSON report, schema "tdlint/1" (docs/json-format.md,
 * docs/tdlint-json.schema.json): every file with its status, task definitions,
 * containers and writable paths, and its findings at or above min_level,
 * suppressed ones included and marked. Columns in Unicode code points. */
TD_API int td_emit_json(FILE *out, td_file *const *files, size_t n, td_level min_level);

/* GitHub Actions workflow commands, one line per finding at or above
 * min_level: "::error file=PATH,line=L,col=C,endLine=L,endColumn=C,title=ID
 * NAME::MESSAGE" (warning: ::warning, note: ::notice), escaped as the runner
 * requires. Columns only when the finding is on one line. Suppressed findings
 * are left out. */
TD_API int td_emit_github(FILE *out, td_file *const *files, size_t n, td_level min_level);

/* GitLab Code Quality report: a JSON array with one issue per finding at or
 * above min_level (error: major, warning: minor, note: info); the fingerprint
 * is the path's hash followed by the finding's fingerprint. Suppressed
 * findings are left out. */
TD_API int td_emit_gitlab(FILE *out, td_file *const *files, size_t n, td_level min_level);

typedef struct {
    /* A testcase fails when it has an unsuppressed finding at or above it;
     * TD_LEVEL_NONE: the fail-level of the configuration each file was linted
     * under, else warning. */
    td_level fail_level;
} td_junit_options;

/* JUnit XML: one <testsuite> per file; a <testcase> "(file)" for the file as a
 * whole (read and parse errors are <error>s, findings about no container
 * <failure>s) and one per container checked, named "TASK/CONTAINER". Findings
 * below min_level are left out; those below the fail level and suppressed
 * ones are listed in <system-out>. options may be NULL: fail level warning. */
TD_API int td_emit_junit(FILE *out, td_file *const *files, size_t n, td_level min_level,
                         const td_junit_options *options);

/* ---- a report written file by file ----
 *
 * The td_emit_* functions above write a report of a whole list of files. To
 * write one while files are still being linted, holding one file at a time:
 * td_report_begin, then td_report_add for each file in the order the report
 * lists them (a td_file may be freed once added), then td_report_end. The
 * bytes are the same as td_emit_* writes for the same list. A call returns
 * TD_OK or the first error (TD_ENOMEM, TD_EIO), which every later call
 * returns too; what was written before it stays written. */
typedef enum {
    TD_FORMAT_TEXT,
    TD_FORMAT_SARIF,
    TD_FORMAT_JSON,
    TD_FORMAT_GITHUB,
    TD_FORMAT_GITLAB,
    TD_FORMAT_JUNIT
} td_format;

/* The format's name as --format spells it ("text", "sarif", "json",
 * "github", "gitlab", "junit"); NULL past the last format, so that a program
 * can list them all. */
TD_API const char *td_format_name(td_format format);
/* The format named name: TD_OK, or TD_EINVAL when there is none. */
TD_API int td_format_parse(const char *name, td_format *out);

typedef struct {
    td_format format;
    td_level min_level;     /* findings below it are left out (it replaces text.min_level) */
    td_text_options text;   /* TD_FORMAT_TEXT */
    td_sarif_options sarif; /* TD_FORMAT_SARIF: srcroot_dir, read when the report ends, so it
                               must live until then (execution_successful is given to
                               td_report_end) */
    td_junit_options junit; /* TD_FORMAT_JUNIT */
} td_report_options;

typedef struct td_report td_report;

/* Writes what comes before the first file. *report is set even on error
 * (NULL only when it could not be allocated, or for an unknown format:
 * TD_EINVAL); pass it to td_report_end. */
TD_API int td_report_begin(FILE *out, const td_report_options *options, td_report **report);
TD_API int td_report_add(td_report *report, const td_file *file);
/* Writes the rest and frees report. execution_successful: SARIF's invocation
 * says whether the run as a whole succeeded (the other formats ignore it). */
TD_API int td_report_end(td_report *report, int execution_successful);

/* Versions of the libraries linked, for --version. */
TD_API const char *td_jansson_version(void);
TD_API const char *td_libyaml_version(void);

#ifdef __cplusplus
}
#endif

#endif /* TDLINT_H */
