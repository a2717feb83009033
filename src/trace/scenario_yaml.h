/*
 * scenario_yaml.h - scenario and trail files: YAML 1.2 (JSON is valid
 * YAML) in, YAML out, with file:line:column errors (docs/scenario-format.md).
 */
#ifndef PIRQSIM_SCENARIO_YAML_H
#define PIRQSIM_SCENARIO_YAML_H

#include <stddef.h>

#include "versions/scenario.h"

/* Load a scenario or trail document (YAML 1.2; JSON is valid YAML).  Returns
 * 0, or -1 with `err` filled (file, line, column, message).  Never prints. */
int scenario_load_file(const char *path, struct scenario_spec *spec, struct pirqsim_error *err);
int scenario_load_string(const char *text, size_t length, const char *label,
                         struct scenario_spec *spec, struct pirqsim_error *err);

/* Write `spec` (and, for a trail, its choices) as YAML that
 * scenario_load_string reads back to an identical spec.  Returns the number
 * of bytes that the full text needs (like snprintf). */
size_t scenario_write_yaml(const struct scenario_spec *spec, char *out, size_t out_size);

#endif
