/*
 * test_expect.h - EXPECT(cond) for the C tests that run on after a failure:
 * each failed condition is printed with its file and line and counted in
 * `failures`, which main returns as its status.
 */
#ifndef PIRQSIM_TEST_EXPECT_H
#define PIRQSIM_TEST_EXPECT_H

#include <stdio.h>

static int failures;
#define EXPECT(cond)                                                                  \
	do {                                                                          \
		if (!(cond)) {                                                        \
			fprintf(stderr, "%s:%d: FAIL %s\n", __FILE__, __LINE__, #cond); \
			failures++;                                                   \
		}                                                                     \
	} while (0)

#endif
