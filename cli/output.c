/*
 * output.c - where the command line's output goes and how it looks: the one
 * way every output file is written (output_open .. output_close), colours
 * (only on a terminal, never with NO_COLOR set and not empty:
 * https://no-color.org), JSON strings and HTML text on a FILE (the
 * library's escapers, pirqsim.h) and the one JSON object that --json prints
 * for a result.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* ---- output files -------------------------------------------------------------- */

/* The process's file creation mask, to give a temporary file the mode that
 * fopen would have given the file (mkstemp makes it 0600).  No thread is
 * running while the command line writes its output. */
static mode_t creation_mode(void)
{
	mode_t mask = umask(0);
	umask(mask);
	return 0666 & ~mask;
}

/* A new file beside `path`, to be renamed over it once whole. */
static int open_temporary(struct output *out)
{
	if ((size_t)snprintf(out->temporary, sizeof(out->temporary), "%s.XXXXXX", out->path) >= sizeof(out->temporary)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	int fd = mkostemp(out->temporary, O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fchmod(fd, creation_mode()) == 0 && (out->file = fdopen(fd, "w")))
		return 0;
	int saved = errno;
	close(fd);
	unlink(out->temporary);
	errno = saved;
	return -1;
}

int output_open(struct output *out, const char *path)
{
	*out = (struct output){.path = path};
	if (strcmp(path, "-") == 0) {
		out->file = stdout;
		out->is_stdout = true;
		return 0;
	}
	struct stat st;
	int found = lstat(path, &st);
	if (found != 0 && errno != ENOENT)
		return -1;
	if (found != 0 || S_ISREG(st.st_mode))
		return open_temporary(out);
	out->file = fopen(path, "w"); /* a device, a FIFO, a link: written through */
	return out->file ? 0 : -1;
}

/* errno, or EIO when the failing call left none. */
static int error_number(void) { return errno ? errno : EIO; }

int output_close(struct output *out)
{
	/* A write that failed left ferror() set and, most likely, its errno. */
	int error = ferror(out->file) ? error_number() : 0;
	errno = 0;
	int closed = out->is_stdout ? fflush(out->file) : fclose(out->file);
	if (closed != 0 && !error)
		error = error_number();
	out->file = NULL;
	if (out->temporary[0] && !error && rename(out->temporary, out->path) != 0)
		error = errno;
	if (out->temporary[0] && error)
		unlink(out->temporary);
	errno = error;
	return error ? -1 : 0;
}

int write_output(const char *path, const char *text, size_t length)
{
	struct output out;
	if (output_open(&out, path) != 0)
		return -1;
	fwrite(text, 1, length, out.file);
	return output_close(&out);
}

int write_result_trail(const pirqsim_result *r, const char *path)
{
	size_t need = pirqsim_result_trail_yaml(r, NULL, 0) + 1;
	char *text = malloc(need);
	if (!text)
		return -1;
	pirqsim_result_trail_yaml(r, text, need);
	int rc = write_output(path, text, strlen(text));
	int saved = errno;
	free(text);
	errno = saved;
	return rc;
}

/* ---- how it looks ------------------------------------------------------------------ */

/* Word-wrap `text` to `width` columns, `first` before the first line and
 * `rest` before the others.  A word longer than a line stays whole, unless
 * `strict`: then no line is ever wider than `width`, and such a word (a
 * trail path, a knob list) is broken after its last '/', ',' or '_' that
 * fits, or at the edge. */
static void wrap(FILE *out, const char *text, unsigned width, const char *first, const char *rest, bool strict)
{
	const char *indent = first;
	while (*text) {
		size_t room = width > strlen(indent) ? width - strlen(indent) : 1;
		size_t length = strlen(text);
		if (length > room) {
			size_t cut = room;
			while (cut > 0 && text[cut] != ' ')
				cut--;
			length = cut ? cut : strict ? room : strcspn(text, " ");
			for (size_t k = room; strict && !cut && k > 0; k--)
				if (strchr("/,_", text[k - 1])) {
					length = k;
					break;
				}
		}
		fprintf(out, "%s%.*s\n", indent, (int)length, text);
		text += length;
		while (*text == ' ')
			text++;
		indent = rest;
	}
}

void print_wrapped(FILE *out, const char *text, unsigned width, const char *first, const char *rest)
{
	wrap(out, text, width, first, rest, false);
}

void print_wrapped_strict(FILE *out, const char *text, unsigned width, const char *first, const char *rest)
{
	wrap(out, text, width, first, rest, true);
}

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

int cli_exit_status(const pirqsim_result *r)
{
	return pirqsim_result_degraded(r) ? PIRQSIM_DEGRADED : (int)pirqsim_result_verdict(r);
}

void print_violations(FILE *out, const pirqsim_result *r)
{
	unsigned n = pirqsim_result_violation_count(r);
	bool degraded = pirqsim_result_degraded(r);
	for (unsigned i = 0; i < n; i++)
		fprintf(out, "%s%s %s: %s (after step %u)%s\n", cli_paint(out, degraded ? PAINT_YELLOW : PAINT_RED),
		        i == 0 ? (degraded ? "degraded:" : "violated:") : "    then:", pirqsim_result_violation_property(r, i),
		        pirqsim_result_violation_text(r, i), pirqsim_result_violation_step(r, i), cli_paint(out, PAINT_RESET));
	if (pirqsim_result_violations_omitted(r))
		fprintf(out, "    and %u more violations along the trail, not kept (a result keeps %u); replay the trail with "
		        "--json for the first %u\n", pirqsim_result_violations_omitted(r), n, n);
}

void cli_json_violations(FILE *out, const pirqsim_result *r)
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
	        pirqsim_result_degraded(r) ? "degraded" : verdict_word(pirqsim_result_verdict(r)), cli_exit_status(r));
	cli_json_string(out, pirqsim_result_limit(r));
	fprintf(out,
	        ",\"statistics\":{\"states_stored\":%llu,\"states_matched\":%llu,\"transitions\":%llu,\"depth_max\":%u,"
	        "\"seconds\":%.3f,\"memory_bytes\":%llu,\"omission_probability\":%g,\"states_reduced\":%llu}",
	        (unsigned long long)s->states_stored, (unsigned long long)s->states_matched,
	        (unsigned long long)s->transitions, s->depth_max, s->seconds, (unsigned long long)s->memory_bytes,
	        s->omission_probability, (unsigned long long)s->states_reduced);
	if (pirqsim_result_snapshot_bytes(r) > 0)
		fprintf(out, ",\"real_code\":{\"schedules\":%.6g,\"state_bytes\":%llu,\"divergence\":%s}",
		        pirqsim_result_schedules(r), (unsigned long long)pirqsim_result_snapshot_bytes(r),
		        pirqsim_result_divergence(r) ? "true" : "false");
	cli_json_violations(out, r);
	fputs(",\"trail\":", out);
	if (trail_path)
		cli_json_string(out, trail_path);
	else
		fputs("null", out);
	fprintf(out, ",\"violations_omitted\":%u,\"trail_steps\":%u%s}\n", pirqsim_result_violations_omitted(r),
	        pirqsim_result_trail_length(r), extra ? extra : "");
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
