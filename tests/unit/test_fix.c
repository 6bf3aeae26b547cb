/* Fixes: the exact text td_fix_buffer makes of each input (JSON and YAML,
 * block and flow, tabs, CRLF, CR, BOM, one-line, comments, quoted keys and
 * booleans), the findings left with why each is not fixed, and
 * td_fix_apply's handling of overlapping and misplaced edits. */
#include "testutil.h"

typedef struct {
    const char *path;
    const char *input;
    const char *fixed; /* NULL: the text is unchanged */
    size_t nfixed;
    const char *left; /* "LINE:COL RULE why-not\n" for each finding left */
} fix_case;

static const fix_case CASES[] = {
#include "fix_cases.inc"
};

/* The findings of file as "LINE:COL RULE unfixable" lines. */
static char *left_of(const td_file *file)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(m);
    for (size_t i = 0; i < td_file_finding_count(file); i++) {
        const td_finding *f = td_file_finding(file, i);
        fprintf(m, "%lu:%lu %s %s\n", f->start.line, f->start.column, f->rule_id,
                f->unfixable ? f->unfixable : "-");
    }
    fclose(m);
    return buf;
}

START_TEST(test_fix)
{
    const fix_case *c = &CASES[_i];
    size_t len = strlen(c->input);
    char *fixed;
    size_t fixed_len, nfixed;
    td_file *after;
    ck_assert_int_eq(
        td_fix_buffer(NULL, c->path, c->input, len, &fixed, &fixed_len, &nfixed, &after), TD_OK);
    const char *want = c->fixed ? c->fixed : c->input;
    if (strcmp(fixed, want) != 0)
        ck_abort_msg("%s:\n--- got\n%s\n--- want\n%s", c->path, fixed, want);
    ck_assert_uint_eq(fixed_len, strlen(want));
    ck_assert_uint_eq(nfixed, c->nfixed);
    char *left = left_of(after);
    if (strcmp(left, c->left) != 0)
        ck_abort_msg("%s: findings left:\n--- got\n%s--- want\n%s", c->path, left, c->left);
    free(left);
    /* a second run changes nothing */
    char *again;
    size_t again_len, nagain;
    td_file *after2;
    ck_assert_int_eq(
        td_fix_buffer(NULL, c->path, fixed, fixed_len, &again, &again_len, &nagain, &after2),
        TD_OK);
    ck_assert_uint_eq(nagain, 0);
    ck_assert_str_eq(again, fixed);
    free(again);
    td_file_free(after2);
    free(fixed);
    td_file_free(after);
}
END_TEST

/* Every finding that has a fix says what it does; none that has one says
 * it has none; the edits are located in lines and columns. */
START_TEST(test_fix_fields)
{
    static const char in[] =
        "{\"containerDefinitions\": [\n"
        "  {\"name\": \"a\", \"image\": \"x\"},\n"
        "  {\"name\": \"b\", \"image\": \"x\", \"readonlyRootFilesystem\": 1}\n"
        "]}\n";
    td_file *f;
    ck_assert_int_eq(td_lint_buffer(NULL, "t.json", in, strlen(in), &f), TD_OK);
    ck_assert_uint_eq(td_file_finding_count(f), 2);
    const td_finding *a = td_file_finding(f, 0), *b = td_file_finding(f, 1);
    ck_assert_str_eq(a->rule_id, "TD001");
    ck_assert_uint_eq(a->nedits, 1);
    ck_assert_str_eq(a->fix, "set readonlyRootFilesystem to true");
    ck_assert_ptr_null(a->unfixable);
    ck_assert_uint_eq(a->edits[0].start.line, 2);
    ck_assert_uint_eq(a->edits[0].start.column, 29);
    ck_assert_uint_eq(a->edits[0].start.offset, 55);
    ck_assert_uint_eq(a->edits[0].end.offset, 55);
    ck_assert_str_eq(a->edits[0].text, ", \"readonlyRootFilesystem\": true");
    ck_assert_str_eq(b->rule_id, "TD003");
    ck_assert_uint_eq(b->nedits, 0);
    ck_assert_ptr_null(b->edits);
    ck_assert_ptr_null(b->fix);
    ck_assert_str_eq(b->unfixable, "tdlint does not guess what a number means: write true");
    td_file_free(f);
}
END_TEST

/* td_fix_apply: a fix that overlaps one before it, or starts where it ends,
 * waits for the next round; an edit outside the text is refused. */
START_TEST(test_fix_apply)
{
    static const char in[] =
        "[{\"name\": \"a\", \"image\": \"x\", \"readonlyRootFilesystem\": false},\n"
        " {\"name\": \"b\", \"image\": \"x\", \"readonlyRootFilesystem\": null}]";
    td_file *f;
    ck_assert_int_eq(td_lint_buffer(NULL, "t.json", in, strlen(in), &f), TD_OK);
    ck_assert_uint_eq(f->findings.n, 2);
    char *out;
    size_t out_len, n;
    ck_assert_int_eq(td_fix_apply(f, in, strlen(in), &out, &out_len, &n), TD_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(out,
                     "[{\"name\": \"a\", \"image\": \"x\", \"readonlyRootFilesystem\": true},\n"
                     " {\"name\": \"b\", \"image\": \"x\", \"readonlyRootFilesystem\": true}]");
    free(out);
    /* the second fix starts where the first ends: it waits */
    td_edit *e1 = (td_edit *)f->findings.v[1].edits;
    size_t keep = e1->start.offset;
    e1->start.offset = f->findings.v[0].edits[0].end.offset;
    ck_assert_int_eq(td_fix_apply(f, in, strlen(in), &out, &out_len, &n), TD_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_ptr_nonnull(strstr(out, "\"readonlyRootFilesystem\": true},"));
    ck_assert_ptr_nonnull(strstr(out, "\"readonlyRootFilesystem\": null}]"));
    free(out);
    /* an edit past the end of the text */
    e1->start.offset = keep;
    e1->end.offset = strlen(in) + 1;
    ck_assert_int_eq(td_fix_apply(f, in, strlen(in), &out, &out_len, &n), TD_EINVAL);
    ck_assert_ptr_null(out);
    td_file_free(f);
}
END_TEST

/* A configuration that turns TD003 off: TD001 reports the container whose
 * key is misspelt, and does not insert a second key beside the misspelt one. */
START_TEST(test_fix_typo_td003_off)
{
    static const char in[] =
        "[{\"name\": \"a\", \"image\": \"x\", \"readOnlyRootFilesystem\": true}]";
    td_config *cfg;
    ck_assert_int_eq(td_config_new(&cfg), TD_OK);
    ck_assert_int_eq(td_config_set_rule(cfg, "TD003", 0), TD_OK);
    char *out;
    size_t out_len, n;
    td_file *after;
    ck_assert_int_eq(td_fix_buffer(cfg, "t.json", in, strlen(in), &out, &out_len, &n, &after),
                     TD_OK);
    ck_assert_uint_eq(n, 0);
    ck_assert_str_eq(out, in);
    ck_assert_uint_eq(td_file_finding_count(after), 1);
    ck_assert_str_eq(td_file_finding(after, 0)->unfixable,
                     "a key near readonlyRootFilesystem is in the container definition: rename it "
                     "(TD003)");
    free(out);
    td_file_free(after);
    td_config_free(cfg);
}
END_TEST

static Suite *fix_suite(void)
{
    Suite *s = suite_create("fix");
    TCase *tc = tcase_create("fix");
    tcase_add_loop_test(tc, test_fix, 0, (int)(sizeof CASES / sizeof CASES[0]));
    tcase_add_test(tc, test_fix_fields);
    tcase_add_test(tc, test_fix_apply);
    tcase_add_test(tc, test_fix_typo_td003_off);
    suite_add_tcase(s, tc);
    return s;
}

RUN_SUITE(fix_suite)
