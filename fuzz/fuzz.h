/*
 * Shared by the fuzz targets (fuzz_*.c) and the replay driver (replay.c).
 *
 * Each target defines LLVMFuzzerTestOneInput. Built with clang's
 * -fsanitize=fuzzer it is a libFuzzer program (fuzz/run.sh); linked with
 * replay.c it is a plain program that runs every file of its corpus once
 * (the fuzz/replay/<target> tests). A violated invariant calls FUZZ_CHECK, which
 * aborts so that both report it as a crash.
 */
#ifndef TDLINT_FUZZ_H
#define TDLINT_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond);           \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

#endif /* TDLINT_FUZZ_H */
