/*
 * afl_driver.c - a main for AFL++ (and for running one input by hand):
 * reads each file named on the command line, or stdin when there is none,
 * and calls LLVMFuzzerTestOneInput on its bytes.  With afl-clang-fast the
 * persistent-mode loop (__AFL_LOOP) runs many inputs per process.
 * Build: see fuzz/README.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

#define INPUT_MAX (4u << 20)

static int run_stream(FILE *f, unsigned char *buffer)
{
	size_t n = fread(buffer, 1, INPUT_MAX, f);
	if (ferror(f))
		return -1;
	/* A copy of exactly n bytes, so that ASan sees reads past the end. */
	unsigned char *copy = malloc(n ? n : 1);
	if (!copy)
		return -1;
	memcpy(copy, buffer, n);
	LLVMFuzzerTestOneInput(copy, n);
	free(copy);
	return 0;
}

#ifdef __AFL_FUZZ_TESTCASE_LEN
__AFL_FUZZ_INIT();
#endif

int main(int argc, char **argv)
{
	unsigned char *buffer = malloc(INPUT_MAX);
	if (!buffer)
		return 2;
#ifdef __AFL_FUZZ_TESTCASE_LEN
	if (argc < 2) {
		__AFL_INIT();
		unsigned char *afl_buffer = __AFL_FUZZ_TESTCASE_BUF;
		while (__AFL_LOOP(10000)) {
			size_t n = (size_t)__AFL_FUZZ_TESTCASE_LEN;
			LLVMFuzzerTestOneInput(afl_buffer, n > INPUT_MAX ? INPUT_MAX : n);
		}
		free(buffer);
		return 0;
	}
#endif
	int status = 0;
	if (argc < 2)
		status = run_stream(stdin, buffer) != 0;
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		if (!f || run_stream(f, buffer) != 0) {
			fprintf(stderr, "afl_driver: cannot read %s\n", argv[i]);
			status = 2;
		}
		if (f)
			fclose(f);
	}
	free(buffer);
	return status;
}
