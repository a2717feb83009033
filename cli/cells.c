/*
 * cells.c - what matrix, advise and bisect share: the options all three
 * take (--workload, --knob, --format, --jobs, ...), the axes of a matrix
 * (kernels x Xen releases, each with its own or a listed device model),
 * what the checks of a cell found, and the trails of violated sub-checks
 * written under a directory.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cells.h"
#include "cli.h"

/* ---- options ---------------------------------------------------------------- */

void run_options_init(struct run_options *o, const char *command)
{
	memset(o, 0, sizeof(*o));
	o->command = command;
	o->trail_dir = "pirqsim-matrix-trails";
}

static const char *const format_names[] = {"text", "md", "mail", "html", "json"};

/* One output format: --format twice with different values, --json with
 * another --format, and --quiet with JSON cannot all be honoured. */
static int set_format(struct run_options *o, enum format format, const char *spelled)
{
	if (o->format_set && o->format != format)
		return usage_error(o->command, "%s contradicts the output format given before it: choose one", spelled);
	if (format == FORMAT_JSON && o->quiet)
		return usage_error(o->command, "%s with --quiet: the JSON document is all that is printed", spelled);
	o->format = format;
	o->format_set = true;
	return 0;
}

static int parse_format(struct run_options *o, const char *arg)
{
	for (unsigned i = 0; i < sizeof(format_names) / sizeof(format_names[0]); i++)
		if (strcmp(arg, format_names[i]) == 0)
			return set_format(o, (enum format)i, "--format");
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
	case OPT_R_JSON: return set_format(o, FORMAT_JSON, "--json");
	case OPT_R_QUIET:
		if (o->format_set && o->format == FORMAT_JSON)
			return usage_error(o->command, "%s with JSON output: the JSON document is all that is printed", "--quiet");
		o->quiet = true;
		return 0;
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

/* ---- axes ------------------------------------------------------------------- */

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

void matrix_free(struct matrix *m)
{
	pirqsim_releases_free(m->kernels);
	pirqsim_releases_free(m->qemus);
	pirqsim_releases_free(m->xens);
	pirqsim_cells_free(m->cells);
}

/* ---- findings and trails ---------------------------------------------------- */

void cell_finding(const pirqsim_cells *cells, unsigned i, char *out, size_t size)
{
	enum pirqsim_outcome outcome = pirqsim_cell_outcome(cells, i);
	int w = pirqsim_cell_deciding(cells, i);
	const pirqsim_result *r = w >= 0 ? pirqsim_cell_result(cells, i, (unsigned)w) : NULL;
	if (outcome == PIRQSIM_OUTCOME_ERROR)
		snprintf(out, size, "error: %s", pirqsim_cell_error(cells, i));
	else if (r && pirqsim_result_verdict(r) == PIRQSIM_VIOLATED)
		snprintf(out, size, "%s: %s: first violated %s: %s", pirqsim_outcome_name(outcome),
		         pirqsim_cells_workload_name(cells, (unsigned)w), pirqsim_result_violation_property(r, 0),
		         pirqsim_result_violation_text(r, 0));
	else if (r)
		snprintf(out, size, "%s: %s: %s", pirqsim_outcome_name(outcome), pirqsim_cells_workload_name(cells, (unsigned)w),
		         pirqsim_result_limit(r));
	else
		snprintf(out, size, "%s", pirqsim_outcome_name(outcome));
}

void cell_trail_path(const pirqsim_cells *cells, unsigned cell, unsigned workload, const char *dir, char *out,
                     size_t size)
{
	snprintf(out, size, "%s/%s.%s.trail", dir, pirqsim_cell_name(cells, cell),
	         pirqsim_cells_workload_name(cells, workload));
}

/* The trail of the sub-check that decides `cell`'s outcome, when that is
 * a violation: its path under `dir`, else "". */
void cell_deciding_trail(const pirqsim_cells *cells, unsigned cell, const char *dir, char *out, size_t size)
{
	int w = pirqsim_cell_deciding(cells, cell);
	const pirqsim_result *r = w >= 0 ? pirqsim_cell_result(cells, cell, (unsigned)w) : NULL;
	out[0] = '\0';
	if (r && pirqsim_result_verdict(r) == PIRQSIM_VIOLATED)
		cell_trail_path(cells, cell, (unsigned)w, dir, out, size);
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
	if (cli_secondary)
		return 0;
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
