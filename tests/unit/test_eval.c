/* The CloudFormation evaluator: every value an expression can take, with its
 * path, and the unknowns. */
#include "testutil.h"

static const char TEMPLATE[] =
    "Parameters:\n"
    "  RootRo: {Type: String, AllowedValues: ['true', 'false']}\n"
    "  Env: {Type: String, Default: prod}\n"
    "  Bare: {Type: String}\n"
    "  Secret: {Type: 'AWS::SSM::Parameter::Value<String>', Default: x}\n"
    "  Flag: {Type: String, AllowedValues: [true, 1]}\n"
    "  Items: {Type: CommaDelimitedList, Default: 'true,false'}\n"
    "Conditions:\n"
    "  IsProd: !Equals [!Ref Env, prod]\n"
    "  Same: !Equals [a, a]\n"
    "  NotSame: !Not [!Condition Same]\n"
    "  Both: !And [!Condition Same, !Condition IsProd]\n"
    "  Either: !Or [!Condition Same, !Condition IsProd]\n"
    "  Loop: !Condition Loop\n"
    "Mappings:\n"
    "  M:\n"
    "    prod: {ro: true, x: 'yes'}\n"
    "    dev: {ro: false}\n"
    "Resources:\n"
    "  R: {Type: AWS::S3::Bucket}\n"
    "X:\n";

typedef struct {
    const char *expr; /* YAML value of X, appended to the template */
    const char *want; /* values, "; "-separated */
} eval_case;

static const eval_case CASES[] = {
    {"true", "true"},
    {"'False'", "\"False\""},
    {"!Ref AWS::NoValue", "absent"},
    {"!If [IsProd, true, false]", "true when condition IsProd is true; "
                                  "false when condition IsProd is false"},
    {"!If [Same, true, false]", "true"},
    {"!If [NotSame, true, false]", "false"},
    {"!If [Both, 1, 2]", "1 when condition Both is true; 2 when condition Both is false"},
    {"!If [Either, 1, 2]", "1"},
    {"!If [Loop, 1, 2]", "1 when condition Loop is true; 2 when condition Loop is false"},
    {"!If [IsProd, !If [Same, a, b], !Ref AWS::NoValue]",
     "\"a\" when condition IsProd is true; absent when condition IsProd is false"},
    {"!Ref RootRo", "\"true\" when parameter RootRo is \"true\"; "
                    "\"false\" when parameter RootRo is \"false\""},
    {"!Ref Env", "\"prod\" when parameter Env is \"prod\""},
    {"!Ref Flag", "\"true\" when parameter Flag is \"true\"; \"1\" when parameter Flag is \"1\""},
    {"!Ref Bare", "unknown (parameter Bare, which has no Default or AllowedValues)"},
    {"!Ref Secret", "unknown (parameter Secret, read from SSM Parameter Store)"},
    {"!Ref AWS::Region", "unknown (the pseudo parameter AWS::Region)"},
    {"!Ref R", "unknown (a Ref to the resource R)"},
    {"!Ref Nope", "unknown (a Ref to Nope, which the template does not declare)"},
    {"!FindInMap [M, prod, ro]", "true"},
    {"!FindInMap [M, !Ref Env, ro]",
     "true when parameter Env is \"prod\" and mapping M selects prod/ro"},
    {"!FindInMap [M, !GetAtt R.Arn, ro]",
     "true when mapping M selects prod/ro; false when mapping M selects dev/ro"},
    {"!FindInMap [M, prod, nope]", ""},
    {"!FindInMap [M, dev, x, {DefaultValue: false}]", "false"},
    {"!FindInMap [M, dev, ro, {DefaultValue: 7}]", "false"},
    {"!FindInMap [M]", "unknown (a malformed Fn::FindInMap)"},
    {"!If [IsProd, !If [IsProd, 1, 2], 3]",
     "1 when condition IsProd is true; 3 when condition IsProd is false"},
    {"!Select ['1', [true, false]]", "false"},
    {"!Select [x, [true]]", "unknown (Fn::Select)"},
    {"!Ref Items", "unknown (parameter Items, a list)"},
    {"!FindInMap [Nope, a, b]", "unknown (Fn::FindInMap of an undeclared mapping)"},
    {"!GetAtt R.Arn", "unknown (Fn::GetAtt)"},
    {"!ImportValue Shared", "unknown (Fn::ImportValue)"},
    {"!Sub 'true'", "\"true\""},
    {"!Sub '${Env}'", "unknown (Fn::Sub)"},
    {"!Join ['', [tr, ue]]", "\"true\""},
    {"!Join ['', [!Ref Env]]", "unknown (Fn::Join)"},
    {"!Select [1, [true, false]]", "false"},
    {"!Select [5, [true]]", "unknown (Fn::Select out of range)"},
    {"'{{resolve:ssm:/ro}}'", "unknown (a dynamic reference {{resolve:...}})"},
};

static void print_val(tdi_buf *b, const tdi_val *v)
{
    if (v->absent)
        tdi_buf_puts(b, "absent");
    else if (v->unknown)
        tdi_buf_printf(b, "unknown (%s)", v->unknown);
    else if (v->str)
        tdi_buf_printf(b, "\"%s\"", v->str);
    else {
        char *j = json_dumps(v->json, JSON_ENCODE_ANY | JSON_COMPACT);
        tdi_buf_puts(b, j);
        free(j);
    }
    tdi_buf w;
    tdi_buf_init(&w);
    if (tdi_when_text(&w, v->when, v->nwhen)) {
        tdi_buf_puts(b, " when ");
        tdi_buf_puts(b, w.data);
    }
    tdi_buf_free(&w);
}

START_TEST(test_eval)
{
    const eval_case *c = &CASES[_i];
    char text[2048];
    snprintf(text, sizeof text, "%s  %s\n", TEMPLATE, c->expr);
    tdi_loaded l;
    ck_assert_int_eq(tdi_load(text, strlen(text), NULL, &l), TD_OK);
    ck_assert_msg(l.status == TDI_LOAD_OK, "%s: %s", c->expr, l.error ? l.error : "");
    tdi_arena arena;
    tdi_arena_init(&arena);
    tdi_eval ev = {&l.docs[0], l.docs[0].root, &arena};
    const json_t *x = json_object_get(l.docs[0].root, "X");
    tdi_vals out = {0};
    tdi_span sp = {0, 0};
    ck_assert_int_eq(tdi_evaluate(&ev, x, sp, "/X", NULL, 0, &out), TD_OK);
    tdi_buf b;
    tdi_buf_init(&b);
    tdi_buf_add(&b, "", 0);
    for (size_t i = 0; i < out.n; i++) {
        if (i)
            tdi_buf_puts(&b, "; ");
        print_val(&b, &out.v[i]);
    }
    ck_assert_msg(strcmp(b.data, c->want) == 0, "%s:\n got: %s\nwant: %s", c->expr, b.data,
                  c->want);
    tdi_buf_free(&b);
    tdi_free(out.v);
    tdi_arena_free(&arena);
    tdi_loaded_free(&l);
}
END_TEST

/* Related spans and pointers: the branch, the allowed value, the mapping entry. */
START_TEST(test_eval_spans)
{
    const char *t = "Parameters:\n"
                    "  P: {Type: String, AllowedValues: ['true', 'false']}\n"
                    "Mappings:\n"
                    "  M: {a: {b: false}}\n"
                    "X: !If [C, !Ref P, !FindInMap [M, a, b]]\n";
    tdi_loaded l;
    ck_assert_int_eq(tdi_load(t, strlen(t), NULL, &l), TD_OK);
    tdi_arena arena;
    tdi_arena_init(&arena);
    tdi_eval ev = {&l.docs[0], l.docs[0].root, &arena};
    tdi_vals out = {0};
    const tdi_member *m = tdi_doc_member(&l.docs[0], l.docs[0].root, "X");
    ck_assert_int_eq(
        tdi_evaluate(&ev, json_object_get(l.docs[0].root, "X"), m->value_span, "/X", NULL, 0, &out),
        TD_OK);
    ck_assert_uint_eq(out.n, 3);
    /* "true" from the parameter: two steps, the branch and the allowed value */
    ck_assert_uint_eq(out.v[0].nwhen, 2);
    ck_assert_str_eq(pos_at(&l.src, out.v[0].when[0].span.start), "5:12");
    ck_assert_str_eq(pos_at(&l.src, out.v[0].when[1].span.start), "2:37");
    ck_assert_str_eq(out.v[0].pointer, "/Parameters/P/AllowedValues/0");
    ck_assert_str_eq(pos_at(&l.src, out.v[1].when[1].span.start), "2:45");
    /* false from the mapping entry */
    ck_assert_uint_eq(out.v[2].nwhen, 2);
    ck_assert_int_eq(out.v[2].when[1].kind, TDI_WHEN_MAPPING);
    ck_assert_str_eq(pos_at(&l.src, out.v[2].span.start), "4:14");
    ck_assert_str_eq(out.v[2].pointer, "/Mappings/M/a/b");
    tdi_free(out.v);
    tdi_arena_free(&arena);
    tdi_loaded_free(&l);
}
END_TEST

static Suite *eval_suite(void)
{
    Suite *s = suite_create("eval");
    TCase *tc = tcase_create("eval");
    tcase_add_loop_test(tc, test_eval, 0, (int)(sizeof CASES / sizeof CASES[0]));
    tcase_add_test(tc, test_eval_spans);
    suite_add_tcase(s, tc);
    return s;
}

RUN_SUITE(eval_suite)
