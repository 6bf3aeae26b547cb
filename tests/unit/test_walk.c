/* The directory walk (cli/walk.c): which entries become inputs, in what
 * order, and the notes it writes. Built twice: as the command builds it,
 * where readdir's d_type says what an entry is, and with
 * TDLINT_WALK_NO_DTYPE, where every entry is looked up with lstat as on a
 * file system that leaves d_type unknown; both must give the same list. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static char root[64];

static void put(const char *path)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("{}\n", f);
    fclose(f);
}

/* A tree with one entry of each kind the walk tells apart. */
static void make_tree(void)
{
    strcpy(root, "/tmp/tdlint-walk-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(root));
    ck_assert_int_eq(chdir(root), 0);
    ck_assert_int_eq(mkdir("t", 0700), 0);
    ck_assert_int_eq(mkdir("t/b.json", 0700), 0);  /* a directory named like a file */
    ck_assert_int_eq(mkdir("t/d", 0700), 0);
    ck_assert_int_eq(mkdir("t/.git", 0700), 0);
    ck_assert_int_eq(mkdir("t/node_modules", 0700), 0);
    put("t/a.yaml");
    put("t/b.json/inner.json");
    put("t/d/target.txt");
    put("t/d/z.template");
    put("t/f.md");
    put("t/.git/x.json");
    put("t/node_modules/y.json");
    put("t/A.yml"); /* before a.yaml: names sort by byte */
    ck_assert_int_eq(symlink("d/target.txt", "t/c.json"), 0); /* read as the file */
    ck_assert_int_eq(symlink("b.json", "t/e.json"), 0);       /* a directory: not followed */
    ck_assert_int_eq(symlink("missing", "t/g.json"), 0);      /* leads nowhere: a note */
    ck_assert_int_eq(mkfifo("t/h.json", 0600), 0);            /* skipped, never opened */
}

static void remove_tree(void)
{
    static const char *const files[] = {
        "t/a.yaml", "t/A.yml",  "t/b.json/inner.json", "t/d/target.txt", "t/d/z.template",
        "t/f.md",   "t/c.json", "t/e.json",            "t/g.json",       "t/h.json",
        "t/.git/x.json", "t/node_modules/y.json", NULL};
    for (size_t i = 0; files[i]; i++)
        unlink(files[i]);
    static const char *const dirs[] = {"t/b.json", "t/d", "t/.git", "t/node_modules", "t",
                                       NULL};
    for (size_t i = 0; dirs[i]; i++)
        rmdir(dirs[i]);
    ck_assert_int_eq(chdir("/"), 0);
    rmdir(root);
}

START_TEST(test_kinds)
{
    make_tree();
    cli_inputs list = {0};
    char *notes = NULL;
    size_t notes_len = 0;
    FILE *err = open_memstream(&notes, &notes_len);
    ck_assert_ptr_nonnull(err);
    ck_assert_int_eq(cli_collect("t", NULL, &list, err), 0);
    fclose(err);
    static const char *const want[] = {"t/A.yml", "t/a.yaml", "t/b.json/inner.json", "t/c.json",
                                       "t/d/z.template"};
    ck_assert_uint_eq(list.n, sizeof want / sizeof *want);
    for (size_t i = 0; i < list.n; i++) {
        ck_assert_str_eq(list.items[i].fs_path, want[i]);
        ck_assert_str_eq(list.items[i].display, want[i]);
        ck_assert_int_eq(list.items[i].from_walk, 1);
    }
    ck_assert_str_eq(notes, "tdlint: note: skipping t/g.json: a symbolic link that leads "
                            "nowhere (No such file or directory)\n");
    free(notes);
    cli_inputs_free(&list);
    remove_tree();
}
END_TEST

/* A path named on the command line is taken as it is, whatever it is. */
START_TEST(test_named)
{
    cli_inputs list = {0};
    ck_assert_int_eq(cli_collect("no/such/file.txt", NULL, &list, stderr), 0);
    ck_assert_int_eq(cli_collect("-", "in.json", &list, stderr), 0);
    ck_assert_uint_eq(list.n, 2);
    ck_assert_str_eq(list.items[0].fs_path, "no/such/file.txt");
    ck_assert_int_eq(list.items[0].from_walk, 0);
    ck_assert_ptr_null(list.items[1].fs_path);
    ck_assert_str_eq(list.items[1].display, "in.json");
    cli_inputs_free(&list);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("walk");
    TCase *tc = tcase_create("walk");
    tcase_add_test(tc, test_kinds);
    tcase_add_test(tc, test_named);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
