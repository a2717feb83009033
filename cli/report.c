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
const char report_usage[] =
	"pirqsim report TRAIL... [--matrix FILE.json] [--counterfactual OPTIONS] [--out FILE.html]";
const char report_help[] =
	"  --out FILE            the page to write (default pirqsim-report.html)\n"
	"  --matrix FILE.json    a matrix from `pirqsim matrix --format json --trail-dir DIR`: its\n"
	"                        kernel x Xen grid, each violated sub-check linked to its trace\n"
	"  --counterfactual OPTIONS  also replay each TRAIL's schedule on another configuration,\n"
	"                        as `pirqsim run --trail TRAIL OPTIONS` does: OPTIONS is one\n"
	"                        argument of --kernel V, --qemu V, --xen V, --knob NAME=VALUE,\n"
	"                        --fault NAME, --apicv, --hvm-pirq 0|1, --extra-guest-irqs N\n"
	"                        (e.g. --counterfactual \"--kernel 4.11\")\n"
	"  --title TEXT          the page's title (default \"pirqsim report\")\n"
	"  --quiet               print nothing but errors\n"
	"  --json                one JSON object: verdict (the most severe), trails, page\n"
	"The page needs no network: open it from disk, attach it to a bug report.  Its reproduce\n"
	"box has the command line, the pirqsim version, the rules hash and every trail to download.\n"
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
	char *trail_text;        /* the trail file, embedded for download; NULL for a counterfactual */
	size_t trail_length;
	bool counterfactual;     /* the schedule of `trail` on the --counterfactual configuration */
	struct pirqsim_counterfactual cf;
	char original_id[160];   /* the section of the trail it replays */
	struct lane_event *events;
	unsigned event_count, event_capacity, actor_count;
	char actor_name[8][32];
	char error[1200];
};

struct report {
	const char *out, *matrix, *title, *counterfactual;
	char command_line[8192];
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
		snprintf(text, sizeof(text), "%s %s: \"%s\"%s%s%s", component, levels[e->level & 3], e->text,
		         e->printed ? " (" : "", e->printed ? pirqsim_printed_name(e->printed) : "", e->printed ? ")" : "");
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
	if (!s->error[0])
		s->trail_text = read_file_text(path, &s->trail_length);
	if (model)
		pirqsim_model_describe(model, s->describe, sizeof(s->describe));
	pirqsim_model_free(model);
	pirqsim_spec_free(spec);
	pirqsim_error_free(error);
}

/* Set the --counterfactual options on `spec`; false with `message`. */
static bool apply_counterfactual(pirqsim_spec *spec, const char *options, char *message, size_t size)
{
	char copy[1024], *save = NULL;
	snprintf(copy, sizeof(copy), "%s", options);
	pirqsim_error *error = pirqsim_error_new();
	bool ok = error != NULL, any = false;
	for (char *word = strtok_r(copy, " \t", &save); ok && word; word = strtok_r(NULL, " \t", &save)) {
		any = true;
		if (strcmp(word, "--apicv") == 0) {
			ok = pirqsim_spec_set_host(spec, "apicv", 1, error) == 0;
			continue;
		}
		char *value = strchr(word, '='), *name = word;
		if (value && strncmp(word, "--knob=", 7) != 0)
			*value++ = '\0'; /* --kernel=4.11 */
		else if (strcmp(word, "--knob") == 0 || !value)
			value = strtok_r(NULL, " \t", &save);
		else
			value = word + 7, name = "--knob";
		if (!value) {
			snprintf(message, size, "--counterfactual: %s needs a value", word);
			ok = false;
			break;
		}
		long number = 0;
		if (strcmp(name, "--kernel") == 0 || strcmp(name, "--qemu") == 0 || strcmp(name, "--xen") == 0) {
			ok = pirqsim_spec_set_version(spec, name + 2, value, error) == 0;
		} else if (strcmp(name, "--knob") == 0) {
			char knob[64], *eq = strchr(value, '=');
			if (!eq) {
				snprintf(message, size, "--counterfactual: --knob takes NAME=VALUE, got '%s'", value);
				ok = false;
				break;
			}
			snprintf(knob, sizeof(knob), "%.*s", (int)(eq - value), value);
			ok = pirqsim_spec_set_knob(spec, knob, eq + 1, error) == 0;
		} else if (strcmp(name, "--fault") == 0) {
			ok = pirqsim_spec_add_fault(spec, value, error) == 0;
		} else if ((strcmp(name, "--hvm-pirq") == 0 && parse_long(value, 0, 1, &number)) ||
		           (strcmp(name, "--extra-guest-irqs") == 0 && parse_long(value, 1, PIRQSIM_LIMIT_EXTRA_GUEST_IRQS, &number))) {
			ok = pirqsim_spec_set_host(spec, name + 2, number, error) == 0;
		} else {
			snprintf(message, size,
			         "--counterfactual takes --kernel V, --qemu V, --xen V, --knob NAME=VALUE, --fault NAME, "
			         "--apicv, --hvm-pirq 0|1 or --extra-guest-irqs N, got '%s%s%s'",
			         name, value == word ? "" : " ", value == word ? "" : value);
			ok = false;
			break;
		}
	}
	if (!ok && !message[0])
		snprintf(message, size, "--counterfactual: %s", error ? pirqsim_error_text(error) : "out of memory");
	if (ok && !any) {
		snprintf(message, size, "%s", "--counterfactual needs options, e.g. --counterfactual \"--kernel 4.11\"");
		ok = false;
	}
	pirqsim_error_free(error);
	return ok;
}

/* The counterfactual of `original`'s trail into `s`; a failure is its error. */
static void load_counterfactual(struct section *s, const struct section *original, const char *options)
{
	snprintf(s->trail, sizeof(s->trail), "%s", original->trail);
	snprintf(s->original_id, sizeof(s->original_id), "%s", original->id);
	s->counterfactual = true;
	pirqsim_error *error = pirqsim_error_new();
	pirqsim_spec *spec = pirqsim_spec_new(), *other = pirqsim_spec_new();
	pirqsim_model *model = NULL, *other_model = NULL;
	if (!error || !spec || !other)
		snprintf(s->error, sizeof(s->error), "out of memory");
	else if (pirqsim_spec_load(spec, original->trail, error) != 0 || pirqsim_spec_load(other, original->trail, error) != 0)
		snprintf(s->error, sizeof(s->error), "%s", pirqsim_error_text(error));
	else if (!apply_counterfactual(other, options, s->error, sizeof(s->error)))
		(void)0;
	else if (!(model = pirqsim_model_new(spec, error)) || !(other_model = pirqsim_model_new(other, error)))
		snprintf(s->error, sizeof(s->error), "%s", pirqsim_error_text(error));
	else if (!(s->result = pirqsim_replay_counterfactual(model, other_model, spec, NULL, NULL, lane_event, s, &s->cf,
	                                                      error)))
		snprintf(s->error, sizeof(s->error), "%s", pirqsim_error_text(error));
	if (other_model)
		pirqsim_model_describe(other_model, s->describe, sizeof(s->describe));
	pirqsim_model_free(model);
	pirqsim_model_free(other_model);
	pirqsim_spec_free(spec);
	pirqsim_spec_free(other);
	pirqsim_error_free(error);
}

static void free_sections(struct report *r)
{
	for (unsigned i = 0; i < r->section_count; i++) {
		free(r->sections[i].trail_text);
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
	"td.cell-na{background:#f0f0f0;color:#555}td.cell-inconclusive{background:#fff6d6}"
	"table.grid td{text-align:center}table.grid td.k{text-align:left}.subs{font-size:11px}"
	"section.reproduce{border:1px solid #99b;background:#f6f7ff;padding:.2em 1em;margin:1em 0}"
	"section.reproduce h2{margin-top:.5em;border:0}section.reproduce code{word-break:break-all}";

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

/* `data` as base64, for a data: URL. */
static void base64(FILE *f, const unsigned char *data, size_t length)
{
	static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	for (size_t i = 0; i < length; i += 3) {
		unsigned v = (unsigned)data[i] << 16 | (i + 1 < length ? (unsigned)data[i + 1] << 8 : 0) |
		             (i + 2 < length ? data[i + 2] : 0);
		fputc(digits[v >> 18 & 63], f);
		fputc(digits[v >> 12 & 63], f);
		fputc(i + 1 < length ? digits[v >> 6 & 63] : '=', f);
		fputc(i + 2 < length ? digits[v & 63] : '=', f);
	}
}

/* The file name part of a path, for the download attribute. */
static const char *file_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* What a person who gets the page needs to see it again: the command line,
 * the version and rules, and every trail to download. */
static void reproduce_box(FILE *f, const struct report *r)
{
	fputs("<section class=\"reproduce\" id=\"reproduce\">\n<h2>Reproduce</h2>\n<p>command: <code>", f);
	cli_html_text(f, r->command_line);
	fprintf(f, "</code></p>\n<p>pirqsim <span class=\"version\">%s</span>, rules hash <code class=\"rules\">%s</code>"
	           " (<code>pirqsim --version</code> prints both; a trail replays exactly under the same rules)</p>\n"
	           "<ul class=\"trails\">\n", PIRQSIM_VERSION_STRING, pirqsim_rules_hash());
	for (unsigned i = 0; i < r->section_count; i++) {
		const struct section *s = &r->sections[i];
		if (!s->trail_text)
			continue;
		fputs("<li><a class=\"download\" download=\"", f);
		cli_html_text(f, file_name(s->trail));
		fputs("\" href=\"data:application/x-yaml;base64,", f);
		base64(f, (const unsigned char *)s->trail_text, s->trail_length);
		fputs("\">", f);
		cli_html_text(f, file_name(s->trail));
		fprintf(f, "</a> (%zu bytes, <a href=\"#%s\">its trace</a>): <code>pirqsim run --trail ", s->trail_length, s->id);
		cli_html_text(f, file_name(s->trail));
		fputs("</code></li>\n", f);
	}
	fputs("</ul>\n</section>\n", f);
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
	fputs("</pre>\n", f);
	if (s->counterfactual) {
		fprintf(f, "<p class=\"counterfactual\">Counterfactual: the schedule of <a href=\"#%s\">the original</a> "
		           "(%u steps) on the configuration above. ", s->original_id, s->cf.schedule_steps);
		if (s->cf.blocked_actor >= 0) {
			fprintf(f, "It applies for %u steps; at step %u it chooses ", s->cf.followed, s->cf.followed + 1);
			cli_html_text(f, s->cf.blocked_actor_name);
			fputs(", which cannot move here. ", f);
		} else {
			fprintf(f, "It applies to all %u steps. ", s->cf.schedule_steps);
		}
		if (s->cf.diverge_step)
			fprintf(f, "The runs first differ at step %u (<a href=\"#%s-s%u\">original</a>, "
			           "<a href=\"#%s-s%u\">counterfactual</a>). ", s->cf.diverge_step, s->original_id,
			        s->cf.diverge_step, s->id, s->cf.diverge_step);
		else
			fputs("The two runs show the same events at every step. ", f);
		fprintf(f, "It ran %u steps to quiescence.</p>\n", s->cf.steps);
	}
	fputs("<ul class=\"violations\">\n", f);
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

/* The class of an outcome's cell: works, not applicable (grey, never a
 * failure), inconclusive, or a failure. */
static const char *cell_class(const char *outcome)
{
	return strcmp(outcome, "works") == 0            ? "cell-works"
	       : strcmp(outcome, "not applicable") == 0 ? "cell-na"
	       : strcmp(outcome, "inconclusive") == 0   ? "cell-inconclusive"
	                                                : "cell-fail";
}

/* One grid cell: its outcome, then each sub-check with a trail linked to
 * its trace; every sub-check's outcome in the tooltip. */
static void matrix_cell(FILE *f, struct fy_node *cell)
{
	const char *outcome = scalar(cell, "outcome");
	char tooltip[2048] = "";
	struct fy_node *subchecks = fy_node_mapping_lookup_by_string(cell, "subchecks", FY_NT);
	void *j = NULL;
	for (struct fy_node *sub; subchecks && (sub = fy_node_sequence_iterate(subchecks, &j));)
		snprintf(tooltip + strlen(tooltip), sizeof(tooltip) - strlen(tooltip), "%s%s: %s", tooltip[0] ? "; " : "",
		         scalar(sub, "name"), scalar(sub, "outcome"));
	fprintf(f, "<td class=\"%s\" title=\"", cell_class(outcome));
	cli_html_text(f, tooltip);
	fputs("\">", f);
	cli_html_text(f, outcome);
	j = NULL;
	bool any = false;
	for (struct fy_node *sub; subchecks && (sub = fy_node_sequence_iterate(subchecks, &j));) {
		if (!scalar(sub, "trail")[0])
			continue;
		char anchor[160];
		anchor_of(anchor, sizeof(anchor), scalar(cell, "name"), scalar(sub, "name"));
		fprintf(f, "%s<a href=\"#%s\" title=\"", any ? ", " : "<div class=\"subs\">", anchor);
		cli_html_text(f, scalar(sub, "first_violation"));
		fputs("\">", f);
		cli_html_text(f, scalar(sub, "name"));
		fputs("</a>", f);
		any = true;
	}
	fputs(any ? "</div></td>" : "</td>", f);
}

#define GRID_MAX 64

/* Index of `value` in `list` (adding it when new, up to GRID_MAX), or -1. */
static int grid_index(char list[][160], unsigned *count, const char *value)
{
	for (unsigned i = 0; i < *count; i++)
		if (strcmp(list[i], value) == 0)
			return (int)i;
	if (*count >= GRID_MAX)
		return -1;
	snprintf(list[*count], sizeof(list[0]), "%s", value);
	return (int)(*count)++;
}

/* The matrix as `pirqsim matrix --format md` draws it: a row per kernel, a
 * column per Xen release and its device model. */
static void matrix_table(FILE *f, const struct report *r)
{
	struct fy_node *cells = fy_node_by_path(fy_document_root(r->matrix_document), "/cells", FY_NT, FYNWF_DONT_FOLLOW);
	static char kernels[GRID_MAX][160], columns[GRID_MAX][160];
	static struct fy_node *grid[GRID_MAX][GRID_MAX];
	unsigned kernel_count = 0, column_count = 0;
	memset(grid, 0, sizeof(grid));
	void *i = NULL;
	for (struct fy_node *cell; cells && (cell = fy_node_sequence_iterate(cells, &i));) {
		char column[160];
		snprintf(column, sizeof(column), "%s (%s)", scalar(cell, "xen"), scalar(cell, "qemu"));
		int k = grid_index(kernels, &kernel_count, scalar(cell, "kernel"));
		int c = grid_index(columns, &column_count, column);
		if (k >= 0 && c >= 0)
			grid[k][c] = cell;
	}
	fputs("<h2 id=\"matrix\">Compatibility matrix</h2>\n<table class=\"matrix grid\">\n"
	      "<tr><th>Linux \\ Xen (device model)</th>", f);
	for (unsigned c = 0; c < column_count; c++) {
		fputs("<th>", f);
		cli_html_text(f, columns[c]);
		fputs("</th>", f);
	}
	fputs("</tr>\n", f);
	for (unsigned k = 0; k < kernel_count; k++) {
		fputs("<tr><td class=\"k\">", f);
		cli_html_text(f, kernels[k]);
		fputs("</td>", f);
		for (unsigned c = 0; c < column_count; c++) {
			if (grid[k][c])
				matrix_cell(f, grid[k][c]);
			else
				fputs("<td></td>", f);
		}
		fputs("</tr>\n", f);
	}
	fputs("</table>\n<p>Grey cells are not applicable (the guest does not use the pirq path there), not "
	      "failures.</p>\n", f);
}

/* ---- the command ----------------------------------------------------------------- */

static int write_page(const struct report *r)
{
	struct output out;
	if (output_open(&out, r->out) != 0)
		return -1;
	page_head(out.file, r);
	reproduce_box(out.file, r);
	verdict_table(out.file, r);
	if (r->matrix_document)
		matrix_table(out.file, r);
	for (unsigned i = 0; i < r->section_count; i++)
		trail_section(out.file, &r->sections[i]);
	fputs("</body>\n</html>\n", out.file);
	return output_close(&out);
}

/* "pirqsim report ..." with each argument quoted for a POSIX shell where
 * it needs it. */
static void command_line(struct report *r, int argc, char **argv)
{
	size_t n = (size_t)snprintf(r->command_line, sizeof(r->command_line), "pirqsim");
	for (int i = 0; i < argc && n < sizeof(r->command_line); i++) {
		const char *a = argv[i];
		bool plain = a[0] && strspn(a, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%") ==
		                         strlen(a);
		n += (size_t)snprintf(r->command_line + n, sizeof(r->command_line) - n, plain ? " %s" : " '", a);
		for (const char *c = a; !plain && *c && n < sizeof(r->command_line); c++)
			n += (size_t)snprintf(r->command_line + n, sizeof(r->command_line) - n, *c == '\'' ? "'\\''" : "%c", *c);
		if (!plain && n < sizeof(r->command_line))
			n += (size_t)snprintf(r->command_line + n, sizeof(r->command_line) - n, "'");
	}
}

static int report_parse(struct report *r, int argc, char **argv)
{
	enum { OPT_OUT = 500, OPT_MATRIX, OPT_TITLE, OPT_QUIET, OPT_JSON, OPT_HELP, OPT_COUNTERFACTUAL };
	static const struct option options[] = {
		{"out", required_argument, 0, OPT_OUT}, {"matrix", required_argument, 0, OPT_MATRIX},
		{"counterfactual", required_argument, 0, OPT_COUNTERFACTUAL},
		{"title", required_argument, 0, OPT_TITLE}, {"quiet", no_argument, 0, OPT_QUIET},
		{"json", no_argument, 0, OPT_JSON}, {"help", no_argument, 0, OPT_HELP}, {0, 0, 0, 0},
	};
	command_line(r, argc, argv); /* before getopt_long permutes argv */
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
		r->counterfactual = opt == OPT_COUNTERFACTUAL ? optarg : r->counterfactual;
		r->quiet |= opt == OPT_QUIET;
		r->json |= opt == OPT_JSON;
	}
	if (optind >= argc && !r->matrix)
		return usage_error("report", "%s", "give at least one trail (from `pirqsim check ... --trail-out FILE`) "
		                                   "or --matrix FILE.json");
	if (r->counterfactual && optind >= argc)
		return usage_error("report", "%s", "--counterfactual replays the schedules of the trails given; give at "
		                                   "least one TRAIL");
	if (r->counterfactual) { /* its options, checked once before any replay */
		char message[1200] = "";
		pirqsim_spec *probe = pirqsim_spec_new();
		bool ok = probe && apply_counterfactual(probe, r->counterfactual, message, sizeof(message));
		pirqsim_spec_free(probe);
		if (!ok)
			return usage_error("report", "%s", message[0] ? message : "out of memory");
	}
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
		if (r->counterfactual && r->section_count < REPORT_SECTIONS_MAX) {
			struct section *s = &r->sections[r->section_count++];
			memset(s, 0, sizeof(*s));
			snprintf(s->id, sizeof(s->id), "trail-%d-counterfactual", i - optind + 1);
			snprintf(s->title, sizeof(s->title), "%s with %s (counterfactual)", argv[i], r->counterfactual);
			load_counterfactual(s, &r->sections[r->section_count - 2], r->counterfactual);
		}
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

/* ---- explain --report: observed and modelled lines side by side ------------------------------ */

static void explain_row(FILE *f, const pirqsim_log *log, const struct pirqsim_explain_alignment *a, size_t record)
{
	const struct pirqsim_log_record *r = record == (size_t)-1 ? NULL : pirqsim_log_record_at(log, record);
	fprintf(f, "<tr%s><td class=\"step\">", r && r->failure ? " class=\"violation\"" : "");
	if (a)
		fprintf(f, "%u</td><td>", a->step);
	else
		fputs("</td><td>", f);
	if (a) {
		cli_html_text(f, a->actor);
		fputs("</td><td>", f);
		cli_html_text(f, a->model_line);
		if (a->printed != PIRQSIM_PRINTED) {
			fputs(" <span class=\"log\">(", f);
			cli_html_text(f, pirqsim_printed_name(a->printed));
			fputs(")</span>", f);
		}
	} else {
		fputs("</td><td><span class=\"log\">no step of the model prints it</span>", f);
	}
	fputs("</td><td>", f);
	if (r) {
		cli_html_text(f, r->file);
		fprintf(f, ":%u</td><td>", r->line_number);
		cli_html_text(f, r->line);
	} else {
		fputs("</td><td>", f);
	}
	fputs("</td></tr>\n", f);
}

static void explain_cures(FILE *f, const pirqsim_explanation *x)
{
	if (!pirqsim_explanation_cure_count(x))
		return;
	fputs("<h2>What cures it (the same trail, replayed)</h2>\n<table><tr><th>component</th><th>change</th>"
	      "<th>row</th><th>cures</th><th>first violation</th></tr>\n", f);
	for (unsigned i = 0; i < pirqsim_explanation_cure_count(x); i++) {
		const struct pirqsim_explain_cure *c = pirqsim_explanation_cure(x, i);
		fputs("<tr><td>", f);
		cli_html_text(f, c->component);
		fputs("</td><td>", f);
		cli_html_text(f, c->change);
		fputs("</td><td>", f);
		cli_html_text(f, c->label);
		fprintf(f, "</td><td class=\"%s\">%s</td><td>", c->cures ? "holds" : "violated", c->cures ? "cures" : "no");
		cli_html_text(f, c->first_violation);
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n", f);
}

static void explain_page(FILE *f, const pirqsim_log *log, const pirqsim_explanation *x, const char *trail_path,
                         int files, char **names)
{
	fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>pirqsim explain</title>\n"
	           "<style>%s</style>\n</head>\n<body>\n<h1>pirqsim explain</h1>\n<p>Written by pirqsim %s from",
	        page_style, PIRQSIM_VERSION_STRING);
	for (int i = 0; i < files; i++) {
		fputs(" <code>", f);
		cli_html_text(f, names[i]);
		fputs("</code>", f);
	}
	enum pirqsim_verdict v = pirqsim_explanation_verdict(x);
	fprintf(f, ".</p>\n<p class=\"%s\">%s</p>\n", v == PIRQSIM_VIOLATED ? "violated" : v == PIRQSIM_HOLDS ? "holds" : "inconclusive",
	        v == PIRQSIM_VIOLATED ? "explained" : v == PIRQSIM_HOLDS ? "no failure of this path in the logs" : "not explained");
	const pirqsim_result *r = pirqsim_explanation_result(x);
	int chosen = pirqsim_explanation_chosen(x);
	if (chosen >= 0) {
		const struct pirqsim_explain_configuration *c = pirqsim_explanation_configuration(x, (unsigned)chosen);
		fputs("<pre class=\"config\">", f);
		cli_html_text(f, c->describe);
		fputs("; ", f);
		cli_html_text(f, c->devices);
		fputs("</pre>\n<ul>\n", f);
		for (unsigned i = 0; i < pirqsim_result_violation_count(r); i++) {
			fprintf(f, "<li class=\"violated\">%s: ", i ? "then" : "violated");
			cli_html_text(f, pirqsim_result_violation_property(r, i));
			fputs(" (", f);
			cli_html_text(f, pirqsim_result_violation_mechanism(r, i));
			fputs("): ", f);
			cli_html_text(f, pirqsim_result_violation_text(r, i));
			fprintf(f, " (after step %u)</li>\n", pirqsim_result_violation_step(r, i));
		}
		fputs("</ul>\n", f);
		if (trail_path) {
			fputs("<p>Trail: <code>", f);
			cli_html_text(f, trail_path);
			fputs("</code>; <code>pirqsim run --trail ", f);
			cli_html_text(f, trail_path);
			fputs("</code> replays it.</p>\n", f);
		}
	}
	fprintf(f, "<p>%u of %u configurations searched explain the logs.", pirqsim_explanation_explaining_count(x),
	        pirqsim_explanation_configuration_count(x));
	if (pirqsim_explanation_limit(x)[0]) {
		fputs(" ", f);
		cli_html_text(f, pirqsim_explanation_limit(x));
	}
	fputs("</p>\n<h2>Observed and modelled lines</h2>\n<table class=\"lanes\"><tr><th>step</th><th>actor</th>"
	      "<th>the model prints</th><th>where</th><th>the log shows</th></tr>\n", f);
	for (unsigned i = 0; i < pirqsim_explanation_alignment_count(x); i++) {
		const struct pirqsim_explain_alignment *a = pirqsim_explanation_alignment(x, i);
		explain_row(f, log, a, a->record);
	}
	for (unsigned i = 0; i < pirqsim_explanation_unplaced_count(x); i++)
		explain_row(f, log, NULL, pirqsim_explanation_unplaced(x, i));
	if (chosen < 0)
		for (size_t i = 0; i < pirqsim_log_record_count(log) && !pirqsim_explanation_unplaced_count(x); i++)
			if (pirqsim_log_record_at(log, i)->class_ == PIRQSIM_LOG_THIS_PATH)
				explain_row(f, log, NULL, i);
	fputs("</table>\n", f);
	explain_cures(f, x);
	fputs("</body>\n</html>\n", f);
}

int report_explain(const char *path, const pirqsim_log *log, const pirqsim_explanation *x, const char *trail_path,
                   int files, char **names)
{
	struct output out;
	if (output_open(&out, path) != 0)
		return -1;
	explain_page(out.file, log, x, trail_path, files, names);
	return output_close(&out);
}
