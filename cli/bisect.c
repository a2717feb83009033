/*
 * bisect.c - `pirqsim bisect`: hold two of kernel, device model and
 * hypervisor fixed and find the first release on the third where the
 * verdict changes.  Candidates are the version table's row boundaries inside
 * the range (a release inside a row resolves to the same knobs, so to the
 * same verdict).  Every candidate is checked: verdicts need not be monotonic
 * along a release order that interleaves stable trees (4.4.58 has the fix,
 * 4.5 does not), so a halving search could miss a change.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cells.h"

const char bisect_summary[] = "the first release on one axis where the verdict changes";
const char bisect_usage[] =
	"pirqsim bisect (--kernels-range A..B | --qemu-range A..B | --xen-range A..B) [--kernel V] [--qemu V] [--xen V]";
const char bisect_help[] =
	"Two axes are held fixed (defaults: Linux 4.10, Xen 4.8, the Xen release's bundled device\n"
	"model); the third runs over the version table's row boundaries inside the range.\n"
	"  --kernels-range A..B  (also --kernel-range)   --qemu-range A..B   --xen-range A..B\n"
	"  --kernel V  --qemu V  --xen V                 the fixed axes\n"
	RUN_OPTIONS_HELP
	"                        (default pirqsim-bisect-trails)\n"
	"Prints each candidate's outcome, the first change, the knobs that differ between the two\n"
	"neighbouring releases, and every later change.\n"
	"Exit status: 0 a change was found, 1 the verdict is the same over the whole range,\n"
	"2 usage error, 3 a candidate was inconclusive.\n";

struct bisect {
	struct run_options o;
	const char *fixed[3];    /* kernel, qemu (NULL = bundled), xen */
	int axis;                /* 0 kernel, 1 qemu, 2 xen */
	char low[64], high[64];
	char **candidates;
	unsigned count;
	pirqsim_cells *cells;
};

static const char *const axis_names[3] = {"kernel", "qemu", "xen"};
static const char *const axis_titles[3] = {"Linux", "QEMU", "Xen"};

static int set_range(struct bisect *b, int axis, const char *text)
{
	const char *dots = strstr(text, "..");
	if (b->axis >= 0)
		return usage_error("bisect", "give one range only (%s)", text);
	if (!dots || dots == text || !dots[2] || (size_t)(dots - text) >= sizeof(b->low) || strlen(dots + 2) >= sizeof(b->high))
		return usage_error("bisect", "a range is LOW..HIGH, e.g. 3.0..4.11, got '%s'", text);
	b->axis = axis;
	snprintf(b->low, sizeof(b->low), "%.*s", (int)(dots - text), text);
	snprintf(b->high, sizeof(b->high), "%s", dots + 2);
	return 0;
}

enum { OPT_KRANGE = 800, OPT_QRANGE, OPT_XRANGE, OPT_KERNEL, OPT_QEMU, OPT_XEN };

static const struct option bisect_options[] = {
	{"kernels-range", required_argument, 0, OPT_KRANGE}, {"kernel-range", required_argument, 0, OPT_KRANGE},
	{"qemu-range", required_argument, 0, OPT_QRANGE}, {"qemus-range", required_argument, 0, OPT_QRANGE},
	{"xen-range", required_argument, 0, OPT_XRANGE}, {"xens-range", required_argument, 0, OPT_XRANGE},
	{"kernel", required_argument, 0, OPT_KERNEL}, {"qemu", required_argument, 0, OPT_QEMU},
	{"xen", required_argument, 0, OPT_XEN}, RUN_OPTIONS, {0, 0, 0, 0},
};

/* Returns 0, -1 for --help, or an exit status. */
static int parse_bisect(struct bisect *b, int argc, char **argv)
{
	opterr = 0;
	optind = 1;
	for (int opt; (opt = getopt_long(argc, argv, "", bisect_options, NULL)) != -1;) {
		if (opt == OPT_R_HELP) {
			print_command_help(bisect_usage, bisect_summary, bisect_help);
			return -1;
		}
		if (opt == '?')
			return usage_error("bisect", "unknown or incomplete option '%s'", argv[optind - 1]);
		int rc = opt >= OPT_KRANGE && opt <= OPT_XRANGE ? set_range(b, opt - OPT_KRANGE, optarg)
		         : opt >= OPT_KERNEL && opt <= OPT_XEN ? (b->fixed[opt - OPT_KERNEL] = optarg, 0)
		                                                : run_option(&b->o, opt, optarg);
		if (rc)
			return rc;
	}
	if (optind < argc)
		return usage_error("bisect", "unexpected argument '%s'", argv[optind]);
	if (b->axis < 0)
		return usage_error("bisect", "%s", "give a range: --kernels-range A..B, --qemu-range A..B or --xen-range A..B");
	if (b->fixed[b->axis])
		return usage_error("bisect", "--%s is the axis of the range; do not fix it too", axis_names[b->axis]);
	return 0;
}

static int bisect_cells(struct bisect *b)
{
	pirqsim_error *error = pirqsim_error_new();
	int rc = 0;
	b->candidates = error ? pirqsim_bisect_candidates(axis_names[b->axis], b->low, b->high, &b->count, error) : NULL;
	b->cells = b->candidates ? pirqsim_cells_new(b->o.workload, error) : NULL;
	for (unsigned i = 0; b->cells && i < b->count; i++) {
		const char *v[3] = {b->fixed[0], b->fixed[1], b->fixed[2]};
		v[b->axis] = b->candidates[i];
		if (pirqsim_cells_add(b->cells, v[0], v[1], v[2], b->o.knobs, error) < 0) {
			pirqsim_cells_free(b->cells);
			b->cells = NULL;
		}
	}
	if (!b->cells) {
		fprintf(stderr, "pirqsim bisect: %s\n", error ? pirqsim_error_text(error) : "out of memory");
		rc = PIRQSIM_INPUT_ERROR;
	}
	pirqsim_error_free(error);
	return rc;
}

static void print_change(const struct bisect *b, unsigned i, bool first)
{
	char knobs[600], finding[1200];
	const char *before = b->candidates[i - 1], *after = b->candidates[i];
	pirqsim_release_knob_diff(axis_names[b->axis], before, after, knobs, sizeof(knobs));
	printf("%s %s %s: %s -> %s\n", first ? "first change at" : "then at", axis_titles[b->axis], after,
	       pirqsim_outcome_name(pirqsim_cell_outcome(b->cells, i - 1)),
	       pirqsim_outcome_name(pirqsim_cell_outcome(b->cells, i)));
	if (b->o.quiet)
		return;
	printf("  old verdict up to the row \"%s\" (%s is in it)\n", pirqsim_release_row_label(axis_names[b->axis], before),
	       before);
	printf("  new verdict from the row \"%s\" (%s is its first release)\n",
	       pirqsim_release_row_label(axis_names[b->axis], after), after);
	printf("  knobs that changed: %s\n", knobs[0] ? knobs : "none of this component's");
	const char *qa = pirqsim_cell_release(b->cells, i - 1, "qemu"), *qb = pirqsim_cell_release(b->cells, i, "qemu");
	if (b->axis == 2 && strcmp(qa, qb) != 0) {
		pirqsim_release_knob_diff("qemu", qa, qb, knobs, sizeof(knobs));
		printf("  and the bundled device model changed, %s -> %s: %s\n", qa, qb, knobs[0] ? knobs : "same knobs");
	}
	for (unsigned side = 0; side < 2; side++) {
		unsigned cell = i - 1 + side;
		if (pirqsim_cell_deciding(b->cells, cell) < 0)
			continue;
		char path[4096];
		cell_finding(b->cells, cell, finding, sizeof(finding));
		cell_deciding_trail(b->cells, cell, b->o.trail_dir, path, sizeof(path));
		printf("  %s %s: %s%s%s\n", axis_titles[b->axis], b->candidates[cell], finding, path[0] ? "; trail " : "", path);
	}
}

/* Every change of outcome along the range, or that there is none. */
static void print_changes(const struct bisect *b)
{
	unsigned changes = 0;
	for (unsigned i = 1; i < b->count; i++)
		if (pirqsim_cell_outcome(b->cells, i) != pirqsim_cell_outcome(b->cells, i - 1))
			print_change(b, i, changes++ == 0);
	if (!changes)
		printf("the verdict is %s over the whole range\n", pirqsim_outcome_name(pirqsim_cell_outcome(b->cells, 0)));
}

/* --json: the candidates with their outcomes and findings, and the changes. */
static void bisect_json(const struct bisect *b, int status)
{
	printf("{\"command\":\"bisect\",\"exit_status\":%d,\"axis\":\"%s\",\"range\":[", status, axis_names[b->axis]);
	cli_json_string(stdout, b->low);
	printf(",");
	cli_json_string(stdout, b->high);
	printf("],\"candidates\":[");
	for (unsigned i = 0; i < b->count; i++) {
		char finding[1200] = "", path[4096] = "";
		enum pirqsim_outcome o = pirqsim_cell_outcome(b->cells, i);
		if (o != PIRQSIM_OUTCOME_WORKS && o != PIRQSIM_OUTCOME_NOT_APPLICABLE)
			cell_finding(b->cells, i, finding, sizeof(finding));
		cell_deciding_trail(b->cells, i, b->o.trail_dir, path, sizeof(path));
		printf("%s{\"release\":", i ? "," : "");
		cli_json_string(stdout, b->candidates[i]);
		for (int a = 0; a < 3; a++) {
			printf(",\"%s\":", axis_names[a]);
			cli_json_string(stdout, pirqsim_cell_release(b->cells, i, axis_names[a]));
		}
		printf(",\"outcome\":");
		cli_json_string(stdout, pirqsim_outcome_name(o));
		printf(",\"finding\":");
		cli_json_string(stdout, finding);
		printf(",\"trail\":");
		path[0] ? cli_json_string(stdout, path) : (void)printf("null");
		printf("}");
	}
	printf("],\"changes\":[");
	for (unsigned i = 1, n = 0; i < b->count; i++) {
		if (pirqsim_cell_outcome(b->cells, i) == pirqsim_cell_outcome(b->cells, i - 1))
			continue;
		char knobs[600];
		pirqsim_release_knob_diff(axis_names[b->axis], b->candidates[i - 1], b->candidates[i], knobs, sizeof(knobs));
		printf("%s{\"at\":", n++ ? "," : "");
		cli_json_string(stdout, b->candidates[i]);
		printf(",\"before\":");
		cli_json_string(stdout, pirqsim_outcome_name(pirqsim_cell_outcome(b->cells, i - 1)));
		printf(",\"after\":");
		cli_json_string(stdout, pirqsim_outcome_name(pirqsim_cell_outcome(b->cells, i)));
		printf(",\"knobs_changed\":");
		cli_json_string(stdout, knobs);
		printf("}");
	}
	printf("]}\n");
}

static int bisect_status(const struct bisect *b)
{
	bool inconclusive = false, changes = false;
	for (unsigned i = 0; i < b->count; i++) {
		enum pirqsim_outcome o = pirqsim_cell_outcome(b->cells, i);
		inconclusive |= o == PIRQSIM_OUTCOME_INCONCLUSIVE || o == PIRQSIM_OUTCOME_ERROR;
		changes |= i > 0 && o != pirqsim_cell_outcome(b->cells, i - 1);
	}
	return inconclusive ? PIRQSIM_INCONCLUSIVE : changes ? 0 : 1;
}

static int bisect_report(const struct bisect *b)
{
	if (b->o.format == FORMAT_JSON) {
		bisect_json(b, bisect_status(b));
		return bisect_status(b);
	}
	if (b->o.quiet) {
		print_changes(b);
		return bisect_status(b);
	}
	const char *qemu = pirqsim_cell_release(b->cells, 0, "qemu");
	printf("bisect %s %s..%s", axis_titles[b->axis], b->low, b->high);
	for (int a = 0; a < 3; a++)
		if (a != b->axis)
			printf(", %s %s%s", axis_titles[a],
			       a == 1 && !b->fixed[1] && b->axis == 2 ? "bundled with each Xen release"
			       : a == 1 ? qemu : pirqsim_cell_release(b->cells, 0, axis_names[a]),
			       a == 1 && !b->fixed[1] && b->axis != 2 ? " (bundled)" : "");
	printf("\ncandidates (version-table row boundaries in the range), each checked exhaustively:\n");
	for (unsigned i = 0; i < b->count; i++) {
		enum pirqsim_outcome o = pirqsim_cell_outcome(b->cells, i);
		printf("  %-22s %-16s %s%s\n", b->candidates[i], pirqsim_outcome_name(o),
		       b->axis == 2 && !b->fixed[1] ? pirqsim_cell_release(b->cells, i, "qemu") : "",
		       b->axis == 2 && !b->fixed[1] ? " (bundled)" : "");
	}
	print_changes(b);
	return bisect_status(b);
}

int cmd_bisect(int argc, char **argv)
{
	struct bisect b;
	memset(&b, 0, sizeof(b));
	run_options_init(&b.o, "bisect");
	b.o.trail_dir = "pirqsim-bisect-trails";
	b.axis = -1;
	int rc = parse_bisect(&b, argc, argv);
	if (rc)
		return rc < 0 ? 0 : rc;
	if (b.o.format != FORMAT_TEXT && b.o.format != FORMAT_JSON)
		return usage_error("bisect", "%s", "bisect prints text or json (--format text, --format json, --json)");
	if (!b.fixed[0] && b.axis != 0)
		b.fixed[0] = "4.10";
	if (!b.fixed[2] && b.axis != 2)
		b.fixed[2] = "4.8";
	rc = bisect_cells(&b);
	if (!rc) {
		cli_cells_run(b.cells, &b.o.cells);
		rc = write_cell_trails(b.cells, "bisect", b.o.trail_dir);
	}
	if (!rc)
		rc = cli_cells_status("bisect", bisect_report(&b));
	pirqsim_releases_free(b.candidates);
	pirqsim_cells_free(b.cells);
	return rc;
}
