/* The invariants of a loaded document and its location index, checked by
 * fuzz_json.c and fuzz_yaml.c (fuzz/fuzz_walk.c). */
#ifndef TDLINT_FUZZ_WALK_H
#define TDLINT_FUZZ_WALK_H

#include "parse/parse.h"

/* Loads data[0..size) with tdi_load and checks the result: an error has a
 * message and a region inside the input; every document's root span and
 * every object and array's record (reached from the root, aliases
 * included) lie inside the input with start <= end; a record has one
 * member per member or element of its node, each member's key starts no
 * later than its value, array elements' key and value spans are equal,
 * object members name keys of the object; tdi_doc_member, tdi_doc_element
 * and tdi_doc_value_span agree with the record; every span converts to
 * positions with start <= end. Aborts on a violation. */
void fuzz_load_and_walk(const uint8_t *data, size_t size);
/* The checks of fuzz_load_and_walk on a load already made, its spans
 * offsets in src, size bytes long (for a string's JSON: the outer file). */
void fuzz_check_loaded(const tdi_loaded *l, const tdi_source *src, size_t size);

#endif
