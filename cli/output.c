/*
 * output.c - how the command line looks: colours (only on a terminal, never
 * with NO_COLOR set and not empty: https://no-color.org), JSON strings and
 * HTML text on a FILE (the library's escapers, pirqsim.h) and the one JSON
 * object that --json prints for a result.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

bool cli_color(FILE *stream)
{
	const char *no_color = getenv("NO_COLOR");
	if (no_color && no_color[0])
		return false;
	const char *term = getenv("TERM");
	if (term && strcmp(term, "dumb") == 0)
		return false;
	return isatty(fileno(stream)) == 1;
}

const char *cli_paint(FILE *stream, enum cli_paint paint)
{
	static const char *const codes[] = {"\033[0m", "\033[1;31m", "\033[1;32m", "\033[1;33m", "\033[2m"};
	return cli_color(stream) ? codes[paint] : "";
}

/* fwrite as a pirqsim_write_fn, so that the library's escapers write to a
 * FILE; a short write shows in ferror(), where the writers look. */
static void write_to_file(const char *bytes, size_t length, void *file) { fwrite(bytes, 1, length, file); }

void cli_json_string(FILE *out, const char *s) { pirqsim_json_string(s, write_to_file, out); }

void cli_html_text(FILE *out, const char *s) { pirqsim_html_text(s, write_to_file, out); }

const char *verdict_word(enum pirqsim_verdict verdict)
{
	switch (verdict) {
	case PIRQSIM_HOLDS: return "holds";
	case PIRQSIM_VIOLATED: return "violated";
	case PIRQSIM_INCONCLUSIVE: return "inconclusive";
	default: return "error";
	}
}

static void json_violations(FILE *out, const pirqsim_result *r)
{
	fputs(",\"violations\":[", out);
	for (unsigned i = 0; i < pirqsim_result_violation_count(r); i++) {
		fprintf(out, "%s{\"property\":", i ? "," : "");
		cli_json_string(out, pirqsim_result_violation_property(r, i));
		fputs(",\"device\":", out);
		cli_json_string(out, pirqsim_result_violation_device(r, i));
		fprintf(out, ",\"vector\":%d,\"pirq\":%d,\"step\":%u,\"text\":", pirqsim_result_violation_vector(r, i),
		        pirqsim_result_violation_pirq(r, i), pirqsim_result_violation_step(r, i));
		cli_json_string(out, pirqsim_result_violation_text(r, i));
		fputc('}', out);
	}
	fputc(']', out);
}

/* {"command", "verdict", "limit", "statistics", "violations", "trail",
 *  "trail_steps"} then `extra` (",\"key\":value..." or NULL), one line. */
void print_result_json(FILE *out, const char *command, const pirqsim_result *r, const char *trail_path,
                       const char *extra)
{
	const struct pirqsim_progress *s = pirqsim_result_statistics(r);
	fprintf(out, "{\"command\":\"%s\",\"verdict\":\"%s\",\"exit_status\":%d,\"limit\":", command,
	        verdict_word(pirqsim_result_verdict(r)), (int)pirqsim_result_verdict(r));
	cli_json_string(out, pirqsim_result_limit(r));
	fprintf(out,
	        ",\"statistics\":{\"states_stored\":%llu,\"states_matched\":%llu,\"transitions\":%llu,\"depth_max\":%u,"
	        "\"seconds\":%.3f,\"memory_bytes\":%llu,\"omission_probability\":%g,\"states_reduced\":%llu}",
	        (unsigned long long)s->states_stored, (unsigned long long)s->states_matched,
	        (unsigned long long)s->transitions, s->depth_max, s->seconds, (unsigned long long)s->memory_bytes,
	        s->omission_probability, (unsigned long long)s->states_reduced);
	json_violations(out, r);
	fputs(",\"trail\":", out);
	if (trail_path)
		cli_json_string(out, trail_path);
	else
		fputs("null", out);
	fprintf(out, ",\"trail_steps\":%u%s}\n", pirqsim_result_trail_length(r), extra ? extra : "");
}

/* The same for an error before any result: what to do next is in `message`. */
void print_error_json(FILE *out, const char *command, const char *message)
{
	fprintf(out, "{\"command\":\"%s\",\"verdict\":\"error\",\"exit_status\":2,\"error\":", command);
	cli_json_string(out, message);
	fputs("}\n", out);
}

/* Read a whole file into a NUL-terminated buffer (free it); NULL on error. */
char *read_file_text(const char *path, size_t *length)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t capacity = 1 << 16, n = 0;
	char *text = malloc(capacity);
	while (text) {
		n += fread(text + n, 1, capacity - n - 1, f);
		if (n < capacity - 1)
			break;
		char *grown = realloc(text, capacity * 2);
		if (!grown)
			free(text);
		text = grown;
		capacity *= 2;
	}
	bool bad = ferror(f);
	fclose(f);
	if (!text || bad) {
		free(text);
		return NULL;
	}
	text[n] = '\0';
	if (length)
		*length = n;
	return text;
}
