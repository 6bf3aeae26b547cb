/* The keys the model reads survive a pruned load (model/keys.c): every key
 * of tdi_container_keys, in each spelling and each shape of input, keeps its
 * whole value in YAML as in JSON; task-level keys the model reads do too;
 * keys it does not read are pruned (so that the check means something). */
#include "model/build.h"
#include "testutil.h"

/* A value that a prune anywhere inside would change. */
#define SENTINEL "{\"a\": [1, \"two\", {\"b\": null, \"c\": [true]}]}"

typedef struct {
    const char *name;
    tdi_flavor flavor;
    const char *head;      /* the document up to the container definition's keys */
    const char *tail;      /* after them */
    const char *container; /* JSON Pointer of the container definition */
    const char *task;      /* JSON Pointer of the task definition ("": the root); NULL: none */
    int drops;             /* a container of a task definition drops most unread keys */
} shape;

static const shape SHAPES[] = {
    {"register input", TDI_FLAVOR_ECS,
     "{\"family\": " SENTINEL ", \"volumes\": " SENTINEL ", \"requiresCompatibilities\": " SENTINEL
     ", \"runtimePlatform\": " SENTINEL ", \"containerDefinitions\": [{",
     "}]}", "/containerDefinitions/0", "", 1},
    {"describe output", TDI_FLAVOR_ECS,
     "{\"taskDefinition\": {\"family\": " SENTINEL ", \"volumes\": " SENTINEL
     ", \"requiresCompatibilities\": " SENTINEL ", \"runtimePlatform\": " SENTINEL
     ", \"containerDefinitions\": [{",
     "}]}}", "/taskDefinition/containerDefinitions/0", "/taskDefinition", 1},
    {"bare container list", TDI_FLAVOR_ECS, "[{", "}]", "/0", NULL, 0},
    {"template", TDI_FLAVOR_CFN,
     "{\"Parameters\": " SENTINEL ", \"Conditions\": " SENTINEL ", \"Mappings\": " SENTINEL
     ", \"Resources\": {\"T\": {\"Type\": \"AWS::ECS::TaskDefinition\", \"Metadata\": " SENTINEL
     ", \"Properties\": {\"Volumes\": " SENTINEL ", \"RequiresCompatibilities\": " SENTINEL
     ", \"RuntimePlatform\": " SENTINEL ", \"ContainerDefinitions\": [{",
     "}]}}}}", "/Resources/T/Properties/ContainerDefinitions/0", "/Resources/T/Properties", 1},
};

/* Keys read above the container definitions, checked in the shapes that have them. */
static const char *const TASK_POINTERS[] = {
    "/family",
    "/volumes",
    "/requiresCompatibilities",
    "/runtimePlatform",
    "/Parameters",
    "/Conditions",
    "/Mappings",
    "/Resources/T/Metadata",
    "/Volumes",
    "/RequiresCompatibilities",
    "/RuntimePlatform",
};

/* A key the model does not read, and one as long as the setting's key give
 * or take two letters (the misspelling check reads those keys). */
#define UNREAD "\"environment\""
#define TYPO "\"readOnlyRootFileSystem\""

static char *document(const shape *s)
{
    tdi_buf b;
    tdi_buf_init(&b);
    tdi_buf_puts(&b, s->head);
    for (int k = 0; k < TDI_NCKEYS; k++)
        tdi_buf_printf(&b, "\"%s\": %s, ", tdi_container_keys[s->flavor][k], SENTINEL);
    tdi_buf_puts(&b, UNREAD ": " SENTINEL ", \"portMappings\": " SENTINEL ", " TYPO ": " SENTINEL);
    tdi_buf_puts(&b, s->tail);
    return tdi_buf_steal(&b);
}

/* JSON, or the same document as YAML: "--- " makes it a YAML flow
 * collection. As linting loads it. b holds the text, which the document
 * reads until it is freed. */
static void load(tdi_buf *b, const char *json, int yaml, tdi_loaded *l)
{
    tdi_buf_init(b);
    if (yaml)
        tdi_buf_puts(b, "--- ");
    tdi_buf_puts(b, json);
    tdi_load_options opt = {0, 0, &tdi_model_prune, 0, NULL};
    ck_assert_int_eq(tdi_load(b->data, b->len, &opt, l), TD_OK);
    ck_assert_msg(l->status == TDI_LOAD_OK && l->ndocs == 1, "%s", l->error ? l->error : "");
    ck_assert_int_eq(l->docs[0].format, yaml ? TDI_FORMAT_YAML : TDI_FORMAT_JSON);
}

static json_t *sentinel(void)
{
    json_error_t e;
    json_t *v = json_loads(SENTINEL, 0, &e);
    ck_assert_ptr_nonnull(v);
    return v;
}

static void assert_whole(const tdi_loaded *l, const char *pointer, const char *what)
{
    const json_t *v = NULL;
    ck_assert_msg(member_at(&l->docs[0], pointer, &v) != NULL, "%s: no member at %s", what,
                  pointer);
    json_t *want = sentinel();
    ck_assert_msg(json_equal(v, want), "%s: %s lost its value", what, pointer);
    json_decref(want);
}

START_TEST(test_read_keys_survive)
{
    const shape *s = &SHAPES[_i / 2];
    int yaml = _i % 2;
    char *json = document(s);
    tdi_loaded l;
    tdi_buf text;
    load(&text, json, yaml, &l);
    char where[256];
    snprintf(where, sizeof where, "%s in %s", s->name, yaml ? "YAML" : "JSON");
    for (int k = 0; k < TDI_NCKEYS; k++) {
        char p[256];
        snprintf(p, sizeof p, "%s/%s", s->container, tdi_container_keys[s->flavor][k]);
        assert_whole(&l, p, where);
    }
    for (size_t i = 0; s->task && i < sizeof TASK_POINTERS / sizeof *TASK_POINTERS; i++) {
        char p[256];
        const char *tp = TASK_POINTERS[i];
        /* the template's sections are at the root, Metadata beside Properties */
        if (strcmp(tp, "/Parameters") == 0 || strcmp(tp, "/Conditions") == 0 ||
            strcmp(tp, "/Mappings") == 0 || strncmp(tp, "/Resources/", 11) == 0)
            snprintf(p, sizeof p, "%s", tp);
        else
            snprintf(p, sizeof p, "%s%s", s->task, tp);
        const json_t *node = NULL;
        if (member_at(&l.docs[0], p, &node))
            assert_whole(&l, p, where);
    }
    /* the misspelt key is read as a key; its value need not be built */
    char p[256];
    snprintf(p, sizeof p, "%s/readOnlyRootFileSystem", s->container);
    ck_assert_msg(member_at(&l.docs[0], p, NULL) != NULL, "%s: the misspelt key is gone", where);
    /* what the model does not read is pruned in YAML (null, or the key
     * dropped), built in JSON */
    const json_t *pm = NULL, *env = NULL;
    snprintf(p, sizeof p, "%s/portMappings", s->container);
    const tdi_member *im = member_at(&l.docs[0], p, &pm);
    snprintf(p, sizeof p, "%s/environment", s->container);
    member_at(&l.docs[0], p, &env);
    if (!yaml) {
        ck_assert_msg(im != NULL && json_is_object(pm), "%s: portMappings not built", where);
    } else {
        ck_assert_msg(!pm || json_is_null(pm), "%s: portMappings built", where);
        ck_assert_msg(!env || json_is_null(env), "%s: environment built", where);
        /* a container of a task definition keeps one unread key (with a
         * null value) and drops the next; a bare list keeps them all */
        ck_assert_int_eq((pm != NULL) + (env != NULL), s->drops ? 1 : 2);
    }
    tdi_loaded_free(&l);
    tdi_buf_free(&text);
    free(json);
}
END_TEST

/* The names the messages and the volume model use for container-level keys
 * are the ones a pruned load builds. */
START_TEST(test_volume_keys_agree)
{
    for (int f = 0; f < 2; f++) {
        tdi_task t = {.flavor = (tdi_flavor)f};
        const tdi_volume_keys *k = tdi_volume_keys_of(&t);
        ck_assert_str_eq(k->name, tdi_container_keys[f][TDI_CKEY_NAME]);
        ck_assert_str_eq(k->mount_points, tdi_container_keys[f][TDI_CKEY_MOUNT_POINTS]);
        ck_assert_str_eq(k->volumes_from, tdi_container_keys[f][TDI_CKEY_VOLUMES_FROM]);
        ck_assert_str_eq(k->linux_parameters, tdi_container_keys[f][TDI_CKEY_LINUX_PARAMETERS]);
    }
}
END_TEST

/* The one notion of "near" (model/keys.c): what is near a name, and the
 * names of other things that must stay far from it. */
static const struct {
    tdi_near_name name;
    const char *s;
    int near;
} NEAR[] = {
    {TDI_NEAR_ECS_CONTAINERS, "containerDefinitions", 0}, /* the name itself */
    {TDI_NEAR_ECS_CONTAINERS, "containerDefinition", 1},
    {TDI_NEAR_ECS_CONTAINERS, "ContainerDefinitions", 1},
    {TDI_NEAR_ECS_CONTAINERS, "containerdefinitions", 1},
    {TDI_NEAR_ECS_CONTAINERS, "container_definitions", 1},
    {TDI_NEAR_ECS_CONTAINERS, "containerDefinitons", 1},
    {TDI_NEAR_ECS_CONTAINERS, "initContainerDefinitions", 0},
    {TDI_NEAR_ECS_CONTAINERS, "containerDefinitionsTemplate", 0},
    {TDI_NEAR_ECS_TASKDEF, "TaskDefinition", 1},
    {TDI_NEAR_ECS_TASKDEF, "taskdefinition", 1},
    {TDI_NEAR_ECS_TASKDEF, "taskDefinition", 0},
    {TDI_NEAR_ECS_TASKDEF, "taskDefinitionArn", 0},
    {TDI_NEAR_CFN_PROPERTIES, "properties", 1},
    {TDI_NEAR_CFN_PROPERTIES, "Propertis", 1},
    {TDI_NEAR_CFN_PROPERTIES, "Properties", 0},
    {TDI_NEAR_CFN_PROPERTIES, "Metadata", 0},
    {TDI_NEAR_CFN_PROPERTIES, "DependsOn", 0},
    {TDI_NEAR_CFN_PROPERTIES, "UpdatePolicy", 0},
    {TDI_NEAR_CFN_PROPERTIES, "DeletionPolicy", 0},
    {TDI_NEAR_CFN_PROPERTIES, "CreationPolicy", 0},
    {TDI_NEAR_CFN_CONTAINERS, "containerDefinitions", 1},
    {TDI_NEAR_CFN_CONTAINERS, "ContainerDefinition", 1},
    {TDI_NEAR_CFN_TYPE, "AWS::ECS::TaskDefinition", 0},
    {TDI_NEAR_CFN_TYPE, "AWS::ECS::TaskDefintion", 1},
    {TDI_NEAR_CFN_TYPE, "AWS::ECS::Taskdefinition", 1},
    {TDI_NEAR_CFN_TYPE, "aws::ecs::taskdefinition", 1},
    {TDI_NEAR_CFN_TYPE, "AWS::ECS::TaskDefinitions", 1},
    {TDI_NEAR_CFN_TYPE, "AWS::ECS::TaskSet", 0},
    {TDI_NEAR_CFN_TYPE, "AWS::ECS::PrimaryTaskSet", 0},
    {TDI_NEAR_CFN_TYPE, "AWS::Batch::JobDefinition", 0},
    {TDI_NEAR_CFN_TYPE, "AWS::ECS::Service", 0},
    {TDI_NEAR_CFN_TYPE, "AWS::EKS::Nodegroup", 0},
    {TDI_NEAR_CFN_TYPE, "AWS::SageMaker::ModelPackage", 0},
    {TDI_NEAR_ECS_RO, "readOnlyRootFilesystem", 1},
    {TDI_NEAR_ECS_RO, "readonlyRootFilesytem", 1},
    {TDI_NEAR_ECS_RO, "readonlyRootFilesystem", 0},
    {TDI_NEAR_ECS_RO, "privileged", 0},
    {TDI_NEAR_CFN_RO, "readonlyRootFilesystem", 1},
};

START_TEST(test_near)
{
    ck_assert_msg(tdi_near(NEAR[_i].name, NEAR[_i].s) == NEAR[_i].near, "%s near %s: want %d",
                  NEAR[_i].s, tdi_near_names[NEAR[_i].name], NEAR[_i].near);
}
END_TEST

/* The Windows image table (model/windows.c). */
static const struct {
    const char *image;
    int windows;
} IMAGES[] = {
    {"mcr.microsoft.com/windows/servercore:ltsc2019", 1},
    {"mcr.microsoft.com/windows/nanoserver:ltsc2022", 1},
    {"mcr.microsoft.com/windows/server", 1},
    {"mcr.microsoft.com/windows:1809", 1},
    {"mcr.microsoft.com/windows/servercore/iis@sha256:abc", 1},
    {"MCR.MICROSOFT.COM/Windows/ServerCore", 1},
    {"mcr.microsoft.com/dotnet/framework/aspnet:4.8", 1},
    {"microsoft/windowsservercore", 1},
    {"docker.io/microsoft/nanoserver:1809", 1},
    {"index.docker.io/microsoft/iis", 1},
    {"mcr.microsoft.com/powershell:lts-windowsservercore-ltsc2022", 1},
    {"mcr.microsoft.com/powershell:nanoserver-1809", 1},
    {"mcr.microsoft.com/windowsfoo/servercore", 0},
    {"mcr.microsoft.com/dotnet/aspnet:8.0", 0},
    {"mcr.microsoft.com/powershell:lts-ubuntu-22.04", 0},
    {"example.com/mcr.microsoft.com/windows/servercore", 0},
    {"microsoft/windowsservercore-insider", 0},
    {"registry:5000/nanoserver", 0}, /* a port, not a tag */
    {"nginx", 0},
    {"", 0},
};

START_TEST(test_windows_images)
{
    ck_assert_msg((tdi_windows_image(IMAGES[_i].image) != NULL) == IMAGES[_i].windows,
                  "%s: want %d", IMAGES[_i].image, IMAGES[_i].windows);
}
END_TEST

static Suite *keys_suite(void)
{
    Suite *s = suite_create("keys");
    TCase *tc = tcase_create("keys");
    tcase_add_loop_test(tc, test_read_keys_survive, 0, (int)(2 * sizeof SHAPES / sizeof *SHAPES));
    tcase_add_test(tc, test_volume_keys_agree);
    tcase_add_loop_test(tc, test_near, 0, (int)(sizeof NEAR / sizeof *NEAR));
    tcase_add_loop_test(tc, test_windows_images, 0, (int)(sizeof IMAGES / sizeof *IMAGES));
    suite_add_tcase(s, tc);
    return s;
}

RUN_SUITE(keys_suite)
