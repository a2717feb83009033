/*
 * replay.c - `pirqsim replay TRAIL --format ...` (a trail's trace as text,
 * Perfetto JSON, Mermaid, a text message sequence chart or JSON Lines) and
 * `pirqsim minimize TRAIL` (fewest context switches, dropped steps).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "replay.h"

const char replay_summary[] = "replay a trail and export its trace (text, perfetto, mermaid, msc, jsonl)";
const char replay_usage[] = "pirqsim replay TRAIL [--format text|perfetto|mermaid|msc|jsonl] [--out FILE]";
const char replay_help[] =
	"  --format F            text      the trace of `pirqsim run --trail` (default)\n"
	"                        perfetto  Chrome Trace Event JSON: open it in ui.perfetto.dev or\n"
	"                                  chrome://tracing (a process per component, flow arrows)\n"
	"                        mermaid   a Mermaid sequenceDiagram (paste into GitHub/GitLab)\n"
	"                        msc       a plain-text message sequence chart, <= 100 columns\n"
	"                        jsonl     JSON Lines, one event per line, \"format\":\"pirqsim-events/1\"\n"
	"  --out FILE            write the export to FILE instead of standard output\n"
	"  --quiet               no export on standard output, only the verdict line\n"
	"  --json                one JSON object: verdict, violations, trail (with --out)\n"
	"Exit status: as `pirqsim run`: 1 when the trail shows a violation.\n"
	"Formats: docs/trace-formats.md.\n";

enum { OPT_FORMAT = 300, OPT_OUT, OPT_QUIET, OPT_JSON, OPT_HELP, OPT_TRAIL_OUT, OPT_SWITCHES, OPT_DROP, OPT_ALL,
       OPT_STOP, OPT_REPLAYS_MAX, OPT_SWITCHES_MAX };

/* Load TRAIL and build its model; prints what to do next on failure. */
int open_trail(const char *command, const char *path, bool json, pirqsim_spec **spec_out, pirqsim_model **model_out)
{
	pirqsim_error *error = pirqsim_error_new();
	pirqsim_spec *spec = pirqsim_spec_new();
	pirqsim_model *model = NULL;
	char message[1200] = "";
	if (!error || !spec)
		snprintf(message, sizeof(message), "out of memory");
	else if (pirqsim_spec_load(spec, path, error) != 0)
		snprintf(message, sizeof(message), "%s", pirqsim_error_text(error));
	else if (!pirqsim_spec_is_trail(spec))
		snprintf(message, sizeof(message),
		         "%s is a scenario, not a trail (it has no choices:); find a trail with `pirqsim check %s "
		         "--trail-out FILE`", path, path);
	else if (!(model = pirqsim_model_new(spec, error)))
		snprintf(message, sizeof(message), "%s", pirqsim_error_text(error));
	pirqsim_error_free(error);
	if (message[0]) {
		if (json)
			print_error_json(stdout, command, message);
		fprintf(stderr, "pirqsim %s: %s\n", command, message);
		pirqsim_spec_free(spec);
		return PIRQSIM_INPUT_ERROR;
	}
	*spec_out = spec;
	*model_out = model;
	return 0;
}

/* Replay `spec` into a new trace; NULL (message printed) on error. */
pirqsim_result *replay_into(const char *command, const pirqsim_model *model, const pirqsim_spec *spec,
                            pirqsim_trace *trace)
{
	pirqsim_error *error = pirqsim_error_new();
	pirqsim_result *r = error ? pirqsim_replay(model, spec, trace ? pirqsim_trace_event : NULL, trace, error) : NULL;
	if (!r)
		fprintf(stderr, "pirqsim %s: %s\n", command, error ? pirqsim_error_text(error) : "out of memory");
	pirqsim_error_free(error);
	return r;
}

void print_verdict_lines(FILE *out, const pirqsim_result *r, const char *holds_text)
{
	enum pirqsim_verdict v = pirqsim_result_verdict(r);
	if (v == PIRQSIM_HOLDS) {
		fprintf(out, "%sverdict: %s%s\n", cli_paint(out, PAINT_GREEN), holds_text, cli_paint(out, PAINT_RESET));
		return;
	}
	if (v != PIRQSIM_VIOLATED) {
		fprintf(out, "%sverdict: %s: %s%s\n", cli_paint(out, PAINT_YELLOW),
		        v == PIRQSIM_INCONCLUSIVE ? "inconclusive" : "model error", pirqsim_result_limit(r),
		        cli_paint(out, PAINT_RESET));
		return;
	}
	print_violations(out, r);
}

struct replay_options {
	const char *trail, *out;
	int format;
	bool quiet, json;
};

static int replay_parse(struct replay_options *o, int argc, char **argv)
{
	static const struct option options[] = {
		{"format", required_argument, 0, OPT_FORMAT}, {"out", required_argument, 0, OPT_OUT},
		{"quiet", no_argument, 0, OPT_QUIET}, {"json", no_argument, 0, OPT_JSON},
		{"help", no_argument, 0, OPT_HELP}, {0, 0, 0, 0},
	};
	memset(o, 0, sizeof(*o));
	opterr = 0;
	optind = 1;
	for (int opt; (opt = getopt_long(argc, argv, "", options, NULL)) != -1;) {
		if (opt == OPT_HELP) {
			print_command_help(replay_usage, replay_summary, replay_help);
			return -1;
		}
		if (opt == OPT_FORMAT && (o->format = pirqsim_format_by_name(optarg)) < 0)
			return usage_error("replay", "--format takes text, perfetto, mermaid, msc or jsonl, got '%s'", optarg);
		if (opt == OPT_OUT)
			o->out = optarg;
		o->quiet |= opt == OPT_QUIET;
		o->json |= opt == OPT_JSON;
		if (opt == '?')
			return usage_error("replay", "unknown or incomplete option '%s'", argv[optind - 1]);
	}
	if (optind != argc - 1)
		return usage_error("replay", "%s", optind >= argc ? "give the trail to replay, e.g. `pirqsim replay nvme-2017.trail`"
		                                                   : "give exactly one trail");
	o->trail = argv[optind];
	return 0;
}

static int write_export(const struct replay_options *o, const char *text, size_t length)
{
	if (o->out) {
		if (write_output(o->out, text, length) != 0) {
			fprintf(stderr, "pirqsim replay: cannot write %s: %m; check the directory exists and is writable\n", o->out);
			return PIRQSIM_INPUT_ERROR;
		}
	} else if (!o->quiet && !o->json) {
		fwrite(text, 1, length, stdout);
	}
	return 0;
}

int cmd_replay(int argc, char **argv)
{
	struct replay_options o;
	int rc = replay_parse(&o, argc, argv);
	if (rc)
		return rc < 0 ? 0 : rc;
	pirqsim_spec *spec = NULL;
	pirqsim_model *model = NULL;
	if ((rc = open_trail("replay", o.trail, o.json, &spec, &model)) != 0)
		return rc;
	pirqsim_trace *trace = pirqsim_trace_new();
	pirqsim_result *r = trace ? replay_into("replay", model, spec, trace) : NULL;
	size_t length = 0;
	char *text = r ? pirqsim_trace_render(trace, model, r, (enum pirqsim_format)o.format, &length) : NULL;
	rc = PIRQSIM_INPUT_ERROR;
	if (text && write_export(&o, text, length) == 0) {
		rc = (int)pirqsim_result_verdict(r);
		if (o.json)
			print_result_json(stdout, "replay", r, o.trail, NULL);
		else if (o.quiet || o.out)
			print_verdict_lines(stdout, r, "all properties hold on this schedule");
	} else if (r && !text) {
		fprintf(stderr, "pirqsim replay: out of memory while rendering\n");
	}
	free(text);
	pirqsim_result_free(r);
	pirqsim_trace_free(trace);
	pirqsim_model_free(model);
	pirqsim_spec_free(spec);
	return rc;
}
