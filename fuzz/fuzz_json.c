/* Fuzz target: loading JSON (jansson plus the location index) and the
 * invariants of fuzz_walk.h. Its corpus is JSON, so tdi_load takes the JSON
 * path; inputs that mutate away from it exercise the YAML fallback too. */
#include "fuzz.h"
#include "fuzz_walk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_load_and_walk(data, size);
    return 0;
}
