/*
 * integrity.h - trails that cannot lie (trail format 2).
 *
 * A trail records, besides its scenario and choices, what wrote it and for
 * what: the pirqsim version, the rule-set hash of the model that found it
 * (cmake/rules_hash.cmake), the XXH3 of its scenario's canonical YAML, and
 * the XXH3 of the packed world after every step.  Replay checks them and
 * stops at the first mismatch, telling "model changed since this trail was
 * written" (the rule set differs) from "trail corrupted" (the rule set is
 * the same, yet the scenario or a step differs).
 */
#ifndef PIRQSIM_INTEGRITY_H
#define PIRQSIM_INTEGRITY_H

#include <stdbool.h>
#include <stdint.h>

#include "pirqsim.h"
#include "trace/hashes.h"

/* XXH3 of the scenario part of `spec` as scenario_write_yaml writes it. */
uint64_t integrity_scenario_hash(const struct scenario_spec *spec, bool *ok); /* ok false: out of memory */

/* Fill the integrity fields of trail `spec` by replaying its choices on the
 * model it describes.  Returns 0, or -1 (spec unchanged) when it does not
 * fit a model: the trail is then written as format 1, without checks. */
int integrity_seal(struct scenario_spec *spec);
/* The same on `model` itself (it must be the trail's own): a model that
 * runs real guest code (config.guest) has hashes only it can make. */
int integrity_seal_on(struct scenario_spec *spec, const pirqsim_model *model);

/* Replay checks.  integrity_begin checks the scenario hash and says
 * whether step hashes are to be checked; integrity_step checks one. */
struct integrity_replay {
	const struct scenario_spec *trail;
	bool check_steps;
	bool rules_same;
};
int integrity_begin(const struct scenario_spec *trail, struct integrity_replay *v, struct pirqsim_error *error);
/* Write trail (or scenario) `spec` as scenario_write_yaml does, sealed
 * first if it is a trail that is not (integrity_seal).  Returns the bytes
 * the full text needs (like snprintf). */
size_t trail_write_yaml(const struct scenario_spec *spec, char *out, size_t out_size);

int integrity_step(const struct integrity_replay *v, unsigned step, const struct world *w, const struct config *cfg,
                   struct pirqsim_error *error);

#endif
