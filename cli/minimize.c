/*
 * minimize.c - `pirqsim minimize TRAIL`: the same first violation with the
 * fewest context switches and without the steps it does not need.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "replay.h"

const char minimize_summary[] = "shrink a counterexample: fewest context switches, irrelevant steps dropped";
const char minimize_usage[] =
	"pirqsim minimize TRAIL [--context-switches | --drop-steps | --all] [--trail-out FILE] [options]";
const char minimize_help[] =
	"Keeps the trail's first violated property as the first one found, naming the same devices;\n"
	"works on the steps up to where it shows, then lets every actor run on to quiescence so the\n"
	"consequences still show.  The result is never longer than the input; when nothing shorter\n"
	"(or with fewer context switches) is found, it says so and writes the input unchanged.\n"
	"  --context-switches    fewest switches between actors (an exhaustive search per bound)\n"
	"  --drop-steps          drop actor runs and steps the violation does not need\n"
	"  --all                 both, in that order (default)\n"
	"  --trail-out FILE      where to write the result (default TRAIL with .min.trail)\n"
	"  --stop-at-violation   end the written trail at the step where the violation shows\n"
	"  --replays-max N       candidate trails to replay at most (default 200000)\n"
	"  --switches-max N      highest context-switch bound to search (default 12)\n"
	"  --quiet               only the line naming the written trail\n"
	"  --json                one JSON object: verdict, minimisations, trail\n"
	"Exit status: 1 the minimised trail shows the violation, 3 a bound was reached before the\n"
	"minimum was proved (the best trail found is written), 2 input error.\n";

enum { OPT_QUIET = 400, OPT_JSON, OPT_HELP, OPT_TRAIL_OUT, OPT_SWITCHES, OPT_DROP, OPT_ALL, OPT_STOP,
       OPT_REPLAYS_MAX, OPT_SWITCHES_MAX };

struct minimize_options {
	const char *trail, *trail_out;
	char default_out[4200];
	struct pirqsim_minimize_options library;
	bool quiet, json;
};

static int number(const char *option, long high, long *value)
{
	if (!parse_long(optarg, 1, high, value))
		return usage_error("minimize", option, optarg);
	return 0;
}

static int minimize_option(struct minimize_options *o, int opt)
{
	long value = 0;
	switch (opt) {
	case OPT_QUIET: o->quiet = true; return 0;
	case OPT_JSON: o->json = true; return 0;
	case OPT_TRAIL_OUT: o->trail_out = optarg; return 0;
	case OPT_SWITCHES: o->library.what |= PIRQSIM_MINIMIZE_CONTEXT_SWITCHES; return 0;
	case OPT_DROP: o->library.what |= PIRQSIM_MINIMIZE_DROP_STEPS; return 0;
	case OPT_ALL: o->library.what |= PIRQSIM_MINIMIZE_CONTEXT_SWITCHES | PIRQSIM_MINIMIZE_DROP_STEPS; return 0;
	case OPT_STOP: o->library.stop_at_violation = true; return 0;
	case OPT_REPLAYS_MAX:
		if (number("--replays-max takes a whole number from 1 to 1000000000, got '%s'", 1000000000L, &value))
			return PIRQSIM_INPUT_ERROR;
		o->library.replays_max = (uint64_t)value;
		return 0;
	case OPT_SWITCHES_MAX:
		if (number("--switches-max takes a whole number from 1 to 1000, got '%s'", 1000, &value))
			return PIRQSIM_INPUT_ERROR;
		o->library.switches_max = (unsigned)value;
		return 0;
	default:
		return PIRQSIM_INPUT_ERROR;
	}
}

static int minimize_parse(struct minimize_options *o, int argc, char **argv)
{
	static const struct option options[] = {
		{"quiet", no_argument, 0, OPT_QUIET}, {"json", no_argument, 0, OPT_JSON}, {"help", no_argument, 0, OPT_HELP},
		{"trail-out", required_argument, 0, OPT_TRAIL_OUT}, {"context-switches", no_argument, 0, OPT_SWITCHES},
		{"drop-steps", no_argument, 0, OPT_DROP}, {"all", no_argument, 0, OPT_ALL},
		{"stop-at-violation", no_argument, 0, OPT_STOP}, {"replays-max", required_argument, 0, OPT_REPLAYS_MAX},
		{"switches-max", required_argument, 0, OPT_SWITCHES_MAX}, {0, 0, 0, 0},
	};
	memset(o, 0, sizeof(*o));
	opterr = 0;
	optind = 1;
	for (int opt; (opt = getopt_long(argc, argv, "", options, NULL)) != -1;) {
		if (opt == OPT_HELP) {
			print_command_help(minimize_usage, minimize_summary, minimize_help);
			return -1;
		}
		if (opt == '?')
			return usage_error("minimize", "unknown or incomplete option '%s'", argv[optind - 1]);
		int rc = minimize_option(o, opt);
		if (rc)
			return rc;
	}
	if (optind != argc - 1)
		return usage_error("minimize", "%s", optind >= argc ? "give the trail to minimise, e.g. `pirqsim minimize "
		                                                       "nvme-2017.trail`" : "give exactly one trail");
	o->trail = argv[optind];
	if (!o->trail_out) {
		size_t n = strlen(o->trail);
		bool suffix = n > 6 && strcmp(o->trail + n - 6, ".trail") == 0;
		snprintf(o->default_out, sizeof(o->default_out), "%.*s.min.trail", (int)(suffix ? n - 6 : n), o->trail);
		o->trail_out = o->default_out;
	}
	return 0;
}

static void print_summary(const struct minimize_options *o, const struct pirqsim_minimize_summary *s)
{
	printf("minimize: %s: first violation %s after step %u, %u context switches up to it\n", o->trail, s->property,
	       s->steps_before, s->switches_before);
	if (s->applied & PIRQSIM_MINIMIZE_CONTEXT_SWITCHES)
		printf("  context switches: %u -> %u (%s)\n", s->switches_before, s->switches_after,
		       s->switches_minimal ? "the fewest: every schedule with fewer was replayed"
		       : s->note[0]        ? "fewer take more steps: see the note"
		                           : "not proved the fewest: a bound was reached");
	if (s->applied & PIRQSIM_MINIMIZE_DROP_STEPS)
		printf("  dropped steps: %u -> %u steps up to the violation (%s)\n", s->steps_before, s->steps_after,
		       s->steps_minimal ? "1-minimal: no single step or actor run can be dropped"
		                        : "not proved 1-minimal: a bound was reached");
	printf("  %llu candidate trails replayed\n", (unsigned long long)s->replays);
	if (s->note[0])
		printf("  note: %s\n", s->note);
	printf("  kept: the first violation is %s%s%s, as in the input\n", s->property, s->devices[0] ? " naming " : "",
	       s->devices);
	if (s->unchanged)
		printf("  cannot shorten: no trail found with the same first violation is shorter, or has fewer "
		       "context switches and is no longer; the input is written unchanged (%u steps)\n", s->input_steps);
	else
		printf("  length: %u -> %u steps (never longer than the input)\n", s->input_steps, s->trail_steps);
	if (s->inconclusive)
		printf("%sinconclusive: %s; the best trail found is written%s\n", cli_paint(stdout, PAINT_YELLOW), s->limit,
		       cli_paint(stdout, PAINT_RESET));
}

static void print_json(const struct minimize_options *o, const struct pirqsim_minimize_summary *s)
{
	printf("{\"command\":\"minimize\",\"verdict\":\"%s\",\"exit_status\":%d,\"property\":",
	       s->inconclusive ? "inconclusive" : "violated", s->inconclusive ? 3 : 1);
	cli_json_string(stdout, s->property);
	printf(",\"minimizations\":[%s%s%s]", s->applied & PIRQSIM_MINIMIZE_CONTEXT_SWITCHES ? "\"context-switches\"" : "",
	       s->applied == 3 ? "," : "", s->applied & PIRQSIM_MINIMIZE_DROP_STEPS ? "\"drop-steps\"" : "");
	printf(",\"statistics\":{\"steps_before\":%u,\"steps_after\":%u,\"switches_before\":%u,\"switches_after\":%u,"
	       "\"replays\":%llu,\"switches_minimal\":%s,\"steps_minimal\":%s},\"limit\":",
	       s->steps_before, s->steps_after, s->switches_before, s->switches_after, (unsigned long long)s->replays,
	       s->switches_minimal ? "true" : "false", s->steps_minimal ? "true" : "false");
	cli_json_string(stdout, s->limit);
	printf(",\"violations\":[{\"property\":");
	cli_json_string(stdout, s->property);
	printf(",\"step\":%u}],\"trail\":", s->steps_after);
	cli_json_string(stdout, o->trail_out);
	printf(",\"trail_steps\":%u,\"input_steps\":%u,\"unchanged\":%s,\"devices\":", s->trail_steps, s->input_steps,
	       s->unchanged ? "true" : "false");
	cli_json_string(stdout, s->devices);
	printf(",\"note\":");
	cli_json_string(stdout, s->note);
	printf("}\n");
}

static int write_minimized(const struct minimize_options *o, const pirqsim_minimized *m)
{
	size_t need = pirqsim_minimized_trail_yaml(m, NULL, 0) + 1;
	char *text = malloc(need);
	int rc = -1;
	if (text) {
		pirqsim_minimized_trail_yaml(m, text, need);
		rc = write_output(o->trail_out, text, strlen(text));
	}
	free(text);
	if (rc != 0)
		fprintf(stderr, "pirqsim minimize: cannot write %s: %m; give a writable path with --trail-out FILE\n",
		        o->trail_out);
	return rc;
}

int cmd_minimize(int argc, char **argv)
{
	struct minimize_options o;
	int rc = minimize_parse(&o, argc, argv);
	if (rc)
		return rc < 0 ? 0 : rc;
	pirqsim_spec *spec = NULL;
	pirqsim_model *model = NULL;
	if ((rc = open_trail("minimize", o.trail, o.json, &spec, &model)) != 0)
		return rc;
	pirqsim_error *error = pirqsim_error_new();
	pirqsim_minimized *m = error ? pirqsim_minimize(model, spec, &o.library, error) : NULL;
	rc = PIRQSIM_INPUT_ERROR;
	if (!m) {
		const char *why = error ? pirqsim_error_text(error) : "out of memory";
		if (o.json)
			print_error_json(stdout, "minimize", why);
		fprintf(stderr, "pirqsim minimize: %s: %s\n", o.trail, why);
	} else if (write_minimized(&o, m) == 0) {
		const struct pirqsim_minimize_summary *s = pirqsim_minimized_summary(m);
		rc = s->inconclusive ? PIRQSIM_INCONCLUSIVE : PIRQSIM_VIOLATED;
		if (o.json)
			print_json(&o, s);
		else if (!o.quiet)
			print_summary(&o, s);
		if (!o.json)
			printf("trail: %s (%u steps: %u to the violation%s); replay it with: pirqsim run --trail %s\n",
			       o.trail_out, s->trail_steps, s->steps_after,
			       s->trail_steps > s->steps_after ? ", then every actor runs on to quiescence" : "", o.trail_out);
	}
	pirqsim_minimized_free(m);
	pirqsim_error_free(error);
	pirqsim_model_free(model);
	pirqsim_spec_free(spec);
	return rc;
}
