/*
 * replay.h - trail helpers shared by replay.c, minimize.c and report.c.
 */
#ifndef PIRQSIM_CLI_REPLAY_H
#define PIRQSIM_CLI_REPLAY_H

#include <stdbool.h>
#include <stdio.h>

#include "pirqsim.h"

/* Load TRAIL and build its model; on failure prints what to do next (and a
 * JSON error object with `json`) and returns PIRQSIM_INPUT_ERROR. */
int open_trail(const char *command, const char *path, bool json, pirqsim_spec **spec, pirqsim_model **model);
/* Replay into `trace` (may be NULL); NULL with the reason printed. */
pirqsim_result *replay_into(const char *command, const pirqsim_model *model, const pirqsim_spec *spec,
                            pirqsim_trace *trace);
/* "verdict: ..." or the "violated:" / "then:" lines, coloured on a terminal. */
void print_verdict_lines(FILE *out, const pirqsim_result *r, const char *holds_text);

#endif
