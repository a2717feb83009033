/*
 * advise.c - `pirqsim advise --fix ID`: for each stable tree and each
 * hypervisor / device model in a window, check the tree's last release
 * before the fix and its first release with it (or the same release with the
 * fix's knob when no fixed release exists), and say what the fix cures,
 * keeps, changes or introduces; each claim names its cells and trails.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cells.h"

const char advise_summary[] = "backport advice: each stable tree before and after a fix, per hypervisor";
const char advise_usage[] = "pirqsim advise --fix ID [--trees LIST] [--xens LIST] [--qemus LIST] [options]";
const char advise_help[] =
	"For each stable tree, the last release before the fix is compared with the first release\n"
	"that has it (e.g. 4.4.57 vs 4.4.58); when the version table knows no fixed release in the\n"
	"tree, with the same release and the fix's knob set.  Every cell is checked exhaustively.\n"
	"  --fix ID              the fix (known: c74fd80f2f41)\n"
	"  --trees LIST          Linux trees MAJOR.MINOR and kernel sets (default supported-2017)\n"
	"  --xens LIST           Xen releases and sets (default released-2017)\n"
	"  --qemus LIST          device models (default: each Xen release's bundled one)\n"
	"  --supported LIST      the Xen releases in support (default supported-2017)\n"
	"  --format F            text | mail (<= 72 columns) | md | json\n"
	RUN_OPTIONS_HELP
	"                        (default pirqsim-advise-trails)\n"
	"Exit status: 0 advice computed, 2 usage error or unknown fix, 3 some cell inconclusive.\n";

enum claim { CLAIM_CURES = 0, CLAIM_INTRODUCES, CLAIM_KEEPS, CLAIM_CHANGES, CLAIM_WORKS, CLAIM_NA, CLAIM_UNKNOWN,
             CLAIM_COUNT };
static const char *const claim_names[CLAIM_COUNT] = {
	"the fix cures it", "the fix introduces it", "fails either way", "fails either way, differently",
	"works either way", "pirq path not used either way", "inconclusive",
};

struct tree {
	char name[48], before[48], after[48];
	bool as_knob, already;
	int first_cell; /* before cell of column c: first_cell + 2c, after: + 1 */
};

struct advice {
	struct run_options o;
	unsigned fix;
	const char *fix_id, *subject, *knob, *value, *source;
	char fix_knob[96];
	struct tree *tree;
	unsigned tree_count;
	struct matrix axes;   /* its kernels are the trees; cells are ours */
	char **supported;
	unsigned supported_count;
	pirqsim_cells *cells;
};

static enum claim claim_of(enum pirqsim_outcome before, enum pirqsim_outcome after)
{
	bool bf = pirqsim_outcome_is_failure(before), af = pirqsim_outcome_is_failure(after);
	if (before == PIRQSIM_OUTCOME_INCONCLUSIVE || after == PIRQSIM_OUTCOME_INCONCLUSIVE ||
	    before == PIRQSIM_OUTCOME_ERROR || after == PIRQSIM_OUTCOME_ERROR)
		return CLAIM_UNKNOWN;
	if (bf && !af)
		return CLAIM_CURES;
	if (!bf && af)
		return CLAIM_INTRODUCES;
	if (bf)
		return before == after ? CLAIM_KEEPS : CLAIM_CHANGES;
	return before == PIRQSIM_OUTCOME_NOT_APPLICABLE && after == PIRQSIM_OUTCOME_NOT_APPLICABLE ? CLAIM_NA
	                                                                                          : CLAIM_WORKS;
}

static bool column_supported(const struct advice *a, unsigned c)
{
	const char *label = pirqsim_release_row_label("xen", matrix_column_xen(&a->axes, c));
	for (unsigned i = 0; label && i < a->supported_count; i++) {
		const char *other = pirqsim_release_row_label("xen", a->supported[i]);
		if (other && strcmp(label, other) == 0)
			return true;
	}
	return false;
}

static unsigned before_cell(const struct tree *t, unsigned column) { return (unsigned)t->first_cell + 2 * column; }

static enum claim column_claim(const struct advice *a, const struct tree *t, unsigned c)
{
	return claim_of(pirqsim_cell_outcome(a->cells, before_cell(t, c)),
	                pirqsim_cell_outcome(a->cells, before_cell(t, c) + 1));
}

/* ---- setting up ------------------------------------------------------------ */

static int resolve_trees(struct advice *a, pirqsim_error *error)
{
	a->tree = calloc(a->axes.kernel_count, sizeof(*a->tree));
	if (!a->tree)
		return PIRQSIM_INPUT_ERROR;
	for (unsigned i = 0; i < a->axes.kernel_count; i++) {
		struct tree *t = &a->tree[a->tree_count];
		snprintf(t->name, sizeof(t->name), "%s", a->axes.kernels[i]);
		if (pirqsim_fix_tree(a->fix, t->name, t->before, sizeof(t->before), t->after, sizeof(t->after),
		                     &t->as_knob, &t->already, error) != 0) {
			fprintf(stderr, "pirqsim advise: %s\n", pirqsim_error_text(error));
			return PIRQSIM_INPUT_ERROR;
		}
		t->first_cell = -1;
		a->tree_count++;
	}
	return 0;
}

static int add_cell(struct advice *a, const char *kernel, unsigned c, const char *knobs, pirqsim_error *error)
{
	char all[200];
	snprintf(all, sizeof(all), "%s%s%s", a->o.knobs, a->o.knobs[0] && knobs[0] ? "," : "", knobs);
	return pirqsim_cells_add(a->cells, kernel, matrix_column_qemu(&a->axes, c), matrix_column_xen(&a->axes, c), all,
	                         error);
}

static int add_cells(struct advice *a, pirqsim_error *error)
{
	a->cells = pirqsim_cells_new(a->o.workload, error);
	for (unsigned i = 0; a->cells && i < a->tree_count; i++) {
		struct tree *t = &a->tree[i];
		if (t->already)
			continue;
		t->first_cell = (int)pirqsim_cells_count(a->cells);
		for (unsigned c = 0; c < a->axes.column_count; c++)
			if (add_cell(a, t->before, c, "", error) < 0 ||
			    add_cell(a, t->after, c, t->as_knob ? a->fix_knob : "", error) < 0)
				goto fail;
	}
	if (a->cells)
		return 0;
fail:
	fprintf(stderr, "pirqsim advise: %s\n", pirqsim_error_text(error));
	return PIRQSIM_INPUT_ERROR;
}

/* ---- sentences ---------------------------------------------------------------- */

/* "Xen 4.5, 4.6 (supported); Xen 4.4 (out of support)" for the columns of
 * `t` with claim `k`; returns how many. */
static unsigned columns_with(const struct advice *a, const struct tree *t, enum claim k, char *out, size_t size)
{
	unsigned count = 0;
	size_t n = 0;
	out[0] = '\0';
	for (int supported = 1; supported >= 0; supported--) {
		unsigned here = 0;
		for (unsigned c = 0; c < a->axes.column_count; c++) {
			if (column_claim(a, t, c) != k || column_supported(a, c) != (bool)supported)
				continue;
			const char *qemu = matrix_column_qemu(&a->axes, c);
			n += (size_t)snprintf(out + n, n < size ? size - n : 0, "%s%s%s%s%s", here ? ", " : n ? "; Xen " : "Xen ",
			                      matrix_column_xen(&a->axes, c), qemu ? " with QEMU " : "", qemu ? qemu : "", "");
			here++;
		}
		if (here && n < size)
			n += (size_t)snprintf(out + n, size - n, " (%s)", supported ? "supported" : "out of support");
		count += here;
	}
	return count;
}

/* The outcomes of `k`'s columns on one side, "init failure" or "init failure / lost interrupts". */
static void outcomes_with(const struct advice *a, const struct tree *t, enum claim k, bool after, char *out,
                          size_t size)
{
	bool seen[PIRQSIM_OUTCOME_COUNT] = {0};
	for (unsigned c = 0; c < a->axes.column_count; c++)
		if (column_claim(a, t, c) == k)
			seen[pirqsim_cell_outcome(a->cells, before_cell(t, c) + after)] = true;
	size_t n = 0;
	out[0] = '\0';
	for (int x = PIRQSIM_OUTCOME_COUNT - 1; x >= 0; x--)
		if (seen[x] && n < size)
			n += (size_t)snprintf(out + n, size - n, "%s%s", n ? " / " : "", pirqsim_outcome_name((enum pirqsim_outcome)x));
}

static const char *recommendation(const struct advice *a, const struct tree *t)
{
	bool introduces_supported = false, cures_supported = false, cures = false;
	for (unsigned c = 0; c < a->axes.column_count; c++) {
		enum claim k = column_claim(a, t, c);
		introduces_supported |= k == CLAIM_INTRODUCES && column_supported(a, c);
		cures_supported |= k == CLAIM_CURES && column_supported(a, c);
		cures |= k == CLAIM_CURES;
	}
	if (introduces_supported)
		return "do not take the fix as it stands: it introduces a failure on a supported hypervisor.";
	if (cures_supported)
		return "take the fix.";
	if (cures)
		return "take the fix: it cures failures only on hypervisors out of support and harms none in support.";
	return "no need: the fix changes nothing this workload shows on these hypervisors.";
}

static void tree_title(const struct advice *a, const struct tree *t, char *out, size_t size)
{
	if (t->already)
		snprintf(out, size, "Linux %s: already carries the fix (%s resolves to %s=%s); nothing to backport.", t->name,
		         t->name, a->knob, a->value);
	else if (t->as_knob)
		snprintf(out, size, "Linux %s (%s, and %s with %s since the table knows no fixed %s release): %s", t->name,
		         t->before, t->before, a->fix_knob, t->name, recommendation(a, t));
	else
		snprintf(out, size, "Linux %s (%s -> %s): %s", t->name, t->before, t->after, recommendation(a, t));
}

/* One paragraph of sentences for a tree, from its columns' claims. */
static void tree_sentences(const struct advice *a, const struct tree *t, char *out, size_t size)
{
	char cols[800], before[120], after[120];
	size_t n = 0;
#define SAY(...) (n += (size_t)snprintf(out + n, n < size ? size - n : 0, __VA_ARGS__))
	out[0] = '\0';
	if (columns_with(a, t, CLAIM_CURES, cols, sizeof(cols))) {
		outcomes_with(a, t, CLAIM_CURES, false, before, sizeof(before));
		SAY("It cures %s on %s: users there see it work after the fix. ", before, cols);
	}
	if (columns_with(a, t, CLAIM_INTRODUCES, cols, sizeof(cols))) {
		outcomes_with(a, t, CLAIM_INTRODUCES, true, after, sizeof(after));
		SAY("It introduces %s on %s, which works before it. ", after, cols);
	} else {
		SAY("It introduces no failure on any hypervisor checked. ");
	}
	if (columns_with(a, t, CLAIM_KEEPS, cols, sizeof(cols))) {
		outcomes_with(a, t, CLAIM_KEEPS, false, before, sizeof(before));
		SAY("On %s users see %s either way. ", cols, before);
	}
	if (columns_with(a, t, CLAIM_CHANGES, cols, sizeof(cols))) {
		outcomes_with(a, t, CLAIM_CHANGES, false, before, sizeof(before));
		outcomes_with(a, t, CLAIM_CHANGES, true, after, sizeof(after));
		SAY("On %s the failure changes from %s to %s. ", cols, before, after);
	}
	if (columns_with(a, t, CLAIM_WORKS, cols, sizeof(cols)))
		SAY("On %s it works either way. ", cols);
	if (columns_with(a, t, CLAIM_NA, cols, sizeof(cols)))
		SAY("On %s the guest does not use the pirq path (not applicable). ", cols);
	if (columns_with(a, t, CLAIM_UNKNOWN, cols, sizeof(cols)))
		SAY("On %s the check was inconclusive. ", cols);
#undef SAY
	if (n && n <= size && out[n - 1] == ' ')
		out[n - 1] = '\0';
}

/* ---- output ------------------------------------------------------------------- */

/* "init failure: nvme-2017: first violated ...; trail DIR/CELL.nvme-2017.trail" or "works (cell CELL)". */
static void evidence_line(const struct advice *a, unsigned cell, char *out, size_t size)
{
	char finding[1200], path[4096] = "";
	cell_finding(a->cells, cell, finding, sizeof(finding));
	cell_deciding_trail(a->cells, cell, a->o.trail_dir, path, sizeof(path));
	if (path[0])
		snprintf(out, size, "%s; trail %s", finding, path);
	else
		snprintf(out, size, "%s (cell %s)", finding, pirqsim_cell_name(a->cells, cell));
}

static void print_tree_text(const struct advice *a, const struct tree *t, unsigned width, bool md)
{
	char title[600], text[4000], line[6000];
	tree_title(a, t, title, sizeof(title));
	printf("\n");
	md ? printf("### %s\n\n", title) : print_wrapped(stdout, title, width, "", "  ");
	if (t->already)
		return;
	tree_sentences(a, t, text, sizeof(text));
	md ? printf("%s\n\n", text) : print_wrapped(stdout, text, width, "  ", "  ");
	printf(md ? "| Xen (device model) | support | before (%s) | after (%s%s) | the fix |\n|---|---|---|---|---|\n"
	          : "  evidence (before -> after):\n", t->before, t->after, t->as_knob ? " + knob" : "");
	for (unsigned c = 0; c < a->axes.column_count; c++) {
		unsigned b = before_cell(t, c);
		const char *qemu = pirqsim_cell_release(a->cells, b, "qemu");
		const char *support = column_supported(a, c) ? "supported" : "out of support";
		const char *before = pirqsim_outcome_name(pirqsim_cell_outcome(a->cells, b));
		const char *after = pirqsim_outcome_name(pirqsim_cell_outcome(a->cells, b + 1));
		if (md) {
			printf("| %s (%s) | %s | %s | %s | %s |\n", matrix_column_xen(&a->axes, c), qemu, support, before, after,
			       claim_names[column_claim(a, t, c)]);
			continue;
		}
		snprintf(line, sizeof(line), "Xen %s, QEMU %s (%s): %s -> %s, %s", matrix_column_xen(&a->axes, c), qemu,
		         support, before, after, claim_names[column_claim(a, t, c)]);
		print_wrapped(stdout, line, width, "  - ", "      ");
		for (unsigned side = 0; side < 2; side++) {
			if (pirqsim_cell_outcome(a->cells, b + side) == PIRQSIM_OUTCOME_NOT_APPLICABLE)
				continue;
			evidence_line(a, b + side, text, sizeof(text));
			snprintf(line, sizeof(line), "%s %s", side ? "after: " : "before:", text);
			print_wrapped(stdout, line, width, "      ", "        ");
		}
	}
	if (md)
		for (unsigned c = 0; c < a->axes.column_count; c++)
			for (unsigned side = 0; side < 2; side++)
				if (pirqsim_cell_outcome(a->cells, before_cell(t, c) + side) != PIRQSIM_OUTCOME_NOT_APPLICABLE) {
					evidence_line(a, before_cell(t, c) + side, text, sizeof(text));
					printf("%s- Xen %s, %s: %s\n", c + side == 0 ? "\n" : "", matrix_column_xen(&a->axes, c),
					       side ? "after" : "before", text);
				}
}

/* The thread's question, answered from the per-tree claims. */
static void print_answer(const struct advice *a, unsigned width, bool md)
{
	char take[600] = "", other[600] = "", breaks[800] = "", text[2400];
	for (unsigned i = 0; i < a->tree_count; i++) {
		const struct tree *t = &a->tree[i];
		if (t->already)
			continue;
		bool yes = strncmp(recommendation(a, t), "take", 4) == 0;
		char *list = yes ? take : other;
		snprintf(list + strlen(list), 600 - strlen(list), "%s%s", list[0] ? ", " : "", t->name);
		for (unsigned c = 0; c < a->axes.column_count; c++)
			if (column_claim(a, t, c) == CLAIM_INTRODUCES)
				snprintf(breaks + strlen(breaks), sizeof(breaks) - strlen(breaks), "%sLinux %s on Xen %s",
				         breaks[0] ? ", " : "", t->name, matrix_column_xen(&a->axes, c));
	}
	snprintf(text, sizeof(text), "Answer: take %s into %s.%s%s%s Does it break older hypervisors? %s%s",
	         a->fix_id, take[0] ? take : "no tree", other[0] ? " Not needed or not safe for: " : "", other,
	         other[0] ? "." : "", breaks[0] ? "Yes, it introduces failures for: " : "No: it introduces no failure on "
	         "any hypervisor checked; where old hypervisors fail with the fix, they fail without it too.", breaks);
	md ? printf("**%s**\n", text) : print_wrapped(stdout, text, width, "", "");
}

static void print_advice(const struct advice *a, unsigned width, bool md)
{
	char text[1200];
	snprintf(text, sizeof(text), "pirqsim advise: %s \"%s\" (%s), modelled as %s.", a->fix_id, a->subject, a->source,
	         a->fix_knob);
	md ? printf("## %s\n\n", text) : print_wrapped(stdout, text, width, "", "  ");
	size_t n = (size_t)snprintf(text, sizeof(text), "Hypervisors: Xen");
	for (unsigned x = 0; x < a->axes.xen_count && n < sizeof(text); x++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "%s %s", x ? "," : "", a->axes.xens[x]);
	if (n < sizeof(text))
		n += (size_t)snprintf(text + n, sizeof(text) - n, ", each with %s; in support: Xen",
		                      a->axes.qemus ? "the listed device models" : "its bundled device model");
	for (unsigned x = 0; x < a->supported_count && n < sizeof(text); x++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "%s %s", x ? "," : "", a->supported[x]);
	if (n < sizeof(text))
		snprintf(text + n, sizeof(text) - n, ". Workload per cell: ");
	for (unsigned w = 0; w < pirqsim_cells_workload_count(a->cells); w++)
		snprintf(text + strlen(text), sizeof(text) - strlen(text), "%s%s", w ? ", " : "",
		         pirqsim_cells_workload_name(a->cells, w));
	strncat(text, " (each checked exhaustively).", sizeof(text) - strlen(text) - 1);
	md ? printf("%s\n\n", text) : print_wrapped(stdout, text, width, "", "  ");
	print_answer(a, width, md);
	for (unsigned i = 0; i < a->tree_count; i++)
		print_tree_text(a, &a->tree[i], width, md);
}

/* ---- JSON ------------------------------------------------------------------------ */

/* `prefix`, the JSON text up to a member's value, then `value` as a JSON
 * string. */
static void json_member(const char *prefix, const char *value)
{
	fputs(prefix, stdout);
	cli_json_string(stdout, value);
}

static void json_side(const struct advice *a, unsigned cell)
{
	char finding[1200], path[4096] = "";
	cell_finding(a->cells, cell, finding, sizeof(finding));
	cell_deciding_trail(a->cells, cell, a->o.trail_dir, path, sizeof(path));
	json_member("{\"cell\": ", pirqsim_cell_name(a->cells, cell));
	json_member(", \"kernel\": ", pirqsim_cell_release(a->cells, cell, "kernel"));
	json_member(", \"knobs\": ", pirqsim_cell_knobs(a->cells, cell));
	json_member(", \"outcome\": ", pirqsim_outcome_name(pirqsim_cell_outcome(a->cells, cell)));
	json_member(", \"finding\": ", finding);
	printf(", \"trail\": ");
	path[0] ? cli_json_string(stdout, path) : (void)printf("null");
	printf("}");
}

static void json_tree(const struct advice *a, const struct tree *t)
{
	char text[4000];
	json_member("    {\"tree\": ", t->name);
	json_member(", \"before\": ", t->before);
	json_member(", \"after\": ", t->after);
	printf(", \"fix_as_knob\": %s, \"already_fixed\": %s, \"advice\": ", t->as_knob ? "true" : "false",
	       t->already ? "true" : "false");
	tree_title(a, t, text, sizeof(text));
	cli_json_string(stdout, text);
	text[0] = '\0';
	if (!t->already)
		tree_sentences(a, t, text, sizeof(text));
	json_member(",\n     \"summary\": ", text);
	printf(",\n     \"hypervisors\": [");
	for (unsigned c = 0; !t->already && c < a->axes.column_count; c++) {
		unsigned b = before_cell(t, c);
		printf("%s\n      {\"xen\": ", c ? "," : "");
		cli_json_string(stdout, matrix_column_xen(&a->axes, c));
		json_member(", \"qemu\": ", pirqsim_cell_release(a->cells, b, "qemu"));
		printf(", \"supported\": %s, \"claim\": ", column_supported(a, c) ? "true" : "false");
		cli_json_string(stdout, claim_names[column_claim(a, t, c)]);
		printf(",\n       \"before\": ");
		json_side(a, b);
		printf(",\n       \"after\": ");
		json_side(a, b + 1);
		printf("}");
	}
	printf("]}");
}

static void print_advice_json(const struct advice *a)
{
	json_member("{\n  \"fix\": ", a->fix_id);
	json_member(", \"subject\": ", a->subject);
	json_member(", \"knob\": ", a->fix_knob);
	printf(",\n  \"trees\": [\n");
	for (unsigned i = 0; i < a->tree_count; i++) {
		json_tree(a, &a->tree[i]);
		printf("%s\n", i + 1 < a->tree_count ? "," : "");
	}
	printf("  ]\n}\n");
}

/* ---- the command ------------------------------------------------------------------ */

enum { OPT_FIX = 700, OPT_TREES, OPT_XENS, OPT_QEMUS, OPT_SUPPORTED };

static const struct option advise_options[] = {
	{"fix", required_argument, 0, OPT_FIX}, {"trees", required_argument, 0, OPT_TREES},
	{"xens", required_argument, 0, OPT_XENS}, {"qemus", required_argument, 0, OPT_QEMUS},
	{"supported", required_argument, 0, OPT_SUPPORTED}, RUN_OPTIONS, {0, 0, 0, 0},
};

struct advise_args {
	const char *fix, *trees, *xens, *qemus, *supported;
};

/* Returns 0, -1 for --help, or an exit status. */
static int parse_advise(struct advice *a, struct advise_args *g, int argc, char **argv)
{
	*g = (struct advise_args){NULL, "supported-2017", "released-2017", NULL, "supported-2017"};
	opterr = 0;
	optind = 1;
	for (int opt; (opt = getopt_long(argc, argv, "", advise_options, NULL)) != -1;) {
		if (opt == OPT_R_HELP) {
			print_command_help(advise_usage, advise_summary, advise_help);
			return -1;
		}
		if (opt == '?')
			return usage_error("advise", "unknown or incomplete option '%s'", argv[optind - 1]);
		const char **slot = opt == OPT_FIX ? &g->fix : opt == OPT_TREES ? &g->trees : opt == OPT_XENS ? &g->xens
		                    : opt == OPT_QEMUS ? &g->qemus : opt == OPT_SUPPORTED ? &g->supported : NULL;
		int rc = slot ? (*slot = optarg, 0) : run_option(&a->o, opt, optarg);
		if (rc)
			return rc;
	}
	if (optind < argc)
		return usage_error("advise", "unexpected argument '%s'", argv[optind]);
	if (!g->fix)
		return usage_error("advise", "%s", "give --fix ID (known: c74fd80f2f41)");
	if (a->o.format == FORMAT_HTML)
		return usage_error("advise", "--format takes text, mail, md or json here, got '%s'", "html");
	return 0;
}

static int find_fix(struct advice *a, const char *id)
{
	pirqsim_error *error = pirqsim_error_new();
	int fix = error ? pirqsim_fix_find(id, error) : -1;
	if (fix < 0)
		fprintf(stderr, "pirqsim advise: %s\n", error ? pirqsim_error_text(error) : "out of memory");
	pirqsim_error_free(error);
	if (fix < 0)
		return PIRQSIM_INPUT_ERROR;
	a->fix = (unsigned)fix;
	pirqsim_fix(a->fix, &a->fix_id, &a->subject, &a->knob, &a->value, &a->source);
	snprintf(a->fix_knob, sizeof(a->fix_knob), "%s=%s", a->knob, a->value);
	return 0;
}

static int advise_setup(struct advice *a, const struct advise_args *g)
{
	int rc = find_fix(a, g->fix);
	if (!rc)
		rc = matrix_axes(&a->axes, "advise", g->trees, g->qemus, g->xens);
	pirqsim_error *error = rc ? NULL : pirqsim_error_new();
	if (!rc && !(a->supported = pirqsim_releases_expand("xen", g->supported, &a->supported_count, error))) {
		fprintf(stderr, "pirqsim advise: --supported: %s\n", error ? pirqsim_error_text(error) : "out of memory");
		rc = PIRQSIM_INPUT_ERROR;
	}
	if (!rc)
		rc = error ? resolve_trees(a, error) : PIRQSIM_INPUT_ERROR;
	if (!rc)
		rc = add_cells(a, error);
	pirqsim_error_free(error);
	return rc;
}

static int advise_status(const struct advice *a)
{
	for (unsigned i = 0; i < pirqsim_cells_count(a->cells); i++)
		if (pirqsim_cell_outcome(a->cells, i) == PIRQSIM_OUTCOME_ERROR)
			return PIRQSIM_INPUT_ERROR;
	for (unsigned i = 0; i < pirqsim_cells_count(a->cells); i++)
		if (pirqsim_cell_outcome(a->cells, i) == PIRQSIM_OUTCOME_INCONCLUSIVE)
			return PIRQSIM_INCONCLUSIVE;
	return 0;
}

int cmd_advise(int argc, char **argv)
{
	struct advice a;
	struct advise_args g;
	memset(&a, 0, sizeof(a));
	run_options_init(&a.o, "advise");
	a.o.trail_dir = "pirqsim-advise-trails";
	int rc = parse_advise(&a, &g, argc, argv);
	if (rc)
		return rc < 0 ? 0 : rc;
	rc = advise_setup(&a, &g);
	if (!rc) {
		cli_cells_run(a.cells, &a.o.cells);
		rc = write_cell_trails(a.cells, "advise", a.o.trail_dir);
	}
	if (!rc) {
		if (a.o.format == FORMAT_JSON)
			print_advice_json(&a);
		else if (a.o.quiet)
			print_answer(&a, 72, false);
		else
			print_advice(&a, 72, a.o.format == FORMAT_MD);
		rc = cli_cells_status("advise", advise_status(&a));
	}
	a.axes.cells = a.cells;
	matrix_free(&a.axes);
	pirqsim_releases_free(a.supported);
	free(a.tree);
	return rc;
}
