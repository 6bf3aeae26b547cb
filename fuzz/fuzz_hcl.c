/* Fuzz target: the vendored HCL parser (tree-sitter and its HCL grammar), on
 * any bytes. Every node of the tree lies inside the input, within its
 * parent, after its previous sibling; a tree is always made (errors are
 * nodes); freeing it leaves nothing behind. */
#include "fuzz.h"

#include <tree_sitter/api.h>

const TSLanguage *tree_sitter_hcl(void);

/* Walks the subtree at cursor, checking ranges; returns the nodes seen. */
static size_t walk(TSTreeCursor *c, uint32_t size, unsigned depth)
{
    size_t n = 1;
    TSNode node = ts_tree_cursor_current_node(c);
    uint32_t start = ts_node_start_byte(node), end = ts_node_end_byte(node);
    FUZZ_CHECK(start <= end && end <= size);
    if (depth > 10000 || !ts_tree_cursor_goto_first_child(c))
        return n;
    uint32_t prev_end = start;
    do {
        TSNode kid = ts_tree_cursor_current_node(c);
        FUZZ_CHECK(ts_node_start_byte(kid) >= prev_end);
        FUZZ_CHECK(ts_node_end_byte(kid) <= end);
        prev_end = ts_node_end_byte(kid);
        n += walk(c, size, depth + 1);
    } while (ts_tree_cursor_goto_next_sibling(c));
    FUZZ_CHECK(ts_tree_cursor_goto_parent(c));
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > UINT32_MAX / 2)
        return 0;
    TSParser *p = ts_parser_new();
    FUZZ_CHECK(p != NULL && ts_parser_set_language(p, tree_sitter_hcl()));
    TSTree *t = ts_parser_parse_string(p, NULL, (const char *)data, (uint32_t)size);
    FUZZ_CHECK(t != NULL);
    TSTreeCursor c = ts_tree_cursor_new(ts_tree_root_node(t));
    FUZZ_CHECK(walk(&c, (uint32_t)size, 0) >= 1);
    ts_tree_cursor_delete(&c);
    ts_tree_delete(t);
    ts_parser_delete(p);
    return 0;
}
