/* bench/baseline: the bare-parse baseline, built with the same jansson and
 * libyaml as tdlint. For each FILE: read its bytes, then parse them the way
 * tdlint's content rule picks (first non-blank '{' or '[': json_loadb with
 * JSON_REJECT_DUPLICATES; anything else: libyaml's event loop), nothing else.
 *   baseline [--json|--yaml|--both|--yaml-tree] FILE...
 * --json / --yaml force one parser, --both runs both on every file.
 * --yaml-tree: libyaml's event loop plus the least tree any design keeps: one
 * 56-byte node per scalar and collection (kind, byte marks, first child and
 * next sibling) and a copy of each scalar, bump-allocated, freed at once;
 * no typing, no keys matched, no line/column. A floor for building a tree.
 * Prints "baseline: N files, B bytes, parse S s (read R s)" on stderr. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <jansson.h>
#include <yaml.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int parse_json(const char *p, size_t n)
{
    json_error_t err;
    json_t *root = json_loadb(p, n, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &err);
    if (!root)
        return -1;
    json_decref(root);
    return 0;
}

static int parse_yaml(const char *p, size_t n)
{
    yaml_parser_t parser;
    yaml_event_t ev;
    if (!yaml_parser_initialize(&parser))
        return -1;
    yaml_parser_set_input_string(&parser, (const unsigned char *)p, n);
    int rc = 0;
    for (;;) {
        if (!yaml_parser_parse(&parser, &ev)) {
            rc = -1;
            break;
        }
        int done = ev.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&ev);
        if (done)
            break;
    }
    yaml_parser_delete(&parser);
    return rc;
}

typedef struct tnode {
    int kind;
    size_t start, end, len;
    const char *s;
    struct tnode *child, *next;
} tnode;

typedef struct tblock {
    struct tblock *prev;
    size_t used;
    char data[1 << 20];
} tblock;

static void *take(tblock **b, size_t n)
{
    n = (n + 7) & ~(size_t)7;
    if (!*b || (*b)->used + n > sizeof(*b)->data) {
        tblock *nb = malloc(sizeof *nb);
        if (!nb || n > sizeof nb->data)
            abort();
        nb->prev = *b;
        nb->used = 0;
        *b = nb;
    }
    void *p = (*b)->data + (*b)->used;
    (*b)->used += n;
    return p;
}

static int parse_yaml_tree(const char *p, size_t n)
{
    yaml_parser_t parser;
    yaml_event_t ev;
    if (!yaml_parser_initialize(&parser))
        return -1;
    yaml_parser_set_input_string(&parser, (const unsigned char *)p, n);
    tblock *blocks = NULL;
    tnode *stack[4096];
    tnode *last[4096];
    int depth = 0, rc = 0;
    for (;;) {
        if (!yaml_parser_parse(&parser, &ev)) {
            rc = -1;
            break;
        }
        int done = ev.type == YAML_STREAM_END_EVENT;
        if (ev.type == YAML_SCALAR_EVENT || ev.type == YAML_MAPPING_START_EVENT ||
            ev.type == YAML_SEQUENCE_START_EVENT || ev.type == YAML_ALIAS_EVENT) {
            tnode *x = take(&blocks, sizeof *x);
            x->kind = ev.type;
            x->start = ev.start_mark.index;
            x->end = ev.end_mark.index;
            x->child = x->next = NULL;
            x->s = NULL;
            x->len = 0;
            if (ev.type == YAML_SCALAR_EVENT) {
                char *s = take(&blocks, ev.data.scalar.length + 1);
                memcpy(s, ev.data.scalar.value, ev.data.scalar.length + 1);
                x->s = s;
                x->len = ev.data.scalar.length;
            }
            if (depth > 0) {
                if (last[depth - 1])
                    last[depth - 1]->next = x;
                else
                    stack[depth - 1]->child = x;
                last[depth - 1] = x;
            }
            if ((ev.type == YAML_MAPPING_START_EVENT || ev.type == YAML_SEQUENCE_START_EVENT) &&
                depth < 4096) {
                stack[depth] = x;
                last[depth++] = NULL;
            }
        } else if ((ev.type == YAML_MAPPING_END_EVENT || ev.type == YAML_SEQUENCE_END_EVENT) &&
                   depth > 0) {
            stack[depth - 1]->end = ev.end_mark.index;
            depth--;
        }
        yaml_event_delete(&ev);
        if (done)
            break;
    }
    while (blocks) {
        tblock *prev = blocks->prev;
        free(blocks);
        blocks = prev;
    }
    yaml_parser_delete(&parser);
    return rc;
}

int main(int argc, char **argv)
{
    int mode = 0; /* 0 auto, 1 json, 2 yaml, 3 both, 4 yaml + minimal tree */
    double tread = 0, tparse = 0;
    size_t bytes = 0, files = 0;
    int status = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json")) {
            mode = 1;
            continue;
        }
        if (!strcmp(argv[i], "--yaml")) {
            mode = 2;
            continue;
        }
        if (!strcmp(argv[i], "--both")) {
            mode = 3;
            continue;
        }
        if (!strcmp(argv[i], "--yaml-tree")) {
            mode = 4;
            continue;
        }
        double t0 = now();
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            perror(argv[i]);
            status = 2;
            continue;
        }
        size_t cap = 1 << 16, n = 0, k;
        char *p = malloc(cap);
        while (p && (k = fread(p + n, 1, cap - n, f)) > 0) {
            n += k;
            if (n == cap)
                p = realloc(p, cap *= 2);
        }
        fclose(f);
        if (!p) {
            fputs("baseline: out of memory\n", stderr);
            return 2;
        }
        double t1 = now();
        int m = mode;
        if (m == 0) {
            size_t j = 0;
            while (j < n && strchr(" \t\r\n", p[j]))
                j++;
            m = j < n && (p[j] == '{' || p[j] == '[') ? 1 : 2;
        }
        if (m == 4) {
            if (parse_yaml_tree(p, n) < 0) {
                fprintf(stderr, "%s: YAML error\n", argv[i]);
                status = 1;
            }
            m = 0;
        }
        if ((m & 1) && parse_json(p, n) < 0) {
            fprintf(stderr, "%s: JSON error\n", argv[i]);
            status = 1;
        }
        if ((m & 2) && parse_yaml(p, n) < 0) {
            fprintf(stderr, "%s: YAML error\n", argv[i]);
            status = 1;
        }
        double t2 = now();
        tread += t1 - t0;
        tparse += t2 - t1;
        bytes += n;
        files++;
        free(p);
    }
    fprintf(stderr, "baseline: %zu files, %zu bytes, parse %.6f s (read %.6f s)\n", files, bytes,
            tparse, tread);
    return status;
}
