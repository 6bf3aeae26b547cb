/* Fuzz target: loading YAML (libyaml events into one tree and the location
 * index: anchors and aliases, CloudFormation short-form tags, YAML 1.1/1.2
 * scalars, several documents) and the invariants of fuzz_walk.h; then the
 * same bytes loaded as linting loads them (tdi_model_prune), which must be
 * accepted or rejected alike, with the same error at the same place. */
#include "fuzz.h"
#include "fuzz_walk.h"

#include "model/model.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_load_and_walk(data, size);
    tdi_loaded whole, pruned;
    tdi_load_options as_linted = {0, 0, &tdi_model_prune, 0, NULL};
    FUZZ_CHECK(tdi_load((const char *)data, size, NULL, &whole) == TD_OK);
    FUZZ_CHECK(tdi_load((const char *)data, size, &as_linted, &pruned) == TD_OK);
    FUZZ_CHECK(whole.status == pruned.status && whole.ndocs == pruned.ndocs);
    FUZZ_CHECK((whole.error == NULL) == (pruned.error == NULL));
    if (whole.error)
        FUZZ_CHECK(strcmp(whole.error, pruned.error) == 0 &&
                   whole.error_start == pruned.error_start && whole.error_end == pruned.error_end);
    tdi_loaded_free(&whole);
    tdi_loaded_free(&pruned);
    return 0;
}
