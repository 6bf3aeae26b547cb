/* The vendored tree-sitter runtime and HCL grammar (third_party/): they
 * build, parse the HCL tdlint reads into the trees pinned here, recover
 * from errors with the error marked, and parse nothing that is not there. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <tree_sitter/api.h>

const TSLanguage *tree_sitter_hcl(void);

/* The S-expression of text's parse tree; *error set when it has an error. */
static char *sexp(const char *text, int *error)
{
    TSParser *p = ts_parser_new();
    ck_assert(ts_parser_set_language(p, tree_sitter_hcl()));
    TSTree *t = ts_parser_parse_string(p, NULL, text, (uint32_t)strlen(text));
    ck_assert_ptr_nonnull(t);
    TSNode root = ts_tree_root_node(t);
    *error = ts_node_has_error(root);
    char *s = ts_node_string(root);
    ts_tree_delete(t);
    ts_parser_delete(p);
    return s;
}

START_TEST(test_resource)
{
    int error;
    char *s = sexp("resource \"aws_ecs_task_definition\" \"web\" {\n"
                   "  family = \"web\"\n"
                   "  container_definitions = jsonencode([{ name = \"web\", image = \"nginx\" }])\n"
                   "}\n",
                   &error);
    ck_assert_int_eq(error, 0);
    ck_assert_str_eq(
        s, "(config_file (body (block (identifier) (string_lit (quoted_template_start) "
           "(template_literal) (quoted_template_end)) (string_lit (quoted_template_start) "
           "(template_literal) (quoted_template_end)) (block_start) (body (attribute "
           "(identifier) (expression (literal_value (string_lit (quoted_template_start) "
           "(template_literal) (quoted_template_end))))) (attribute (identifier) "
           "(expression (function_call (identifier) (function_arguments (expression "
           "(collection_value (tuple (tuple_start) (expression (collection_value (object "
           "(object_start) (object_elem key: (expression (variable_expr (identifier))) "
           "val: (expression (literal_value (string_lit (quoted_template_start) "
           "(template_literal) (quoted_template_end))))) (object_elem key: (expression "
           "(variable_expr (identifier))) val: (expression (literal_value (string_lit "
           "(quoted_template_start) (template_literal) (quoted_template_end))))) "
           "(object_end)))) (tuple_end))))))))) (block_end))))");
    free(s);
}
END_TEST

START_TEST(test_heredoc_and_error)
{
    int error;
    char *s = sexp("locals {\n  c = <<EOT\n[{\"name\": \"a\"}]\nEOT\n}\n", &error);
    ck_assert_int_eq(error, 0);
    ck_assert_str_eq(s, "(config_file (body (block (identifier) (block_start) (body (attribute "
                        "(identifier) (expression (template_expr (heredoc_template (heredoc_start) "
                        "(heredoc_identifier) (template_literal) (heredoc_identifier)))))) "
                        "(block_end))))");
    free(s);
    s = sexp("resource \"x\" {\n  a = \n", &error);
    ck_assert_int_eq(error, 1);
    free(s);
}
END_TEST

static Suite *hcl_suite(void)
{
    Suite *s = suite_create("hcl");
    TCase *tc = tcase_create("parse");
    tcase_add_test(tc, test_resource);
    tcase_add_test(tc, test_heredoc_and_error);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(hcl_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
