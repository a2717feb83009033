/*
 * hashes.h - the hashes a trail carries (integrity.h says what for): the
 * rule set of this build, the packed world after a step, the choices, and
 * whether a spec's step hashes belong to its choices and this rule set.
 * Below the scenario file format (scenario_yaml.c reads and writes them)
 * and below the replay checks that use them (integrity.c).
 */
#ifndef PIRQSIM_HASHES_H
#define PIRQSIM_HASHES_H

#include <stdbool.h>
#include <stdint.h>

#include "versions/scenario.h"
#include "model/world.h"

/* The rule set of this build, as a number and as 16 hex digits. */
uint64_t integrity_rules_hash(void);
const char *integrity_rules_hash_text(void);

uint64_t integrity_world_hash(const struct world *w, const struct config *cfg);
uint64_t integrity_choices_hash(const uint8_t *choices, unsigned count);
/* Do spec's step hashes belong to its current choices, and to this rule
 * set?  (A trail whose choices were edited in memory, e.g. by the
 * minimiser, no longer is.) */
bool integrity_sealed(const struct scenario_spec *spec);

#endif
