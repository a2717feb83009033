/*
 * mpi_main.c - pirqsim-mpi: `pirqsim check` on every rank of an MPI job,
 * the search distributed over the ranks (src/search/mpi.c); and `pirqsim
 * matrix`, `advise` and `bisect` with their cells sharded over the ranks.
 *
 *     mpirun -np 4 pirqsim-mpi check [SCENARIO] [options]
 *     mpirun -np 4 pirqsim-mpi matrix [options]
 *
 * Every rank parses the same options and builds the same model (or cell
 * list); rank 0 prints what `pirqsim check --bfs` (or `pirqsim matrix`)
 * prints and writes the trails, the other ranks print nothing (their
 * stdout and stderr go to /dev/null).  The exit status is rank 0's verdict
 * (the other ranks exit 0, so that mpirun reports rank 0's status).
 *
 * Cells: rank r checks the cells i with i % ranks == r, on its share of
 * its node's cores (--jobs, or the node's CPUs over the ranks on the node),
 * then sends them packed (pirqsim_cell_pack) to rank 0 in one MPI_Gatherv;
 * rank 0 unpacks them into its own list, which is then whole.
 */
#include <limits.h>
#include <mpi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "pirqsim-mpi.h"

static const char usage[] =
	"usage: mpirun -np N pirqsim-mpi check [SCENARIO] [options]\n"
	"       mpirun -np N pirqsim-mpi matrix|advise|bisect [options]\n"
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
	"counterexample.  Either way the results do not depend on the number of ranks.\n"
	"\n"
	"matrix, advise and bisect take the options of `pirqsim matrix` (advise, bisect): each rank\n"
	"checks every N-th cell on its node's CPUs over the ranks there (or --jobs), and rank 0\n"
	"gathers the cells and prints and writes what `pirqsim matrix` does, byte for byte.\n";

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

/* Cores for this rank: the node's online CPUs shared by the ranks on it. */
static unsigned jobs_per_rank(void)
{
	MPI_Comm node;
	int on_node = 1;
	if (MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node) == MPI_SUCCESS) {
		MPI_Comm_size(node, &on_node);
		MPI_Comm_free(&node);
	}
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	long jobs = cpus > 0 && on_node > 0 ? cpus / on_node : 1;
	return jobs > 0 ? (unsigned)jobs : 1;
}

/* cli_cells_runner of pirqsim-mpi (see the top of this file). */
static void mpi_cells_run(pirqsim_cells *cells, const struct pirqsim_cells_options *options)
{
	int rank = 0, ranks = 1;
	MPI_Comm_rank(MPI_COMM_WORLD, &rank);
	MPI_Comm_size(MPI_COMM_WORLD, &ranks);
	struct pirqsim_cells_options o = *options;
	o.shard_index = (unsigned)rank;
	o.shard_count = (unsigned)ranks;
	if (o.jobs == 0)
		o.jobs = jobs_per_rank();
	pirqsim_cells_run(cells, &o);
	if (ranks == 1)
		return;
	/* The other ranks' cells, each as its length (8 bytes) and its bytes;
	 * a rank that cannot hold them sends none (rank 0 says so). */
	unsigned count = pirqsim_cells_count(cells), step = (unsigned)ranks;
	uint8_t *mine = NULL;
	int length = 0;
	if (rank != 0) {
		size_t bytes = 0;
		for (unsigned i = (unsigned)rank; i < count; i += step)
			bytes += 8 + pirqsim_cell_pack(cells, i, NULL, 0);
		mine = bytes <= INT_MAX ? malloc(bytes ? bytes : 1) : NULL;
		for (size_t at = 0, i = (unsigned)rank; mine && i < count; i += step) {
			uint64_t n = pirqsim_cell_pack(cells, (unsigned)i, NULL, 0);
			memcpy(mine + at, &n, 8);
			pirqsim_cell_pack(cells, (unsigned)i, mine + at + 8, (size_t)n);
			at += 8 + (size_t)n;
		}
		length = mine ? (int)bytes : 0;
	}
	int *lengths = rank == 0 ? calloc((size_t)ranks, sizeof(int)) : NULL;
	int *at = rank == 0 ? calloc((size_t)ranks, sizeof(int)) : NULL;
	MPI_Gather(&length, 1, MPI_INT, lengths, 1, MPI_INT, 0, MPI_COMM_WORLD);
	long long total = 0;
	for (int r = 0; lengths && at && r < ranks; r++) {
		at[r] = (int)(total <= INT_MAX ? total : 0);
		total += lengths[r];
	}
	uint8_t *all = lengths && at && total <= INT_MAX ? malloc(total ? (size_t)total : 1) : NULL;
	/* Without room on rank 0 nobody sends: its cells stay "not run". */
	int room = all != NULL;
	MPI_Bcast(&room, 1, MPI_INT, 0, MPI_COMM_WORLD);
	if (!room) {
		if (rank == 0)
			fprintf(stderr, "pirqsim-mpi: no room to gather %lld bytes of cells; the other ranks' cells are "
			        "inconclusive\n", total);
		free(lengths);
		free(at);
		free(mine);
		return;
	}
	MPI_Gatherv(mine, length, MPI_BYTE, all, lengths, at, MPI_BYTE, 0, MPI_COMM_WORLD);
	pirqsim_error *error = all ? pirqsim_error_new() : NULL;
	for (int r = 1; error && r < ranks; r++) {
		const uint8_t *p = all + at[r], *end = p + lengths[r];
		for (unsigned i = (unsigned)r; i < count; i += step) {
			uint64_t n = 0;
			if (p + 8 <= end)
				memcpy(&n, p, 8);
			const char *why = p + 8 > end || n > (uint64_t)(end - p - 8) ? "not sent (out of memory there?)"
			                  : pirqsim_cell_unpack(cells, i, p + 8, (size_t)n, error) != 0 ? pirqsim_error_text(error)
			                                                                                : NULL;
			if (why) {
				fprintf(stderr, "pirqsim-mpi: cell %u of rank %d: %s; it and the rank's later cells stay "
				        "inconclusive\n", i, r, why);
				break;
			}
			p += 8 + n;
		}
	}
	pirqsim_error_free(error);
	free(all);
	free(at);
	free(lengths);
	free(mine);
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
	if (strcmp(argv[1], "matrix") == 0 || strcmp(argv[1], "advise") == 0 || strcmp(argv[1], "bisect") == 0) {
		cli_cells_runner = mpi_cells_run;
		cli_secondary = rank != 0;
		return strcmp(argv[1], "matrix") == 0   ? cmd_matrix(argc - 1, argv + 1)
		       : strcmp(argv[1], "advise") == 0 ? cmd_advise(argc - 1, argv + 1)
		                                        : cmd_bisect(argc - 1, argv + 1);
	}
	if (strcmp(argv[1], "check") != 0) {
		fprintf(stderr, "pirqsim-mpi: unknown command '%s'; the commands are: check, matrix, advise, bisect\n",
		        argv[1]);
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
