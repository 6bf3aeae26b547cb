/* A YAML template parsed in pieces at once (lib/load_yaml.c, with threads):
 * where it is cut, and that whatever the cuts, the result is the one-pass
 * result: the same tree, the same records, the same error. */
#include "testutil.h"

#include "../loadcmp.h"

/* ---- templates ---- */

typedef struct {
    char *data;
    size_t len, cap;
} text;

static void put(text *t, const char *s)
{
    size_t n = strlen(s);
    if (t->len + n + 1 > t->cap) {
        t->cap = (t->len + n + 1) * 2;
        t->data = realloc(t->data, t->cap);
        ck_assert_ptr_nonnull(t->data);
    }
    memcpy(t->data + t->len, s, n + 1);
    t->len += n;
}

static void putf(text *t, const char *fmt, int i)
{
    char buf[512];
    snprintf(buf, sizeof buf, fmt, i, i, i, i);
    put(t, buf);
}

/* How a case bends the usual template. */
enum {
    TAIL = 1 << 0,        /* Outputs after Resources */
    INDENT4 = 1 << 1,     /* Resources' members indented by four */
    COMMENTS = 1 << 2,    /* comments (column 0 too) and blank lines among resources */
    CRLF = 1 << 3,        /* lines end with CR LF */
    BOM = 1 << 4,         /* a UTF-8 byte-order mark first */
    DOC_START = 1 << 5,   /* "---" first */
    DOC_END = 1 << 6,     /* "..." last */
    ALIAS_FAR = 1 << 7,   /* an anchor in the first resource, its alias in the last */
    DUP_RESOURCE = 1 << 8, /* the first resource's name again in the last */
    DUP_ROOT = 1 << 9,    /* Parameters again in the tail */
    QUOTED = 1 << 10,     /* a double-quoted scalar over lines that look like keys */
    FLOW = 1 << 11,       /* a flow mapping over lines that look like keys */
    MID_DOC_END = 1 << 12, /* "..." in the middle of Resources */
    MID_DOC_START = 1 << 13, /* "---" in the middle: a second document */
    BAD_INDENT = 1 << 14, /* a key one column left of its siblings, late */
    ALIASES = 1 << 15,    /* an anchor and its alias in every resource */
    TAG_DIRECTIVE = 1 << 16, /* %TAG, and its handle in the last resource */
    MERGE = 1 << 17,      /* a merge key among Resources' members */
    ROOT_MERGE = 1 << 18, /* a merge key on the root */
    EXPLICIT_KEY = 1 << 19, /* a resource with "? key" / ": value" */
    NULL_RESOURCE = 1 << 20, /* a resource with no value */
    BLOCK_SCALAR = 1 << 21, /* a literal block scalar ending a resource */
    DEEP = 1 << 22,       /* nesting past a max_depth of 12 in the last resource */
    HIDDEN_KEY = 1 << 23, /* "Resources:" starts a line inside a quoted scalar first */
    NOT_A_KEY = 1 << 24,  /* a line of Resources' indentation that is no key, late */
    LONG_HEADER = 1 << 25, /* more before Resources than a piece's share */
    NUL_KEY = 1 << 26,    /* resources named with a NUL, late: "Task\0x", and "Task" */
    LONELY_KEY = 1 << 27, /* explicit keys without a value among the resources */
};

#define NRES 24

static char *make_template(unsigned how, size_t *len)
{
    text t = {0};
    const char *ind = how & INDENT4 ? "    " : "  ";
    if (how & BOM)
        put(&t, "\xEF\xBB\xBF");
    if (how & TAG_DIRECTIVE)
        put(&t, "%TAG !e! tag:example.com,2026:\n---\n");
    else if (how & DOC_START)
        put(&t, "---\n");
    if (how & HIDDEN_KEY)
        put(&t, "Description: \"a quoted scalar\nResources:\n  Quoted: 1\"\n");
    put(&t, "AWSTemplateFormatVersion: \"2010-09-09\"\n"
            "Parameters:\n"
            "  Tag: {Type: String, Default: v1}\n"
            "  Ro:\n"
            "    Type: String\n"
            "    AllowedValues: [\"true\", \"false\"]\n"
            "Conditions:\n"
            "  Prod: !Equals [!Ref Tag, prod]\n");
    if (how & ROOT_MERGE)
        put(&t, "<<: {Description: merged}\n");
    if (how & MERGE)
        put(&t, "Mappings:\n  Base: &base\n    Extra: {Type: AWS::SQS::Queue}\n");
    if (how & LONG_HEADER)
        for (int i = 0; i < 200; i++)
            putf(&t, "  P%d: {Type: String, Default: a-long-enough-default-value}\n", i);
    put(&t, how & COMMENTS ? "Resources:   # what is deployed\n\n  # the first\n" : "Resources:\n");
    for (int i = 0; i < NRES; i++) {
        if (how & COMMENTS && i % 3 == 1)
            put(&t, "# a comment in column 0\n\n  # an indented one\n");
        if (how & NULL_RESOURCE && i == NRES / 2) {
            put(&t, ind);
            put(&t, "Nothing:\n");
        }
        if (how & LONELY_KEY && i % 4 == 3) {
            put(&t, ind);
            putf(&t, "? Lonely%d\n", i);
        }
        if (how & EXPLICIT_KEY && i == NRES / 3) {
            put(&t, ind);
            put(&t, "? Explicit\n");
            put(&t, ind);
            put(&t, ": {Type: AWS::SQS::Queue}\n");
        }
        if (how & MERGE && i == NRES / 2) {
            put(&t, ind);
            put(&t, "<<: *base\n");
        }
        if (how & MID_DOC_END && i == NRES / 2)
            put(&t, "...\n");
        if (how & MID_DOC_START && i == NRES / 2)
            put(&t, "---\nResources:\n");
        int last = i == NRES - 1;
        put(&t, ind);
        putf(&t, "Task%d", how & DUP_RESOURCE && last ? 0 : i);
        put(&t, ":\n");
        char line[512];
        snprintf(line, sizeof line,
                 "%s  Type: AWS::ECS::TaskDefinition\n"
                 "%s  Properties:\n"
                 "%s    Family: svc-%d\n"
                 "%s    ContainerDefinitions:\n"
                 "%s      - Name: app\n"
                 "%s        Image: %s\n"
                 "%s        Essential: true\n"
                 "%s        ReadonlyRootFilesystem: %s\n",
                 ind, ind, ind, i, ind, ind, ind,
                 how & ALIAS_FAR && i == 0   ? "&img repo:v1"
                 : how & ALIAS_FAR && last ? "*img"
                 : how & TAG_DIRECTIVE && last ? "!e!image repo:v1"
                 : how & ALIASES           ? "&i repo:v1"
                                           : "repo:v1",
                 ind, ind, i % 4 == 0 ? "false" : i % 4 == 1 ? "!Ref Ro" : "true");
        put(&t, line);
        if (how & ALIASES) {
            put(&t, ind);
            put(&t, "      - Name: *i\n");
        }
        if (how & QUOTED && i == NRES / 2) {
            put(&t, ind);
            put(&t, "  Metadata: {Note: \"starts here\n");
            put(&t, ind);
            put(&t, "Task99: looks like a key\n");
            put(&t, ind);
            put(&t, "  and ends here\"}\n");
        }
        if (how & FLOW && i == NRES / 3) {
            put(&t, ind);
            put(&t, "  Metadata: {\n");
            put(&t, ind);
            put(&t, "Flow1: a,\n");
            put(&t, ind);
            put(&t, "Flow2: b }\n");
        }
        if (how & BLOCK_SCALAR && i % 5 == 2) {
            put(&t, ind);
            put(&t, "  Metadata:\n");
            put(&t, ind);
            put(&t, "    Script: |\n");
            put(&t, ind);
            put(&t, "      echo one\n\n");
            put(&t, ind);
            put(&t, "      echo two\n");
        }
        if (how & BAD_INDENT && i == NRES - 3)
            put(&t, " Stray: here\n");
        if (how & NUL_KEY && i == NRES - 2) {
            put(&t, ind);
            put(&t, "\"Task\\0x\": {Type: AWS::SQS::Queue}\n");
            put(&t, ind);
            put(&t, "Task: {Type: AWS::SQS::Queue}\n");
        }
        if (how & NOT_A_KEY && i == NRES - 3) {
            put(&t, ind);
            put(&t, "NoColon\n");
        }
        if (how & DEEP && last) {
            put(&t, ind);
            put(&t, "  Metadata: {a: {b: {c: {d: {e: {f: {g: {h: {i: 1}}}}}}}}}\n");
        }
    }
    if (how & (TAIL | DUP_ROOT)) {
        put(&t, "Outputs:\n"
                "  Family:\n"
                "    Value: !Ref Task1\n");
        if (how & DUP_ROOT)
            put(&t, "Parameters: {}\n");
    }
    if (how & DOC_END)
        put(&t, "...\n");
    if (how & CRLF) {
        text c = {0};
        char one[2] = {0, 0};
        for (size_t i = 0; i < t.len; i++) {
            if (t.data[i] == '\n')
                put(&c, "\r");
            one[0] = t.data[i];
            put(&c, one);
        }
        free(t.data);
        t = c;
    }
    *len = t.len;
    return t.data;
}

/* ---- cases ---- */

typedef struct {
    const char *name;
    unsigned how;
    int split; /* 1: cut with two threads or more; 0: never cut (parsed in one pass) */
} piece_case;

static const piece_case CASES[] = {
    {"plain", 0, 1},
    {"a long header", LONG_HEADER | TAIL, 1},
    {"a tail of root keys", TAIL, 1},
    {"indented by four", INDENT4 | TAIL, 1},
    {"comments and blank lines", COMMENTS | TAIL, 1},
    {"CR LF", CRLF | TAIL, 1},
    {"byte-order mark", BOM | TAIL, 1},
    {"--- first", DOC_START, 1},
    {"... last", DOC_END, 1},
    {"... after the tail", DOC_END | TAIL, 1},
    {"block scalars", BLOCK_SCALAR | TAIL, 1},
    {"explicit key", EXPLICIT_KEY, 1},
    {"a resource with no value", NULL_RESOURCE | TAIL, 1},
    {"an alias to an anchor pieces away", ALIAS_FAR, 0},
    {"a resource twice", DUP_RESOURCE, 0},
    {"a root key again in the tail", DUP_ROOT, 0},
    {"a merge key in Resources", MERGE, 0},
    {"a merge key on the root", ROOT_MERGE, 0},
    {"a %TAG handle", TAG_DIRECTIVE, 0},
    {"... in the middle", MID_DOC_END, 0},
    {"--- in the middle", MID_DOC_START, 0},
    {"a misindented key", BAD_INDENT, 0},
    /* cut or not depending on where the cuts fall: compared only */
    {"a quoted scalar over lines", QUOTED | TAIL, -1},
    {"a flow mapping over lines", FLOW | TAIL, -1},
    {"an alias in every resource", ALIASES | TAIL, -1},
    {"nesting past the limit", DEEP, -1},
    {"Resources: in a quoted scalar first", HIDDEN_KEY | TAIL, -1},
    {"a line that is no key", NOT_A_KEY, -1},
    {"a key with a NUL in it", NUL_KEY | TAIL, 1},
    {"explicit keys without a value", LONELY_KEY | TAIL, -1},
};

static void load_with(const char *data, size_t len, unsigned flags, unsigned threads,
                      const td_limits *lim, tdi_loaded *l)
{
    ck_assert_int_eq(tdi_load_threads(data, len, lim, flags, threads, l), TD_OK);
}

/* Every number of threads from 2 to 16, pruned and whole: the same as one
 * pass. */
START_TEST(test_pieces_same)
{
    const piece_case *c = &CASES[_i];
    size_t len;
    char *data = make_template(c->how, &len);
    td_limits lim = {0};
    if (c->how & DEEP)
        lim.max_depth = 12;
    if (c->how & ALIASES)
        lim.max_aliases = NRES - 1; /* one too few: every piece has fewer */
    size_t cut = 0, whole = 0;
    for (unsigned prune = 0; prune <= TDI_LOAD_PRUNE; prune += TDI_LOAD_PRUNE) {
        tdi_loaded one;
        load_with(data, len, prune, 1, &lim, &one);
        ck_assert_uint_eq(one.pieces, 1);
        if (c->split == 1)
            ck_assert_msg(one.status == TDI_LOAD_OK, "%s: %s", c->name, one.error);
        for (unsigned threads = 2; threads <= 17; threads++) {
            if (threads == 17)
                threads = 64; /* more than TDI_YAML_PIECES_MAX */
            tdi_loaded p;
            load_with(data, len, prune | TDI_LOAD_ANY_PIECE, threads, &lim, &p);
            const char *d = loaded_diff(&one, &p);
            ck_assert_msg(d == NULL, "%s, %u threads%s: %s (in %zu pieces)", c->name, threads,
                          prune ? ", pruned" : "", d, p.pieces);
            if (p.pieces > 1)
                cut++;
            else
                whole++;
            if (c->split == 1)
                ck_assert_msg(p.pieces >= 2 && p.pieces <= TDI_YAML_PIECES_MAX + 1,
                              "%s, %u threads: %zu pieces", c->name, threads, p.pieces);
            tdi_loaded_free(&p);
        }
        tdi_loaded_free(&one);
    }
    if (c->split == 0)
        ck_assert_msg(cut == 0, "%s: cut %zu times", c->name, cut);
    free(data);
}
END_TEST

/* Where the cuts go: at lines that start Resources' members, the tail apart. */
START_TEST(test_pieces_where)
{
    size_t len;
    char *data = make_template(TAIL, &len);
    tdi_loaded p;
    load_with(data, len, TDI_LOAD_ANY_PIECE, 2, NULL, &p);
    ck_assert_uint_eq(p.pieces, 3); /* the first, one run of Resources' members, the tail */
    ck_assert_int_eq(p.status, TDI_LOAD_OK);
    const json_t *res = json_object_get(p.docs[0].root, "Resources");
    ck_assert_uint_eq(json_object_size(res), NRES);
    /* members in document order across the cut */
    void *it = json_object_iter((json_t *)res);
    for (int i = 0; i < NRES; i++, it = json_object_iter_next((json_t *)res, it)) {
        char want[16];
        snprintf(want, sizeof want, "Task%d", i);
        ck_assert_str_eq(json_object_iter_key(it), want);
    }
    /* the root's last key comes from the tail, and the root ends there */
    const tdi_nodeloc *r = tdi_doc_node(&p.docs[0], p.docs[0].root);
    ck_assert_str_eq(r->members[r->n - 1].key, "Outputs");
    ck_assert_uint_eq(r->span.end, len - 1);
    ck_assert_str_eq(pos_at(&p.src, member_at(&p.docs[0], "/Resources/Task23/Properties/Family",
                                              NULL)->value_span.start),
                     pos_at(&p.src, (size_t)(strstr(data, "svc-23") - data)));
    tdi_loaded_free(&p);
    /* one thread, or a template under the size pieces start at: one pass */
    load_with(data, len, TDI_LOAD_ANY_PIECE, 1, NULL, &p);
    ck_assert_uint_eq(p.pieces, 1);
    tdi_loaded_free(&p);
    load_with(data, len, 0, 4, NULL, &p);
    ck_assert_uint_eq(p.pieces, 1);
    tdi_loaded_free(&p);
    free(data);
}
END_TEST

/* Templates the cuts are not even tried on. */
static const char *const UNCUT[] = {
    "Resources: {A: {Type: x}, B: {Type: y}}\n",
    "Resources: &all\n  A: {Type: x}\n  B: {Type: y}\n",
    "Resources: !Ref x\n",
    "Resources:\n  - A\n  - B\n",
    "Resources:\nA: 1\nB: 2\n",
    "\"Resources\":\n  A: {Type: x}\n  B: {Type: y}\n",
    "- name: app\n  image: x\n- name: b\n  image: y\n",
    "Resources:#x\n  A: 1\n",
    /* after Resources, something in column 0 that is no plain key (a piece of
     * its own would parse it as a root mapping or a list) */
    "Resources:\n  A: 1\n  B: 2\n!Ref",
    "Resources:\n  A: 1\n  B: 2\n{x: 1}\n",
    "Resources:\n  A: 1\n  B: 2\n- x\n",
    "Resources:\n  A: 1\n  B: 2\n\"Outputs\": 1\n",
};

START_TEST(test_pieces_not_tried)
{
    const char *s = UNCUT[_i];
    tdi_loaded one, p;
    load_with(s, strlen(s), 0, 1, NULL, &one);
    load_with(s, strlen(s), TDI_LOAD_ANY_PIECE, 4, NULL, &p);
    ck_assert_uint_eq(p.pieces, 1);
    const char *d = loaded_diff(&one, &p);
    ck_assert_msg(d == NULL, "%s: %s", s, d);
    tdi_loaded_free(&one);
    tdi_loaded_free(&p);
}
END_TEST

/* Random templates: resources, and now and then a line that can trip a cut
 * (markers, tags, flow and quoted scalars over lines, aliases, merge keys,
 * bad indentation, keys in column 0); every cut must give what one pass
 * gives. A fixed seed keeps it the same from run to run. */
static const char *const RANDOM_LINES[] = {
    "  Task%d:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n"
    "      ContainerDefinitions:\n        - {Name: a, Image: x}\n",
    "  R%d: {Type: AWS::SQS::Queue}\n",
    "  R%d:\n    Type: x\n    Metadata: |\n      text\n\n      more\n",
    /* the others, one of them a template */
    "# c\n", "\n", "...\n", "---\n", "!Ref\n", "{x: 1}\n", "- x\n", "Outputs:\n  O: 1\n",
    "  \"q%d\n  R: 1\"\n", "  R%d: [a,\n  B: b]\n", "  R%d: &a {k: 1}\n", "  R%d: *a\n",
    "  <<: *a\n", "\tR%d: 1\n", " R%d: 1\n", "  R%d\n", "  ? R%d\n  : 1\n", "  ? R%d\n",
    "%%TAG !e! tag:x:\n", "  R%d: !e!t 1\n", "Resources:\n", "  R%d: \"multi\n line\"\n",
    "   R%d: 1\n", "  R%d: 'a\n\n  b'\n", "Z%d: 1\n", "  R%d: ...\n", "...x: 1\n",
};

START_TEST(test_pieces_random)
{
    uint64_t seed = 0x9E3779B97F4A7C15ULL;
    size_t nlines = sizeof RANDOM_LINES / sizeof RANDOM_LINES[0], cut = 0;
    for (int it = 0; it < 200; it++) {
        text t = {0};
        seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
        put(&t, seed % 4 == 0 ? "---\nResources:\n" : "Parameters:\n  P: {Type: String}\nResources:\n");
        /* the odd line among the resources, last of them, or last of all */
        size_t count = 5 + (size_t)(seed >> 8) % 40, where = (size_t)(seed >> 40) % 3;
        size_t odd = where == 0 ? (size_t)(seed >> 16) % count : where == 1 ? count - 1 : count;
        size_t kind = 3 + (size_t)(seed >> 24) % (nlines - 3);
        for (size_t i = 0; i < count; i++) {
            seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
            putf(&t, RANDOM_LINES[i == odd ? kind : (seed >> 8) % 3], (int)i);
        }
        if (seed & 1u << 20)
            put(&t, "Outputs:\n  O: {Value: 1}\n");
        if (odd == count)
            putf(&t, RANDOM_LINES[kind], (int)count);
        for (unsigned prune = 0; prune <= TDI_LOAD_PRUNE; prune += TDI_LOAD_PRUNE) {
            tdi_loaded one;
            load_with(t.data, t.len, prune, 1, NULL, &one);
            for (unsigned threads = 2; threads <= 5; threads++) {
                tdi_loaded p;
                load_with(t.data, t.len, prune | TDI_LOAD_ANY_PIECE, threads, NULL, &p);
                const char *d = loaded_diff(&one, &p);
                ck_assert_msg(d == NULL, "%u threads%s, %zu pieces: %s, in:\n%s", threads,
                              prune ? ", pruned" : "", p.pieces, d, t.data);
                cut += p.pieces > 1;
                tdi_loaded_free(&p);
            }
            tdi_loaded_free(&one);
        }
        free(t.data);
    }
    /* a good part of them are cut (the others hold a line that stops it): the
     * test would notice if the cuts stopped */
    ck_assert_uint_gt(cut, 200 * 2 * 4 / 4);
}
END_TEST

/* Through the public API: a template past 512 KiB lints the same with the
 * threads td_config_set_threads gives as with one, and is cut. */
START_TEST(test_pieces_lint)
{
    text t = {0};
    put(&t, "Parameters:\n  Ro: {Type: String, AllowedValues: [\"true\", \"false\"]}\nResources:\n");
    for (int i = 0; t.len < 700 * 1024; i++) {
        putf(&t,
             "  Task%d:\n"
             "    Type: AWS::ECS::TaskDefinition\n"
             "    Properties:\n"
             "      Volumes: [{Name: scratch}]\n"
             "      ContainerDefinitions:\n"
             "        - Name: app\n"
             "          Image: repo:v1\n"
             "          MountPoints: [{SourceVolume: scratch, ContainerPath: /tmp}]\n",
             i);
        put(&t, i % 7 == 0   ? "          ReadonlyRootFilesystem: false\n"
                : i % 7 == 1 ? "          ReadonlyRootFilesystem: !Ref Ro\n"
                : i % 7 == 2 ? "          ReadOnlyRootFilesystem: true\n"
                             : "          ReadonlyRootFilesystem: true\n");
    }
    put(&t, "Outputs:\n  A: {Value: !Ref Task0}\n");
    tdi_loaded p;
    load_with(t.data, t.len, TDI_LOAD_PRUNE, 4, NULL, &p);
    ck_assert_uint_eq(p.pieces, 2 + 1); /* 700 KiB: two pieces of 256 KiB or more, the tail */
    tdi_loaded_free(&p);
    td_config *one = NULL, *four = NULL;
    ck_assert_int_eq(td_config_new(&one), TD_OK);
    ck_assert_int_eq(td_config_new(&four), TD_OK);
    td_config_set_threads(four, 4);
    td_file *a = NULL, *b = NULL;
    ck_assert_int_eq(td_lint_buffer(one, "big.yaml", t.data, t.len, &a), TD_OK);
    ck_assert_int_eq(td_lint_buffer(four, "big.yaml", t.data, t.len, &b), TD_OK);
    ck_assert_uint_gt(td_file_finding_count(a), 1000);
    ck_assert_uint_eq(td_file_finding_count(a), td_file_finding_count(b));
    for (size_t i = 0; i < td_file_finding_count(a); i++) {
        const td_finding *x = td_file_finding(a, i), *y = td_file_finding(b, i);
        ck_assert_str_eq(x->rule_id, y->rule_id);
        ck_assert_str_eq(x->message, y->message);
        ck_assert_uint_eq(x->start.offset, y->start.offset);
        ck_assert_uint_eq(x->end.offset, y->end.offset);
    }
    td_file_free(a);
    td_file_free(b);
    td_config_free(one);
    td_config_free(four);
    free(t.data);
}
END_TEST

static Suite *pieces_suite(void)
{
    Suite *s = suite_create("pieces");
    TCase *tc = tcase_create("pieces");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_pieces_same, 0, (int)(sizeof CASES / sizeof CASES[0]));
    tcase_add_test(tc, test_pieces_where);
    tcase_add_loop_test(tc, test_pieces_not_tried, 0, (int)(sizeof UNCUT / sizeof UNCUT[0]));
    tcase_add_test(tc, test_pieces_lint);
    tcase_add_test(tc, test_pieces_random);
    suite_add_tcase(s, tc);
    return s;
}

RUN_SUITE(pieces_suite)
