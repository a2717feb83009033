/*
 * explain.c - `pirqsim explain LOG...`: reads real logs (guest dmesg,
 * QEMU's device-model log, xl dmesg) through the library's readers
 * (pirqsim_log_*), and prints the lines of this path by source with their
 * classification, the lines that look like this path but match no known
 * format, and the versions inferred with their evidence.  The search for
 * the mechanism (a conformance search of the model against the lines) is
 * not implemented yet: a failure of this path in the logs is exit 3, "not
 * explained"; none is 0; unreadable input or a usage error is 2.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "pirqsim.h"

const char explain_summary[] = "read real logs: the lines of this path, the versions they show";
const char explain_usage[] = "pirqsim explain LOG... [--kernel V] [--qemu V] [--xen V] [--all] [--quiet | --json]";
const char explain_help[] =
	"Reads each LOG (a file, or - for standard input): guest dmesg (with or without\n"
	"timestamps, journalctl -k, syslog), QEMU's device-model log (stock builds and\n"
	"XEN_PT_LOGGING_ENABLED, qemu-xen-traditional) and xl dmesg ((XEN), vcpu tags, debug\n"
	"builds' dprintk).  Prints the lines of this path (the formats the model prints) by\n"
	"source, the lines that look like this path but match no known format ('not\n"
	"understood'), and the kernel, QEMU and Xen versions with the evidence for each.\n"
	"The mechanism search is not implemented yet: a failure line is 'not explained'.\n"
	"  --kernel V            the guest's Linux release (overrides what the logs show)\n"
	"  --qemu V              the device model's release (overrides)\n"
	"  --xen V               the Xen release (overrides)\n"
	"  --all                 list the unrelated (skipped) lines too\n"
	"  --quiet               only the summary line\n"
	"  --json                one JSON object: files, records, evidence, versions, verdict\n"
	"Exit status: 0 no line shows a failure of this path, 3 a failure not explained\n"
	"(yet), 2 usage error or unreadable input.\n";

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

int cmd_explain(int argc, char **argv)
{
	enum { OPT_KERNEL = 256, OPT_QEMU, OPT_XEN, OPT_ALL, OPT_QUIET, OPT_JSON, OPT_HELP };
	static const struct option options[] = {
		{"kernel", required_argument, NULL, OPT_KERNEL}, {"qemu", required_argument, NULL, OPT_QEMU},
		{"xen", required_argument, NULL, OPT_XEN},       {"all", no_argument, NULL, OPT_ALL},
		{"quiet", no_argument, NULL, OPT_QUIET},         {"json", no_argument, NULL, OPT_JSON},
		{"help", no_argument, NULL, OPT_HELP},           {NULL, 0, NULL, 0},
	};
	const char *given[3] = {NULL, NULL, NULL};
	bool all = false, quiet = false, json = false;
	optind = 1;
	opterr = 0;
	int opt;
	while ((opt = getopt_long(argc, argv, "+", options, NULL)) != -1) {
		switch (opt) {
		case OPT_KERNEL: given[0] = optarg; break;
		case OPT_QEMU: given[1] = optarg; break;
		case OPT_XEN: given[2] = optarg; break;
		case OPT_ALL: all = true; break;
		case OPT_QUIET: quiet = true; break;
		case OPT_JSON: json = true; break;
		case OPT_HELP: print_command_help(explain_usage, explain_summary, explain_help); return 0;
		default: return usage_error("explain", "unknown or incomplete option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return usage_error("explain", "%s", "no LOG given");
	pirqsim_log *log = pirqsim_log_new();
	if (!log) {
		fprintf(stderr, "pirqsim explain: out of memory\n");
		return PIRQSIM_INPUT_ERROR;
	}
	for (int i = optind; i < argc; i++) {
		const char *path = argv[i];
		FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
		if (!in) {
			fprintf(stderr, "pirqsim explain: cannot read %s: %s\n", path, strerror(errno));
			pirqsim_log_free(log);
			return PIRQSIM_INPUT_ERROR;
		}
		size_t length = 0;
		char *text = read_all(in, &length);
		int read_errno = errno;
		if (in != stdin)
			fclose(in);
		if (!text) {
			fprintf(stderr, "pirqsim explain: cannot read %s: %s\n", path, strerror(read_errno ? read_errno : EIO));
			pirqsim_log_free(log);
			return PIRQSIM_INPUT_ERROR;
		}
		int rc = pirqsim_log_add(log, path, text, length);
		free(text);
		if (rc != 0) {
			fprintf(stderr, "pirqsim explain: %s: out of memory\n", path);
			pirqsim_log_free(log);
			return PIRQSIM_INPUT_ERROR;
		}
	}

	static const char *const components[3] = {"kernel", "qemu", "xen"};
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
	int status = failures ? 3 : 0;
	const char *verdict = failures ? "not explained" : "no failure";

	if (json) {
		printf("{\"command\":\"explain\",");
		json_field("verdict", verdict, true);
		printf("\"exit_status\":%d,\"mechanism_search\":\"not implemented yet\",", status);
		printf("\"counts\":{\"this_path\":%zu,\"failures\":%zu,\"not_understood\":%zu,\"unrelated\":%zu},",
		       classes[PIRQSIM_LOG_THIS_PATH], failures, classes[PIRQSIM_LOG_NOT_UNDERSTOOD], classes[PIRQSIM_LOG_UNRELATED]);
		printf("\"files\":[");
		for (int i = optind; i < argc; i++) {
			printf("%s{", i > optind ? "," : "");
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
		bool first = true;
		for (size_t i = 0; i < count; i++) {
			const struct pirqsim_log_record *r = pirqsim_log_record_at(log, i);
			if (r->class_ == PIRQSIM_LOG_UNRELATED && !all)
				continue;
			printf("%s{", first ? "" : ",");
			first = false;
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
		pirqsim_log_free(log);
		return status;
	}

	if (!quiet) {
		for (int i = optind; i < argc; i++)
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
				if (strcmp(e->component, components[k]) != 0)
					continue;
				printf("          %s: %s\n            %s:%u  %s\n", e->value, e->why, e->file, e->line_number, e->line);
			}
		}
		printf("\n");
		if (failures)
			printf("The search for the mechanism behind these lines is not implemented yet.\n");
	}
	printf("explain: %zu lines of this path (%zu failures), %zu not understood, %zu unrelated: %s\n",
	       classes[PIRQSIM_LOG_THIS_PATH], failures, classes[PIRQSIM_LOG_NOT_UNDERSTOOD], classes[PIRQSIM_LOG_UNRELATED],
	       verdict);
	pirqsim_log_free(log);
	return status;
}
