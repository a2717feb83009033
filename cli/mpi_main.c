/*
 * mpi_main.c - pirqsim-mpi: `pirqsim check` on every rank of an MPI job,
 * the search distributed over the ranks (src/search/mpi.c).
 *
 *     mpirun -np 4 pirqsim-mpi check [SCENARIO] [options]
 *
 * Every rank parses the same options and builds the same model; rank 0
 * prints what `pirqsim check --bfs` prints and writes the trail, the other
 * ranks print nothing (their stdout and stderr go to /dev/null).  The exit
 * status is rank 0's verdict (the other ranks exit 0, so that mpirun
 * reports rank 0's status).
 */
#include <mpi.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "pirqsim-mpi.h"

static const char usage[] =
	"usage: mpirun -np N pirqsim-mpi check [SCENARIO] [options]\n"
	"\n"
	"An exhaustive breadth-first search with the states partitioned over the MPI ranks by a\n"
	"hash of each state (each rank stores the states it owns and expands them; successors go\n"
	"to their owner, level by level).  Scenario and search options are those of `pirqsim\n"
	"check` (`pirqsim-mpi check --help`), except --random, --threads and --all-violations\n"
	"(the distributed search stops at the first violation); --memory-max is each\n"
	"rank's budget.  By default it searches the reduced state graph of `pirqsim check`\n"
	"(symmetry, partial-order reduction, pirq renumbering, dead shadows): the same verdict\n"
	"and, where the properties hold, the same states, matches and transitions.  With --bfs it\n"
	"is `pirqsim check --bfs` (symmetry only): the same counts, depth and shortest\n"
	"counterexample.  Either way the results do not depend on the number of ranks.\n";

/* Options of `pirqsim check` that choose another search (the distributed
 * search stops at the first violation: --all-violations is refused). */
static const char *other_search(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--random") == 0 || strncmp(argv[i], "--threads", 9) == 0 ||
		    strncmp(argv[i], "--walks", 7) == 0 || strncmp(argv[i], "--shard", 7) == 0 ||
		    strcmp(argv[i], "--all-violations") == 0 || strncmp(argv[i], "--max-violations", 16) == 0)
			return argv[i];
	}
	return NULL;
}

static int run(int argc, char **argv, int rank)
{
	if (argc < 2) {
		fputs(usage, stderr);
		return PIRQSIM_INPUT_ERROR;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
		fputs(usage, stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("pirqsim-mpi %s (rules %s)\n", PIRQSIM_VERSION_STRING, pirqsim_rules_hash());
		return 0;
	}
	if (strcmp(argv[1], "check") != 0) {
		fprintf(stderr, "pirqsim-mpi: unknown command '%s'; the one command is: check\n", argv[1]);
		return PIRQSIM_INPUT_ERROR;
	}
	const char *other = other_search(argc - 1, argv + 1);
	if (other)
		return usage_error("check", "pirqsim-mpi runs the distributed breadth-first search; '%s' is for "
		                   "`pirqsim check`", other);
	return cli_check(argc - 1, argv + 1, pirqsim_mpi_check, rank == 0);
}

int main(int argc, char **argv)
{
	if (MPI_Init(&argc, &argv) != MPI_SUCCESS) {
		fprintf(stderr, "pirqsim-mpi: MPI_Init failed\n");
		return PIRQSIM_INPUT_ERROR;
	}
	int rank = 0;
	MPI_Comm_rank(MPI_COMM_WORLD, &rank);
	if (rank != 0) { /* quiet; if /dev/null cannot be opened the rank still takes part */
		FILE *out = freopen("/dev/null", "w", stdout), *err = freopen("/dev/null", "w", stderr);
		(void)out, (void)err;
	}
	int status = run(argc, argv, rank);
	MPI_Finalize();
	return rank == 0 ? status : 0;
}
