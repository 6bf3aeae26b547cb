/*
 * The model stage: recognizers, the task model, the CloudFormation evaluator
 * and the writable-volume model. From a document (parse/parse.h) it finds the
 * task definitions and normalizes what the rules read into one shape whatever
 * the input's spelling: tasks, containers, each root-filesystem value with
 * the assumptions that lead to it, volumes, mounts and where each container
 * can write; every field keeps its span so that a finding can be located.
 * Not installed: programs use tdlint.h only.
 */
#ifndef TDLINT_MODEL_H
#define TDLINT_MODEL_H

#include "parse/parse.h"

/* A task's spelling: the ECS API's camelCase (also Terraform's aws provider
 * inside container_definitions), CloudFormation's PascalCase, or the
 * snake_case of Terraform's awscc (Cloud Control) provider. */
typedef enum { TDI_FLAVOR_ECS, TDI_FLAVOR_CFN, TDI_FLAVOR_CC } tdi_flavor;
#define TDI_NFLAVORS 3

/* The keys of a container definition the model reads, in a task's spelling:
 * a pruned load builds the values of these and of no other key. */
typedef enum {
    TDI_CKEY_NAME,
    TDI_CKEY_RO,
    TDI_CKEY_MOUNT_POINTS,
    TDI_CKEY_VOLUMES_FROM,
    TDI_CKEY_LINUX_PARAMETERS,
    TDI_CKEY_IMAGE, /* Windows images (model/windows.c); with the name, the spelling's mark */
    TDI_NCKEYS
} tdi_ckey;
extern const char *const tdi_container_keys[TDI_NFLAVORS][TDI_NCKEYS];

/* ---- what is "near" a name tdlint reads (model/keys.c) ----
 *
 * The one notion of a near-miss shared by the recognizers (TD005: a task
 * definition spelt so that nothing reads it) and TD003's did-you-mean (a
 * misspelt root-filesystem key): a string is near a name of this table when
 * it is not the name itself but is at most TDI_NEAR_SLACK letters inserted,
 * deleted or replaced away from it, letter case ignored (so every case
 * variant is near). tdi_near is the only test; tdi_near_names the only list. */
typedef enum {
    TDI_NEAR_ECS_CONTAINERS, /* containerDefinitions: register input, describe output */
    TDI_NEAR_ECS_TASKDEF,    /* taskDefinition: describe output's key */
    TDI_NEAR_CFN_CONTAINERS, /* ContainerDefinitions: a task definition resource's Properties */
    TDI_NEAR_CFN_TYPE,       /* AWS::ECS::TaskDefinition: a resource's Type */
    TDI_NEAR_CFN_PROPERTIES, /* Properties: an AWS::ECS::TaskDefinition resource's key */
    TDI_NEAR_ECS_RO,         /* readonlyRootFilesystem */
    TDI_NEAR_CFN_RO,         /* ReadonlyRootFilesystem */
    TDI_NEAR_CC_RO,          /* read_only_root_filesystem (awscc) */
    TDI_NNEAR
} tdi_near_name;
extern const char *const tdi_near_names[TDI_NNEAR];
#define TDI_NEAR_SLACK 2
/* Whether s is near name n (and not n itself). */
int tdi_near(tdi_near_name n, const char *s);
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

/* ---- evaluating CloudFormation values (eval.c) ---- */

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
    const json_t *json;   /* a literal in the tree, or NULL */
    const char *str;      /* a string made by evaluation (a parameter's value), or NULL */
    int absent;           /* Ref AWS::NoValue: the key is left out */
    const char *unknown;  /* not known statically, and why ("Fn::GetAtt", ...) */
    tdi_span span;        /* where the value is written */
    const char *pointer;  /* JSON Pointer of where it is written */
    const tdi_when *when; /* the assumptions that lead to it */
    size_t nwhen;
    /* Terraform: the document and file it was found in, when a reference led
     * out of the list's (a local of another file of the module); else NULL */
    const tdi_doc *doc;
    const tdi_loaded *loaded;
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
 * volumes). Filled by model/volumes.c. */
#define TDI_WHOLE_LIST ((size_t)-1) /* tdi_mount.index when the whole list is computed */
typedef enum {
    TDI_MOUNT_POINT, /* mountPoints[i]: sourceVolume at containerPath */
    TDI_MOUNT_FROM,  /* volumesFrom[i]: the mounts of sourceContainer */
    TDI_MOUNT_TMPFS  /* linuxParameters.tmpfs[i] at containerPath */
} tdi_mount_kind;

typedef struct {
    tdi_mount_kind kind;
    const char *path;     /* containerPath; NULL when absent or not a string (and for FROM) */
    const char *source;   /* sourceVolume / sourceContainer; NULL for tmpfs or when absent */
    int writable;         /* readOnly not true / tmpfs without "ro"; 1 when unknown (intrinsic) */
    size_t index;         /* position in its list */
    tdi_span span;        /* the entry */
    char *pointer;        /* of the entry */
    tdi_span source_span; /* the sourceVolume/sourceContainer member, or the entry */
    tdi_span path_span;   /* the containerPath member, or the entry */
    const char *source_key, *path_key; /* those keys as written (Terraform: in any case),
                                          else in the task's spelling */
    /* CloudFormation: the intrinsic function that computes the entry (path and
     * source NULL), its whole list (index TDI_WHOLE_LIST) or its readOnly /
     * mountOptions, so that it is writable only maybe; NULL when known. */
    const char *computed;
    int unknown; /* what it mounts is not known: the entry, its whole list or (FROM)
                    its sourceContainer is computed */
    const struct tdi_volume *volume; /* POINT: the task volume source names (the first of
                                        that name); NULL when none or unknown */
    size_t nsources;                 /* FROM: how many containers of the task source names */
} tdi_mount;

typedef enum {
    TDI_VOLUME_SCRATCH, /* a name only: task storage (bind mount without host path) */
    TDI_VOLUME_HOST,    /* host.sourcePath: a bind mount of a host path */
    TDI_VOLUME_EFS,     /* efsVolumeConfiguration */
    TDI_VOLUME_DOCKER,  /* dockerVolumeConfiguration */
    TDI_VOLUME_EBS,     /* configuredAtLaunch: Amazon EBS, configured when the task runs */
    TDI_VOLUME_OTHER    /* FSx, S3 Files, ... */
} tdi_volume_kind;

typedef struct tdi_volume {
    const char *name; /* NULL when absent */
    tdi_volume_kind kind;
    const char *host_path; /* for HOST */
    size_t index;
    tdi_span span; /* the entry */
    char *pointer;
    tdi_span host_path_span; /* the sourcePath member, or the entry */
} tdi_volume;

typedef struct tdi_writable tdi_writable;

/* An inline exception from a CloudFormation resource's Metadata:
 *   Metadata: {tdlint: {ignore: [{rule: TD001, containers: [php], reason: "..."}]}}
 * or a comment above a Terraform resource or container (model/tf_ignore.c). */
typedef struct {
    const char *rule;        /* NULL when missing or not a string */
    const char **containers; /* NULL: every container of the resource */
    size_t ncontainers;
    const char *reason; /* NULL when missing or not a string */
    tdi_span span;      /* the entry */
    int comment;        /* a `# tdlint:ignore RULE reason` comment (Terraform's HCL) */
} tdi_ignore;

/* One value of a container's root-filesystem setting, classified. */
typedef struct {
    tdi_ro_kind kind;
    const char *what;     /* INTRINSIC: what is not known; INVALID: what the value is */
    const char *text;     /* the string, for string values */
    tdi_span span;        /* where the value is written */
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
    const json_t *node;   /* the container definition object: its keys are read through
                             tdi_container_value only */
    char *name;           /* its "name"/"Name" when a string, else NULL */
    int name_computed;    /* it has a name that is not a string (an intrinsic function) */
    char *name_expr;      /* that name as messages show it (tdi_intrinsic_text), or NULL */
    size_t index;         /* position in the container list */
    char *pointer;        /* JSON Pointer of the container definition */
    tdi_span span;        /* the container definition */
    const tdi_when *when; /* the assumptions under which the container exists */
    size_t nwhen;
    tdi_ro_value *ro; /* the values the root-filesystem setting can take */
    size_t nro;
    tdi_span ro_span; /* key through value; the container's span when missing */
    char *ro_pointer; /* pointer of the value; the container's own (same string) when missing */
    tdi_typo *typos;  /* keys that are almost the setting's key */
    size_t ntypos;
    tdi_mount *mounts; /* writable or not, in order: mountPoints, volumesFrom, tmpfs */
    size_t nmounts;
    tdi_writable *writable; /* where it can write besides its root, own and inherited */
    size_t nwritable;
    const tdi_doc *doc; /* the document it is written in (its keys' spans are there) */
} tdi_container;

/* One place where a container can write besides its root filesystem: its own
 * writable mount point or tmpfs, or a writable mount point of another
 * container that it takes through writable volumesFrom entries (Docker
 * shares mount points, not tmpfs mounts). Filled by model/writable.c. */
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
    int invalid;         /* 0: an intrinsic function (unknown); 1: a wrong type */
    const char *what;    /* "Fn::If", "a string", ... */
    const char *subject; /* the list's key ("ContainerDefinitions"), NULL for an element */
    size_t index;        /* for an element: its index in the list */
    tdi_span span;
    char *pointer;
    const tdi_when *when; /* the assumptions that lead to it */
    size_t nwhen;
} tdi_opaque;

/* TD005: a task definition spelt so that nothing reads it (model/recognize.c). */
typedef enum {
    TDI_UNREAD_ECS_KEY,     /* a key near containerDefinitions where it belongs (register input,
                               describe output's taskDefinition) and no containerDefinitions */
    TDI_UNREAD_ECS_TASKDEF, /* a key near describe output's taskDefinition, and no
                               taskDefinition, holding containerDefinitions */
    TDI_UNREAD_CFN_TYPE,    /* a resource Type near AWS::ECS::TaskDefinition */
    TDI_UNREAD_CFN_KEY,     /* a Properties key near ContainerDefinitions and no
                               ContainerDefinitions */
    TDI_UNREAD_CFN_PROPS,   /* an AWS::ECS::TaskDefinition resource with a key near Properties
                               and no Properties */
    TDI_UNREAD_SPELLING     /* a container definition in the other flavor's spelling: none of
                               its own name/image keys, one of the other's (Name/Image in an
                               ECS list, name/image in a template) */
} tdi_unread_kind;

typedef struct {
    tdi_unread_kind kind;
    const char *got;   /* the key or the Type as written */
    const char *meant; /* what the reader needs there */
    tdi_span span;     /* the key, or the Type's value */
    const char *pointer;
    int bare_list;         /* SPELLING: in a bare list of containers */
    size_t index;          /* SPELLING: the container's index in its list */
    const char *name;      /* SPELLING: its name in either spelling when a string, or NULL */
    const char *name_expr; /* SPELLING: else the intrinsic that computes it, or NULL */
} tdi_unread;

typedef struct {
    tdi_flavor flavor;
    char *name;                /* family or logical ID; NULL for a bare container array */
    char *pointer;             /* of the task definition node */
    const char *ro_key;        /* "readonlyRootFilesystem" or "ReadonlyRootFilesystem" */
    tdi_container *containers; /* on the heap, as opaque: tdi_model_free frees them */
    size_t ncontainers, containers_cap;
    tdi_opaque *opaque;
    size_t nopaque, opaque_cap;
    const json_t *node; /* the task definition object (CloudFormation: its Properties) */
    int fargate;        /* requiresCompatibilities holds FARGATE */
    int windows;        /* runtimePlatform.operatingSystemFamily starts with WINDOWS_, or
                           without it, the images are Windows images (model/windows.c) */
    const char *os_why; /* why the task counts as Windows, or why images could not say;
                           NULL for a Linux task with nothing to say */
    /* TD005: the task definition is spelt so that nothing reads it; then it has
     * no containers, volumes or opaque entries, and only TD005 reports on it */
    tdi_unread *unread;
    int volumes_known; /* every volume name is known statically (never for a bare
                          container array, whose volumes are declared elsewhere) */
    tdi_volume *volumes;
    size_t nvolumes;
    tdi_ignore *ignores; /* inline exceptions (CloudFormation Metadata) */
    size_t nignores;
    /* a Terraform resource (plan, state or configuration): name is its address,
     * node its values (volume blocks, runtime_platform, ...), and container
     * definitions keys match ignoring case, the last winning, as the AWS
     * provider decodes them */
    int terraform;       /* 0, TDI_TF_PLAN (a plan or state) or TDI_TF_CONFIG */
    tdi_span cdefs_span; /* Terraform: its container_definitions attribute ({0, 0}: none) */
} tdi_task;

#define TDI_TF_PLAN 1   /* `terraform show -json`: a plan or a state */
#define TDI_TF_CONFIG 2 /* a configuration: .tf.json, or .tf through the HCL loader */
/* What a duplicate key's message ends with in the text the AWS provider
 * decodes as container_definitions (tdi_load_options.duplicate_tail): it
 * decodes with Go's encoding/json, the last of several values winning, and
 * sends the ECS API what it decoded. */
#define TDI_TF_DUPLICATE_TAIL                                                                      \
    ": Terraform's AWS provider decodes the string keeping the last value, which tdlint "          \
    "checks, while a reviewer may read the other; remove one"

/* A line of what --verbose says was recognized, and why: text, then the
 * line and column of at when has_at (e.g. "containerDefinitions at "), then
 * tail. */
typedef struct {
    const char *text;
    int has_at;
    tdi_span at;
    const char *tail;
} tdi_note;

typedef struct {
    tdi_task *tasks;
    size_t ntasks, cap;
    tdi_note *notes; /* on the heap; their strings in arena */
    size_t nnotes, notes_cap;
    tdi_arena arena; /* strings, containers and opaque entries of the tasks */
    /* documents inside strings (Terraform's container_definitions), with
     * their errors and duplicate keys: the engine reports those */
    tdi_loaded **embedded;
    size_t nembedded, embedded_cap;
} tdi_model;

/* ---- other files a Terraform configuration reads ----
 *
 * A configuration may write its container definitions in another file
 * (file("containers.json"), templatefile(...)) or in another .tf file of its
 * module folder (a local, a variable's default). The caller (the engine,
 * which reads files) gives the model these through tdi_files. Each file is
 * loaded once and its spans moved past those of the linted file and of the
 * files loaded before it (tdi_loaded_shift): one offset space, in which a
 * span says which file it is in. */
typedef struct tdi_file_ref {
    const char *path;     /* as reports show it: relative to where the linted file is shown */
    tdi_loaded loaded;    /* its spans moved by base (when why is NULL) */
    size_t base;          /* its offset 0 in the common space */
    const char *why;      /* it could not be read: why ("No such file or directory") */
    int contains;         /* read for the container definitions it holds (file(),
                             templatefile()): the engine reports its errors; else a .tf
                             file of the module, read for its locals and variables */
    int quiet;            /* the model says why its text is not read (a template's
                             placeholder breaks the JSON): no TD000 error */
    tdi_span via;         /* where it is first read: the call, in the common space */
    const char *via_what; /* that call ("file(\"x.json\")") */
} tdi_file_ref;

typedef struct tdi_files {
    /* The file at path (relative to the linted file's folder, or absolute),
     * read for the container definitions it holds: loaded as JSON, its
     * errors the engine's to report; via is where the call that reads it is
     * written and via_what that call (a related location of its findings:
     * the first call's). Loaded once: later calls give the same. NULL only
     * when out of memory. */
    tdi_file_ref *(*open)(struct tdi_files *fs, const char *path, tdi_span via,
                          const char *via_what);
    /* The other .tf and .tf.json files of the linted file's folder (its
     * module) whose text holds name, by file name, loaded (HCL for .tf); *n
     * of them. NULL with *n 0 when there are none, or when out of memory
     * (then *oom is set). Valid until the next call. */
    const tdi_file_ref *const *(*module)(struct tdi_files *fs, const char *name, size_t *n,
                                         int *oom);
} tdi_files;

/* Finds the task definitions in document d of l and reads what the rules
 * need of them; fs gives the other files a Terraform configuration reads
 * (NULL: none is read, what they hold is not known). Returns TD_OK or
 * TD_ENOMEM (then model is empty). Free with tdi_model_free. */
int tdi_recognize(const tdi_loaded *l, size_t d, tdi_files *fs, tdi_model *model);

/* Field names of volumes and mounts in a task's spelling: the ECS API's
 * camelCase or CloudFormation's PascalCase (model/keys.c). */
typedef struct {
    const char *volumes, *name, *host, *source_path, *mount_points, *source_volume, *container_path,
        *read_only, *volumes_from, *source_container, *linux_parameters, *tmpfs, *mount_options,
        *container_definitions;
} tdi_volume_keys;
const tdi_volume_keys *tdi_volume_keys_of(const tdi_task *t);
/* Container c's key k as written: in t's spelling, or for Terraform the last
 * key equal to it ignoring case (the AWS provider's decoder takes that one). */
const char *tdi_container_key(const tdi_task *t, const tdi_container *c, tdi_ckey k);
/* The key of obj, an object inside one of t's container definitions (a mount
 * point, linuxParameters, a tmpfs entry), that is read as want: want, or in
 * the AWS provider's container definitions (t->terraform, ECS spelling) the
 * last key equal to want ignoring case, as its decoder reads them (want when
 * there is none). */
const char *tdi_task_key(const tdi_task *t, const json_t *obj, const char *want);
/* The value of container c's key k (in t's spelling), or NULL. The model and
 * the rules read a container definition's keys through this only: a pruned
 * load builds the values of these keys and of no other. */
const json_t *tdi_container_value(const tdi_task *t, const tdi_container *c, tdi_ckey k);
/* Where that member is, or NULL. */
const tdi_member *tdi_container_member(const tdi_doc *doc, const tdi_task *t,
                                       const tdi_container *c, tdi_ckey k);
/* Whether container c's root filesystem is writable: 1 in some deployment,
 * 0 read-only, -1 not known statically. */
int tdi_root_writable(const tdi_task *t, const tdi_container *c);
/* What backs w, as the public enum names it. */
td_volume_kind tdi_writable_kind(const tdi_writable *w);
/* Writes how w reaches its container in the task's spelling:
 * "mountPoints[0]", "linuxParameters.tmpfs[1]", "volumesFrom[0] from \"app\"". */
void tdi_writable_how(tdi_buf *b, const tdi_task *t, const tdi_writable *w);
void tdi_model_free(tdi_model *model);

/* "Fn::If" when v is a CloudFormation intrinsic function (an object with one
 * key, Ref, Condition or Fn::*), else NULL. The string is borrowed from v. */
const char *tdi_intrinsic_name(const json_t *v);

#endif /* TDLINT_MODEL_H */
