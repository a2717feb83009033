/*
 * fuzz.h - what every harness shares.  Each harness defines
 * LLVMFuzzerTestOneInput; built with -fsanitize=fuzzer it is a libFuzzer
 * binary, built with afl_driver.c (and afl-clang-fast) an AFL++ target.
 * A harness aborts (FUZZ_CHECK) when the code breaks a promise it makes,
 * not only when it crashes.
 */
#ifndef PIRQSIM_FUZZ_H
#define PIRQSIM_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(condition, ...)                                                      \
	do {                                                                            \
		if (!(condition)) {                                                     \
			fprintf(stderr, "fuzz: %s:%d: %s: ", __FILE__, __LINE__, #condition); \
			fprintf(stderr, __VA_ARGS__);                                   \
			fputc('\n', stderr);                                            \
			abort();                                                        \
		}                                                                       \
	} while (0)

#endif
