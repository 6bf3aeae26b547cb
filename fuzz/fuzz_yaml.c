/* Fuzz target: loading YAML (libyaml events into one tree and the location
 * index: anchors and aliases, CloudFormation short-form tags, YAML 1.1/1.2
 * scalars, several documents) and the invariants of fuzz_walk.h. */
#include "fuzz.h"
#include "fuzz_walk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_load_and_walk(data, size);
    return 0;
}
