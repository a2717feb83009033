/*
 * pirqsim-mpi.h - the public API of pirqsim-mpi's distributed search.  Not
 * part of libpirqsim (the library does not depend on MPI): the explorer
 * (src/search/mpi.c) and this entry point (src/check/check_mpi.c) are
 * compiled into pirqsim-mpi only.
 */
#ifndef PIRQSIM_MPI_H
#define PIRQSIM_MPI_H

#include "pirqsim.h"

/* pirqsim_check's exhaustive search, run by every rank of MPI_COMM_WORLD
 * together (a collective call: every rank calls it with the same model and
 * options), the states partitioned over the ranks by hash.  Every rank gets
 * the same result: the verdict, the statistics summed over the ranks, and
 * on a violation the trail, run on to quiescence as pirqsim_check does.
 * options->memory_max is each rank's budget.  Never NULL: out of memory on
 * a rank aborts the job (the others cannot leave the search alone). */
pirqsim_result *pirqsim_mpi_check(const pirqsim_model *model, const struct pirqsim_check_options *options);

#endif
