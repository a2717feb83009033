/*
 * mpi_explorer.h - breadth-first search distributed over MPI ranks
 * (pirqsim-mpi; built only when CMake finds MPI).  Not part of libpirqsim:
 * the library does not depend on MPI.
 */
#ifndef PIRQSIM_MPI_EXPLORER_H
#define PIRQSIM_MPI_EXPLORER_H

#include "pirqsim.h"

/* pirqsim_check's exhaustive breadth-first search, run by every rank of
 * MPI_COMM_WORLD together (a collective call: every rank calls it with the
 * same model and options).  Every rank gets the same result: the verdict,
 * the statistics summed over the ranks, and on a violation the trail, run
 * on to quiescence as pirqsim_check does.  options->memory_max is each
 * rank's budget.  NULL when out of memory (then on every rank). */
pirqsim_result *mpi_check(const pirqsim_model *model, const struct pirqsim_check_options *options);

#endif
