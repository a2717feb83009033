/*
 * cli.h - helpers shared by the command files of the pirqsim command line,
 * and the help texts of the commands that live outside main.c.
 */
#ifndef PIRQSIM_CLI_H
#define PIRQSIM_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "pirqsim.h"

bool parse_long(const char *text, long low, long high, long *out);
bool parse_size(const char *text, uint64_t *out);
/* Prints "pirqsim COMMAND: <format with argument>" and the --help hint to
 * stderr; returns PIRQSIM_INPUT_ERROR. */
int usage_error(const char *command, const char *format, const char *argument);
/* The same layout as `pirqsim COMMAND --help` for commands of the table. */
void print_command_help(const char *usage, const char *summary, const char *help);
/* mkdir -p; 0 or -1 with errno. */
int make_directories(const char *path);
/* Write `text` to `path` through a temporary name; 0 or -1 with errno. */
int write_file_atomic(const char *path, const char *text);

/* Commands outside main.c: name, summary, usage and help for the table. */
int cmd_matrix(int argc, char **argv);
int cmd_advise(int argc, char **argv);
int cmd_bisect(int argc, char **argv);
extern const char matrix_summary[], matrix_usage[], matrix_help[];
extern const char advise_summary[], advise_usage[], advise_help[];
extern const char bisect_summary[], bisect_usage[], bisect_help[];

#endif
