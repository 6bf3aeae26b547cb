/* The keys the model reads, in both spellings, and the policy a pruned load
 * follows: it builds only what the model and the rules read.
 *
 * In a template, nothing of the Properties of a resource whose Type, read
 * before them, is not AWS::ECS::TaskDefinition; in a container definition,
 * the values of the keys in tdi_container_keys only. A container definition
 * of a task definition keeps the other keys, with null values, only where
 * the model looks at them: those as long as the setting's key give or take
 * two letters (the misspelling check, model/recognize.c), and one other,
 * which makes a mapping with a function's name and another key two keys
 * long, not a function; it drops the rest, keys and all. A bare list of
 * container definitions keeps every key: which keys there are says whether
 * it is one. Everything else is built. */
#include "model.h"

#include <string.h>
#include <strings.h>

const char *const tdi_container_keys[TDI_NFLAVORS][TDI_NCKEYS] = {
    [TDI_FLAVOR_ECS] = {"name", "readonlyRootFilesystem", "mountPoints", "volumesFrom",
                        "linuxParameters", "image"},
    [TDI_FLAVOR_CFN] = {"Name", "ReadonlyRootFilesystem", "MountPoints", "VolumesFrom",
                        "LinuxParameters", "Image"},
    [TDI_FLAVOR_CC] = {"name", "read_only_root_filesystem", "mount_points", "volumes_from",
                       "linux_parameters", "image"},
};

const char *const tdi_near_names[TDI_NNEAR] = {
    [TDI_NEAR_ECS_CONTAINERS] = "containerDefinitions",
    [TDI_NEAR_ECS_TASKDEF] = "taskDefinition",
    [TDI_NEAR_CFN_CONTAINERS] = "ContainerDefinitions",
    [TDI_NEAR_CFN_TYPE] = "AWS::ECS::TaskDefinition",
    [TDI_NEAR_CFN_PROPERTIES] = "Properties",
    [TDI_NEAR_ECS_RO] = "readonlyRootFilesystem",
    [TDI_NEAR_CFN_RO] = "ReadonlyRootFilesystem",
    [TDI_NEAR_CC_RO] = "read_only_root_filesystem",
};

/* Two letters of slack keep the other names a template or a task definition
 * holds far away: the nearest resource types (AWS::ECS::TaskSet,
 * AWS::Batch::JobDefinition, AWS::ECS::PrimaryTaskSet) and container keys
 * are five or more edits from these names (test_keys checks them). */
int tdi_near(tdi_near_name n, const char *s)
{
    const char *name = tdi_near_names[n];
    return strcmp(s, name) != 0 && tdi_edit_distance(s, name, TDI_NEAR_SLACK, 1) <= TDI_NEAR_SLACK;
}

/* The container-level names here are tdi_container_keys' (the values a
 * pruned load builds), spelt out again as the initializers must be constant:
 * test_keys checks that they agree. */
static const tdi_volume_keys ECS_KEYS = {
    "volumes",         "name",          "host",         "sourcePath",          "mountPoints",
    "sourceVolume",    "containerPath", "readOnly",     "volumesFrom",         "sourceContainer",
    "linuxParameters", "tmpfs",         "mountOptions", "containerDefinitions"};

static const tdi_volume_keys CFN_KEYS = {
    "Volumes",         "Name",          "Host",         "SourcePath",          "MountPoints",
    "SourceVolume",    "ContainerPath", "ReadOnly",     "VolumesFrom",         "SourceContainer",
    "LinuxParameters", "Tmpfs",         "MountOptions", "ContainerDefinitions"};

/* Terraform's awscc_ecs_task_definition (the Cloud Control API's schema in snake_case). */
static const tdi_volume_keys CC_KEYS = {"volumes",
                                        "name",
                                        "host",
                                        "source_path",
                                        "mount_points",
                                        "source_volume",
                                        "container_path",
                                        "read_only",
                                        "volumes_from",
                                        "source_container",
                                        "linux_parameters",
                                        "tmpfs",
                                        "mount_options",
                                        "container_definitions"};

/* Terraform's aws_ecs_task_definition: its volume blocks, the ECS API's
 * container definitions. */
static const tdi_volume_keys TF_KEYS = {"volume",          "name",
                                        "host_path",       "host_path",
                                        "mountPoints",     "sourceVolume",
                                        "containerPath",   "readOnly",
                                        "volumesFrom",     "sourceContainer",
                                        "linuxParameters", "tmpfs",
                                        "mountOptions",    "container_definitions"};

const tdi_volume_keys *tdi_volume_keys_of(const tdi_task *t)
{
    return t->flavor == TDI_FLAVOR_CC    ? &CC_KEYS
           : t->terraform                ? &TF_KEYS
           : t->flavor == TDI_FLAVOR_CFN ? &CFN_KEYS
                                         : &ECS_KEYS;
}

const char *tdi_task_key(const tdi_task *t, const json_t *obj, const char *want)
{
    if (!t->terraform || t->flavor != TDI_FLAVOR_ECS)
        return want; /* HCL attribute names are exact */
    /* the AWS provider's decoder: any case, the last one wins */
    const char *key, *last = NULL;
    json_t *v;
    json_object_foreach((json_t *)obj, key, v)
    {
        (void)v;
        if (strcasecmp(key, want) == 0)
            last = key;
    }
    return last ? last : want;
}

const char *tdi_container_key(const tdi_task *t, const tdi_container *c, tdi_ckey k)
{
    return tdi_task_key(t, c->node, tdi_container_keys[t->flavor][k]);
}

const json_t *tdi_container_value(const tdi_task *t, const tdi_container *c, tdi_ckey k)
{
    return json_object_get(c->node, tdi_container_key(t, c, k));
}

const tdi_member *tdi_container_member(const tdi_doc *doc, const tdi_task *t,
                                       const tdi_container *c, tdi_ckey k)
{
    return tdi_doc_member(doc, c->node, tdi_container_key(t, c, k));
}

/* The roles of the policy (tdi_prune): what lies below a collection. */
enum {
    R_ROOT = 1,      /* the document's root */
    R_RESOURCES,     /* a template's Resources */
    R_RESOURCE,      /* one resource */
    R_TASKDEF,       /* a task definition: Properties, or taskDefinition */
    R_CONTAINERS,    /* a list of container definitions */
    R_CONTAINER,     /* a container definition of a task definition */
    R_BARE_CONTAINER /* a container definition of a bare list */
};

/* A collection's word (tdi_prune's state) */
#define OTHER_TYPE 1u /* a resource whose Type is known not to be a task definition */
#define KEPT_ONE 2u   /* a container definition kept a key the model does not read */

static int is(const char *key, size_t keylen, const char *want)
{
    return strlen(want) == keylen && memcmp(key, want, keylen) == 0;
}

/* A key of a container definition whose value the model reads (any letter
 * case: the two spellings differ in case only), or the name of an intrinsic
 * function (the mapping is then a container computed by it). */
static int read_key(const char *key, size_t keylen)
{
    if (is(key, keylen, "Ref") || is(key, keylen, "Condition") ||
        (keylen > 4 && memcmp(key, "Fn::", 4) == 0))
        return 1;
    for (int k = 0; k < TDI_NCKEYS; k++) {
        const char *want = tdi_container_keys[TDI_FLAVOR_ECS][k];
        if (strlen(want) == keylen && strncasecmp(key, want, keylen) == 0)
            return 1;
    }
    return 0;
}

/* Whether the misspelling check looks at a key of this length. */
static int typo_length(size_t keylen)
{
    size_t n = strlen(tdi_near_names[TDI_NEAR_ECS_RO]);
    return keylen + TDI_NEAR_SLACK >= n && keylen <= n + TDI_NEAR_SLACK;
}

static int container_member(int role, unsigned *state, const char *key, size_t keylen)
{
    if (read_key(key, keylen))
        return TDI_ROLE_ALL;
    if (role == R_BARE_CONTAINER || typo_length(keylen))
        return TDI_ROLE_NULL;
    if (!(*state & KEPT_ONE)) {
        *state |= KEPT_ONE;
        return TDI_ROLE_NULL;
    }
    return TDI_ROLE_DROP;
}

static int member(int role, unsigned *state, int is_map, const char *key, size_t keylen)
{
    switch (role) {
    case R_ROOT:
        if (!is_map)
            return R_BARE_CONTAINER;
        return is(key, keylen, "Resources")              ? R_RESOURCES
               : is(key, keylen, "taskDefinition")       ? R_TASKDEF
               : is(key, keylen, "containerDefinitions") ? R_CONTAINERS
                                                         : TDI_ROLE_ALL;
    case R_RESOURCES:
        return is_map ? R_RESOURCE : TDI_ROLE_ALL;
    case R_RESOURCE:
        if (is_map && is(key, keylen, "Properties")) /* the Type may come after */
            return *state & OTHER_TYPE ? TDI_ROLE_NULL : R_TASKDEF;
        return TDI_ROLE_ALL;
    case R_TASKDEF:
        return is_map && keylen == 20 && strncasecmp(key, "containerDefinitions", 20) == 0
                   ? R_CONTAINERS
                   : TDI_ROLE_ALL;
    case R_CONTAINERS:
        return is_map ? TDI_ROLE_ALL : R_CONTAINER;
    case R_CONTAINER:
    case R_BARE_CONTAINER:
        /* a list where a container definition belongs: read whole */
        return is_map ? container_member(role, state, key, keylen) : TDI_ROLE_ALL;
    default:
        return TDI_ROLE_ALL;
    }
}

static void value(int role, unsigned *state, const char *key, size_t keylen, const json_t *v)
{
    if (role != R_RESOURCE || !is(key, keylen, "Type"))
        return;
    if (!json_is_string(v) || strcmp(json_string_value(v), "AWS::ECS::TaskDefinition") != 0)
        *state |= OTHER_TYPE;
    else
        *state &= ~OTHER_TYPE;
}

const tdi_prune tdi_model_prune = {R_ROOT, member, value};
