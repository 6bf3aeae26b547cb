/* Fuzz target: loading YAML (libyaml events into one tree and the location
 * index: anchors and aliases, CloudFormation short-form tags, YAML 1.1/1.2
 * scalars, several documents) and the invariants of fuzz_walk.h; then the
 * same bytes parsed in pieces at once (2 to 5 threads, cut however small),
 * which must give the one-pass result (tests/loadcmp.h). */
#include "fuzz.h"
#include "fuzz_walk.h"

#include "../tests/loadcmp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_load_and_walk(data, size);
    unsigned threads = 2 + (unsigned)(size % 4);
    unsigned prune = size % 8 >= 4 ? TDI_LOAD_PRUNE : 0;
    tdi_loaded one, cut;
    FUZZ_CHECK(tdi_load_threads((const char *)data, size, NULL, prune, 1, &one) == TD_OK);
    FUZZ_CHECK(tdi_load_threads((const char *)data, size, NULL, prune | TDI_LOAD_ANY_PIECE,
                                threads, &cut) == TD_OK);
    const char *diff = loaded_diff(&one, &cut);
    if (diff)
        fprintf(stderr, "in %zu pieces: %s\n", cut.pieces, diff);
    FUZZ_CHECK(diff == NULL);
    tdi_loaded_free(&one);
    tdi_loaded_free(&cut);
    return 0;
}
