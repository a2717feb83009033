/*
 * matrix.c - `pirqsim matrix`: every kernel x device model x hypervisor cell
 * of the chosen axes, checked exhaustively on every sub-check of the
 * workload, classified, with a trail per violated sub-check.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cells.h"
#include "cli.h"
#include "matrix_format.h"

const char matrix_summary[] = "the compatibility matrix: kernels x device models x hypervisors";
const char matrix_usage[] =
	"pirqsim matrix [--kernels LIST] [--xens LIST] [--qemus LIST] [--format FORMAT] [options]";
const char matrix_help[] =
	"Every cell is checked exhaustively on each sub-check of the workload (each its own model)\n"
	"and takes the most severe outcome: init failure > lost interrupts > pirq exhaustion >\n"
	"pirq leak > degraded (fewer vectors, MSI or INTx) > inconclusive > not applicable\n"
	"(pirq path not used) > works.\n"
	"  --kernels LIST        Linux releases and named sets, comma-separated (default supported-2017)\n"
	"  --xens LIST           Xen releases and named sets (default released-2017)\n"
	"  --qemus LIST          device models; default: each Xen release's bundled device model\n"
	"  --format F            text | md | mail (<= 72 columns) | html (self-contained) | json\n"
	RUN_OPTIONS_HELP
	"                        (default pirqsim-matrix-trails)\n"
	"  --shard I/N           only cells k with k % N == I, k counting cells row by row from 0\n"
	"                        (spread a matrix over machines); output: one line per cell\n"
	"                        (text) or the JSON with only those cells (--format json)\n"
	"Named sets: `pirqsim matrix --list-sets`.  Sub-checks: nvme-2017, nic-down-up, reloads.\n"
	"Exit status: 0 every cell works or is not applicable, 1 a cell fails, 2 usage error,\n"
	"3 inconclusive.\n";

/* Add every cell (with the options' knobs, may be ""), run them. */
static int matrix_run(struct matrix *m, const struct run_options *o)
{
	pirqsim_error *error = pirqsim_error_new();
	m->cells = error ? pirqsim_cells_new(o->workload, error) : NULL;
	for (unsigned k = 0; m->cells && k < m->kernel_count; k++)
		for (unsigned c = 0; c < m->column_count; c++)
			if (o->shard_count && (k * m->column_count + c) % o->shard_count != o->shard_index)
				continue; /* --shard: another machine's cell */
			else if (pirqsim_cells_add(m->cells, m->kernels[k], matrix_column_qemu(m, c), matrix_column_xen(m, c),
			                      o->knobs, error) < 0) {
				pirqsim_cells_free(m->cells);
				m->cells = NULL;
			}
	if (!m->cells) {
		fprintf(stderr, "pirqsim %s: %s\n", o->command, error ? pirqsim_error_text(error) : "out of memory");
		pirqsim_error_free(error);
		return PIRQSIM_INPUT_ERROR;
	}
	pirqsim_error_free(error);
	cli_cells_run(m->cells, &o->cells);
	return 0;
}

/* ---- exit status ------------------------------------------------ */

/* Worst verdict over the cells: 0 all work (or not applicable), 1 a failure,
 * 3 inconclusive only, 2 a model error. */
static int cells_exit_status(const pirqsim_cells *cells)
{
	enum pirqsim_outcome worst = PIRQSIM_OUTCOME_WORKS;
	for (unsigned i = 0; i < pirqsim_cells_count(cells); i++)
		if (pirqsim_cell_outcome(cells, i) > worst)
			worst = pirqsim_cell_outcome(cells, i);
	if (worst == PIRQSIM_OUTCOME_ERROR)
		return PIRQSIM_INPUT_ERROR;
	if (pirqsim_outcome_is_failure(worst))
		return PIRQSIM_VIOLATED;
	return worst == PIRQSIM_OUTCOME_INCONCLUSIVE ? PIRQSIM_INCONCLUSIVE : PIRQSIM_HOLDS;
}

/* ---- the command ------------------------------------------------------------ */

static void list_sets(void)
{
	for (unsigned i = 0; i < pirqsim_release_set_count(); i++) {
		const char *component, *name, *members, *summary;
		pirqsim_release_set(i, &component, &name, &members, &summary);
		printf("%-6s %-15s %s\n       %s\n", component, name, summary, members);
	}
	for (unsigned w = 0; w < pirqsim_workload_count(); w++)
		printf("sub-check %-12s %s\n", pirqsim_workload_name(w), pirqsim_workload_summary(w));
}

enum { OPT_KERNELS = 600, OPT_QEMUS, OPT_XENS, OPT_LIST_SETS, OPT_SHARD };

static const struct option matrix_options[] = {
	{"kernels", required_argument, 0, OPT_KERNELS}, {"qemus", required_argument, 0, OPT_QEMUS},
	{"xens", required_argument, 0, OPT_XENS}, {"list-sets", no_argument, 0, OPT_LIST_SETS},
	{"shard", required_argument, 0, OPT_SHARD}, RUN_OPTIONS, {0, 0, 0, 0},
};

/* --shard (text) and --quiet: one line per cell, numbered as in the whole
 * matrix (the grid needs every cell); the shard says which it has. */
static void print_cell_lines(const struct matrix *m, const struct run_options *o, FILE *out)
{
	unsigned index = o->shard_count ? o->shard_index : 0, stride = o->shard_count ? o->shard_count : 1;
	if (o->shard_count && !o->quiet)
		fprintf(out, "pirqsim matrix: shard %u/%u (cells k with k %% %u == %u of %u)\n", o->shard_index,
		        o->shard_count, o->shard_count, o->shard_index, m->kernel_count * m->column_count);
	for (unsigned i = 0; i < pirqsim_cells_count(m->cells); i++) {
		unsigned k = index + i * stride;
		enum pirqsim_outcome outcome = pirqsim_cell_outcome(m->cells, i);
		char finding[1200] = "", path[4096] = "";
		if (outcome != PIRQSIM_OUTCOME_WORKS && outcome != PIRQSIM_OUTCOME_NOT_APPLICABLE)
			cell_finding(m->cells, i, finding, sizeof(finding));
		cell_deciding_trail(m->cells, i, o->trail_dir, path, sizeof(path));
		fprintf(out, "cell %u: Linux %s, Xen %s, QEMU %s: %s%s%s\n", k, pirqsim_cell_release(m->cells, i, "kernel"),
		        pirqsim_cell_release(m->cells, i, "xen"), pirqsim_cell_release(m->cells, i, "qemu"),
		        finding[0] ? finding : pirqsim_outcome_name(outcome), path[0] ? "; trail: " : "", path);
	}
}

int cmd_matrix(int argc, char **argv)
{
	struct run_options o;
	run_options_init(&o, "matrix");
	const char *kernels = "supported-2017", *qemus = NULL, *xens = "released-2017";
	opterr = 0;
	optind = 1;
	for (int opt; (opt = getopt_long(argc, argv, "", matrix_options, NULL)) != -1;) {
		if (opt == OPT_R_HELP) {
			print_command_help(matrix_usage, matrix_summary, matrix_help);
			return 0;
		}
		if (opt == OPT_LIST_SETS) {
			list_sets();
			return 0;
		}
		if (opt == '?')
			return usage_error("matrix", "unknown or incomplete option '%s'", argv[optind - 1]);
		int rc = opt == OPT_KERNELS ? (kernels = optarg, 0) : opt == OPT_QEMUS ? (qemus = optarg, 0)
		         : opt == OPT_XENS ? (xens = optarg, 0)
		         : opt == OPT_SHARD ? parse_shard("matrix", optarg, &o.shard_index, &o.shard_count)
		         : run_option(&o, opt, optarg);
		if (rc)
			return rc;
	}
	if (optind < argc)
		return usage_error("matrix", "unexpected argument '%s'", argv[optind]);
	if ((o.shard_count || o.quiet) && o.format != FORMAT_TEXT && o.format != FORMAT_JSON)
		return usage_error("matrix", "%s", "--shard and --quiet print text or json (--format md, mail and html need "
		                   "every cell in full)");
	struct matrix m;
	int rc = matrix_axes(&m, "matrix", kernels, qemus, xens);
	if (!rc)
		rc = matrix_run(&m, &o);
	if (!rc)
		rc = write_cell_trails(m.cells, "matrix", o.trail_dir);
	if (!rc) {
		if ((o.shard_count || o.quiet) && o.format != FORMAT_JSON)
			print_cell_lines(&m, &o, stdout);
		else
			matrix_print(&m, &o, stdout);
		rc = cli_cells_status("matrix", cells_exit_status(m.cells));
	}
	matrix_free(&m);
	return rc;
}
