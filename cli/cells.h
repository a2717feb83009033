/*
 * cells.h - what matrix, advise and bisect share (cells.c): their common
 * options, the axes of a matrix of cells run by the library, what a
 * cell's checks found, and the trails written to a directory.
 */
#ifndef PIRQSIM_CLI_CELLS_H
#define PIRQSIM_CLI_CELLS_H

#include <stdio.h>

#include "pirqsim.h"

enum format { FORMAT_TEXT = 0, FORMAT_MD, FORMAT_MAIL, FORMAT_HTML, FORMAT_JSON };

/* Options common to matrix, advise and bisect. */
struct run_options {
	const char *command;
	const char *workload;   /* comma list or NULL */
	const char *trail_dir;
	char knobs[160];        /* "name=value,..." applied to every cell */
	enum format format;
	bool format_set;        /* --format or --json given */
	bool quiet;             /* --quiet: the verdict lines only */
	struct pirqsim_cells_options cells;
	unsigned shard_index, shard_count; /* matrix --shard I/N: cell k iff k % N == I; 0/0 = all */
};

struct matrix {
	char **kernels, **qemus, **xens; /* qemus NULL: each Xen's bundled device model */
	unsigned kernel_count, qemu_count, xen_count;
	unsigned column_count;           /* xen_count * max(qemu_count, 1) */
	pirqsim_cells *cells;            /* cell (k, c) is k * column_count + c */
};

/* Parse one option shared by the run commands; returns 1 if `opt` is not
 * one of them, 0 when handled, or an exit status. */
int run_option(struct run_options *o, int opt, const char *arg);
void run_options_init(struct run_options *o, const char *command);
/* getopt_long entries for the shared options (terminated by a zero entry
 * after the command's own, see RUN_OPTIONS). */
enum { OPT_R_WORKLOAD = 512, OPT_R_TRAIL_DIR, OPT_R_KNOB, OPT_R_FORMAT, OPT_R_JOBS, OPT_R_MEMORY, OPT_R_HASH,
       OPT_R_TIME, OPT_R_HELP, OPT_R_JSON, OPT_R_QUIET };
#define RUN_OPTIONS                                                                                     \
	{"workload", required_argument, 0, OPT_R_WORKLOAD}, {"trail-dir", required_argument, 0, OPT_R_TRAIL_DIR}, \
	{"knob", required_argument, 0, OPT_R_KNOB}, {"format", required_argument, 0, OPT_R_FORMAT},          \
	{"jobs", required_argument, 0, OPT_R_JOBS}, {"memory-max", required_argument, 0, OPT_R_MEMORY},       \
	{"hash-compact", no_argument, 0, OPT_R_HASH}, {"time-max", required_argument, 0, OPT_R_TIME},         \
	{"help", no_argument, 0, OPT_R_HELP}, {"json", no_argument, 0, OPT_R_JSON},                        \
	{"quiet", no_argument, 0, OPT_R_QUIET}
#define RUN_OPTIONS_HELP                                                                                \
	"  --workload LIST       sub-checks of every cell (default: all; see below)\n"                  \
	"  --knob NAME=VALUE     set a knob in every cell (repeatable)\n"                               \
	"  --jobs N              cells checked in parallel (default: online CPUs)\n"                    \
	"  --memory-max SIZE     state store of one cell (default 1G / jobs); a cell whose store\n"     \
	"                        fills is checked again with hash compaction\n"                         \
	"  --hash-compact        hash compaction from the start\n"                                     \
	"  --time-max SECONDS    per sub-check; past it the cell is inconclusive\n"                      \
	"  --json                the same as --format json: one JSON object\n"                         \
	"  --quiet               only the verdict lines (matrix: one line per cell)\n"                 \
	"  --trail-dir DIR       where the trails go, one file per cell and sub-check\n"

/* Axes from lists (qemus may be NULL); prints the error and returns an exit
 * status on bad names. */
int matrix_axes(struct matrix *m, const char *command, const char *kernels, const char *qemus, const char *xens);
void matrix_free(struct matrix *m);
const char *matrix_column_qemu(const struct matrix *m, unsigned column); /* NULL = bundled */
const char *matrix_column_xen(const struct matrix *m, unsigned column);

/* Write the trail of every violated sub-check of every cell under `dir`;
 * prints the error and returns an exit status on failure. */
int write_cell_trails(const pirqsim_cells *cells, const char *command, const char *dir);
/* "DIR/CELL.WORKLOAD.trail" */
void cell_trail_path(const pirqsim_cells *cells, unsigned cell, unsigned workload, const char *dir, char *out,
                     size_t size);
/* The trail of the sub-check that decides `cell`'s outcome, when that is
 * a violation: its path under `dir`, else "". */
void cell_deciding_trail(const pirqsim_cells *cells, unsigned cell, const char *dir, char *out, size_t size);
/* One line: "init failure: nvme-2017: pirq-exclusive: <text>". */
void cell_finding(const pirqsim_cells *cells, unsigned cell, char *out, size_t size);

#endif
