/*
 * check_mpi.c - pirqsim_check with the MPI explorer (pirqsim-mpi.h); in
 * pirqsim-mpi only, with src/search/mpi.c.
 */
#include "pirqsim-mpi.h"

#include <mpi.h>

#include "check/check.h"

pirqsim_result *pirqsim_mpi_check(const pirqsim_model *model, const struct pirqsim_check_options *options)
{
	pirqsim_result *r = check_with_explorer(model, options, &explorer_mpi, NULL);
	if (!r) /* the other ranks are in the search: a rank cannot leave it alone */
		MPI_Abort(MPI_COMM_WORLD, PIRQSIM_INPUT_ERROR);
	return r;
}
