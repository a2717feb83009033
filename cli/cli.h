/*
 * cli.h - helpers shared by the command files of the pirqsim command line,
 * and the help texts of the commands that live outside main.c.
 */
#ifndef PIRQSIM_CLI_H
#define PIRQSIM_CLI_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "pirqsim.h"

bool parse_long(const char *text, long low, long high, long *out);
bool parse_size(const char *text, uint64_t *out);
/* --shard I/N (0 <= I < N <= 100000): 0, or the usage error's exit status. */
int parse_shard(const char *command, const char *text, unsigned *index, unsigned *count);
/* Prints "pirqsim COMMAND: <format with argument>" and the --help hint to
 * stderr; returns PIRQSIM_INPUT_ERROR. */
int usage_error(const char *command, const char *format, const char *argument);
/* The same layout as `pirqsim COMMAND --help` for commands of the table. */
void print_command_help(const char *usage, const char *summary, const char *help);
/* mkdir -p; 0 or -1 with errno. */
int make_directories(const char *path);

/*
 * Every file the command line writes goes through output_open ..
 * output_close (output.c).  "-" is standard output.  A regular file, or a
 * path that does not exist yet, is written under a temporary name in its
 * directory and renamed over `path` once whole, so that no reader ever
 * sees half of it.  Anything else (a device such as /dev/null, a FIFO, a
 * symbolic link, by lstat) is opened and written straight through, never
 * replaced.  Each returns 0, or -1 with errno: the caller says which path
 * it could not write, with strerror, and exits with PIRQSIM_INPUT_ERROR.
 */
struct output {
	FILE *file;             /* write here */
	const char *path;
	bool is_stdout;
	char temporary[4200];   /* renamed over `path` by output_close, or "" */
};
int output_open(struct output *out, const char *path);
/* Flush and close; any write, flush or close error (a full disk shows
 * here) is the result, and the temporary file is removed. */
int output_close(struct output *out);
/* `length` bytes of `text` to `path`, the same way. */
int write_output(const char *path, const char *text, size_t length);
/* The trail of `r` as YAML (pirqsim_result_trail_yaml) to `path`. */
int write_result_trail(const pirqsim_result *r, const char *path);

/* --linux-src DIR / --real-object FILE (real.c): build the tree's MSI-path
 * functions into an object (cached) or load the one given, and make `model`
 * run it as its guest.  0, or the exit status having said why. */
int cli_use_real_guest(const char *command, const char *linux_src, const char *object, pirqsim_model *model);
/* --qemu-src DIR: QEMU's real xen_pt MSI/MSI-X code as the device model
 * (after cli_use_real_guest, or alone under the modelled guest). */
int cli_use_real_qemu(const char *command, const char *qemu_src, bool differential, pirqsim_model *model);
/* The release of the Linux tree DIR from its top Makefile ("4.10.0"), or
 * false. */
bool cli_tree_release(const char *dir, char *out, size_t size);
/* The release of the QEMU tree DIR from its VERSION file ("7.2.22"), or false. */
bool cli_qemu_tree_release(const char *dir, char *out, size_t size);

/* `pirqsim check ARGS` with `check` in place of pirqsim_check (pirqsim-mpi:
 * the distributed search).  Not `primary`: no output, no trail file; the
 * verdict is the exit status. */
typedef pirqsim_result *(*cli_check_fn)(const pirqsim_model *model, const struct pirqsim_check_options *options);
int cli_check(int argc, char **argv, cli_check_fn check, bool primary);

/* SIGINT and SIGTERM stop a search cleanly: the handler only sets
 * cli_interrupted (the signal) and is reset by its first signal, so a
 * second Ctrl-C kills at once.  The searches poll it through
 * pirqsim_check_options.stop / pirqsim_cells_options.stop. */
extern volatile sig_atomic_t cli_interrupted;
void cli_catch_interrupts(void);
const char *cli_interrupt_name(void); /* "SIGINT", "SIGTERM" */
/* matrix, advise, bisect: run the cells with interrupts caught; then the
 * exit status, 3 (inconclusive, said on stderr) once interrupted. */
void cli_cells_run(pirqsim_cells *cells, const struct pirqsim_cells_options *options);
/* What cli_cells_run runs the cells with: pirqsim_cells_run, or
 * pirqsim-mpi's runner (every rank its shard, rank 0 gathers them).
 * cli_secondary: this process is not the one that reports (an MPI rank
 * other than 0): no trail files. */
typedef void (*cli_cells_fn)(pirqsim_cells *cells, const struct pirqsim_cells_options *options);
extern cli_cells_fn cli_cells_runner;
extern bool cli_secondary;
int cli_cells_status(const char *command, int status);

/* Commands outside main.c: name, summary, usage and help for the table. */
int cmd_matrix(int argc, char **argv);
int cmd_advise(int argc, char **argv);
int cmd_bisect(int argc, char **argv);
extern const char matrix_summary[], matrix_usage[], matrix_help[];
extern const char advise_summary[], advise_usage[], advise_help[];
extern const char bisect_summary[], bisect_usage[], bisect_help[];

/* ---- issue 4: output, exports, minimisation, report (output.c, replay.c,
 * report.c) ---- */
enum cli_paint { PAINT_RESET = 0, PAINT_RED, PAINT_GREEN, PAINT_YELLOW, PAINT_DIM };
/* Colours only on a terminal, never with NO_COLOR set (no-color.org). */
bool cli_color(FILE *stream);
const char *cli_paint(FILE *stream, enum cli_paint paint); /* "" when no colour */
/* `s` as a JSON string with its quotes, and as HTML text (pirqsim_json_string,
 * pirqsim_html_text); NULL is "" and nothing. */
void cli_json_string(FILE *out, const char *s);
void cli_html_text(FILE *out, const char *s);
const char *verdict_word(enum pirqsim_verdict verdict);  /* "holds", "violated", ... */
/* The command line's exit status for a result: its verdict, or
 * PIRQSIM_DEGRADED when only vectors-granted is violated. */
int cli_exit_status(const pirqsim_result *r);
/* The "violated:" (or "degraded:") and "then:" lines of a result, coloured
 * on a terminal, and how many more it did not keep. */
void print_violations(FILE *out, const pirqsim_result *r);
/* Print `text` wrapped at `width` columns, continuation lines indented. */
void print_wrapped(FILE *out, const char *text, unsigned width, const char *first, const char *rest);
/* The same, never wider than `width`: a longer word is broken after a '/', ',' or '_'. */
void print_wrapped_strict(FILE *out, const char *text, unsigned width, const char *first, const char *rest);
void print_result_json(FILE *out, const char *command, const pirqsim_result *r, const char *trail_path,
                       const char *extra);
/* ",\"violations\":[...]" of a result, as print_result_json writes it. */
void cli_json_violations(FILE *out, const pirqsim_result *r);
void print_error_json(FILE *out, const char *command, const char *message);
char *read_file_text(const char *path, size_t *length);

int cmd_replay(int argc, char **argv);
int cmd_minimize(int argc, char **argv);
int cmd_report(int argc, char **argv);
extern const char replay_summary[], replay_usage[], replay_help[];
extern const char minimize_summary[], minimize_usage[], minimize_help[];
extern const char report_summary[], report_usage[], report_help[];
extern const char explain_summary[], explain_usage[], explain_help[];
int cmd_explain(int argc, char **argv);
/* explain --report FILE: the answer with the observed and modelled lines
 * side by side (report.c); 0 or -1 with errno. */
int report_explain(const char *path, const pirqsim_log *log, const pirqsim_explanation *explanation,
                   const char *trail_path, int files, char **names);

#endif
