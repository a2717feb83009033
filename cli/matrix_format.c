/*
 * matrix_format.c - the matrix as text (terminal), Markdown, mail (<= 72
 * columns), a self-contained HTML page and JSON.  Output is deterministic:
 * cells in axis order, no timing except in JSON's separate "timings".
 */
#include <stdlib.h>
#include <string.h>

#include "cells.h"
#include "cli.h"
#include "matrix_format.h"

#define MAIL_WIDTH 72

/* "nvme-2017 init failure, nic-down-up works, reloads pirq exhaustion" */
static void sub_outcomes(const pirqsim_cells *cells, unsigned i, char *out, size_t size)
{
	size_t n = 0;
	out[0] = '\0';
	for (unsigned w = 0; w < pirqsim_cells_workload_count(cells) && n < size; w++)
		n += (size_t)snprintf(out + n, size - n, "%s%s %s%s", w ? ", " : "", pirqsim_cells_workload_name(cells, w),
		                      pirqsim_outcome_name(pirqsim_cell_workload_outcome(cells, i, w)),
		                      pirqsim_cell_hash_compacted(cells, i, w) ? " (hash-compacted)" : "");
}

static void column_title(const struct matrix *m, unsigned c, char *out, size_t size)
{
	snprintf(out, size, "Xen %s", matrix_column_xen(m, c));
}

static const char *cell_qemu(const struct matrix *m, unsigned column)
{
	const char *qemu = matrix_column_qemu(m, column);
	return qemu ? qemu : pirqsim_xen_bundled_qemu(matrix_column_xen(m, column));
}

static void print_preamble(const struct matrix *m, const struct run_options *o, FILE *out, const char *bullet,
                           unsigned width)
{
	fprintf(out, "%sworkload (each sub-check is its own model, checked exhaustively):\n", bullet);
	for (unsigned w = 0; w < pirqsim_cells_workload_count(m->cells); w++) {
		const char *name = pirqsim_cells_workload_name(m->cells, w);
		for (unsigned k = 0; k < pirqsim_workload_count(); k++)
			if (strcmp(pirqsim_workload_name(k), name) == 0) {
				char line[300];
				snprintf(line, sizeof(line), "%s: %s", name, pirqsim_workload_summary(k));
				print_wrapped_strict(out, line, width ? width : 1000, bullet[0] ? "  - " : "  ", "      ");
			}
	}
	fprintf(out, "%sdevice model: %s\n", bullet, m->qemus ? "as listed per column" : "each Xen release's bundled one");
	if (o->knobs[0] && width) {
		char line[1200];
		snprintf(line, sizeof(line), "%sknobs set in every cell: %s", bullet, o->knobs);
		print_wrapped_strict(out, line, width, "", "  ");
	} else if (o->knobs[0]) {
		fprintf(out, "%sknobs set in every cell: %s\n", bullet, o->knobs);
	}
}

/* ---- findings, in every format but JSON ------------------------------------------ */

static void print_findings(const struct matrix *m, const struct run_options *o, FILE *out, unsigned width,
                           const char *bullet)
{
	bool any = false;
	for (unsigned i = 0; i < pirqsim_cells_count(m->cells); i++) {
		enum pirqsim_outcome outcome = pirqsim_cell_outcome(m->cells, i);
		if (outcome == PIRQSIM_OUTCOME_WORKS || outcome == PIRQSIM_OUTCOME_NOT_APPLICABLE)
			continue;
		if (!any)
			fprintf(out, "\n%s\n", width == MAIL_WIDTH || !bullet[0] ? "findings:" : "### Findings\n");
		any = true;
		char head[400], finding[1200], subs[400], path[4096] = "";
		/* Room for all of them and the words between: a long trail path is
		 * never cut off. */
		char text[sizeof(head) + sizeof(finding) + sizeof(subs) + sizeof(path) + 32];
		snprintf(head, sizeof(head), "Linux %s, Xen %s, QEMU %s", pirqsim_cell_release(m->cells, i, "kernel"),
		         pirqsim_cell_release(m->cells, i, "xen"), pirqsim_cell_release(m->cells, i, "qemu"));
		cell_finding(m->cells, i, finding, sizeof(finding));
		sub_outcomes(m->cells, i, subs, sizeof(subs));
		cell_deciding_trail(m->cells, i, o->trail_dir, path, sizeof(path));
		snprintf(text, sizeof(text), "%s: %s. [%s]%s%s%s", head, finding, subs, path[0] ? " trail: " : "",
		         bullet[0] && path[0] ? "`" : "", path);
		if (bullet[0] && path[0])
			strncat(text, "`", sizeof(text) - strlen(text) - 1);
		if (width)
			print_wrapped_strict(out, text, width, bullet[0] ? bullet : "- ", bullet[0] ? "  " : "  ");
		else
			fprintf(out, "%s%s\n", bullet[0] ? bullet : "- ", text);
	}
}

/* ---- the grid: text and Markdown ----------------------------------------------- */

/* The rows of the grid: two heading rows, then a row per kernel. */
enum grid_row { GRID_TITLES = 0, GRID_SECOND, GRID_KERNEL };

/*
 * How a grid of outcomes is laid out.  Each row starts a line with its
 * label and has a cell per column; by row, both are printf formats of one
 * string: a label's is "" on the heading rows and the kernel below them, a
 * cell's is its column's title, then its device model, then the outcome.
 */
struct grid_layout {
	const char *label[3], *cell[3];
	void (*title)(const struct matrix *m, unsigned column, char *out, size_t size);
};

static void markdown_title(const struct matrix *m, unsigned c, char *out, size_t size)
{
	snprintf(out, size, "%s (%s)", matrix_column_xen(m, c), cell_qemu(m, c));
}

/* Columns 16 wide for a terminal; the device model is cut to fit. */
static const struct grid_layout text_grid = {
	.label = {"%-16s", "%-16s", "Linux %-10s"},
	.cell = {" %-16s", " %-16.16s", " %-16s"},
	.title = column_title,
};

/* A pipe table: the title names the device model; the second row is the
 * rule under the titles. */
static const struct grid_layout markdown_grid = {
	.label = {"| Linux \\ Xen (device model) |", "|---|", "| %s |"},
	.cell = {" %s |", "---|", " %s |"},
	.title = markdown_title,
};

static const char *grid_cell(const struct matrix *m, const struct grid_layout *layout, unsigned row, unsigned c,
                             char *title, size_t size)
{
	if (row == GRID_TITLES) {
		layout->title(m, c, title, size);
		return title;
	}
	if (row == GRID_SECOND)
		return cell_qemu(m, c);
	return pirqsim_outcome_name(pirqsim_cell_outcome(m->cells, (row - GRID_KERNEL) * m->column_count + c));
}

static void print_grid(const struct matrix *m, const struct grid_layout *layout, FILE *out)
{
	char title[256];
	for (unsigned row = 0; row < GRID_KERNEL + m->kernel_count; row++) {
		unsigned kind = row < GRID_KERNEL ? row : GRID_KERNEL;
		fputc('\n', out);
		fprintf(out, layout->label[kind], row < GRID_KERNEL ? "" : m->kernels[row - GRID_KERNEL]);
		for (unsigned c = 0; c < m->column_count; c++)
			fprintf(out, layout->cell[kind], grid_cell(m, layout, row, c, title, sizeof(title)));
	}
	fputc('\n', out);
}

/* ---- text (terminal) and Markdown ------------------------------------------------ */

static void print_text(const struct matrix *m, const struct run_options *o, FILE *out)
{
	fprintf(out, "pirqsim matrix: Linux (rows) x Xen with its device model (columns)\n");
	print_preamble(m, o, out, "", 0);
	print_grid(m, &text_grid, out);
	print_findings(m, o, out, 0, "");
}

static void print_md(const struct matrix *m, const struct run_options *o, FILE *out)
{
	fprintf(out, "## pirqsim matrix\n\n");
	print_preamble(m, o, out, "- ", 0);
	print_grid(m, &markdown_grid, out);
	print_findings(m, o, out, 0, "- ");
}

/* ---- mail (<= 72 columns) ------------------------------------------------------ */

static void print_mail(const struct matrix *m, const struct run_options *o, FILE *out)
{
	fprintf(out, "pirqsim matrix: Linux (rows) x Xen and its device model (columns)\n");
	print_preamble(m, o, out, "", MAIL_WIDTH);
	fprintf(out, "\ncolumns:\n");
	for (unsigned c = 0; c < m->column_count; c++) {
		char line[200];
		snprintf(line, sizeof(line), "c%u = Xen %s, QEMU %s", c + 1, matrix_column_xen(m, c), cell_qemu(m, c));
		print_wrapped_strict(out, line, MAIL_WIDTH, "  ", "       ");
	}
	/* The kernel column fits the longest release (a release is never cut);
	 * one longer than MAIL_LABEL_MAX gets a line of its own, the cells
	 * below it.  Cells are 4 columns wide, at most 12 a line. */
	enum { MAIL_LABEL_MAX = 24 };
	int label = 10;
	for (unsigned k = 0; k < m->kernel_count; k++)
		if (strlen(m->kernels[k]) <= MAIL_LABEL_MAX && (int)strlen(m->kernels[k]) + 2 > label)
			label = (int)strlen(m->kernels[k]) + 2;
	unsigned per_line = (MAIL_WIDTH - (unsigned)label) / 4 < 12 ? (MAIL_WIDTH - (unsigned)label) / 4 : 12;
	fprintf(out, "\n%-*s", label, "Linux");
	for (unsigned c = 0; c < m->column_count; c++) {
		char name[16];
		snprintf(name, sizeof(name), "c%u", c + 1);
		if (c && c % per_line == 0)
			fprintf(out, "\n%*s", label, "");
		fprintf(out, "%-4s", name);
	}
	for (unsigned k = 0; k < m->kernel_count; k++) {
		if (strlen(m->kernels[k]) > MAIL_LABEL_MAX)
			fprintf(out, "\n%s\n%-*s", m->kernels[k], label, "");
		else
			fprintf(out, "\n%-*s", label, m->kernels[k]);
		for (unsigned c = 0; c < m->column_count; c++) {
			if (c && c % per_line == 0)
				fprintf(out, "\n%*s", label, "");
			fprintf(out, "%-4s", pirqsim_outcome_code(pirqsim_cell_outcome(m->cells, k * m->column_count + c)));
		}
	}
	fprintf(out, "\n\nlegend:");
	unsigned column = 7;
	for (unsigned x = 0; x < PIRQSIM_OUTCOME_COUNT; x++) {
		const char *code = pirqsim_outcome_code((enum pirqsim_outcome)x);
		const char *name = pirqsim_outcome_name((enum pirqsim_outcome)x);
		unsigned width = 1 + (unsigned)strlen(code) + 1 + (unsigned)strlen(name);
		if (column + width > MAIL_WIDTH) {
			fprintf(out, "\n       ");
			column = 7;
		}
		fprintf(out, " %s %s", code, name);
		column += width;
	}
	fprintf(out, "\n");
	print_findings(m, o, out, MAIL_WIDTH, "");
}

/* ---- HTML ------------------------------------------------------------------------ */

static void print_html(const struct matrix *m, const struct run_options *o, FILE *out)
{
	fprintf(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>pirqsim matrix</title>\n"
	             "<style>body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse}"
	             "td,th{border:1px solid #999;padding:.3em .6em;text-align:center}td.k{text-align:left}"
	             ".ok{background:#cfc}.na{background:#eee}.q{background:#ffc}.PL{background:#fdb}"
	             ".PX{background:#fb9}.LI{background:#f99}.IF{background:#f66}.E{background:#ccc}"
	             "li{margin:.3em 0}code{font-size:90%%}</style></head><body>\n<h1>pirqsim matrix</h1>\n<pre>");
	char *text = NULL;
	size_t size = 0;
	FILE *pre = open_memstream(&text, &size);
	if (pre) {
		print_preamble(m, o, pre, "", 0);
		fclose(pre);
		cli_html_text(out, text);
		free(text);
	}
	fprintf(out, "</pre>\n<table>\n<tr><th>Linux \\ Xen (device model)</th>");
	for (unsigned c = 0; c < m->column_count; c++) {
		fprintf(out, "<th>Xen ");
		cli_html_text(out, matrix_column_xen(m, c));
		fprintf(out, "<br>");
		cli_html_text(out, cell_qemu(m, c));
		fprintf(out, "</th>");
	}
	for (unsigned k = 0; k < m->kernel_count; k++) {
		fprintf(out, "</tr>\n<tr><td class=\"k\">Linux ");
		cli_html_text(out, m->kernels[k]);
		fprintf(out, "</td>");
		for (unsigned c = 0; c < m->column_count; c++) {
			enum pirqsim_outcome x = pirqsim_cell_outcome(m->cells, k * m->column_count + c);
			const char *cls = x == PIRQSIM_OUTCOME_INCONCLUSIVE ? "q" : x == PIRQSIM_OUTCOME_ERROR ? "E"
			                                                         : pirqsim_outcome_code(x);
			fprintf(out, "<td class=\"%s\">%s</td>", cls, pirqsim_outcome_name(x));
		}
	}
	fprintf(out, "</tr>\n</table>\n");
	text = NULL;
	pre = open_memstream(&text, &size);
	if (pre) {
		print_findings(m, o, pre, 0, "");
		fclose(pre);
	}
	fprintf(out, "<ul>\n");
	for (char *line = text, *save = NULL; (line = strtok_r(line == text ? text : NULL, "\n", &save));) {
		if (strncmp(line, "- ", 2) != 0)
			continue;
		fprintf(out, "<li>");
		cli_html_text(out, line + 2);
		fprintf(out, "</li>\n");
	}
	free(text);
	fprintf(out, "</ul>\n</body></html>\n");
}

/* ---- JSON ------------------------------------------------------------------------- */

static void json_workload(const pirqsim_cells *cells, unsigned i, unsigned w, const char *dir, FILE *out)
{
	const pirqsim_result *r = pirqsim_cell_result(cells, i, w);
	fprintf(out, "{\"name\": ");
	cli_json_string(out, pirqsim_cells_workload_name(cells, w));
	fprintf(out, ", \"outcome\": ");
	cli_json_string(out, pirqsim_outcome_name(pirqsim_cell_workload_outcome(cells, i, w)));
	if (r && pirqsim_result_verdict(r) == PIRQSIM_VIOLATED) {
		char path[4096];
		cell_trail_path(cells, i, w, dir, path, sizeof(path));
		fprintf(out, ", \"first_property\": ");
		cli_json_string(out, pirqsim_result_violation_property(r, 0));
		fprintf(out, ", \"first_violation\": ");
		cli_json_string(out, pirqsim_result_violation_text(r, 0));
		fprintf(out, ", \"trail\": ");
		cli_json_string(out, path);
		fprintf(out, ", \"trail_steps\": %u", pirqsim_result_trail_length(r));
	} else if (r && pirqsim_result_verdict(r) == PIRQSIM_INCONCLUSIVE) {
		fprintf(out, ", \"limit\": ");
		cli_json_string(out, pirqsim_result_limit(r));
	}
	if (r)
		fprintf(out, ", \"states\": %llu", (unsigned long long)pirqsim_result_statistics(r)->states_stored);
	fprintf(out, ", \"hash_compacted\": %s}", pirqsim_cell_hash_compacted(cells, i, w) ? "true" : "false");
}

static void json_cell(const pirqsim_cells *cells, unsigned i, const char *dir, FILE *out)
{
	static const char *const keys[] = {"kernel", "qemu", "xen"};
	fprintf(out, "    {\"name\": ");
	cli_json_string(out, pirqsim_cell_name(cells, i));
	for (unsigned k = 0; k < 3; k++) {
		fprintf(out, ", \"%s\": ", keys[k]);
		cli_json_string(out, pirqsim_cell_release(cells, i, keys[k]));
	}
	fprintf(out, ", \"qemu_bundled\": %s, \"knobs\": ", pirqsim_cell_qemu_bundled(cells, i) ? "true" : "false");
	cli_json_string(out, pirqsim_cell_knobs(cells, i));
	fprintf(out, ", \"outcome\": ");
	cli_json_string(out, pirqsim_outcome_name(pirqsim_cell_outcome(cells, i)));
	if (pirqsim_cell_error(cells, i)[0]) {
		fprintf(out, ", \"error\": ");
		cli_json_string(out, pirqsim_cell_error(cells, i));
	}
	fprintf(out, ",\n     \"subchecks\": [");
	for (unsigned w = 0; w < pirqsim_cells_workload_count(cells); w++) {
		fprintf(out, "%s\n      ", w ? "," : "");
		json_workload(cells, i, w, dir, out);
	}
	fprintf(out, "]}");
}

static void json_axis(FILE *out, const char *name, char **releases, unsigned count)
{
	fprintf(out, "\"%s\": [", name);
	for (unsigned i = 0; i < count; i++) {
		fprintf(out, "%s", i ? ", " : "");
		cli_json_string(out, releases[i]);
	}
	fprintf(out, "]");
}

static void print_json(const struct matrix *m, const struct run_options *o, FILE *out)
{
	fprintf(out, "{\n  \"axes\": {");
	json_axis(out, "kernels", m->kernels, m->kernel_count);
	fprintf(out, ", ");
	json_axis(out, "xens", m->xens, m->xen_count);
	fprintf(out, ", ");
	if (m->qemus)
		json_axis(out, "qemus", m->qemus, m->qemu_count);
	else
		fprintf(out, "\"qemus\": \"bundled\"");
	fprintf(out, "},\n  \"knobs\": ");
	cli_json_string(out, o->knobs);
	fprintf(out, ",\n  \"cells\": [\n");
	for (unsigned i = 0; i < pirqsim_cells_count(m->cells); i++) {
		json_cell(m->cells, i, o->trail_dir, out);
		fprintf(out, "%s\n", i + 1 < pirqsim_cells_count(m->cells) ? "," : "");
	}
	fprintf(out, "  ],\n  \"timings\": {\"note\": \"wall-clock seconds; the only field that varies between runs\", "
	             "\"cell_seconds\": {");
	for (unsigned i = 0; i < pirqsim_cells_count(m->cells); i++) {
		fprintf(out, "%s", i ? ", " : "");
		cli_json_string(out, pirqsim_cell_name(m->cells, i));
		fprintf(out, ": %.3f", pirqsim_cell_seconds(m->cells, i));
	}
	fprintf(out, "}}\n}\n");
}

void matrix_print(const struct matrix *m, const struct run_options *o, FILE *out)
{
	switch (o->format) {
	case FORMAT_TEXT: print_text(m, o, out); break;
	case FORMAT_MD: print_md(m, o, out); break;
	case FORMAT_MAIL: print_mail(m, o, out); break;
	case FORMAT_HTML: print_html(m, o, out); break;
	case FORMAT_JSON: print_json(m, o, out); break;
	}
}
