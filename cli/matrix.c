/*
 * matrix.c - `pirqsim matrix`: every kernel x device model x hypervisor cell
 * of the chosen axes, checked exhaustively on every sub-check of the
 * workload, classified, with a trail per violated sub-check.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "matrix.h"

const char matrix_summary[] = "the compatibility matrix: kernels x device models x hypervisors";
const char matrix_usage[] =
	"pirqsim matrix [--kernels LIST] [--xens LIST] [--qemus LIST] [--format FORMAT] [options]";
const char matrix_help[] =
	"Every cell is checked exhaustively on each sub-check of the workload (each its own model)\n"
	"and takes the most severe outcome: init failure > lost interrupts > pirq exhaustion >\n"
	"pirq leak > inconclusive > not applicable (pirq path not used) > works.\n"
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

void run_options_init(struct run_options *o, const char *command)
{
	memset(o, 0, sizeof(*o));
	o->command = command;
	o->trail_dir = "pirqsim-matrix-trails";
}

static int parse_format(struct run_options *o, const char *arg)
{
	static const char *const names[] = {"text", "md", "mail", "html", "json"};
	for (unsigned i = 0; i < 5; i++)
		if (strcmp(arg, names[i]) == 0) {
			o->format = (enum format)i;
			return 0;
		}
	return usage_error(o->command, "--format takes text, md, mail, html or json, got '%s'", arg);
}

static int add_knob(struct run_options *o, const char *arg)
{
	size_t used = strlen(o->knobs);
	if (!strchr(arg, '=') || used + strlen(arg) + 2 > sizeof(o->knobs))
		return usage_error(o->command, "--knob takes NAME=VALUE, got '%s'", arg);
	snprintf(o->knobs + used, sizeof(o->knobs) - used, "%s%s", used ? "," : "", arg);
	return 0;
}

int run_option(struct run_options *o, int opt, const char *arg)
{
	long value;
	char *end;
	switch (opt) {
	case OPT_R_WORKLOAD: o->workload = arg; return 0;
	case OPT_R_TRAIL_DIR: o->trail_dir = arg; return 0;
	case OPT_R_KNOB: return add_knob(o, arg);
	case OPT_R_FORMAT: return parse_format(o, arg);
	case OPT_R_JSON: o->format = FORMAT_JSON; return 0;
	case OPT_R_QUIET: o->quiet = true; return 0;
	case OPT_R_JOBS:
		if (!parse_long(arg, 1, 256, &value))
			return usage_error(o->command, "--jobs takes a whole number from 1 to 256, got '%s'", arg);
		o->cells.jobs = (unsigned)value;
		return 0;
	case OPT_R_MEMORY:
		if (!parse_size(arg, &o->cells.memory_max))
			return usage_error(o->command, "--memory-max takes a size such as 512M or 4G, got '%s'", arg);
		return 0;
	case OPT_R_HASH: o->cells.hash_compact = true; return 0;
	case OPT_R_TIME:
		o->cells.time_max = strtod(arg, &end);
		if (*end || end == arg || !(o->cells.time_max > 0))
			return usage_error(o->command, "--time-max takes a positive number of seconds, got '%s'", arg);
		return 0;
	default: return 1;
	}
}

/* ---- axes and cells --------------------------------------------------------- */

static char **expand(const char *command, const char *component, const char *list, unsigned *count, int *status)
{
	pirqsim_error *error = pirqsim_error_new();
	char **releases = error ? pirqsim_releases_expand(component, list, count, error) : NULL;
	if (!releases) {
		fprintf(stderr, "pirqsim %s: %s\n", command, error ? pirqsim_error_text(error) : "out of memory");
		*status = PIRQSIM_INPUT_ERROR;
	}
	pirqsim_error_free(error);
	return releases;
}

int matrix_axes(struct matrix *m, const char *command, const char *kernels, const char *qemus, const char *xens)
{
	int status = 0;
	memset(m, 0, sizeof(*m));
	m->kernels = expand(command, "kernel", kernels, &m->kernel_count, &status);
	if (!status)
		m->xens = expand(command, "xen", xens, &m->xen_count, &status);
	if (!status && qemus)
		m->qemus = expand(command, "qemu", qemus, &m->qemu_count, &status);
	m->column_count = m->xen_count * (m->qemu_count ? m->qemu_count : 1);
	return status;
}

const char *matrix_column_xen(const struct matrix *m, unsigned column)
{
	return m->xens[column / (m->qemu_count ? m->qemu_count : 1)];
}

const char *matrix_column_qemu(const struct matrix *m, unsigned column)
{
	return m->qemu_count ? m->qemus[column % m->qemu_count] : NULL;
}

int matrix_run(struct matrix *m, const struct run_options *o)
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
	pirqsim_cells_run(m->cells, &o->cells);
	return 0;
}

void matrix_free(struct matrix *m)
{
	pirqsim_releases_free(m->kernels);
	pirqsim_releases_free(m->qemus);
	pirqsim_releases_free(m->xens);
	pirqsim_cells_free(m->cells);
}

/* ---- trails and exit status ------------------------------------------------ */

void cell_trail_path(const pirqsim_cells *cells, unsigned cell, unsigned workload, const char *dir, char *out,
                     size_t size)
{
	snprintf(out, size, "%s/%s.%s.trail", dir, pirqsim_cell_name(cells, cell),
	         pirqsim_cells_workload_name(cells, workload));
}

/* Make `dir` the first time, then write the trail to `path`; the path that
 * could not be written (errno says why), or NULL. */
static const char *write_cell_trail(const pirqsim_result *r, const char *dir, const char *path, bool *made)
{
	if (!*made && make_directories(dir) != 0)
		return dir;
	*made = true;
	return write_result_trail(r, path) != 0 ? path : NULL;
}

int write_cell_trails(const pirqsim_cells *cells, const char *command, const char *dir)
{
	bool made = false;
	for (unsigned i = 0; i < pirqsim_cells_count(cells); i++)
		for (unsigned w = 0; w < pirqsim_cells_workload_count(cells); w++) {
			const pirqsim_result *r = pirqsim_cell_result(cells, i, w);
			if (!r || pirqsim_result_verdict(r) != PIRQSIM_VIOLATED)
				continue;
			char path[4096];
			cell_trail_path(cells, i, w, dir, path, sizeof(path));
			const char *failed = write_cell_trail(r, dir, path, &made);
			if (failed) {
				fprintf(stderr, "pirqsim %s: cannot write %s: %s\n", command, failed, strerror(errno));
				return PIRQSIM_INPUT_ERROR;
			}
		}
	return 0;
}

int cells_exit_status(const pirqsim_cells *cells)
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

static int parse_shard(struct run_options *o, const char *arg)
{
	unsigned index, count;
	char tail;
	if (sscanf(arg, "%u/%u%c", &index, &count, &tail) != 2 || count == 0 || count > 100000 || index >= count)
		return usage_error("matrix", "--shard takes I/N with 0 <= I < N (e.g. 0/4), got '%s'", arg);
	o->shard_index = index;
	o->shard_count = count;
	return 0;
}

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
		int w = pirqsim_cell_deciding(m->cells, i);
		const pirqsim_result *r = w >= 0 ? pirqsim_cell_result(m->cells, i, (unsigned)w) : NULL;
		if (r && pirqsim_result_verdict(r) == PIRQSIM_VIOLATED)
			cell_trail_path(m->cells, i, (unsigned)w, o->trail_dir, path, sizeof(path));
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
		         : opt == OPT_XENS ? (xens = optarg, 0) : opt == OPT_SHARD ? parse_shard(&o, optarg)
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
		rc = cells_exit_status(m.cells);
	}
	matrix_free(&m);
	return rc;
}
