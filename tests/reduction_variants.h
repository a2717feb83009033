/*
 * reduction_variants.h - the reduction settings the reduction tests compare
 * (test_reductions.c, test_mutants.c): unreduced first, then each
 * reduction alone, then combinations, the default ("all") last.
 */
#ifndef PIRQSIM_TEST_REDUCTION_VARIANTS_H
#define PIRQSIM_TEST_REDUCTION_VARIANTS_H

#include "search/canon.h"

static const struct {
	unsigned reductions;
	const char *name;
	bool single;  /* unreduced, one reduction alone, or all: the mutant grid's columns */
} variant[] = {
	{0, "none", true},
	{REDUCE_SYMMETRY, "symmetry", true},
	{REDUCE_POR, "partial-order", true},
	{REDUCE_RENUMBER, "pirq renumbering", true},
	{REDUCE_DEAD, "dead shadows", true},
	{REDUCE_SYMMETRY | REDUCE_POR, "symmetry+partial-order", false},
	{REDUCE_POR | REDUCE_DEAD, "partial-order+dead shadows", false},
	{REDUCE_SYMMETRY | REDUCE_POR | REDUCE_RENUMBER, "symmetry+partial-order+renumbering", false},
	{REDUCE_SYMMETRY | REDUCE_POR | REDUCE_RENUMBER | REDUCE_DEAD, "all", true},
};
#define VARIANTS (sizeof(variant) / sizeof(variant[0]))

#endif
