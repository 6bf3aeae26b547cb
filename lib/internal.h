/*
 * Declarations shared by the library's source files (prefix tdi_). Not
 * installed; programs use tdlint.h only.
 */
#ifndef TDLINT_INTERNAL_H
#define TDLINT_INTERNAL_H

#include "tdlint.h"

#include <jansson.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "base/base.h"

/* From here to tdi_json_arena_end, jansson's allocations on this thread come
 * from a and its frees do nothing (a tree built meanwhile is released with
 * the arena only). 0 when jansson's allocation functions were replaced by
 * the program after ours: then nothing changes and the tree is jansson's. */
int tdi_json_arena_begin(tdi_arena *a);
void tdi_json_arena_end(void);

#include "parse/parse.h"

/* td_lint_buffer, building the whole tree when prune is 0 (linting builds
 * only what the model reads): the tests check that both report the same. */
int tdi_lint_buffer_flags(const td_config *cfg, const char *display_path, const void *data,
                          size_t len, int prune, td_file **out);

/* ---- task model ---- */

typedef enum { TDI_FLAVOR_ECS, TDI_FLAVOR_CFN } tdi_flavor;

/* The keys of a container definition the model reads, in a task's spelling:
 * a pruned load builds the values of these and of no other key. */
typedef enum {
    TDI_CKEY_NAME,
    TDI_CKEY_RO,
    TDI_CKEY_MOUNT_POINTS,
    TDI_CKEY_VOLUMES_FROM,
    TDI_CKEY_LINUX_PARAMETERS,
    TDI_NCKEYS
} tdi_ckey;
extern const char *const tdi_container_keys[2][TDI_NCKEYS];
/* How many letters more, fewer or other a key may have and still be taken
 * for a misspelt readonlyRootFilesystem. */
#define TDI_TYPO_SLACK 2
/* The policy a pruned load follows to build only what the model reads (model/keys.c). */
extern const tdi_prune tdi_model_prune;

/* What a container's root-filesystem setting amounts to. */
typedef enum {
    TDI_RO_TRUE,         /* true (CloudFormation: also "true", any case) */
    TDI_RO_MISSING,      /* key absent: ECS default, writable */
    TDI_RO_FALSE,        /* false */
    TDI_RO_NULL,         /* null */
    TDI_RO_STRING_FALSE, /* CloudFormation string "false" (any case) */
    TDI_RO_INTRINSIC,    /* a CloudFormation intrinsic function: not known statically */
    TDI_RO_INVALID       /* not a boolean the deployer accepts */
} tdi_ro_kind;

/* ---- evaluating CloudFormation values (lib/eval.c) ---- */

/* One assumption on the way to a value: a condition taken one way, a
 * parameter holding one of its values, a mapping entry chosen. */
typedef enum { TDI_WHEN_CONDITION, TDI_WHEN_PARAMETER, TDI_WHEN_MAPPING } tdi_when_kind;

typedef struct {
    tdi_when_kind kind;
    const char *name;  /* the condition, parameter or mapping */
    int truth;         /* CONDITION: the value assumed; PARAMETER: 1 for its Default */
    const char *value; /* PARAMETER: the value assumed; MAPPING: "key1/key2" */
    int varies;        /* MAPPING: a key was not a literal (so the entry is one of several) */
    tdi_span span;     /* the branch taken, the allowed value or Default, the mapping entry */
} tdi_when;

/* One value an expression can take at deploy time. */
typedef struct {
    const json_t *json;  /* a literal in the tree, or NULL */
    const char *str;     /* a string made by evaluation (a parameter's value), or NULL */
    int absent;          /* Ref AWS::NoValue: the key is left out */
    const char *unknown; /* not known statically, and why ("Fn::GetAtt", ...) */
    tdi_span span;       /* where the value is written */
    const char *pointer; /* JSON Pointer of where it is written */
    const tdi_when *when; /* the assumptions that lead to it */
    size_t nwhen;
} tdi_val;

typedef struct {
    tdi_val *v;
    size_t n, cap;
} tdi_vals;

typedef struct {
    const tdi_doc *doc;
    const json_t *root; /* the template: Parameters, Conditions, Mappings */
    tdi_arena *arena;   /* assumption arrays and made strings */
} tdi_eval;

/* At most this many values per expression; past it, one more value is
 * "unknown" so that nothing is silently dropped. */
#define TDI_EVAL_MAX_VALUES 256

/* Appends to out every value v (written at span, at JSON Pointer pointer)
 * can take, each with the assumptions pre[0..npre) followed by those of its
 * own path. Returns TD_OK or TD_ENOMEM; free out->v with tdi_free. */
int tdi_evaluate(const tdi_eval *ev, const json_t *v, tdi_span span, const char *pointer,
                 const tdi_when *pre, size_t npre, tdi_vals *out);
/* Writes "condition A is true and parameter P is \"x\"" for a path (MAPPING
 * steps only when their key varied). Returns the number of phrases written. */
size_t tdi_when_text(tdi_buf *b, const tdi_when *when, size_t n);

/* Where a container can write although its root is read-only (issue: writable
 * volumes). Filled by tdi_read_volumes (lib/volumes.c). */
#define TDI_WHOLE_LIST ((size_t)-1) /* tdi_mount.index when the whole list is computed */
typedef enum {
    TDI_MOUNT_POINT,   /* mountPoints[i]: sourceVolume at containerPath */
    TDI_MOUNT_FROM,    /* volumesFrom[i]: the mounts of sourceContainer */
    TDI_MOUNT_TMPFS    /* linuxParameters.tmpfs[i] at containerPath */
} tdi_mount_kind;

typedef struct {
    tdi_mount_kind kind;
    const char *path;    /* containerPath; NULL when absent or not a string (and for FROM) */
    const char *source;  /* sourceVolume / sourceContainer; NULL for tmpfs or when absent */
    int writable;        /* readOnly not true / tmpfs without "ro"; 1 when unknown (intrinsic) */
    size_t index;        /* position in its list */
    tdi_span span;       /* the entry */
    char *pointer;       /* of the entry */
    tdi_span source_span; /* the sourceVolume/sourceContainer member, or the entry */
    tdi_span path_span;  /* the containerPath member, or the entry */
    /* CloudFormation: the intrinsic function that computes the entry (path and
     * source NULL), its whole list (index TDI_WHOLE_LIST) or its readOnly /
     * mountOptions, so that it is writable only maybe; NULL when known. */
    const char *computed;
    int unknown;         /* what it mounts is not known: the entry, its whole list or (FROM)
                            its sourceContainer is computed */
    const struct tdi_volume *volume; /* POINT: the task volume source names (the first of
                                        that name); NULL when none or unknown */
    size_t nsources;     /* FROM: how many containers of the task source names */
} tdi_mount;

typedef enum {
    TDI_VOLUME_SCRATCH, /* a name only: task storage (bind mount without host path) */
    TDI_VOLUME_HOST,    /* host.sourcePath: a bind mount of a host path */
    TDI_VOLUME_EFS,     /* efsVolumeConfiguration */
    TDI_VOLUME_DOCKER,  /* dockerVolumeConfiguration */
    TDI_VOLUME_OTHER    /* FSx, configuredAtLaunch, ... */
} tdi_volume_kind;

typedef struct tdi_volume {
    const char *name;        /* NULL when absent */
    tdi_volume_kind kind;
    const char *host_path;   /* for HOST */
    size_t index;
    tdi_span span;           /* the entry */
    char *pointer;
    tdi_span host_path_span; /* the sourcePath member, or the entry */
} tdi_volume;

typedef struct tdi_writable tdi_writable;

/* An inline exception from a CloudFormation resource's Metadata:
 *   Metadata: {tdlint: {ignore: [{rule: TD001, containers: [php], reason: "..."}]}} */
typedef struct {
    const char *rule;        /* NULL when missing or not a string */
    const char **containers; /* NULL: every container of the resource */
    size_t ncontainers;
    const char *reason;      /* NULL when missing or not a string */
    tdi_span span;           /* the entry */
} tdi_ignore;

/* One value of a container's root-filesystem setting, classified. */
typedef struct {
    tdi_ro_kind kind;
    const char *what;   /* INTRINSIC: what is not known; INVALID: what the value is */
    const char *text;   /* the string, for string values */
    tdi_span span;      /* where the value is written */
    const tdi_when *when; /* the path to it (besides the container's own) */
    size_t nwhen;
} tdi_ro_value;

/* A key that is almost readonlyRootFilesystem (another case, a small typo). */
typedef struct {
    const char *key;
    tdi_span span; /* key through value */
    char *pointer;
} tdi_typo;

typedef struct {
    const json_t *node; /* the container definition object */
    char *name;         /* its "name"/"Name" when a string, else NULL */
    size_t index;       /* position in the container list */
    char *pointer;      /* JSON Pointer of the container definition */
    tdi_span span;      /* the container definition */
    const tdi_when *when; /* the assumptions under which the container exists */
    size_t nwhen;
    tdi_ro_value *ro;   /* the values the root-filesystem setting can take */
    size_t nro;
    tdi_span ro_span;   /* key through value; the container's span when missing */
    char *ro_pointer;   /* pointer of the value; the container's own (same string) when missing */
    tdi_typo *typos;    /* keys that are almost the setting's key */
    size_t ntypos;
    tdi_mount *mounts;  /* writable or not, in order: mountPoints, volumesFrom, tmpfs */
    size_t nmounts;
    tdi_writable *writable; /* where it can write besides its root, own and inherited */
    size_t nwritable;
} tdi_container;

/* One place where a container can write besides its root filesystem: its own
 * writable mount point or tmpfs, or a writable mount point of another
 * container that it takes through writable volumesFrom entries (Docker
 * shares mount points, not tmpfs mounts). Filled by tdi_read_volumes. */
struct tdi_writable {
    const tdi_mount *mount;     /* POINT or TMPFS of owner, or an entry not known statically
                                   (path NULL; FROM when its source container is unknown) */
    const tdi_container *owner; /* the container that declares mount */
    const tdi_mount *via;       /* the container's own volumesFrom entry it comes through,
                                   NULL for its own mounts */
    const tdi_volume *volume;   /* the task volume a mount point names; NULL for tmpfs, or
                                   when the name is unknown or declares no volume */
    const char *computed;       /* the intrinsic function that makes it writable only maybe
                                   (of mount, or of a volumesFrom entry on the way); or NULL */
};

/* At most this many inherited writable places and volumesFrom steps per task
 * (ECS allows 10 containers in a task; this bounds hostile input). */
#define TDI_MAX_INHERITED 16384

/* A place where containers should be but something else is. */
typedef struct {
    int invalid;        /* 0: an intrinsic function (unknown); 1: a wrong type */
    const char *what;   /* "Fn::If", "a string", ... */
    const char *subject; /* the list's key ("ContainerDefinitions"), NULL for an element */
    size_t index;        /* for an element: its index in the list */
    tdi_span span;
    char *pointer;
    const tdi_when *when; /* the assumptions that lead to it */
    size_t nwhen;
} tdi_opaque;

typedef struct {
    tdi_flavor flavor;
    char *name;      /* family or logical ID; NULL for a bare container array */
    char *pointer;   /* of the task definition node */
    const char *ro_key; /* "readonlyRootFilesystem" or "ReadonlyRootFilesystem" */
    tdi_container *containers;
    size_t ncontainers;
    tdi_opaque *opaque;
    size_t nopaque;
    const json_t *node;   /* the task definition object (CloudFormation: its Properties) */
    int fargate;          /* requiresCompatibilities holds FARGATE */
    int windows;          /* runtimePlatform.operatingSystemFamily starts with WINDOWS_ */
    int volumes_known;    /* every volume name is known statically (never for a bare
                             container array, whose volumes are declared elsewhere) */
    tdi_volume *volumes;
    size_t nvolumes;
    tdi_ignore *ignores;  /* inline exceptions (CloudFormation Metadata) */
    size_t nignores;
} tdi_task;

typedef struct {
    tdi_task *tasks;
    size_t ntasks, cap;
    tdi_arena arena; /* strings, containers and opaque entries of the tasks */
} tdi_model;

/* Finds the task definitions in doc. Returns TD_OK or TD_ENOMEM. */
int tdi_recognize(const tdi_doc *doc, tdi_model *model);
/* Reads task t's volumes and each container's mounts (t->node set). Strings
 * and arrays go to model->arena. Returns TD_OK or TD_ENOMEM. */
int tdi_read_volumes(const tdi_doc *doc, tdi_model *model, tdi_task *t);

/* Field names of volumes and mounts in a task's spelling: the ECS API's
 * camelCase or CloudFormation's PascalCase. */
typedef struct {
    const char *volumes, *name, *host, *source_path, *mount_points, *source_volume,
        *container_path, *read_only, *volumes_from, *source_container, *linux_parameters,
        *tmpfs, *mount_options, *container_definitions;
} tdi_volume_keys;
const tdi_volume_keys *tdi_volume_keys_of(const tdi_task *t);
/* Writes how w reaches its container in the task's spelling:
 * "mountPoints[0]", "linuxParameters.tmpfs[1]", "volumesFrom[0] from \"app\"". */
void tdi_writable_how(tdi_buf *b, const tdi_task *t, const tdi_writable *w);
/* Keeps what --verbose shows about task t's containers (td_file_container) in
 * file. Returns TD_OK or TD_ENOMEM. */
int tdi_file_keep_containers(td_file *file, const tdi_task *t);
void tdi_model_free(tdi_model *model);

/* "Fn::If" when v is a CloudFormation intrinsic function (an object with one
 * key, Ref, Condition or Fn::*), else NULL. The string is borrowed from v. */
const char *tdi_intrinsic_name(const json_t *v);
/* "a number", "a list", "an object", "a string", ... */
const char *tdi_json_kind(const json_t *v);

/* ---- configuration (lib/config.c) ---- */

typedef struct {
    const char *rule;      /* "TD001" */
    const char *path;      /* glob relative to the configuration file's folder, or NULL */
    const char *task;      /* family or logical ID, or NULL */
    const char *container; /* or NULL */
    const char *reason;
    const char *expires;   /* "YYYY-MM-DD" or NULL */
} tdi_exception;

struct td_config {
    char *file;           /* the configuration file, NULL for defaults */
    char *dir;            /* absolute folder that exception paths are relative to */
    td_level fail_level;  /* TD_LEVEL_NONE when not set */
    char **disabled;      /* rule IDs turned off */
    size_t ndisabled, disabled_cap;
    const char **system_paths; /* extra TD101 system directories */
    size_t nsystem_paths;
    tdi_exception *exceptions;
    size_t nexceptions;
    tdi_arena arena;      /* strings and arrays of the configuration */
    char today[11];       /* "YYYY-MM-DD" that expiry compares with; "" means the UTC date */
    td_limits limits;     /* as set; 0 fields are the defaults (td_config_get_limits) */
};

/* Parses a configuration held in memory (what td_config_load does after
 * reading the file). path is the name used in error messages, dir the
 * absolute folder that exception paths are relative to (may be NULL). On a
 * configuration error returns TD_EINVAL with *error = "PATH:LINE:COL: message"
 * (free it with free()); TD_ENOMEM when out of memory. */
int tdi_config_parse(const char *path, const char *dir, const char *data, size_t len,
                     td_config **out, char **error);
/* Replaces the 0 fields of l by their defaults. */
void tdi_limits_fill(td_limits *l);
/* Whether s is a calendar date written YYYY-MM-DD. */
int tdi_date_valid(const char *s);
/* Writes today's date as YYYY-MM-DD: cfg->today when set, else the UTC date. */
void tdi_today(const td_config *cfg, char out[11]);
/* ---- findings and rules ---- */

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
    size_t ntasks, ncontainers;
    td_finding *findings;
    size_t nfindings, cap;
    tdi_arena strings; /* messages, pointers, fingerprints, related locations */
    int failed;        /* an allocation failed while reporting */
    uint64_t *fps;            /* fingerprints given out (a set; see engine.c) */
    size_t fps_len, fps_cap;
    tdi_file_ignore *ignores; /* inline exceptions of every task (strings in `strings`) */
    size_t nignores, ignores_cap;
    td_container_info *infos; /* each container checked (strings in `strings`) */
    size_t ninfos, infos_cap;
    td_task_info *tasks; /* each task definition, ntasks of them (strings in `strings`) */
    size_t tasks_cap;
    tdi_file_line *lines; /* the source lines where findings and related locations start,
                             by number (text in `strings`): snippets and byte columns */
    size_t nlines;
};

/* Applies rule selection and exceptions to the file's findings: drops those of
 * disabled rules, marks suppressed ones (inline Metadata first, then the
 * configuration's exceptions), and notes expired exceptions in the message.
 * An inline entry without a rule or a reason suppresses nothing and is
 * reported as TD000 at its span (src converts the span; file->ignores spans
 * are offsets in src). Returns TD_OK or TD_ENOMEM. (lib/filter.c) */
int tdi_filter_apply(td_file *file, const tdi_source *src, const td_config *cfg);

int tdi_file_new(const char *path, td_file **out);

/* Copies into file the lines of src where its findings and their related
 * locations start, so that emitters can show them once the source is gone.
 * Returns TD_OK or TD_ENOMEM. (lib/source.c) */
int tdi_file_keep_lines(td_file *file, const tdi_source *src);
/* The kept line number no of file, or NULL. */
const tdi_file_line *tdi_file_line_find(const td_file *file, unsigned long no);
/* The column of position p counted in bytes from the start of its line
 * (1-based, the byte-order mark not counted); p.column when the line is not kept. */
unsigned long tdi_byte_column(const td_file *file, td_position p);

/* ---- snippets: a source line with the span of a finding underlined (lib/snippet.c) ---- */

/* Terminal columns a snippet line takes at most when no width is given. */
#define TDI_SNIPPET_WIDTH 100

typedef struct {
    const char *sgr; /* the span's colour as an SGR parameter ("1;31"); NULL: no colour */
    unsigned width;  /* most terminal columns a line may take, gutter included; 0: the default */
} tdi_snippet_style;

/* Appends to b the source line text[0..len), number no, behind a gutter
 * ("    7 | "), and below it a caret and tildes ("^~~~") under the bytes
 * [start, end) of the line. end > len means that the span goes on over the
 * next lines: it is underlined to the last non-blank character of the line.
 * Tabs expand to the next multiple of 8 in both lines; wide characters
 * (CJK, emoji) take two columns and combining marks none; control
 * characters, bidirectional controls and bytes that are not UTF-8 show as
 * U+FFFD. A line wider than the width is cut around the span, "..." marking
 * each cut. */
void tdi_snippet(tdi_buf *b, unsigned long no, const char *text, size_t len, size_t start,
                 size_t end, const tdi_snippet_style *style);
/* Terminal columns a code point takes: 0 (combining marks, zero-width
 * characters), 1 or 2 (East Asian wide and fullwidth characters, emoji). */
int tdi_cp_width(uint32_t cp);

typedef struct {
    td_file *file;
    const tdi_source *src;
    const tdi_doc *doc;
    const td_config *cfg; /* NULL: defaults */
} tdi_ctx;

/* Adds a finding for rule_id over span. fp_key identifies the finding for its
 * fingerprint independent of position (for example "task/container"). */
void tdi_report(tdi_ctx *ctx, const char *rule_id, tdi_span span, const char *pointer,
                const char *fp_key, const char *fmt, ...) TDI_PRINTF(6, 7);
/* Attaches a related location to the finding reported last. */
void tdi_report_related(tdi_ctx *ctx, tdi_span span, const char *fmt, ...) TDI_PRINTF(3, 4);
/* Same for a finding placed by byte offsets in a file without a document. */
void tdi_report_at(td_file *file, const tdi_source *src, const char *rule_id, tdi_span span,
                   const char *pointer, const char *fp_key, const char *message);
void tdi_file_sort(td_file *file);

/* A rule's check: reads one task of the model and reports. */
typedef void (*tdi_check_fn)(tdi_ctx *ctx, const tdi_task *task);

typedef struct {
    td_rule_info info;
    tdi_check_fn check; /* NULL for rules reported elsewhere (TD000) */
} tdi_rule;

extern const tdi_rule tdi_rules[];

/* The rules' checks, one per file under rules/. */
void tdi_check_td001(tdi_ctx *ctx, const tdi_task *task);
void tdi_check_td002(tdi_ctx *ctx, const tdi_task *task);
void tdi_check_td003(tdi_ctx *ctx, const tdi_task *task);
void tdi_check_td004(tdi_ctx *ctx, const tdi_task *task);
void tdi_check_td101(tdi_ctx *ctx, const tdi_task *task);
void tdi_check_td102(tdi_ctx *ctx, const tdi_task *task);
void tdi_check_td103(tdi_ctx *ctx, const tdi_task *task);
void tdi_check_td104(tdi_ctx *ctx, const tdi_task *task);
extern const size_t tdi_nrules;

/* Reports a finding about container c's root-filesystem setting: at c->ro_span,
 * the message being `container "web" in task definition "Web"` (without the
 * task part for a bare container array) followed by the formatted rest. */
void tdi_report_container(tdi_ctx *ctx, const char *rule_id, const tdi_task *task,
                          const tdi_container *c, const char *fmt, ...) TDI_PRINTF(5, 6);
/* The same at span (JSON Pointer pointer) instead of the setting: for findings
 * about a container's mounts and volumes. fp_what tells the finding apart from
 * the rule's other findings about c, independently of positions (a path, an
 * entry); it may be NULL. */
void tdi_report_at_container(tdi_ctx *ctx, const char *rule_id, const tdi_task *task,
                             const tdi_container *c, tdi_span span, const char *pointer,
                             const char *fp_what, const char *fmt, ...) TDI_PRINTF(8, 9);
/* Writes the path to value v of container c (the container's own assumptions,
 * then the value's) as "condition A is true and parameter P is \"x\"";
 * returns the number of phrases (0: unconditional). v may be NULL. */
size_t tdi_value_path(tdi_buf *b, const tdi_container *c, const tdi_ro_value *v);
/* Adds to the finding reported last a related location for each assumption of
 * the path (c may be NULL), skipping spans already related. */
void tdi_relate_path(tdi_ctx *ctx, const tdi_when *cw, size_t ncw, const tdi_when *vw,
                     size_t nvw);
/* Reports a finding about an opaque entry o of task: the message being
 * `ContainerDefinitions of task definition "Web"` or `container definition #2
 * of task definition "Web"` followed by the formatted rest. */
void tdi_report_opaque(tdi_ctx *ctx, const char *rule_id, const tdi_task *task,
                       const tdi_opaque *o, const char *fmt, ...) TDI_PRINTF(5, 6);

/* ---- helpers of the CI report emitters (lib/emit_common.c) ---- */

/* A JSON string of s (U+FFFD for bytes that are not UTF-8), JSON null for
 * NULL; a new reference, NULL when out of memory. */
json_t *tdi_json_text(const char *s);
/* path without leading "./": the repository-relative form CI systems match. */
const char *tdi_repo_path(const char *path);
/* Writing a JSON document a piece at a time, laid out byte for byte as
 * jansson's JSON_INDENT(2) dump of the whole would be (two spaces a level,
 * "key": value, one member or element a line), so that a report can be
 * written file by file.
 * The first error (TD_ENOMEM, TD_EIO) stays in err and stops the writing. */
typedef struct {
    FILE *out;
    int err;
} tdi_jw;
/* Opens an object or array ('{' or '['). */
void tdi_jw_open(tdi_jw *w, char bracket);
/* Closes the collection at depth that has n members or elements. */
void tdi_jw_close(tdi_jw *w, int depth, size_t n, char bracket);
/* Starts member "key" (an ASCII name) of the object at depth with n before it. */
void tdi_jw_key(tdi_jw *w, int depth, size_t n, const char *key);
/* Starts an element of the array at depth with n before it. */
void tdi_jw_elem(tdi_jw *w, int depth, size_t n);
/* Writes v (taking its reference; NULL: out of memory) as a value at depth. */
void tdi_jw_value(tdi_jw *w, json_t *v, int depth);

/* ---- the pieces of each report format, for lib/report.c ---- */

/* Text: the lines of file's findings; b is scratch. */
int tdi_text_file(FILE *out, tdi_buf *b, const td_file *file, const td_text_options *o);
/* GitHub: the workflow commands of file's findings; b is scratch. */
int tdi_github_file(FILE *out, tdi_buf *b, const td_file *file, td_level min_level);
/* GitLab: the issue of finding f of file. */
json_t *tdi_gitlab_issue(const td_file *file, const td_finding *f);
/* tdlint/1: file's entry in "files"; its findings at or above min_level are
 * counted into count[level] (unsuppressed) and *suppressed. */
json_t *tdi_json_file(const td_file *file, td_level min_level, size_t *count, size_t *suppressed);
#define TDI_JSON_SCHEMA "tdlint/1"
/* SARIF: the run's "tool" (every rule), one result, the notification of a
 * file that could not be read or parsed (NULL when file has none to give),
 * and originalUriBaseIds for srcroot_dir. */
json_t *tdi_sarif_tool(void);
json_t *tdi_sarif_result(const td_file *file, const td_finding *f);
int tdi_sarif_note(const td_file *file, json_t **note);
json_t *tdi_sarif_base_ids(const char *srcroot_dir);
/* JUnit: file's <testsuite>, appended to out (tmp is scratch); its counts
 * are added to total. */
typedef struct {
    size_t tests, failures, errors;
} tdi_junit_counts;
int tdi_junit_suite(tdi_buf *out, tdi_buf *tmp, const td_file *file, td_level min_level,
                    td_level fail_level, tdi_junit_counts *total);

#endif /* TDLINT_INTERNAL_H */
