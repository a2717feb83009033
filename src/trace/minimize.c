/*
 * minimize.c - minimal counterexamples, found by replaying candidate trails.
 *
 * Every candidate is judged the same way: pirqsim_replay runs it; a choice
 * that names an actor that cannot move rejects it; it is kept only when the
 * first violation the replay finds is of the same property as the
 * original's.  The work is on the *prefix* of a trail up to the step where
 * that violation first shows (what comes after cannot matter to it); the
 * trail written at the end lets each actor run on to quiescence (the one
 * that ran last first, then the lowest that can move) so the consequences
 * still show, unless the caller asks to stop at the violation.
 *
 * Fewest context switches (a switch: two adjacent choices that differ):
 * for bound k = 0, 1, ... a depth-first search over schedules with at most
 * k switches, continuing the running actor first.  The first k with a hit
 * is the least, since every smaller bound was searched to the end.  The
 * searches share one budget of replays; running out, or a bound above
 * switches_max, makes the answer inconclusive: the best trail found so far
 * is kept and the summary says which bound was reached.
 *
 * Dropped steps (delta debugging): remove whole actor runs, then chunks of
 * halving size down to single steps; keep a removal when the violation
 * still shows first, cut the candidate at the step where it shows, start
 * over.  A pass of single steps that removes nothing proves the trail
 * 1-minimal.  Removing a choice never adds a context switch, so applying
 * it after the switch search keeps the least number of switches.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search/search.h"
#include "model/model.h"
#include "trace/integrity.h"
#include "trace/scenario_yaml.h"

#define REPLAYS_DEFAULT 200000u
#define SWITCHES_DEFAULT 12u

struct pirqsim_minimized {
	struct pirqsim_minimize_summary summary;
	struct scenario_spec trail;  /* the minimised trail */
};

enum verdict_of_candidate { CANDIDATE_REJECTED, CANDIDATE_NONE, CANDIDATE_OTHER, CANDIDATE_TARGET };

struct search {
	const pirqsim_model *model;
	struct scenario_spec scratch;      /* the trail, its choices replaced by each candidate */
	char target[32];
	char target_device[32];            /* the first violation's device, "" if none */
	uint32_t target_devices;           /* bit d: device d is named in its text */
	uint64_t replays, replays_max;
	bool out_of_budget;
	uint8_t found[PIRQSIM_TRAIL_MAX];  /* switch search: the hit */
	unsigned found_length;
};

static int fail(pirqsim_error *error, const char *message)
{
	if (error) {
		memset(error, 0, sizeof(*error));
		snprintf(error->message, sizeof(error->message), "%s", message);
	}
	return -1;
}

unsigned pirqsim_context_switches(const uint8_t *choices, unsigned count)
{
	unsigned switches = 0;
	for (unsigned i = 1; i < count; i++)
		switches += choices[i] != choices[i - 1];
	return switches;
}

unsigned pirqsim_spec_choices(const pirqsim_spec *trail, const uint8_t **choices)
{
	*choices = trail->choice;
	return trail->is_trail ? trail->choice_count : 0;
}

const char *pirqsim_spec_trail_property(const pirqsim_spec *trail) { return trail->trail_property; }

size_t pirqsim_trail_yaml(const pirqsim_spec *scenario, const uint8_t *choices, unsigned count, const char *property,
                          char *out, size_t out_size)
{
	struct scenario_spec *spec = malloc(sizeof(*spec));
	if (!spec)
		return 0;
	*spec = *scenario;
	spec->is_trail = true;
	spec->choice_count = count < PIRQSIM_TRAIL_MAX ? count : PIRQSIM_TRAIL_MAX;
	memcpy(spec->choice, choices, spec->choice_count);
	snprintf(spec->trail_property, sizeof(spec->trail_property), "%s", property ? property : "");
	size_t n = trail_write_yaml(spec, out, out_size);
	free(spec);
	return n;
}

/* Bit d set when device d's name appears in `text` as a word. */
static uint32_t devices_named(const pirqsim_model *model, const char *text)
{
	const struct config *cfg = model_config(model);
	uint32_t mask = 0;
	for (unsigned d = 0; d < cfg->device_count && d < 32; d++) {
		size_t n = strlen(cfg->device[d].name);
		for (const char *at = text; n && (at = strstr(at, cfg->device[d].name)); at++) {
			char after = at[n];
			bool word_start = at == text || !(at[-1] == '_' || (at[-1] >= 'a' && at[-1] <= 'z') ||
			                                  (at[-1] >= '0' && at[-1] <= '9'));
			if (word_start && !((after >= '0' && after <= '9') || (after >= 'a' && after <= 'z') || after == '_')) {
				mask |= 1u << d;
				break;
			}
		}
	}
	return mask;
}

/* The first violation of `r` is the target: its property, device and the
 * devices its text names. */
static bool is_target(const struct search *s, const pirqsim_result *r)
{
	return strcmp(pirqsim_result_violation_property(r, 0), s->target) == 0 &&
	       strcmp(pirqsim_result_violation_device(r, 0), s->target_device) == 0 &&
	       devices_named(s->model, pirqsim_result_violation_text(r, 0)) == s->target_devices;
}

/* Replay `choices`; on CANDIDATE_TARGET *step is where the violation shows.
 * `budgeted` replays count against replays_max. */
static enum verdict_of_candidate judge(struct search *s, const uint8_t *choices, unsigned count, unsigned *step,
                                       bool budgeted)
{
	if (budgeted && s->replays >= s->replays_max) {
		s->out_of_budget = true;
		return CANDIDATE_REJECTED;
	}
	s->replays += budgeted;
	memcpy(s->scratch.choice, choices, count);
	s->scratch.choice_count = count;
	pirqsim_result *r = pirqsim_replay(s->model, &s->scratch, NULL, NULL, NULL);
	enum verdict_of_candidate v = CANDIDATE_REJECTED;
	if (r && pirqsim_result_verdict(r) != PIRQSIM_INPUT_ERROR) {
		v = CANDIDATE_NONE;
		if (pirqsim_result_violation_count(r) > 0) {
			bool same = is_target(s, r);
			v = same ? CANDIDATE_TARGET : CANDIDATE_OTHER;
			if (step)
				*step = pirqsim_result_violation_step(r, 0);
		}
	}
	pirqsim_result_free(r);
	return v;
}

/* ---- fewest context switches ----------------------------------------------- */

/* Extend prefix[0..n) (no violation yet) with at most `bound` switches in
 * all.  Returns 1 on a hit (in s->found), 0 when exhausted, -1 out of budget. */
static int switches_dfs(struct search *s, uint8_t *prefix, unsigned n, unsigned used, unsigned bound)
{
	unsigned actors = model_config(s->model)->actor_count;
	if (n >= PIRQSIM_TRAIL_MAX)
		return 0;
	for (unsigned k = 0; k < actors; k++) {
		/* the running actor first, then the others in order */
		unsigned a = n == 0 ? k : k == 0 ? prefix[n - 1] : k <= prefix[n - 1] ? k - 1 : k;
		bool is_switch = n > 0 && a != prefix[n - 1];
		if (is_switch && used >= bound)
			continue;
		prefix[n] = (uint8_t)a;
		unsigned step = 0;
		enum verdict_of_candidate v = judge(s, prefix, n + 1, &step, true);
		if (s->out_of_budget)
			return -1;
		if (v == CANDIDATE_TARGET) {
			s->found_length = step < n + 1 ? step : n + 1;
			memcpy(s->found, prefix, s->found_length);
			return 1;
		}
		if (v != CANDIDATE_NONE)
			continue;
		int rc = switches_dfs(s, prefix, n + 1, used + is_switch, bound);
		if (rc != 0)
			return rc;
	}
	return 0;
}

static void fewest_switches(struct search *s, uint8_t *choices, unsigned *count, unsigned switches_max,
                            struct pirqsim_minimize_summary *out)
{
	unsigned have = pirqsim_context_switches(choices, *count);
	uint8_t *prefix = malloc(PIRQSIM_TRAIL_MAX);
	out->applied |= PIRQSIM_MINIMIZE_CONTEXT_SWITCHES;
	out->switches_minimal = true;
	for (unsigned bound = 0; prefix && bound < have; bound++) {
		if (bound > switches_max) {
			out->switches_minimal = false;
			snprintf(out->limit, sizeof(out->limit), "context-switch bound %u reached", switches_max);
			break;
		}
		int rc = switches_dfs(s, prefix, 0, 0, bound);
		if (rc == 1) {
			memcpy(choices, s->found, s->found_length);
			*count = s->found_length;
			break;
		}
		if (rc < 0) {
			out->switches_minimal = false;
			snprintf(out->limit, sizeof(out->limit), "replay budget of %llu candidates spent at %u context switches",
			         (unsigned long long)s->replays_max, bound);
			break;
		}
	}
	if (!prefix) {
		out->switches_minimal = false;
		snprintf(out->limit, sizeof(out->limit), "out of memory");
	}
	free(prefix);
}

/* ---- dropped steps ------------------------------------------------------------ */

/* Try choices without [start, start + length); keep it when the violation
 * still shows first, cut where it shows. */
static bool try_drop(struct search *s, uint8_t *choices, unsigned *count, unsigned start, unsigned length)
{
	uint8_t candidate[PIRQSIM_TRAIL_MAX];
	unsigned n = 0, step = 0;
	for (unsigned i = 0; i < *count; i++)
		if (i < start || i >= start + length)
			candidate[n++] = choices[i];
	if (n == 0 || judge(s, candidate, n, &step, true) != CANDIDATE_TARGET)
		return false;
	*count = step < n ? step : n;
	memcpy(choices, candidate, *count);
	return true;
}

/* One pass over the actor runs, last first. */
static bool drop_runs(struct search *s, uint8_t *choices, unsigned *count)
{
	for (unsigned end = *count; end > 0 && !s->out_of_budget;) {
		unsigned start = end - 1;
		while (start > 0 && choices[start - 1] == choices[end - 1])
			start--;
		if (try_drop(s, choices, count, start, end - start))
			return true;
		end = start;
	}
	return false;
}

/* One pass over chunks of `size`, last first. */
static bool drop_chunks(struct search *s, uint8_t *choices, unsigned *count, unsigned size)
{
	for (unsigned end = *count; end > 0 && !s->out_of_budget;) {
		unsigned start = end > size ? end - size : 0;
		if (try_drop(s, choices, count, start, end - start))
			return true;
		end = start;
	}
	return false;
}

static void drop_steps(struct search *s, uint8_t *choices, unsigned *count, struct pirqsim_minimize_summary *out)
{
	out->applied |= PIRQSIM_MINIMIZE_DROP_STEPS;
	bool changed = true;
	while (changed && !s->out_of_budget) {
		changed = drop_runs(s, choices, count);
		for (unsigned size = *count / 2; !changed && size >= 1 && !s->out_of_budget; size /= 2)
			changed = drop_chunks(s, choices, count, size);
	}
	out->steps_minimal = !s->out_of_budget;
	if (s->out_of_budget && !out->limit[0])
		snprintf(out->limit, sizeof(out->limit), "replay budget of %llu candidates spent while dropping steps",
		         (unsigned long long)s->replays_max);
}

/* ---- the whole ------------------------------------------------------------------ */

/* Let the actors run on to quiescence: the last one while it can, then the
 * lowest that can move.  Probes do not count against the budget. */
static void run_to_quiescence(struct search *s, uint8_t *choices, unsigned *count)
{
	unsigned actors = model_config(s->model)->actor_count;
	while (*count < PIRQSIM_TRAIL_MAX && *count > 0) {
		bool moved = false;
		for (unsigned k = 0; k < actors && !moved; k++) {
			unsigned last = choices[*count - 1];
			unsigned a = k == 0 ? last : k <= last ? k - 1 : k;
			choices[*count] = (uint8_t)a;
			moved = judge(s, choices, *count + 1, NULL, false) != CANDIDATE_REJECTED;
		}
		if (!moved)
			break;
		(*count)++;
	}
}

static struct pirqsim_minimized *setup(const pirqsim_model *model, const pirqsim_spec *trail, struct search *s,
                                       unsigned *prefix_length, pirqsim_error *error)
{
	pirqsim_error *local = error ? error : pirqsim_error_new();
	pirqsim_result *r = pirqsim_replay(model, trail, NULL, NULL, local);
	struct pirqsim_minimized *m = NULL;
	if (!r)
		(void)0; /* `error` says why the trail does not fit */
	else if (pirqsim_result_verdict(r) != PIRQSIM_VIOLATED)
		fail(error, "the trail shows no violation, so there is nothing to minimise; give a trail written by "
		            "`pirqsim check` when it found one");
	else if (!(m = calloc(1, sizeof(*m))))
		fail(error, "out of memory");
	if (m) {
		s->model = model;
		snprintf(s->target, sizeof(s->target), "%s", pirqsim_result_violation_property(r, 0));
		snprintf(s->target_device, sizeof(s->target_device), "%s", pirqsim_result_violation_device(r, 0));
		s->target_devices = devices_named(model, pirqsim_result_violation_text(r, 0));
		const struct config *cfg = model_config(model);
		for (unsigned d = 0; d < cfg->device_count && d < 32; d++)
			if (s->target_devices >> d & 1)
				snprintf(m->summary.devices + strlen(m->summary.devices),
				         sizeof(m->summary.devices) - strlen(m->summary.devices), "%s%s",
				         m->summary.devices[0] ? " " : "", cfg->device[d].name);
		*prefix_length = pirqsim_result_violation_step(r, 0);
		if (*prefix_length == 0 || *prefix_length > trail->choice_count)
			*prefix_length = trail->choice_count;
	}
	pirqsim_result_free(r);
	if (local != error)
		pirqsim_error_free(local);
	return m;
}

/* One minimisation of the prefix choices[0..*count): the switch search
 * and/or dropped steps, then (unless stop_at_violation) the run on to
 * quiescence.  Fills the after-fields of `sum`. */
static void minimize_once(struct search *s, uint8_t *choices, unsigned *count, unsigned what,
                          const struct pirqsim_minimize_options *options, struct pirqsim_minimize_summary *sum)
{
	if (what & PIRQSIM_MINIMIZE_CONTEXT_SWITCHES)
		fewest_switches(s, choices, count, options && options->switches_max ? options->switches_max : SWITCHES_DEFAULT,
		                sum);
	if (what & PIRQSIM_MINIMIZE_DROP_STEPS)
		drop_steps(s, choices, count, sum);
	sum->steps_after = *count;
	sum->switches_after = pirqsim_context_switches(choices, *count);
	if (!(options && options->stop_at_violation))
		run_to_quiescence(s, choices, count);
	sum->trail_steps = *count;
}

/* Not longer than the input in either measure. */
static bool not_longer(const struct pirqsim_minimize_summary *sum)
{
	return sum->trail_steps <= sum->input_steps && sum->steps_after <= sum->steps_before;
}

pirqsim_minimized *pirqsim_minimize(const pirqsim_model *model, const pirqsim_spec *trail,
                                    const struct pirqsim_minimize_options *options, pirqsim_error *error)
{
	struct search *s = calloc(1, sizeof(*s));
	unsigned count = 0;
	struct pirqsim_minimized *m = s ? setup(model, trail, s, &count, error) : NULL;
	if (!m) {
		if (!s)
			fail(error, "out of memory");
		free(s);
		return NULL;
	}
	struct pirqsim_minimize_summary *sum = &m->summary;
	unsigned what = options && options->what ? options->what : PIRQSIM_MINIMIZE_CONTEXT_SWITCHES | PIRQSIM_MINIMIZE_DROP_STEPS;
	s->model = model;
	s->scratch = *trail;
	s->replays_max = options && options->replays_max ? options->replays_max : REPLAYS_DEFAULT;
	m->trail = *trail;
	uint8_t *choices = m->trail.choice;
	unsigned prefix = count;
	snprintf(sum->property, sizeof(sum->property), "%s", s->target);
	sum->input_steps = trail->choice_count;
	sum->steps_before = count;
	sum->switches_before = pirqsim_context_switches(choices, count);
	minimize_once(s, choices, &count, what, options, sum);
	/* The fewest switches can take more steps than the input: then the
	 * dropped steps alone, from the input's prefix. */
	if (!not_longer(sum) && (what & PIRQSIM_MINIMIZE_CONTEXT_SWITCHES) && (what & PIRQSIM_MINIMIZE_DROP_STEPS)) {
		snprintf(sum->note, sizeof(sum->note),
		         "the trail with the fewest context switches (%u) took %u steps to the violation, %u in all, "
		         "more than the input; dropped steps alone instead", sum->switches_after, sum->steps_after,
		         sum->trail_steps);
		memcpy(choices, trail->choice, trail->choice_count);
		count = prefix;
		sum->switches_minimal = false;
		minimize_once(s, choices, &count, PIRQSIM_MINIMIZE_DROP_STEPS, options, sum);
	}
	bool better = sum->trail_steps < sum->input_steps || sum->steps_after < sum->steps_before ||
	              sum->switches_after < sum->switches_before;
	if (!not_longer(sum) || !better) {
		/* Nothing better: the input, as it is. */
		if (!not_longer(sum) && !sum->note[0])
			snprintf(sum->note, sizeof(sum->note), "the best trail found (%u context switches) took %u steps to the "
			         "violation, %u in all, more than the input", sum->switches_after, sum->steps_after,
			         sum->trail_steps);
		if (sum->note[0])
			sum->switches_minimal = false;
		m->trail = *trail;
		count = trail->choice_count;
		sum->unchanged = true;
		sum->steps_after = sum->steps_before;
		sum->switches_after = sum->switches_before;
		sum->trail_steps = count;
	}
	m->trail.choice_count = count;
	m->trail.is_trail = true;
	snprintf(m->trail.trail_property, sizeof(m->trail.trail_property), "%s", s->target);
	sum->replays = s->replays;
	sum->inconclusive = sum->limit[0] != '\0';
	free(s);
	return m;
}

void pirqsim_minimized_free(pirqsim_minimized *m) { free(m); }
const struct pirqsim_minimize_summary *pirqsim_minimized_summary(const pirqsim_minimized *m) { return &m->summary; }

size_t pirqsim_minimized_trail_yaml(const pirqsim_minimized *m, char *out, size_t out_size)
{
	return trail_write_yaml(&m->trail, out, out_size);
}
