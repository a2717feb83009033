/*
 * common.c - helpers shared by the command files (moved from main.c).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

bool parse_long(const char *text, long low, long high, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(text, &end, 10);
	if (errno || end == text || *end || v < low || v > high)
		return false;
	*out = v;
	return true;
}

bool parse_size(const char *text, uint64_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(text, &end, 10);
	if (errno || end == text || text[0] == '-')
		return false;
	uint64_t unit = 1;
	if (*end == 'K' || *end == 'k') unit = 1ull << 10, end++;
	else if (*end == 'M' || *end == 'm') unit = 1ull << 20, end++;
	else if (*end == 'G' || *end == 'g') unit = 1ull << 30, end++;
	if (*end || v == 0 || v > (1ull << 42) / unit)
		return false;
	*out = v * unit;
	return true;
}

int parse_shard(const char *command, const char *text, unsigned *index, unsigned *count)
{
	unsigned shard_index, shard_count;
	char tail;
	if (sscanf(text, "%u/%u%c", &shard_index, &shard_count, &tail) != 2 || shard_count == 0 || shard_count > 100000 ||
	    shard_index >= shard_count)
		return usage_error(command, "--shard takes I/N with 0 <= I < N (e.g. 0/4), got '%s'", text);
	*index = shard_index;
	*count = shard_count;
	return 0;
}

int usage_error(const char *command, const char *format, const char *argument)
{
	fprintf(stderr, "pirqsim %s: ", command);
	fprintf(stderr, format, argument);
	fprintf(stderr, "\n(see `pirqsim %s --help`)\n", command);
	return PIRQSIM_INPUT_ERROR;
}

void print_command_help(const char *usage, const char *summary, const char *help)
{
	printf("usage: %s\n\n%s\n%s", usage, summary, help);
}

int make_directories(const char *path)
{
	char partial[4096];
	size_t length = strlen(path);
	if (length == 0 || length >= sizeof(partial)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (size_t i = 1; i <= length; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		snprintf(partial, sizeof(partial), "%.*s", (int)i, path);
		if (mkdir(partial, 0777) != 0 && errno != EEXIST)
			return -1;
	}
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
	return 0;
}

/* ---- interrupts ------------------------------------------------------------ */

volatile sig_atomic_t cli_interrupted;

static void on_interrupt(int signal_number) { cli_interrupted = signal_number; }

void cli_catch_interrupts(void)
{
	struct sigaction action;
	memset(&action, 0, sizeof(action));
	action.sa_handler = on_interrupt;
	action.sa_flags = SA_RESETHAND; /* the next one of the same signal kills, as pan's */
	sigemptyset(&action.sa_mask);
	sigaction(SIGINT, &action, NULL);
	sigaction(SIGTERM, &action, NULL);
}

const char *cli_interrupt_name(void)
{
	return cli_interrupted == SIGTERM ? "SIGTERM" : cli_interrupted == SIGINT ? "SIGINT" : "a signal";
}

cli_cells_fn cli_cells_runner = pirqsim_cells_run;
bool cli_secondary;

void cli_cells_run(pirqsim_cells *cells, const struct pirqsim_cells_options *options)
{
	struct pirqsim_cells_options o = *options;
	cli_catch_interrupts();
	o.stop = &cli_interrupted;
	cli_cells_runner(cells, &o);
}

int cli_cells_status(const char *command, int status)
{
	if (!cli_interrupted)
		return status;
	fprintf(stderr, "pirqsim %s: interrupted by %s: the cells it stopped or did not start are inconclusive\n",
	        command, cli_interrupt_name());
	return status == PIRQSIM_INPUT_ERROR ? status : PIRQSIM_INCONCLUSIVE;
}
