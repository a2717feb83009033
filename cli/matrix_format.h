/*
 * matrix_format.h - the matrix as text, Markdown, mail, HTML or JSON
 * (matrix_format.c), for `pirqsim matrix` (matrix.c).
 */
#ifndef PIRQSIM_CLI_MATRIX_FORMAT_H
#define PIRQSIM_CLI_MATRIX_FORMAT_H

#include <stdio.h>

#include "cells.h"

/* The whole matrix in the options' format. */
void matrix_print(const struct matrix *m, const struct run_options *o, FILE *out);

#endif
