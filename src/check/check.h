/*
 * check.h - the checking facade beyond pirqsim_check (pirqsim.h): another
 * explorer in place of the built-in ones, and the exhaustive search that
 * the reduction tests drive.
 */
#ifndef PIRQSIM_CHECK_H
#define PIRQSIM_CHECK_H

#include "search/explorer.h"

/* pirqsim_check with `explorer` in place of the one the options choose
 * (pirqsim-mpi's explorer_mpi): the result as pirqsim_check gives it. */
pirqsim_result *check_with_explorer(const pirqsim_model *model, const struct pirqsim_check_options *options,
                                    const struct explorer *explorer, void *data);

/* Explore every reachable state without stopping at violations, with the
 * REDUCE_* bits (canon.h) `reductions` and `hooks` (explorer.h).  Returns
 * 0, or -1 if the search did not finish (a bound). */
int check_explore_all(const pirqsim_model *model, unsigned reductions, struct check_hooks *hooks,
                      uint64_t *states_stored);

#endif
