/* Fuzz target: loading Terraform's HCL (tdi_load with hcl set) and the
 * invariants of fuzz_walk.h on the document; then, for every string value
 * of the tree, the document's string_text hook and tdi_doc_load_string: a
 * string written in quotes or as a heredoc decodes to the value the tree
 * holds, each byte mapped inside its span, in order; the JSON or YAML it
 * holds loads with every span, error and issue inside the .tf. Its corpus:
 * fuzz/corpus/hcl_load/. */
#include "fuzz.h"
#include "fuzz_walk.h"

#include <string.h>

/* An expression's string: "${" its source "}" (not a decoded string). */
static int is_expression(const json_t *v, const char *src, tdi_span s)
{
    size_t n = s.end - s.start;
    return json_string_length(v) == n + 3 && memcmp(json_string_value(v), "${", 2) == 0 &&
           memcmp(json_string_value(v) + 2, src + s.start, n) == 0;
}

static void check_string(const tdi_loaded *l, const tdi_doc *doc, const json_t *v, tdi_span s,
                         size_t size)
{
    char *text;
    size_t *map, n;
    int err = doc->string_text(doc, l->src.data, s, &text, &map, &n);
    if (err == TD_OK) {
        if (!is_expression(v, l->src.data, s)) {
            FUZZ_CHECK(n == json_string_length(v));
            FUZZ_CHECK(memcmp(text, json_string_value(v), n) == 0);
        }
        for (size_t i = 0; i <= n; i++) {
            FUZZ_CHECK(map[i] >= s.start && map[i] <= s.end);
            FUZZ_CHECK(i == 0 || map[i] >= map[i - 1]);
        }
        free(text);
        free(map);
    } else {
        FUZZ_CHECK(err == TD_EINVAL || err == TD_ENOMEM);
    }
    tdi_loaded e;
    if (tdi_doc_load_string(doc, &l->src, s, NULL, &e) == TD_OK)
        fuzz_check_loaded(&e, &l->src, size);
    tdi_loaded_free(&e);
}

static void strings(const tdi_loaded *l, const tdi_doc *doc, const json_t *node, size_t size)
{
    const tdi_nodeloc *loc = tdi_doc_node(doc, node);
    FUZZ_CHECK(loc != NULL);
    for (size_t i = 0; i < loc->n; i++) {
        const tdi_member *m = &loc->members[i];
        const json_t *v = m->key ? json_object_get(node, m->key) : json_array_get(node, i);
        if (json_is_object(v) || json_is_array(v))
            strings(l, doc, v, size);
        else if (json_is_string(v))
            check_string(l, doc, v, m->value_span, size);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tdi_load_options opt = {0, 0, NULL, 1, NULL};
    tdi_loaded l;
    if (tdi_load((const char *)data, size, &opt, &l) == TD_OK) {
        fuzz_check_loaded(&l, &l.src, size);
        for (size_t i = 0; i < l.ncomments; i++) {
            FUZZ_CHECK(l.comments[i].start < l.comments[i].end && l.comments[i].end <= size);
            FUZZ_CHECK(i == 0 || l.comments[i].start >= l.comments[i - 1].end);
        }
        if (l.status == TDI_LOAD_OK) {
            FUZZ_CHECK(l.ndocs == 1 && l.docs[0].format == TDI_FORMAT_HCL);
            strings(&l, &l.docs[0], l.docs[0].root, size);
        }
    }
    tdi_loaded_free(&l);
    return 0;
}
