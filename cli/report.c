/*
 * report.c - `pirqsim report TRAIL... [--matrix FILE.json] --out FILE.html`:
 * one self-contained HTML page (inline CSS and JS, no network, no external
 * asset) with the verdicts, the violated properties, each counterexample as
 * swim lanes (a column per driver instance, a row per step, log lines
 * styled by level) and, from `pirqsim matrix --format json`, the matrix
 * with a link from every failing sub-check to its trace further down.
 *
 * The matrix JSON read (docs/report.md): {"cells": [{"name", "kernel",
 * "qemu", "xen", "outcome", "subchecks": [{"name", "outcome",
 * "first_property", "first_violation", "trail"}]}]}; other keys are
 * ignored.  A trail path is tried relative to the JSON file, then as given.
 */
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfyaml.h>

#include "cli.h"
#include "replay.h"

const char report_summary[] = "one self-contained HTML page: verdicts, swim lanes, the matrix";
const char report_usage[] = "pirqsim report TRAIL... [--matrix FILE.json] [--out FILE.html]";
const char report_help[] =
	"  --out FILE            the page to write (default pirqsim-report.html)\n"
	"  --matrix FILE.json    a matrix from `pirqsim matrix --format json --trail-dir DIR`: its\n"
	"                        table, each violated sub-check linked to its trace in the page\n"
	"  --title TEXT          the page's title (default \"pirqsim report\")\n"
	"  --quiet               print nothing but errors\n"
	"  --json                one JSON object: verdict (the most severe), trails, page\n"
	"The page needs no network: open it from disk, attach it to a bug report.\n"
	"Exit status: 1 when a trail shows a violation, 0 when none does, 2 input error.\n";

#define REPORT_SECTIONS_MAX 512

struct lane_event {
	unsigned step;
	int actor;
	bool is_log, failed;
	int level;
	char *text; /* "xen  PHYSDEVOP_map_pirq(...) = 0" or "qemu debug: \"...\"" */
};

struct section {
	char id[160], title[300], trail[4096], describe[2048];
	pirqsim_result *result;
	struct lane_event *events;
	unsigned event_count, event_capacity, actor_count;
	char actor_name[8][32];
	char error[1200];
};

struct report {
	const char *out, *matrix, *title;
	bool quiet, json;
	struct section *sections;
	unsigned section_count;
	struct fy_document *matrix_document;
};

static void lane_event(const struct pirqsim_event *e, void *data)
{
	struct section *s = data;
	if (s->event_count == s->event_capacity) {
		unsigned want = s->event_capacity ? s->event_capacity * 2 : 128;
		struct lane_event *grown = realloc(s->events, want * sizeof(*grown));
		if (!grown)
			return;
		s->events = grown;
		s->event_capacity = want;
	}
	static const char *const levels[] = {"debug", "info", "warn", "err"};
	char text[1024], result[32] = "";
	const char *component = pirqsim_component_name(e->component);
	if (e->result != PIRQSIM_NO_RESULT)
		snprintf(result, sizeof(result), e->result < 0 && pirqsim_errno_name(e->result) ? " = %s" : " = %.0s%d",
		         pirqsim_errno_name(e->result) ? pirqsim_errno_name(e->result) : "", e->result);
	if (e->is_log)
		snprintf(text, sizeof(text), "%s %s: \"%s\"", component, levels[e->level & 3], e->text);
	else
		snprintf(text, sizeof(text), "%s %s(%s)%s", component, e->operation, e->arguments, result);
	struct lane_event *k = &s->events[s->event_count];
	*k = (struct lane_event){e->step, e->actor, e->is_log, false, e->level, strdup(text)};
	k->failed = !e->is_log && ((e->result != PIRQSIM_NO_RESULT && e->result < 0) ||
	                           (e->component == PIRQSIM_DEVICE && e->result == PIRQSIM_NO_RESULT));
	if (!k->text)
		return;
	s->event_count++;
	if (e->actor >= 0 && e->actor < 8 && (unsigned)e->actor >= s->actor_count) {
		for (unsigned a = s->actor_count; a <= (unsigned)e->actor; a++)
			snprintf(s->actor_name[a], sizeof(s->actor_name[a]), "actor%u", a);
		s->actor_count = (unsigned)e->actor + 1;
	}
	if (e->actor >= 0 && e->actor < 8)
		snprintf(s->actor_name[e->actor], sizeof(s->actor_name[e->actor]), "%s", e->actor_name);
}

/* Replay one trail into a section; a failure is kept as the section's error. */
static void load_section(struct section *s, const char *path)
{
	snprintf(s->trail, sizeof(s->trail), "%s", path);
	pirqsim_error *error = pirqsim_error_new();
	pirqsim_spec *spec = pirqsim_spec_new();
	pirqsim_model *model = NULL;
	if (!error || !spec)
		snprintf(s->error, sizeof(s->error), "out of memory");
	else if (pirqsim_spec_load(spec, path, error) != 0 || !pirqsim_spec_is_trail(spec))
		snprintf(s->error, sizeof(s->error), "%s", pirqsim_spec_is_trail(spec) ? pirqsim_error_text(error)
		         : "not a trail (no choices:); write one with `pirqsim check SCENARIO --trail-out FILE`");
	else if (!(model = pirqsim_model_new(spec, error)))
		snprintf(s->error, sizeof(s->error), "%s", pirqsim_error_text(error));
	else if (!(s->result = pirqsim_replay(model, spec, lane_event, s, error)))
		snprintf(s->error, sizeof(s->error), "%s", pirqsim_error_text(error));
	if (model)
		pirqsim_model_describe(model, s->describe, sizeof(s->describe));
	pirqsim_model_free(model);
	pirqsim_spec_free(spec);
	pirqsim_error_free(error);
}

static void free_sections(struct report *r)
{
	for (unsigned i = 0; i < r->section_count; i++) {
		for (unsigned k = 0; k < r->sections[i].event_count; k++)
			free(r->sections[i].events[k].text);
		free(r->sections[i].events);
		pirqsim_result_free(r->sections[i].result);
	}
	free(r->sections);
}

/* ---- HTML ---------------------------------------------------------------------- */

static const char page_style[] =
	"body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222;background:#fff}"
	"h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}"
	"table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ccc;padding:2px 6px;vertical-align:top}"
	"th{background:#f0f0f0;position:sticky;top:0}"
	".violated{color:#b00020;font-weight:bold}.holds{color:#1b7a1b;font-weight:bold}"
	".inconclusive,.error{color:#a66a00;font-weight:bold}"
	"pre.config{background:#f7f7f7;padding:.5em;white-space:pre-wrap}"
	"table.lanes td{font:12px/1.3 ui-monospace,monospace;min-width:22em}"
	"table.lanes td.step{min-width:3em;text-align:right;color:#666}"
	".ev{margin:1px 0}.ev.failed{color:#b00020;font-weight:bold}"
	".log{color:#555;font-style:italic;padding-left:1.5em}.log.level-warn,.log.level-err{color:#a65000}"
	"body.hide-debug .log.level-debug{display:none}"
	"tr.violation td{background:#fde8ea;color:#b00020;font-weight:bold}"
	"tr.end td{background:#f4f4ff}td.cell-works{background:#e6f4e6}td.cell-fail{background:#fde8ea}"
	"td.cell-na{background:#f0f0f0}";

static const char page_script[] =
	"function toggleDebug(box){document.body.classList.toggle('hide-debug',!box.checked);}";

static void page_head(FILE *f, const struct report *r)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>", f);
	cli_html_text(f, r->title);
	fprintf(f, "</title>\n<style>%s</style>\n<script>%s</script>\n</head>\n<body>\n<h1>", page_style, page_script);
	cli_html_text(f, r->title);
	fprintf(f, "</h1>\n<p>Written by pirqsim %s. Every trace below is a replay of the named trail through the"
	           " model (<code>pirqsim run --trail FILE</code> shows the same steps).</p>\n"
	           "<p><label><input type=\"checkbox\" id=\"show-debug\" checked onchange=\"toggleDebug(this)\">"
	           " show debug log lines</label></p>\n", PIRQSIM_VERSION_STRING);
}

static const char *section_verdict(const struct section *s)
{
	return s->error[0] ? "error" : verdict_word(pirqsim_result_verdict(s->result));
}

static void verdict_table(FILE *f, const struct report *r)
{
	fputs("<h2 id=\"verdicts\">Verdicts</h2>\n<table class=\"verdicts\">\n<tr><th>trace</th><th>verdict</th>"
	      "<th>first violated property</th><th>violation</th><th>steps</th></tr>\n", f);
	for (unsigned i = 0; i < r->section_count; i++) {
		const struct section *s = &r->sections[i];
		const char *verdict = section_verdict(s);
		fprintf(f, "<tr><td><a href=\"#%s\">", s->id);
		cli_html_text(f, s->title);
		fprintf(f, "</a></td><td class=\"%s\">%s</td><td>", verdict, verdict);
		bool violated = !s->error[0] && pirqsim_result_violation_count(s->result) > 0;
		cli_html_text(f, violated ? pirqsim_result_violation_property(s->result, 0) : "");
		fputs("</td><td>", f);
		cli_html_text(f, s->error[0] ? s->error : violated ? pirqsim_result_violation_text(s->result, 0) : "");
		fprintf(f, "</td><td>%u</td></tr>\n", s->error[0] ? 0 : pirqsim_result_trail_length(s->result));
	}
	fputs("</table>\n", f);
}

static void lanes_violations(FILE *f, const struct section *s, unsigned step, bool *shown)
{
	unsigned n = pirqsim_result_violation_count(s->result);
	for (unsigned i = 0; i < n && i < 64; i++) {
		if (shown[i] || (step != ~0u && pirqsim_result_violation_step(s->result, i) > step))
			continue;
		shown[i] = true;
		fprintf(f, "<tr class=\"violation\"><td class=\"step\"></td><td colspan=\"%u\">%s ", s->actor_count,
		        i == 0 ? "violated:" : "then violated:");
		cli_html_text(f, pirqsim_result_violation_property(s->result, i));
		fputs(": ", f);
		cli_html_text(f, pirqsim_result_violation_text(s->result, i));
		fprintf(f, " (after step %u)</td></tr>\n", pirqsim_result_violation_step(s->result, i));
	}
}

/* One row: the step's events in the column of the actor that took them. */
static void lanes_row(FILE *f, const struct section *s, unsigned first, unsigned end)
{
	unsigned step = s->events[first].step;
	bool is_end = step > pirqsim_result_trail_length(s->result);
	fprintf(f, "<tr id=\"%s-s%u\" class=\"%s\"><td class=\"step\">%s", s->id, step, is_end ? "end" : "step",
	        is_end ? "end" : "");
	if (!is_end)
		fprintf(f, "%u", step);
	fputs("</td>", f);
	for (unsigned a = 0; a < s->actor_count; a++) {
		fputs("<td>", f);
		for (unsigned i = first; i < end; i++) {
			const struct lane_event *e = &s->events[i];
			if (e->actor != (int)a)
				continue;
			static const char *const levels[] = {"debug", "info", "warn", "err"};
			fprintf(f, "<div class=\"%s%s%s\">", e->is_log ? "log level-" : "ev", e->is_log ? levels[e->level & 3] : "",
			        e->failed ? " failed" : "");
			cli_html_text(f, e->text);
			fputs("</div>", f);
		}
		fputs("</td>", f);
	}
	fputs("</tr>\n", f);
}

static void lanes(FILE *f, const struct section *s)
{
	fprintf(f, "<table class=\"lanes\" id=\"%s-lanes\">\n<thead><tr><th>step</th>", s->id);
	for (unsigned a = 0; a < s->actor_count; a++) {
		fputs("<th>", f);
		cli_html_text(f, s->actor_name[a]);
		fputs("</th>", f);
	}
	fputs("</tr></thead>\n<tbody>\n", f);
	bool shown[64] = {false};
	for (unsigned first = 0; first < s->event_count;) {
		unsigned end = first + 1;
		while (end < s->event_count && s->events[end].step == s->events[first].step)
			end++;
		lanes_row(f, s, first, end);
		if (s->events[first].step <= pirqsim_result_trail_length(s->result))
			lanes_violations(f, s, s->events[first].step, shown);
		first = end;
	}
	lanes_violations(f, s, ~0u, shown);
	fputs("</tbody>\n</table>\n", f);
}

static void trail_section(FILE *f, const struct section *s)
{
	fprintf(f, "<section class=\"trace\" id=\"%s\">\n<h2>", s->id);
	cli_html_text(f, s->title);
	fprintf(f, " <span class=\"%s\">%s</span></h2>\n<p>trail: <code>", section_verdict(s), section_verdict(s));
	cli_html_text(f, s->trail);
	fputs("</code></p>\n", f);
	if (s->error[0]) {
		fputs("<p class=\"error\">", f);
		cli_html_text(f, s->error);
		fputs("</p>\n</section>\n", f);
		return;
	}
	fputs("<pre class=\"config\">", f);
	cli_html_text(f, s->describe);
	fputs("</pre>\n<ul class=\"violations\">\n", f);
	for (unsigned i = 0; i < pirqsim_result_violation_count(s->result); i++) {
		fputs("<li class=\"violated\">", f);
		cli_html_text(f, pirqsim_result_violation_property(s->result, i));
		fputs(": ", f);
		cli_html_text(f, pirqsim_result_violation_text(s->result, i));
		fprintf(f, " (after step %u)</li>\n", pirqsim_result_violation_step(s->result, i));
	}
	fputs("</ul>\n", f);
	lanes(f, s);
	fputs("</section>\n", f);
}

/* ---- the matrix (JSON from `pirqsim matrix --format json`) --------------------- */

static const char *scalar(struct fy_node *node, const char *key)
{
	size_t length;
	const char *value = node ? fy_node_mapping_lookup_scalar_by_simple_key(node, &length, key, FY_NT) : NULL;
	static char copies[8][512];
	static unsigned next;
	if (!value)
		return "";
	char *copy = copies[next++ % 8];
	snprintf(copy, sizeof(copies[0]), "%.*s", (int)length, value);
	return copy;
}

static void anchor_of(char *out, size_t size, const char *cell, const char *subcheck)
{
	snprintf(out, size, "cell-%s-%s", cell, subcheck);
	for (char *c = out; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '-'))
			*c = '_';
}

/* The trail path of a sub-check: relative to the JSON's folder, else as given. */
static void trail_path(const struct report *r, const char *trail, char *out, size_t size)
{
	char folder[4096];
	snprintf(folder, sizeof(folder), "%s", r->matrix);
	snprintf(out, size, "%s/%s", dirname(folder), trail);
	FILE *probe = trail[0] == '/' ? NULL : fopen(out, "r");
	if (probe)
		fclose(probe);
	else
		snprintf(out, size, "%s", trail);
}

static int add_section(struct report *r, const char *id, const char *title, const char *path)
{
	if (r->section_count >= REPORT_SECTIONS_MAX)
		return -1;
	struct section *s = &r->sections[r->section_count++];
	memset(s, 0, sizeof(*s));
	snprintf(s->id, sizeof(s->id), "%s", id);
	snprintf(s->title, sizeof(s->title), "%s", title);
	load_section(s, path);
	return 0;
}

/* Sections for every sub-check of the matrix that has a trail. */
static void matrix_sections(struct report *r)
{
	struct fy_node *cells = fy_node_by_path(fy_document_root(r->matrix_document), "/cells", FY_NT, FYNWF_DONT_FOLLOW);
	void *i = NULL;
	for (struct fy_node *cell; cells && (cell = fy_node_sequence_iterate(cells, &i));) {
		struct fy_node *subchecks = fy_node_mapping_lookup_by_string(cell, "subchecks", FY_NT);
		void *j = NULL;
		for (struct fy_node *sub; subchecks && (sub = fy_node_sequence_iterate(subchecks, &j));) {
			const char *trail = scalar(sub, "trail");
			if (!trail[0])
				continue;
			char anchor[160], title[300], path[4096];
			anchor_of(anchor, sizeof(anchor), scalar(cell, "name"), scalar(sub, "name"));
			snprintf(title, sizeof(title), "%s: %s", scalar(cell, "name"), scalar(sub, "name"));
			trail_path(r, trail, path, sizeof(path));
			add_section(r, anchor, title, path);
		}
	}
}

static void matrix_cell(FILE *f, struct fy_node *cell, struct fy_node *sub)
{
	const char *outcome = scalar(sub, "outcome");
	bool works = strcmp(outcome, "works") == 0, na = strcmp(outcome, "not applicable") == 0;
	fprintf(f, "<td class=\"%s\">", works ? "cell-works" : na ? "cell-na" : "cell-fail");
	if (scalar(sub, "trail")[0]) {
		char anchor[160];
		anchor_of(anchor, sizeof(anchor), scalar(cell, "name"), scalar(sub, "name"));
		fprintf(f, "<a href=\"#%s\" title=\"", anchor);
		cli_html_text(f, scalar(sub, "first_violation"));
		fputs("\">", f);
		cli_html_text(f, outcome);
		fputs("</a>", f);
	} else {
		cli_html_text(f, outcome);
	}
	fputs("</td>", f);
}

static void matrix_table(FILE *f, const struct report *r)
{
	struct fy_node *cells = fy_node_by_path(fy_document_root(r->matrix_document), "/cells", FY_NT, FYNWF_DONT_FOLLOW);
	fputs("<h2 id=\"matrix\">Compatibility matrix</h2>\n<table class=\"matrix\">\n<tr><th>Linux</th><th>Xen</th>"
	      "<th>QEMU</th><th>outcome</th><th>sub-checks</th></tr>\n", f);
	void *i = NULL;
	for (struct fy_node *cell; cells && (cell = fy_node_sequence_iterate(cells, &i));) {
		fputs("<tr><td>", f);
		cli_html_text(f, scalar(cell, "kernel"));
		fputs("</td><td>", f);
		cli_html_text(f, scalar(cell, "xen"));
		fputs("</td><td>", f);
		cli_html_text(f, scalar(cell, "qemu"));
		fprintf(f, "</td><td class=\"%s\">", strcmp(scalar(cell, "outcome"), "works") == 0 ? "holds" : "violated");
		cli_html_text(f, scalar(cell, "outcome"));
		fputs("</td><td><table class=\"subchecks\"><tr>", f);
		struct fy_node *subchecks = fy_node_mapping_lookup_by_string(cell, "subchecks", FY_NT);
		void *j = NULL;
		for (struct fy_node *sub; subchecks && (sub = fy_node_sequence_iterate(subchecks, &j));) {
			fputs("<th>", f);
			cli_html_text(f, scalar(sub, "name"));
			fputs("</th>", f);
			matrix_cell(f, cell, sub);
		}
		fputs("</tr></table></td></tr>\n", f);
	}
	fputs("</table>\n", f);
}

/* ---- the command ----------------------------------------------------------------- */

static int write_page(const struct report *r)
{
	struct output out;
	if (output_open(&out, r->out) != 0)
		return -1;
	page_head(out.file, r);
	verdict_table(out.file, r);
	if (r->matrix_document)
		matrix_table(out.file, r);
	for (unsigned i = 0; i < r->section_count; i++)
		trail_section(out.file, &r->sections[i]);
	fputs("</body>\n</html>\n", out.file);
	return output_close(&out);
}

static int report_parse(struct report *r, int argc, char **argv)
{
	enum { OPT_OUT = 500, OPT_MATRIX, OPT_TITLE, OPT_QUIET, OPT_JSON, OPT_HELP };
	static const struct option options[] = {
		{"out", required_argument, 0, OPT_OUT}, {"matrix", required_argument, 0, OPT_MATRIX},
		{"title", required_argument, 0, OPT_TITLE}, {"quiet", no_argument, 0, OPT_QUIET},
		{"json", no_argument, 0, OPT_JSON}, {"help", no_argument, 0, OPT_HELP}, {0, 0, 0, 0},
	};
	opterr = 0;
	optind = 1;
	for (int opt; (opt = getopt_long(argc, argv, "", options, NULL)) != -1;) {
		if (opt == OPT_HELP) {
			print_command_help(report_usage, report_summary, report_help);
			return -1;
		}
		if (opt == '?')
			return usage_error("report", "unknown or incomplete option '%s'", argv[optind - 1]);
		r->out = opt == OPT_OUT ? optarg : r->out;
		r->matrix = opt == OPT_MATRIX ? optarg : r->matrix;
		r->title = opt == OPT_TITLE ? optarg : r->title;
		r->quiet |= opt == OPT_QUIET;
		r->json |= opt == OPT_JSON;
	}
	if (optind >= argc && !r->matrix)
		return usage_error("report", "%s", "give at least one trail (from `pirqsim check ... --trail-out FILE`) "
		                                   "or --matrix FILE.json");
	return 0;
}

static int report_inputs(struct report *r, int argc, char **argv)
{
	r->sections = calloc(REPORT_SECTIONS_MAX, sizeof(*r->sections));
	if (!r->sections)
		return -1;
	for (int i = optind; i < argc; i++) {
		char id[32], title[300];
		snprintf(id, sizeof(id), "trail-%d", i - optind + 1);
		snprintf(title, sizeof(title), "%s", argv[i]);
		if (add_section(r, id, title, argv[i]) != 0)
			return -1;
	}
	if (!r->matrix)
		return 0;
	r->matrix_document = fy_document_build_from_file(NULL, r->matrix);
	if (!r->matrix_document || !fy_node_by_path(fy_document_root(r->matrix_document), "/cells", FY_NT,
	                                            FYNWF_DONT_FOLLOW)) {
		fprintf(stderr, "pirqsim report: %s is not a matrix (JSON with \"cells\"); write one with "
		                "`pirqsim matrix --format json --trail-dir trails > %s`\n", r->matrix, r->matrix);
		return -2;
	}
	matrix_sections(r);
	return 0;
}

/* The most severe verdict of the page: error > violated > inconclusive > holds. */
static int report_status(const struct report *r)
{
	int status = PIRQSIM_HOLDS;
	for (unsigned i = 0; i < r->section_count; i++) {
		const struct section *s = &r->sections[i];
		int v = s->error[0] ? PIRQSIM_INPUT_ERROR : (int)pirqsim_result_verdict(s->result);
		if (v == PIRQSIM_INPUT_ERROR || (v == PIRQSIM_VIOLATED && status != PIRQSIM_INPUT_ERROR) ||
		    (v == PIRQSIM_INCONCLUSIVE && status == PIRQSIM_HOLDS))
			status = v;
	}
	return status;
}

static void report_json(const struct report *r, int status)
{
	printf("{\"command\":\"report\",\"verdict\":\"%s\",\"exit_status\":%d,\"page\":", verdict_word(status), status);
	cli_json_string(stdout, r->out);
	printf(",\"trails\":[");
	for (unsigned i = 0; i < r->section_count; i++) {
		const struct section *s = &r->sections[i];
		printf("%s{\"trail\":", i ? "," : "");
		cli_json_string(stdout, s->trail);
		printf(",\"anchor\":\"%s\",\"verdict\":\"%s\",\"property\":", s->id, section_verdict(s));
		bool violated = !s->error[0] && pirqsim_result_violation_count(s->result) > 0;
		cli_json_string(stdout, violated ? pirqsim_result_violation_property(s->result, 0) : "");
		printf(",\"error\":");
		cli_json_string(stdout, s->error);
		printf("}");
	}
	printf("]}\n");
}

int cmd_report(int argc, char **argv)
{
	struct report r = {.out = "pirqsim-report.html", .title = "pirqsim report"};
	int rc = report_parse(&r, argc, argv);
	if (rc)
		return rc < 0 ? 0 : rc;
	rc = report_inputs(&r, argc, argv);
	if (rc == 0 && write_page(&r) != 0) {
		fprintf(stderr, "pirqsim report: cannot write %s: %m; give a writable path with --out FILE\n", r.out);
		rc = -2;
	}
	if (rc == -1)
		fprintf(stderr, "pirqsim report: out of memory or more than %d traces\n", REPORT_SECTIONS_MAX);
	if (rc == 0) {
		rc = report_status(&r);
		for (unsigned i = 0; i < r.section_count; i++)
			if (r.sections[i].error[0])
				fprintf(stderr, "pirqsim report: %s: %s\n", r.sections[i].trail, r.sections[i].error);
		if (r.json)
			report_json(&r, rc);
		else if (!r.quiet)
			printf("report: %s (%u traces); open it in a browser, no network needed\n", r.out, r.section_count);
	} else {
		rc = PIRQSIM_INPUT_ERROR;
	}
	if (r.matrix_document)
		fy_document_destroy(r.matrix_document);
	free_sections(&r);
	return rc;
}
