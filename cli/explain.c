/*
 * explain.c - `pirqsim explain LOG...`: reads real logs (guest dmesg,
 * QEMU's device-model log, xl dmesg) through the library's readers
 * (pirqsim_log_*), prints the lines of this path by source with their
 * classification, the lines that look like this path but match no known
 * format and the versions inferred with their evidence; then, when a line
 * shows a failure of this path, the answer of the conformance search
 * (pirqsim_explain): the configuration and interleaving of the model that
 * print the observed lines, the property it violates in check's words,
 * the trail (a normal trail file), the observed lines aligned to its steps,
 * the cures found by counterfactual replay, and how many configurations
 * explain the logs.  Exit 0 no failure line, 1 explained, 3 not explained
 * or a bound reached, 2 usage error or unreadable input.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "pirqsim.h"

const char explain_summary[] = "read real logs: which mechanism of the model explains them, and what cures it";
const char explain_usage[] = "pirqsim explain [--kernel V] [--qemu V] [--xen V] [--trail-out FILE] [--report FILE] [--quiet | --json] LOG...";
const char explain_help[] =
	"Reads each LOG (a file, or - for standard input): guest dmesg (with or without\n"
	"timestamps, journalctl -k, syslog), QEMU's device-model log (stock builds and\n"
	"XEN_PT_LOGGING_ENABLED, qemu-xen-traditional) and xl dmesg ((XEN), vcpu tags, debug\n"
	"builds' dprintk).  Prints the lines of this path (the formats the model prints) by\n"
	"source, the lines that look like this path but match no known format ('not\n"
	"understood'), and the kernel, QEMU and Xen versions with the evidence for each.\n"
	"When a line shows a failure of this path, searches the model for a configuration\n"
	"(the releases the logs show or allow, the devices they name) and an interleaving\n"
	"whose printed lines match the observed ones in order, per log (lines a stock build\n"
	"does not print may be missing unless the log shows one of their kind; the lines of\n"
	"a program no log was given for may be missing),\n"
	"and says which property that run violates, in check's words; the observed lines on\n"
	"its steps; what cures it (the same trail replayed on later releases and other host\n"
	"settings); how many configurations explain the logs.  When none does: 'not\n"
	"explained', with the lines no interleaving could place.\n"
	"  --kernel V            the guest's Linux release (overrides what the logs show)\n"
	"  --qemu V              the device model's release (overrides)\n"
	"  --xen V               the Xen release (overrides)\n"
	"  --trail-out FILE      where to write the matching trail (default explain.trail);\n"
	"                        replay it with pirqsim run --trail FILE\n"
	"  --report FILE         an HTML page: observed and modelled lines side by side\n"
	"  --max-states N        states searched per configuration (default 200000)\n"
	"  --max-configurations N  configurations searched (default 1000)\n"
	"  --all                 list the unrelated (skipped) lines too\n"
	"  --quiet               only the summary line\n"
	"  --json                one JSON object: files, records, evidence, versions, answer\n"
	"Exit status: 0 no line shows a failure of this path, 1 a failure explained, 3 not\n"
	"explained or a search bound reached, 2 usage error or unreadable input.\n";

static char *read_all(FILE *in, size_t *length)
{
	size_t capacity = 65536, used = 0;
	char *text = malloc(capacity);
	if (!text)
		return NULL;
	for (;;) {
		if (used == capacity) {
			char *grown = realloc(text, capacity * 2);
			if (!grown) {
				free(text);
				return NULL;
			}
			text = grown;
			capacity *= 2;
		}
		size_t n = fread(text + used, 1, capacity - used, in);
		used += n;
		if (n == 0)
			break;
	}
	if (ferror(in)) {
		free(text);
		return NULL;
	}
	*length = used;
	return text;
}

static void json_field(const char *name, const char *value, bool comma)
{
	printf("\"%s\":", name);
	cli_json_string(stdout, value);
	if (comma)
		putchar(',');
}


static int read_logs(pirqsim_log *log, int first, int argc, char **argv, bool json)
{
	for (int i = first; i < argc; i++) {
		const char *path = argv[i];
		FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
		char message[600];
		if (!in) {
			snprintf(message, sizeof(message), "cannot read %s: %s", path, strerror(errno));
			goto fail;
		}
		size_t length = 0;
		char *text = read_all(in, &length);
		int read_errno = errno;
		if (in != stdin)
			fclose(in);
		if (!text) {
			snprintf(message, sizeof(message), "cannot read %s: %s", path, strerror(read_errno ? read_errno : EIO));
			goto fail;
		}
		int rc = pirqsim_log_add(log, path, text, length);
		free(text);
		if (rc != 0) {
			snprintf(message, sizeof(message), "%s: out of memory", path);
			goto fail;
		}
		continue;
	fail:
		if (json)
			print_error_json(stdout, "explain", message);
		fprintf(stderr, "pirqsim explain: %s\n", message);
		return PIRQSIM_INPUT_ERROR;
	}
	return 0;
}

static const char *const components[3] = {"kernel", "qemu", "xen"};

/* What the whole answer is called, and its exit status. */
static const char *answer_word(const pirqsim_explanation *x)
{
	switch (pirqsim_explanation_verdict(x)) {
	case PIRQSIM_HOLDS: return "no failure";
	case PIRQSIM_VIOLATED: return "explained";
	default:
		return pirqsim_explanation_partial(x)       ? "not explained (lines the model does not print)"
		       : pirqsim_explanation_limit(x)[0] ? "not explained (search bound reached)"
		                                         : "not explained";
	}
}

static int answer_status(const pirqsim_explanation *x)
{
	enum pirqsim_verdict v = pirqsim_explanation_verdict(x);
	return v == PIRQSIM_HOLDS ? 0 : v == PIRQSIM_VIOLATED ? 1 : 3;
}

/* For one component: which of its later releases cure the trail.  "from
 * 4.10.12 on" when a release cures and every later one does too. */
static void cure_summary(const pirqsim_explanation *x, const char *component, char *out, size_t size)
{
	unsigned tried = 0, cured = 0;
	const char *first = NULL;
	bool later_all = true;
	for (unsigned i = 0; i < pirqsim_explanation_cure_count(x); i++) {
		const struct pirqsim_explain_cure *c = pirqsim_explanation_cure(x, i);
		if (strcmp(c->component, component) != 0)
			continue;
		tried++;
		cured += c->cures;
		if (c->cures && !first)
			first = c->change;
		else if (!c->cures && first)
			later_all = false;
	}
	if (!tried)
		snprintf(out, size, "no later release in the table");
	else if (!cured)
		snprintf(out, size, "none of %u later releases", tried);
	else if (later_all)
		snprintf(out, size, "from %s on", first);
	else
		snprintf(out, size, "%u of %u later releases, the first %s", cured, tried, first);
}

static void print_search(const pirqsim_explanation *x)
{
	unsigned count = pirqsim_explanation_configuration_count(x);
	uint64_t states = 0;
	double seconds = 0;
	for (unsigned i = 0; i < count; i++) {
		states += pirqsim_explanation_configuration(x, i)->states;
		seconds += pirqsim_explanation_configuration(x, i)->seconds;
	}
	printf("search: %u configurations, %llu states, %.2f s", count, (unsigned long long)states, seconds);
	if (pirqsim_explanation_limit(x)[0])
		printf("; %s", pirqsim_explanation_limit(x));
	printf("\n");
	if (count > 12) {
		/* many: how they ended, by outcome (--json lists each) */
		unsigned by[PIRQSIM_EXPLAIN_ERROR + 1] = {0};
		for (unsigned i = 0; i < count; i++)
			by[pirqsim_explanation_configuration(x, i)->outcome]++;
		printf(" ");
		for (int o = 0; o <= PIRQSIM_EXPLAIN_ERROR; o++)
			if (by[o])
				printf(" %s: %u", pirqsim_explain_outcome_name((enum pirqsim_explain_outcome)o), by[o]);
		printf(" (--json lists each)\n");
		return;
	}
	for (unsigned i = 0; i < count; i++) {
		const struct pirqsim_explain_configuration *c = pirqsim_explanation_configuration(x, i);
		printf("  %-19s %s; %s: %llu states, %u lines placed%s%s\n", pirqsim_explain_outcome_name(c->outcome),
		       c->describe, c->devices, (unsigned long long)c->states, c->lines_placed, c->note[0] ? "; " : "", c->note);
	}
}

static void print_alignment(const pirqsim_log *log, const pirqsim_explanation *x)
{
	printf("\nthe observed lines on the model's trail:\n");
	for (unsigned i = 0; i < pirqsim_explanation_alignment_count(x); i++) {
		const struct pirqsim_explain_alignment *a = pirqsim_explanation_alignment(x, i);
		if (a->record == (size_t)-1)
			continue;
		const struct pirqsim_log_record *r = pirqsim_log_record_at(log, a->record);
		printf("  step %-4u %-7s %s:%u  %s\n            model: %s\n", a->step, a->actor, r->file, r->line_number,
		       r->message, a->model_line);
	}
}

static void print_cures(const pirqsim_explanation *x)
{
	printf("\ncures (the same trail replayed on another configuration):\n");
	for (unsigned i = 0; i < pirqsim_explanation_cure_count(x); i++) {
		const struct pirqsim_explain_cure *c = pirqsim_explanation_cure(x, i);
		printf("  %-6s %-22s %-9s %s%s%s\n", c->component, c->change, c->cures ? "cures" : "no", c->label,
		       c->cures ? "" : ": ", c->cures ? "" : c->first_violation);
	}
	for (int k = 0; k < 3; k++) {
		char summary[160];
		cure_summary(x, components[k], summary, sizeof(summary));
		printf("  %s releases that cure it: %s\n", components[k], summary);
	}
}

static void print_answer(const pirqsim_log *log, const pirqsim_explanation *x, const char *trail_path)
{
	if (pirqsim_explanation_verdict(x) == PIRQSIM_HOLDS)
		return;
	print_search(x);
	int chosen = pirqsim_explanation_chosen(x);
	const pirqsim_result *r = pirqsim_explanation_result(x);
	if (pirqsim_explanation_explaining_count(x)) {
		const struct pirqsim_explain_configuration *c = pirqsim_explanation_configuration(x, (unsigned)chosen);
		if (pirqsim_explanation_partial(x))
			printf("\nnot explained: the lines of this path are explained as below, but the logs also have lines that "
			       "look like this path and that no step of the model prints (listed last)\n");
		printf("\nexplained by: %s; %s\n", c->describe, c->devices);
		print_violations(stdout, r);
		if (pirqsim_result_violation_count(r))
			printf("mechanism: %s/%s\n", pirqsim_result_violation_property(r, 0), pirqsim_result_violation_mechanism(r, 0));
		print_alignment(log, x);
		if (trail_path)
			printf("trail: %s (%u steps); replay it with: pirqsim run --trail %s\n", trail_path,
			       pirqsim_result_trail_length(r), trail_path);
		print_cures(x);
		printf("\nconfidence: %u of %u configurations explain the logs:\n", pirqsim_explanation_explaining_count(x),
		       pirqsim_explanation_configuration_count(x));
		for (unsigned i = 0; i < pirqsim_explanation_configuration_count(x); i++) {
			c = pirqsim_explanation_configuration(x, i);
			if (c->outcome == PIRQSIM_EXPLAIN_EXPLAINED)
				printf("  %s; %s%s%s\n", c->describe, c->devices, c->same_as[0] ? "; alike: " : "", c->same_as);
		}
	} else if (chosen >= 0) {
		const struct pirqsim_explain_configuration *c = pirqsim_explanation_configuration(x, (unsigned)chosen);
		printf("\nthe model prints these lines without violating a property: %s; %s\n", c->describe, c->devices);
		print_alignment(log, x);
		if (trail_path)
			printf("trail: %s (%u steps)\n", trail_path, pirqsim_result_trail_length(r));
	}
	if (pirqsim_explanation_unplaced_count(x)) {
		printf("\nlines no interleaving of any configuration could place (outside what pirqsim models):\n");
		for (unsigned i = 0; i < pirqsim_explanation_unplaced_count(x); i++) {
			const struct pirqsim_log_record *rec = pirqsim_log_record_at(log, pirqsim_explanation_unplaced(x, i));
			printf("  %s:%u  %-5s %s\n", rec->file, rec->line_number, pirqsim_log_source_name(rec->source), rec->line);
		}
	}
}

static void json_answer(const pirqsim_log *log, const pirqsim_explanation *x, const char *trail_path)
{
	unsigned count = pirqsim_explanation_configuration_count(x);
	printf("\"limit\":");
	cli_json_string(stdout, pirqsim_explanation_limit(x));
	printf(",\"lanes\":{");
	for (int l = 0; l < PIRQSIM_LOG_SOURCE_COUNT; l++) {
		bool observed;
		unsigned lines = pirqsim_explanation_lane_lines(x, (enum pirqsim_log_source)l, &observed);
		printf("%s\"%s\":{\"observed\":%s,\"lines\":%u}", l ? "," : "", pirqsim_log_source_name((enum pirqsim_log_source)l),
		       observed ? "true" : "false", lines);
	}
	printf("},\"configurations\":[");
	for (unsigned i = 0; i < count; i++) {
		const struct pirqsim_explain_configuration *c = pirqsim_explanation_configuration(x, i);
		printf("%s{", i ? "," : "");
		json_field("kernel", c->kernel, true);
		json_field("qemu", c->qemu, true);
		json_field("xen", c->xen, true);
		json_field("describe", c->describe, true);
		json_field("devices", c->devices, true);
		json_field("same_as", c->same_as, true);
		json_field("outcome", pirqsim_explain_outcome_name(c->outcome), true);
		json_field("note", c->note, true);
		printf("\"states\":%llu,\"transitions\":%llu,\"lines_placed\":%u,\"seconds\":%.3f}",
		       (unsigned long long)c->states, (unsigned long long)c->transitions, c->lines_placed, c->seconds);
	}
	printf("],\"explaining\":%u,\"partial\":%s,\"chosen\":%d", pirqsim_explanation_explaining_count(x),
	       pirqsim_explanation_partial(x) ? "true" : "false", pirqsim_explanation_chosen(x));
	const pirqsim_result *r = pirqsim_explanation_result(x);
	if (r) {
		printf(",\"mechanism\":");
		cli_json_string(stdout, pirqsim_result_violation_count(r) ? pirqsim_result_violation_mechanism(r, 0) : "");
		cli_json_violations(stdout, r);
		printf(",\"trail\":");
		if (trail_path)
			cli_json_string(stdout, trail_path);
		else
			printf("null");
		printf(",\"trail_steps\":%u", pirqsim_result_trail_length(r));
	}
	printf(",\"alignment\":[");
	for (unsigned i = 0; i < pirqsim_explanation_alignment_count(x); i++) {
		const struct pirqsim_explain_alignment *a = pirqsim_explanation_alignment(x, i);
		const struct pirqsim_log_record *rec = a->record == (size_t)-1 ? NULL : pirqsim_log_record_at(log, a->record);
		printf("%s{\"step\":%u,", i ? "," : "", a->step);
		json_field("actor", a->actor, true);
		json_field("model_line", a->model_line, true);
		json_field("printed", pirqsim_printed_name(a->printed), true);
		if (rec) {
			json_field("file", rec->file, true);
			printf("\"line_number\":%u,", rec->line_number);
			json_field("observed", rec->line, false);
		} else {
			printf("\"observed\":null");
		}
		printf("}");
	}
	printf("],\"cures\":[");
	for (unsigned i = 0; i < pirqsim_explanation_cure_count(x); i++) {
		const struct pirqsim_explain_cure *c = pirqsim_explanation_cure(x, i);
		printf("%s{", i ? "," : "");
		json_field("component", c->component, true);
		json_field("change", c->change, true);
		json_field("label", c->label, true);
		printf("\"cures\":%s,\"diverge_step\":%u,", c->cures ? "true" : "false", c->diverge_step);
		json_field("verdict", verdict_word(c->verdict), true);
		json_field("first_violation", c->first_violation, false);
		printf("}");
	}
	printf("],\"cured_by\":{");
	for (int k = 0; k < 3 && pirqsim_explanation_cure_count(x); k++) {
		char summary[160];
		cure_summary(x, components[k], summary, sizeof(summary));
		json_field(components[k], summary, k < 2);
	}
	printf("},\"unplaced\":[");
	for (unsigned i = 0; i < pirqsim_explanation_unplaced_count(x); i++) {
		const struct pirqsim_log_record *rec = pirqsim_log_record_at(log, pirqsim_explanation_unplaced(x, i));
		printf("%s{", i ? "," : "");
		json_field("file", rec->file, true);
		printf("\"line_number\":%u,", rec->line_number);
		json_field("line", rec->line, false);
		printf("}");
	}
	printf("],");
}

static void json_output(const pirqsim_log *log, const pirqsim_explanation *x, int first, int argc, char **argv,
                        const char *version[3], const char *decided_by[3], const size_t classes[], size_t failures,
                        bool all, const char *trail_path)
{
	size_t count = pirqsim_log_record_count(log);
	printf("{\"command\":\"explain\",");
	json_field("verdict", answer_word(x), true);
	printf("\"exit_status\":%d,", answer_status(x));
	json_answer(log, x, trail_path);
	printf("\"counts\":{\"this_path\":%zu,\"failures\":%zu,\"not_understood\":%zu,\"unrelated\":%zu},",
	       classes[PIRQSIM_LOG_THIS_PATH], failures, classes[PIRQSIM_LOG_NOT_UNDERSTOOD], classes[PIRQSIM_LOG_UNRELATED]);
	printf("\"files\":[");
	for (int i = first; i < argc; i++) {
		printf("%s{", i > first ? "," : "");
		json_field("file", argv[i], true);
		json_field("format", pirqsim_log_file_format(log, argv[i]), false);
		printf("}");
	}
	printf("],\"versions\":{");
	for (int k = 0; k < 3; k++) {
		printf("%s\"%s\":{", k ? "," : "", components[k]);
		json_field("value", version[k], true);
		json_field("decided_by", decided_by[k], false);
		printf("}");
	}
	printf("},\"evidence\":[");
	for (size_t i = 0; i < pirqsim_log_evidence_count(log); i++) {
		const struct pirqsim_log_evidence *e = pirqsim_log_evidence_at(log, i);
		printf("%s{", i ? "," : "");
		json_field("component", e->component, true);
		json_field("value", e->value, true);
		printf("\"banner\":%s,", e->banner ? "true" : "false");
		json_field("why", e->why, true);
		json_field("file", e->file, true);
		printf("\"line_number\":%u,", e->line_number);
		json_field("line", e->line, false);
		printf("}");
	}
	printf("],\"records\":[");
	bool first_record = true;
	for (size_t i = 0; i < count; i++) {
		const struct pirqsim_log_record *r = pirqsim_log_record_at(log, i);
		if (r->class_ == PIRQSIM_LOG_UNRELATED && !all)
			continue;
		printf("%s{", first_record ? "" : ",");
		first_record = false;
		json_field("file", r->file, true);
		printf("\"line_number\":%u,", r->line_number);
		json_field("source", pirqsim_log_source_name(r->source), true);
		json_field("class", pirqsim_log_class_name(r->class_), true);
		printf("\"failure\":%s,", r->failure ? "true" : "false");
		json_field("prefix", r->prefix, true);
		json_field("message", r->message, true);
		json_field("device", r->device, true);
		json_field("function", r->function, true);
		printf("\"domain\":%d,\"vcpu\":%d,", r->domain, r->vcpu);
		json_field("format", r->format ? r->format : "", false);
		printf("}");
	}
	printf("]}\n");
}

static void print_lines(const pirqsim_log *log, int first, int argc, char **argv, const char *version[3],
                        const char *decided_by[3], const size_t classes[], bool all)
{
	size_t count = pirqsim_log_record_count(log);
	for (int i = first; i < argc; i++)
		printf("%s: %s\n", argv[i], pirqsim_log_file_format(log, argv[i]));
	for (int s = 0; s < PIRQSIM_LOG_SOURCE_COUNT; s++) {
		bool header = false;
		for (size_t i = 0; i < count; i++) {
			const struct pirqsim_log_record *r = pirqsim_log_record_at(log, i);
			if (r->source != (enum pirqsim_log_source)s || r->class_ != PIRQSIM_LOG_THIS_PATH)
				continue;
			if (!header)
				printf("\n%s, lines of this path:\n", pirqsim_log_source_name((enum pirqsim_log_source)s));
			header = true;
			printf("  %s:%u  %-7s %s%s%s\n", r->file, r->line_number, r->failure ? "failure" : "ok",
			       r->device[0] ? r->device : "", r->device[0] ? "  " : "", r->message);
		}
	}
	if (classes[PIRQSIM_LOG_NOT_UNDERSTOOD]) {
		printf("\nnot understood (look like this path, match no format pirqsim knows):\n");
		for (size_t i = 0; i < count; i++) {
			const struct pirqsim_log_record *r = pirqsim_log_record_at(log, i);
			if (r->class_ == PIRQSIM_LOG_NOT_UNDERSTOOD)
				printf("  %s:%u  %-5s %s\n", r->file, r->line_number, pirqsim_log_source_name(r->source), r->line);
		}
	}
	if (all && classes[PIRQSIM_LOG_UNRELATED]) {
		printf("\nunrelated (skipped):\n");
		for (size_t i = 0; i < count; i++) {
			const struct pirqsim_log_record *r = pirqsim_log_record_at(log, i);
			if (r->class_ == PIRQSIM_LOG_UNRELATED)
				printf("  %s:%u  %s\n", r->file, r->line_number, r->line);
		}
	}
	printf("\nversions:\n");
	for (int k = 0; k < 3; k++) {
		printf("  %-7s %s (%s)\n", components[k], version[k][0] ? version[k] : "unknown", decided_by[k]);
		for (size_t i = 0; i < pirqsim_log_evidence_count(log); i++) {
			const struct pirqsim_log_evidence *e = pirqsim_log_evidence_at(log, i);
			if (strcmp(e->component, components[k]) == 0)
				printf("          %s: %s\n            %s:%u  %s\n", e->value, e->why, e->file, e->line_number, e->line);
		}
	}
	printf("\n");
}

struct explain_args {
	struct pirqsim_explain_options search;
	const char *trail_out, *report;
	bool all, quiet, json;
};

/* The options; 0, or the usage error's exit status, or -1 after --help. */
static int explain_parse(int argc, char **argv, struct explain_args *a)
{
	enum { OPT_KERNEL = 256, OPT_QEMU, OPT_XEN, OPT_ALL, OPT_QUIET, OPT_JSON, OPT_HELP, OPT_TRAIL_OUT, OPT_REPORT,
	       OPT_MAX_STATES, OPT_MAX_CONFIGURATIONS };
	static const struct option options[] = {
		{"kernel", required_argument, NULL, OPT_KERNEL}, {"qemu", required_argument, NULL, OPT_QEMU},
		{"xen", required_argument, NULL, OPT_XEN},       {"all", no_argument, NULL, OPT_ALL},
		{"quiet", no_argument, NULL, OPT_QUIET},         {"json", no_argument, NULL, OPT_JSON},
		{"trail-out", required_argument, NULL, OPT_TRAIL_OUT}, {"report", required_argument, NULL, OPT_REPORT},
		{"max-states", required_argument, NULL, OPT_MAX_STATES},
		{"max-configurations", required_argument, NULL, OPT_MAX_CONFIGURATIONS},
		{"help", no_argument, NULL, OPT_HELP},           {NULL, 0, NULL, 0},
	};
	pirqsim_explain_options_init(&a->search);
	a->trail_out = "explain.trail";
	long value;
	optind = 1;
	opterr = 0;
	int opt;
	while ((opt = getopt_long(argc, argv, "+", options, NULL)) != -1) {
		switch (opt) {
		case OPT_KERNEL: a->search.kernel = optarg; break;
		case OPT_QEMU: a->search.qemu = optarg; break;
		case OPT_XEN: a->search.xen = optarg; break;
		case OPT_ALL: a->all = true; break;
		case OPT_QUIET: a->quiet = true; break;
		case OPT_JSON: a->json = true; break;
		case OPT_TRAIL_OUT: a->trail_out = optarg; break;
		case OPT_REPORT: a->report = optarg; break;
		case OPT_MAX_STATES:
			if (!parse_long(optarg, 1, 100000000, &value))
				return usage_error("explain", "--max-states wants a number from 1 to 100000000, not '%s'", optarg);
			a->search.states_max = (uint64_t)value;
			break;
		case OPT_MAX_CONFIGURATIONS:
			if (!parse_long(optarg, 1, 100000, &value))
				return usage_error("explain", "--max-configurations wants a number from 1 to 100000, not '%s'", optarg);
			a->search.configurations_max = (unsigned)value;
			break;
		case OPT_HELP: print_command_help(explain_usage, explain_summary, explain_help); return -1;
		default: return usage_error("explain", "unknown or incomplete option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return usage_error("explain", "%s", "no LOG given");
	return 0;
}

int cmd_explain(int argc, char **argv)
{
	struct explain_args args = {0};
	int parsed = explain_parse(argc, argv, &args);
	if (parsed != 0)
		return parsed < 0 ? 0 : parsed;
	struct pirqsim_explain_options eo = args.search;
	const char *trail_out = args.trail_out, *report = args.report;
	bool all = args.all, quiet = args.quiet, json = args.json;
	pirqsim_log *log = pirqsim_log_new();
	if (!log) {
		fprintf(stderr, "pirqsim explain: out of memory\n");
		return PIRQSIM_INPUT_ERROR;
	}
	int status = read_logs(log, optind, argc, argv, json);
	if (status != 0) {
		pirqsim_log_free(log);
		return status;
	}
	const char *given[3] = {eo.kernel, eo.qemu, eo.xen};
	const char *version[3];
	const char *decided_by[3];
	for (int k = 0; k < 3; k++) {
		version[k] = given[k] ? given[k] : pirqsim_log_version(log, components[k]);
		decided_by[k] = given[k] ? "given on the command line" : version[k][0] ? pirqsim_log_version_basis(log, components[k]) : "nothing";
	}
	size_t count = pirqsim_log_record_count(log), classes[PIRQSIM_LOG_CLASS_COUNT] = {0}, failures = 0;
	for (size_t i = 0; i < count; i++) {
		const struct pirqsim_log_record *r = pirqsim_log_record_at(log, i);
		classes[r->class_]++;
		failures += r->class_ == PIRQSIM_LOG_THIS_PATH && r->failure;
	}

	cli_catch_interrupts();
	eo.stop = &cli_interrupted;
	pirqsim_error *error = pirqsim_error_new();
	pirqsim_explanation *x = error ? pirqsim_explain(log, &eo, error) : NULL;
	if (!x) {
		const char *message = error ? pirqsim_error_text(error) : "out of memory";
		if (json)
			print_error_json(stdout, "explain", message);
		fprintf(stderr, "pirqsim explain: %s\n", message);
		pirqsim_error_free(error);
		pirqsim_log_free(log);
		return PIRQSIM_INPUT_ERROR;
	}
	pirqsim_error_free(error);
	status = answer_status(x);
	const pirqsim_result *r = pirqsim_explanation_result(x);
	const char *trail_path = r && pirqsim_result_trail_length(r) ? trail_out : NULL;
	if (trail_path && write_result_trail(r, trail_path) != 0) {
		fprintf(stderr, "pirqsim explain: cannot write %s: %s\n", trail_path, strerror(errno));
		status = PIRQSIM_INPUT_ERROR;
	}
	if (report && report_explain(report, log, x, trail_path, argc - optind, argv + optind) != 0) {
		fprintf(stderr, "pirqsim explain: cannot write %s: %s\n", report, strerror(errno));
		status = PIRQSIM_INPUT_ERROR;
	}
	if (json) {
		json_output(log, x, optind, argc, argv, version, decided_by, classes, failures, all, trail_path);
	} else {
		if (!quiet) {
			print_lines(log, optind, argc, argv, version, decided_by, classes, all);
			print_answer(log, x, trail_path);
		}
		printf("explain: %zu lines of this path (%zu failures), %zu not understood, %zu unrelated: %s\n",
		       classes[PIRQSIM_LOG_THIS_PATH], failures, classes[PIRQSIM_LOG_NOT_UNDERSTOOD],
		       classes[PIRQSIM_LOG_UNRELATED], answer_word(x));
	}
	pirqsim_explanation_free(x);
	pirqsim_log_free(log);
	return status;
}
