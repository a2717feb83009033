/*
 * integrity.c - trails that cannot lie (integrity.h).
 *
 * Hashes are xxHash's XXH3 64-bit (Debian libxxhash), as the state store
 * uses: over the packed world (world_pack: the used prefixes of the world's
 * arrays, padding zeroed by world_init), over the canonical scenario YAML
 * (scenario_write_yaml of the scenario alone), over the choice bytes.  The
 * rule-set hash is computed at build time from the model's source text.
 */
#include "trace/integrity.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "model/model.h"
#include "trace/scenario_yaml.h"
#include "model/next_state.h"

uint64_t integrity_scenario_hash(const struct scenario_spec *spec, bool *ok)
{
	struct scenario_spec *scenario = malloc(sizeof(*scenario));
	*ok = false;
	if (!scenario)
		return 0;
	*scenario = *spec;
	scenario->is_trail = false;
	size_t need = scenario_write_yaml(scenario, NULL, 0) + 1;
	char *text = malloc(need);
	uint64_t hash = 0;
	if (text) {
		scenario_write_yaml(scenario, text, need);
		hash = XXH3_64bits(text, need - 1);
		*ok = true;
	}
	free(text);
	free(scenario);
	return hash;
}

/* Replay `spec`'s choices on its model, hashing the world after each. */
static int replay_hashes(const pirqsim_model *model, struct scenario_spec *spec)
{
	const struct config *cfg = model_config(model);
	struct world *w = malloc(sizeof(*w));
	if (!w)
		return -1;
	world_init(w, cfg);
	struct ctx c = {.w = w, .cfg = cfg, .actor = -1};
	int rc = 0;
	for (unsigned i = 0; i < spec->choice_count && rc == 0; i++) {
		unsigned a = spec->choice[i];
		if (a >= cfg->actor_count || !actor_enabled(w, a) || step(&c, a) != 0)
			rc = -1;
		else
			spec->step_hash[i] = integrity_world_hash(w, cfg);
	}
	free(w);
	return rc;
}

int integrity_seal(struct scenario_spec *spec) { return integrity_seal_on(spec, NULL); }

int integrity_seal_on(struct scenario_spec *spec, const pirqsim_model *on)
{
	assert(spec->is_trail);
	struct scenario_spec *copy = malloc(sizeof(*copy));
	if (!copy)
		return -1;
	*copy = *spec;
	pirqsim_model *model = on ? NULL : pirqsim_model_new(copy, NULL);
	int rc = on || model ? replay_hashes(on ? on : model, copy) : -1;
	pirqsim_model_free(model);
	bool hashed = false;
	uint64_t scenario_hash = rc == 0 ? integrity_scenario_hash(copy, &hashed) : 0;
	if (rc == 0 && hashed) {
		copy->has_integrity = true;
		snprintf(copy->trail_pirqsim_version, sizeof(copy->trail_pirqsim_version), "%s", PIRQSIM_VERSION_STRING);
		copy->rules_hash = integrity_rules_hash();
		copy->scenario_hash = scenario_hash;
		copy->step_hash_count = copy->choice_count;
		copy->step_hash_choices = integrity_choices_hash(copy->choice, copy->choice_count);
		*spec = *copy;
	}
	free(copy);
	return rc == 0 && hashed ? 0 : -1;
}

static int fail(const struct scenario_spec *trail, struct pirqsim_error *error, const char *format, ...)
	__attribute__((format(printf, 3, 4)));
static int fail(const struct scenario_spec *trail, struct pirqsim_error *error, const char *format, ...)
{
	if (!error)
		return -1;
	memset(error, 0, sizeof(*error));
	snprintf(error->file, sizeof(error->file), "%s", trail->file);
	va_list ap;
	va_start(ap, format);
	vsnprintf(error->message, sizeof(error->message), format, ap);
	va_end(ap);
	return -1;
}

int integrity_begin(const struct scenario_spec *trail, struct integrity_replay *v, struct pirqsim_error *error)
{
	memset(v, 0, sizeof(*v));
	v->trail = trail;
	if (!trail->has_integrity)
		return 0; /* format 1: no checks */
	v->rules_same = trail->rules_hash == integrity_rules_hash();
	v->check_steps = trail->step_hash_count == trail->choice_count &&
	                 trail->step_hash_choices == integrity_choices_hash(trail->choice, trail->choice_count);
	bool hashed;
	uint64_t scenario = integrity_scenario_hash(trail, &hashed);
	if (!hashed)
		return fail(trail, error, "out of memory while checking the trail's scenario hash");
	/* A different rule set may write the scenario differently: then only
	 * the steps can tell. */
	if (scenario != trail->scenario_hash && v->rules_same)
		return fail(trail, error,
		            "trail corrupted: its scenario is not the one it was written for (scenario hash %016llx in "
		            "the trail, %016llx of the scenario it holds) although this pirqsim has the rule set that "
		            "wrote it (rules %s); the scenario was edited after the trail was written. Find a new trail "
		            "with `pirqsim check`",
		            (unsigned long long)trail->scenario_hash, (unsigned long long)scenario,
		            integrity_rules_hash_text());
	return 0;
}

int integrity_step(const struct integrity_replay *v, unsigned step_number, const struct world *w,
                   const struct config *cfg, struct pirqsim_error *error)
{
	if (!v->check_steps)
		return 0;
	assert(step_number >= 1 && step_number <= v->trail->step_hash_count);
	uint64_t expected = v->trail->step_hash[step_number - 1], now = integrity_world_hash(w, cfg);
	if (expected == now)
		return 0;
	if (v->rules_same)
		return fail(v->trail, error,
		            "trail corrupted: the world after step %u is not the one the trail recorded (step hash "
		            "%016llx in the trail, %016llx on replay) although this pirqsim has the rule set that wrote "
		            "it (rules %s); the trail was changed after it was written",
		            step_number, (unsigned long long)expected, (unsigned long long)now, integrity_rules_hash_text());
	return fail(v->trail, error,
	            "model changed since this trail was written: the world after step %u differs (step hash %016llx "
	            "in the trail, %016llx now); the trail was written by pirqsim %s with rules %016llx, this is "
	            "pirqsim %s with rules %s. Find a new trail with `pirqsim check`",
	            step_number, (unsigned long long)expected, (unsigned long long)now, v->trail->trail_pirqsim_version,
	            (unsigned long long)v->trail->rules_hash, PIRQSIM_VERSION_STRING, integrity_rules_hash_text());
}

/* A trail is written as format 2 with hashes of the current rule set: its
 * choices are replayed to compute them unless they are already there.  A
 * trail that does not fit a model is written as format 1 (no checks). */
size_t trail_write_yaml(const struct scenario_spec *spec, char *out, size_t out_size)
{
	struct scenario_spec *sealed = !spec->is_trail || integrity_sealed(spec) ? NULL : malloc(sizeof(*sealed));
	if (sealed) {
		*sealed = *spec;
		if (integrity_seal(sealed) != 0)
			sealed->has_integrity = false;
	}
	size_t n = scenario_write_yaml(sealed ? sealed : spec, out, out_size);
	free(sealed);
	return n;
}
