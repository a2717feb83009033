/*
 * check.h - internals of the explorers, for tests.
 */
#ifndef PIRQSIM_CHECK_H
#define PIRQSIM_CHECK_H

#include <stdbool.h>
#include <stdint.h>

#include "pirqsim.h"

/* Explore every reachable state without stopping at violations: call
 * `quiescent` with the canonical packed form of every quiescent state
 * reached, and collect the violated properties (bit per enum property). */
struct check_hooks {
	void (*quiescent)(const uint8_t *packed, unsigned size, void *data);
	void *data;
	unsigned violated_mask;
};

/* Returns 0, or -1 if the search did not finish (a bound). */
int check_explore_all(const pirqsim_model *model, bool symmetry, struct check_hooks *hooks, uint64_t *states_stored);

#endif
