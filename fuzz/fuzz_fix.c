/* Fuzz target: fixing. Any input through td_fix_buffer, then every property
 * tests/fixprop.h checks: when the input loads, the fixed text loads, equal
 * to it but for the root-filesystem keys; when it does not, it comes back
 * unchanged; nothing fixable is left; fixing the fixed text applies nothing
 * and changes nothing; its findings are those of linting it; the BOM, the
 * last line end and the line-end style are kept, and each fix adds at most
 * one line. The property test (tests/fixprop.c) runs the same checks over
 * testdata/ and the real-world corpus. */
#include "fuzz.h"

#include "tests/fixprop.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fixprop_run r = {"dir/task def.yaml", stderr, 0, 0};
    if (fixprop_check(&r, (const char *)data, size, NULL) < 0)
        return 0; /* out of memory: nothing to check */
    FUZZ_CHECK(r.nviolations == 0);
    return 0;
}
