/* The files of the command line's paths (cli/walk.c): which entries a walk
 * gives, in what order (the report's: by path, byte for byte, then by
 * position), merged over several paths, and the notes it writes. Built
 * twice: as the command builds it, where readdir's d_type says what an entry
 * is, and with TDLINT_WALK_NO_DTYPE, where every entry is looked up with lstat
 * as on a file system that leaves d_type unknown; both must give the same. */
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
    ck_assert_int_eq(mkdir("t/b.json", 0700), 0); /* a directory named like a file */
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
    /* path order, not name order: x-y.json, x.json, then x/in.json ('-' < '.' < '/') */
    ck_assert_int_eq(mkdir("t/x", 0700), 0);
    put("t/x/in.json");
    put("t/x.json");
    put("t/x-y.json");
    ck_assert_int_eq(symlink("d/target.txt", "t/c.json"), 0); /* read as the file */
    ck_assert_int_eq(symlink("b.json", "t/e.json"), 0);       /* a directory: not followed */
    ck_assert_int_eq(symlink("missing", "t/g.json"), 0);      /* leads nowhere: a note */
    ck_assert_int_eq(mkfifo("t/h.json", 0600), 0);            /* skipped, never opened */
}

static void remove_tree(void)
{
    static const char *const files[] = {"t/a.yaml",
                                        "t/A.yml",
                                        "t/b.json/inner.json",
                                        "t/d/target.txt",
                                        "t/d/z.template",
                                        "t/f.md",
                                        "t/c.json",
                                        "t/e.json",
                                        "t/g.json",
                                        "t/h.json",
                                        "t/.git/x.json",
                                        "t/node_modules/y.json",
                                        "t/x/in.json",
                                        "t/x.json",
                                        "t/x-y.json",
                                        NULL};
    for (size_t i = 0; files[i]; i++)
        unlink(files[i]);
    static const char *const dirs[] = {"t/b.json", "t/d", "t/.git", "t/node_modules",
                                       "t/x",      "t",   NULL};
    for (size_t i = 0; dirs[i]; i++)
        rmdir(dirs[i]);
    ck_assert_int_eq(chdir("/"), 0);
    rmdir(root);
}

/* Every file the paths give, as "DISPLAY|FS_PATH|FROM_WALK" lines. */
static char *collect(const char *const *paths, size_t n, const char *stdin_name, char **notes)
{
    size_t notes_len = 0, len = 0;
    char *list = NULL;
    FILE *err = open_memstream(notes, &notes_len);
    FILE *out = open_memstream(&list, &len);
    ck_assert_ptr_nonnull(err);
    ck_assert_ptr_nonnull(out);
    cli_source *src;
    ck_assert_int_eq(cli_source_open(&src, paths, n, stdin_name, NULL), 0);
    cli_input in;
    int rc;
    while ((rc = cli_source_next(src, &in)) == 1) {
        if (in.notes) /* each note before the file it comes with */
            fprintf(err, "[before %s] %s", in.display, in.notes);
        fprintf(out, "%s|%s|%d\n", in.display, in.fs_path ? in.fs_path : "-", in.from_walk);
        if (in.fs_path)
            ck_assert_ptr_eq(in.display, in.fs_path); /* one copy */
        cli_input_free(&in);
    }
    ck_assert_int_eq(rc, 0);
    char *last = cli_source_notes(src);
    if (last)
        fprintf(err, "[at the end] %s", last);
    free(last);
    ck_assert_int_eq(cli_source_more(src), 0);
    ck_assert_int_eq(cli_source_trouble(src), 0);
    cli_source_close(src);
    fclose(err);
    fclose(out);
    return list;
}

START_TEST(test_kinds)
{
    make_tree();
    static const char *const paths[] = {"t"};
    char *notes;
    char *list = collect(paths, 1, NULL, &notes);
    ck_assert_str_eq(list, "t/A.yml|t/A.yml|1\n"
                           "t/a.yaml|t/a.yaml|1\n"
                           "t/b.json/inner.json|t/b.json/inner.json|1\n"
                           "t/c.json|t/c.json|1\n"
                           "t/d/z.template|t/d/z.template|1\n"
                           "t/x-y.json|t/x-y.json|1\n"
                           "t/x.json|t/x.json|1\n"
                           "t/x/in.json|t/x/in.json|1\n");
    ck_assert_str_eq(notes, "[before t/x-y.json] tdlint: note: skipping t/g.json: a "
                            "symbolic link that leads nowhere (No such file or directory)\n");
    free(list);
    free(notes);
    remove_tree();
}
END_TEST

/* Several paths: merged in path order (standard input by the name it is
 * shown with), the same path twice kept twice, a missing file given as it
 * is (reading it fails later). */
START_TEST(test_merged)
{
    make_tree();
    static const char *const paths[] = {"t/x.json",    "t/d",      "-",  "t/a.yaml",
                                        "no/such.txt", "t/a.yaml", "t/x"};
    char *notes;
    char *list = collect(paths, sizeof paths / sizeof *paths, "m.json", &notes);
    ck_assert_str_eq(list, "m.json|-|0\n"
                           "no/such.txt|no/such.txt|0\n"
                           "t/a.yaml|t/a.yaml|0\n"
                           "t/a.yaml|t/a.yaml|0\n"
                           "t/d/z.template|t/d/z.template|1\n"
                           "t/x.json|t/x.json|0\n"
                           "t/x/in.json|t/x/in.json|1\n");
    ck_assert_str_eq(notes, "");
    free(list);
    free(notes);
    remove_tree();
}
END_TEST

/* A directory named on the command line that cannot be read: an error, and
 * trouble for the exit status; nothing else is lost. */
START_TEST(test_unreadable)
{
    if (geteuid() == 0) /* root reads any directory */
        return;
    make_tree();
    ck_assert_int_eq(chmod("t/d", 0), 0);
    static const char *const paths[] = {"t/d", "t/a.yaml"};
    cli_source *src;
    ck_assert_int_eq(cli_source_open(&src, paths, 2, NULL, NULL), 0);
    cli_input in;
    ck_assert_int_eq(cli_source_next(src, &in), 1);
    ck_assert_str_eq(in.display, "t/a.yaml");
    ck_assert_str_eq(in.notes, "tdlint: error: cannot open directory t/d: Permission denied: "
                               "check its permissions\n");
    cli_input_free(&in);
    ck_assert_int_eq(cli_source_next(src, &in), 0);
    ck_assert_int_eq(cli_source_trouble(src), 1);
    cli_source_close(src);
    chmod("t/d", 0700);
    remove_tree();
}
END_TEST

/* Directories 256 levels below a path are walked; one deeper is noted and
 * not walked. */
START_TEST(test_depth)
{
    char dir[64];
    strcpy(dir, "/tmp/tdlint-walk-deep-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    ck_assert_int_eq(chdir(dir), 0);
    char path[1024] = "deep";
    ck_assert_int_eq(mkdir(path, 0700), 0);
    for (int level = 1; level <= 257; level++) {
        strcat(path, "/a");
        ck_assert_int_eq(mkdir(path, 0700), 0);
        if (level >= 256) {
            char file[1100];
            snprintf(file, sizeof file, "%s/in%d.json", path, level);
            put(file);
        }
    }
    static const char *const paths[] = {"deep"};
    char *notes;
    char *list = collect(paths, 1, NULL, &notes);
    char want[2400], level256[1024] = "deep";
    for (int level = 1; level <= 256; level++)
        strcat(level256, "/a");
    snprintf(want, sizeof want, "%s/in256.json|%s/in256.json|1\n", level256, level256);
    ck_assert_str_eq(list, want);
    /* "a" sorts before "in256.json": the note comes before that file */
    snprintf(want, sizeof want,
             "[before %s/in256.json] tdlint: note: %s/a: directories nested deeper than 256 "
             "levels are not walked; name a folder below it to lint what it holds\n",
             level256, level256);
    ck_assert_str_eq(notes, want);
    free(list);
    free(notes);
    /* remove the chain from the bottom up */
    snprintf(want, sizeof want, "%s/a/in257.json", level256);
    unlink(want);
    snprintf(want, sizeof want, "%s/in256.json", level256);
    unlink(want);
    strcat(level256, "/a");
    for (char *slash; (slash = strrchr(level256, '/')) != NULL; *slash = '\0')
        rmdir(level256);
    rmdir(level256);
    ck_assert_int_eq(chdir("/"), 0);
    ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("walk");
    TCase *tc = tcase_create("walk");
    tcase_add_test(tc, test_kinds);
    tcase_add_test(tc, test_merged);
    tcase_add_test(tc, test_unreadable);
    tcase_add_test(tc, test_depth);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
