/* Recognizers and the task model: which task definitions a document holds,
 * their flavour, names, pointers, containers and root-filesystem kinds. */
#include "testutil.h"

/* "flavour name pointer [container=kind ...];" per task. */
static char *model_of(const char *text)
{
    static const char *const KIND[] = {"true",   "missing",   "false",  "null",
                                       "sfalse", "intrinsic", "invalid"};
    tdi_loaded l;
    ck_assert_int_eq(tdi_load(text, strlen(text), NULL, &l), TD_OK);
    ck_assert_msg(l.status == TDI_LOAD_OK, "%s", l.error ? l.error : "");
    tdi_buf b;
    tdi_buf_init(&b);
    for (size_t d = 0; d < l.ndocs; d++) {
        tdi_model m;
        ck_assert_int_eq(tdi_recognize(&l, d, NULL, &m), TD_OK);
        for (size_t t = 0; t < m.ntasks; t++) {
            const tdi_task *task = &m.tasks[t];
            tdi_buf_printf(&b, "%s %s %s [", task->flavor == TDI_FLAVOR_CFN ? "cfn" : "ecs",
                           task->name ? task->name : "-", task->pointer[0] ? task->pointer : "''");
            for (size_t c = 0; c < task->ncontainers; c++) {
                const tdi_container *ct = &task->containers[c];
                tdi_buf_printf(&b, "%s%s=", c ? " " : "", ct->name ? ct->name : "-");
                for (size_t k = 0; k < ct->nro; k++)
                    tdi_buf_printf(&b, "%s%s", k ? "|" : "", KIND[ct->ro[k].kind]);
                if (ct->nwhen)
                    tdi_buf_printf(&b, "(if %s)", ct->when[0].name);
                for (size_t k = 0; k < ct->ntypos; k++)
                    tdi_buf_printf(&b, " typo:%s", ct->typos[k].key);
            }
            for (size_t o = 0; o < task->nopaque; o++)
                tdi_buf_printf(&b, " opaque:%s", task->opaque[o].pointer);
            tdi_buf_puts(&b, "];");
        }
        tdi_model_free(&m);
    }
    tdi_loaded_free(&l);
    char *s = tdi_buf_steal(&b);
    return s ? s : strdup("");
}

typedef struct {
    const char *name, *text, *want;
} model_case;

static const model_case CASES[] = {
    {"register input", "{\"family\": \"f\", \"containerDefinitions\": [{\"name\": \"a\"}]}",
     "ecs f '' [a=missing];"},
    {"register input without family",
     "containerDefinitions:\n  - name: a\n    readonlyRootFilesystem: true\n",
     "ecs - '' [a=true];"},
    {"describe output",
     "{\"taskDefinition\": {\"family\": \"f\", \"containerDefinitions\": [{\"name\": \"a\", "
     "\"readonlyRootFilesystem\": false}]}, \"tags\": []}",
     "ecs f /taskDefinition [a=false];"},
    {"bare array", "[{\"name\": \"a\", \"image\": \"i\", \"readonlyRootFilesystem\": null}]",
     "ecs - '' [a=null];"},
    {"bare array needs an image", "[{\"name\": \"a\"}]", ""},
    {"bare array of other objects", "[{\"image\": \"i\"}, {\"kind\": \"x\"}]", ""},
    {"cfn resources in order",
     "{\"Resources\": {\"B\": {\"Type\": \"AWS::ECS::TaskDefinition\", \"Properties\": "
     "{\"ContainerDefinitions\": [{\"Name\": \"x\", \"ReadonlyRootFilesystem\": \"false\"}]}}, "
     "\"A/b~c\": {\"Type\": \"AWS::ECS::TaskDefinition\", \"Properties\": "
     "{\"ContainerDefinitions\": [{\"Name\": \"y\", \"ReadonlyRootFilesystem\": \"TRUE\"}]}}, "
     "\"S\": {\"Type\": \"AWS::ECS::Service\"}}}",
     "cfn B /Resources/B [x=sfalse];cfn A/b~c /Resources/A~1b~0c [y=true];"},
    {"cfn intrinsic value and element",
     "Resources:\n  T:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n"
     "      ContainerDefinitions:\n        - Name: a\n          ReadonlyRootFilesystem: !Ref P\n"
     "        - !If [C, {Name: b, ReadonlyRootFilesystem: true}, !Ref AWS::NoValue]\n",
     "cfn T /Resources/T [a=intrinsic b=true(if C)];"},
    {"cfn list chosen by Fn::If",
     "Resources:\n  T:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n"
     "      ContainerDefinitions: !If [C, [{Name: a}], [{Name: b, ReadonlyRootFilesystem: "
     "!If [D, true, false]}]]\n",
     "cfn T /Resources/T [a=missing(if C) b=true|false(if C)];"},
    {"cfn opaque element",
     "Resources:\n  T:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n"
     "      ContainerDefinitions: [!GetAtt X.Y]\n",
     "cfn T /Resources/T [ opaque:/Resources/T/Properties/ContainerDefinitions/0];"},
    {"typos",
     "{\"containerDefinitions\": [{\"name\": \"a\", \"readOnlyRootFilesystem\": true, "
     "\"readonlyRootFilesytem\": true, \"readonlyRoot\": true, \"ReadonlyRootFilesystem\": true}]}",
     "ecs - '' [a=missing typo:readOnlyRootFilesystem typo:readonlyRootFilesytem "
     "typo:ReadonlyRootFilesystem];"},
    {"cfn task without containers", "Resources:\n  T:\n    Type: AWS::ECS::TaskDefinition\n",
     "cfn T /Resources/T [];"},
    {"batch job definition ignored",
     "Resources:\n  J:\n    Type: AWS::Batch::JobDefinition\n    Properties:\n"
     "      ContainerProperties: {ReadonlyRootFilesystem: false}\n",
     ""},
    {"cfn fragment without Resources is not a template",
     "T:\n  Type: AWS::ECS::TaskDefinition\n  Properties:\n    ContainerDefinitions: [{Name: a}]\n",
     ""},
    {"two documents", "containerDefinitions: [{name: a}]\n---\ncontainerDefinitions: [{name: b}]\n",
     "ecs - '' [a=missing];ecs - '' [b=missing];"},
    {"scalar root", "42", ""},
};

START_TEST(test_model)
{
    const model_case *c = &CASES[_i];
    char *got = model_of(c->text);
    ck_assert_msg(strcmp(got, c->want) == 0, "%s: got '%s', want '%s'", c->name, got, c->want);
    free(got);
}
END_TEST

START_TEST(test_intrinsic_name)
{
    json_t *v = json_pack("{s:s}", "Fn::If", "x");
    ck_assert_str_eq(tdi_intrinsic_name(v), "Fn::If");
    json_decref(v);
    v = json_pack("{s:s,s:s}", "Ref", "x", "Other", "y");
    ck_assert_ptr_null(tdi_intrinsic_name(v));
    json_decref(v);
    v = json_pack("{s:s}", "Fn", "x");
    ck_assert_ptr_null(tdi_intrinsic_name(v));
    json_decref(v);
    ck_assert_ptr_null(tdi_intrinsic_name(NULL));
}
END_TEST

static Suite *model_suite(void)
{
    Suite *s = suite_create("model");
    TCase *tc = tcase_create("recognize");
    tcase_add_loop_test(tc, test_model, 0, (int)(sizeof CASES / sizeof CASES[0]));
    tcase_add_test(tc, test_intrinsic_name);
    suite_add_tcase(s, tc);
    return s;
}

RUN_SUITE(model_suite)
