/*
 * replay.c - a trail run through the model, and the result it leaves
 * (replay.h): pirqsim_replay (`pirqsim run --trail`, the exports), the
 * run-on of an explorer's trail to quiescence with every violation seen on
 * the way, the seal of the trail (integrity.h), and the pirqsim_result
 * accessors of the public API.
 */
#include "trace/replay.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace/integrity.h"
#include "trace/render.h"
#include "trace/scenario_yaml.h"

static void add_violation(const struct violation *v, void *data)
{
	struct pirqsim_result *r = data;
	for (unsigned i = 0; i < r->violation_count; i++)
		if (r->violation[i].property == v->property && r->violation[i].device == v->device &&
		    r->violation[i].vector == v->vector && r->violation[i].pirq == v->pirq)
			return; /* already seen at an earlier step */
	if (r->violation_count < VIOLATIONS_MAX)
		r->violation[r->violation_count++] = *v;
	else
		r->violations_omitted++;
}

struct replay_state {
	struct pirqsim_result *r;
	unsigned step;
};

static void add_violation_at(const struct violation *v, void *data)
{
	struct replay_state *rs = data;
	struct violation copy = *v;
	copy.step = rs->step;
	struct pirqsim_result *r = rs->r;
	if (r->target_set && !r->target_seen && violation_same_kind(&copy, &r->target)) {
		r->target_seen = true;
		r->shown = copy;
	}
	add_violation(&copy, r);
}

/* A counterfactual follows a schedule only while it applies: the first
 * choice whose actor cannot move ends it there (`blocked`). */
struct follow {
	bool blocked;
	unsigned actor; /* the actor the schedule chose there */
};

/*
 * Run `r->trail` from the initial world with `sink`, extend it to
 * quiescence (lowest actor first) if `complete`, and record every violation
 * with the step where it first shows.  Returns -1 with `error` set if a
 * choice names an actor that cannot move, unless `follow` is given: then the
 * trail is cut before that choice (and run on to quiescence).
 */
static int run_trail(const pirqsim_model *model, struct pirqsim_result *r, bool complete, pirqsim_event_fn sink,
                     void *sink_data, const struct scenario_spec *verify, struct follow *follow,
                     struct pirqsim_error *error)
{
	const struct config *cfg = model_config(model);
	struct world w;
	world_init(&w, cfg);
	struct ctx c = {.w = &w, .cfg = cfg, .sink = sink, .sink_data = sink_data, .actor = -1};
	struct replay_state rs = {r, 0};
	struct integrity_replay integrity = {0};
	if (verify && integrity_begin(verify, &integrity, error) != 0)
		return -1;
	for (unsigned i = 0;; i++) {
		if (follow && !follow->blocked && i < r->trail_length &&
		    (r->trail[i] >= cfg->actor_count || !actor_enabled(&w, r->trail[i]))) {
			follow->blocked = true;
			follow->actor = r->trail[i];
			r->trail_length = i;
		}
		if (i >= r->trail_length) {
			int a = complete ? lowest_enabled(&w, cfg) : -1;
			if (a < 0 || r->trail_length >= PIRQSIM_TRAIL_MAX)
				break;
			r->trail[r->trail_length++] = (uint8_t)a;
		}
		unsigned a = r->trail[i];
		if (a >= cfg->actor_count || !actor_enabled(&w, a)) {
			if (error) {
				memset(error, 0, sizeof(*error));
				snprintf(error->message, sizeof(error->message),
				         "trail step %u chooses actor %u, which %s; the trail does not fit this scenario", i + 1,
				         a, a >= cfg->actor_count ? "does not exist" : "cannot move");
			}
			return -1;
		}
		c.step = i + 1;
		if (step(&c, a) != 0) {
			snprintf(r->limit, sizeof(r->limit), "model does not cover: %s", c.unsupported);
			return -2;
		}
		if (verify && i < verify->choice_count && integrity_step(&integrity, i + 1, &w, cfg, error) != 0)
			return -1;
		rs.step = i + 1;
		check_all(&c, false, add_violation_at, &rs);
	}
	c.step = r->trail_length + 1;
	c.actor = -1;
	if (!any_enabled(&w, cfg)) {
		if (sink)
			trace_quiescent_interrupts(&c);
		rs.step = r->trail_length;
		check_all(&c, true, add_violation_at, &rs);
	}
	return 0;
}

/*
 * The search said "violated" and the replay of its own trail, through the
 * same step function, sees every property hold: the search did not explore
 * the model it replays.  That happens when a reduction's assumption does not
 * hold for the rules (a state merged with one that behaves differently), so
 * it is a model error, never a verdict; both sides are shown.
 */
static void replay_disagrees(struct pirqsim_result *r, unsigned search_length)
{
	char seen[240] = "a violation"; /* a property name and 200 bytes of text fit */
	if (r->search_saw)
		snprintf(seen, sizeof(seen), "%s violated (%.200s)", property_name(r->search_violation.property),
		         r->search_violation.text[0] ? r->search_violation.text : violation_kind_name(&r->search_violation));
	r->verdict = PIRQSIM_INPUT_ERROR;
	snprintf(r->limit, sizeof(r->limit),
	         "the search saw %s after step %u of its trail, but that trail replayed through the same rules "
	         "violates no property; a reduction's assumption does not hold for these rules "
	         "(docs/reductions.md); check again with --no-symmetry --no-por --no-renumber --no-dead-shadows",
	         seen, search_length);
}

/* Seal the result's trail once (integrity.h), so that writing it twice
 * (size, then text) gives the same bytes without allocating. */
static void seal_trail(const pirqsim_model *model, struct pirqsim_result *r)
{
	if (r->trail_length == 0 || (r->verdict == PIRQSIM_INPUT_ERROR && !r->divergence))
		return;
	r->spec.is_trail = true;
	r->spec.choice_count = r->trail_length;
	memcpy(r->spec.choice, r->trail, r->trail_length);
	const struct config *cfg = model_config(model);
	snprintf(r->spec.trail_real_guest, sizeof(r->spec.trail_real_guest), "%s", cfg->guest ? cfg->guest->name(cfg->guest_data) : "");
	if (integrity_seal_on(&r->spec, cfg->guest ? model : NULL) != 0) {
		r->verdict = PIRQSIM_INPUT_ERROR;
		snprintf(r->limit, sizeof(r->limit), "cannot seal the trail (out of memory, or it does not replay)");
	}
}

/* After any explorer: a violation's trail is run on to quiescence and
 * annotated, then sealed. */
void replay_finish(const pirqsim_model *model, struct pirqsim_result *r)
{
	if (r->verdict == PIRQSIM_VIOLATED) {
		unsigned search_length = r->trail_length;
		r->violation_count = 0;
		if (run_trail(model, r, true, NULL, NULL, NULL, NULL, NULL) == -2)
			r->verdict = PIRQSIM_INPUT_ERROR;
		else if (r->violation_count == 0)
			replay_disagrees(r, search_length);
	}
	seal_trail(model, r);
}

/* Order of the kinds: property, cause, mechanism. */
static int kind_order(const void *a, const void *b)
{
	const struct violation *x = &((const struct distinct_entry *)a)->v, *y = &((const struct distinct_entry *)b)->v;
	if (x->property != y->property)
		return x->property < y->property ? -1 : 1;
	if (x->cause != y->cause)
		return x->cause < y->cause ? -1 : 1;
	return x->mechanism < y->mechanism ? -1 : x->mechanism > y->mechanism;
}

/* A model error of an all-violations search, into `r` (the first wins). */
static void all_error(struct pirqsim_result *r, const char *limit)
{
	if (r->verdict == PIRQSIM_INPUT_ERROR)
		return;
	r->verdict = PIRQSIM_INPUT_ERROR;
	snprintf(r->limit, sizeof(r->limit), "%s", limit);
}

/* One kind's trail, run on and sealed, into a result of its own. */
static struct pirqsim_result *replay_kind(const pirqsim_model *model, struct pirqsim_result *r,
                                          const struct distinct_entry *e)
{
	struct pirqsim_result *k = search_result_new(model);
	if (!k) {
		all_error(r, "out of memory replaying the trails of the violations");
		return NULL;
	}
	k->verdict = PIRQSIM_VIOLATED;
	k->search_saw = true;
	k->search_violation = e->v;
	k->target_set = true;
	k->target = e->v;
	k->trail_length = e->trail_length;
	memcpy(k->trail, e->trail, e->trail_length);
	replay_finish(model, k);
	if (k->verdict == PIRQSIM_VIOLATED && !k->target_seen) {
		/* Another violation on the way, but not this kind: as in
		 * replay_disagrees, a reduction's assumption does not hold. */
		k->verdict = PIRQSIM_INPUT_ERROR;
		snprintf(k->limit, sizeof(k->limit),
		         "the search saw %s violated (%s) after step %u of its trail, but that trail replayed through the "
		         "same rules does not show it; a reduction's assumption does not hold for these rules "
		         "(docs/reductions.md); check again with --no-symmetry --no-por --no-renumber --no-dead-shadows",
		         property_name(e->v.property), violation_kind_name(&e->v), e->trail_length);
	}
	if (k->verdict == PIRQSIM_INPUT_ERROR)
		all_error(r, k->limit);
	return k;
}

void replay_finish_all(const pirqsim_model *model, struct pirqsim_result *r)
{
	struct distinct *d = r->distinct;
	qsort(d->entry, d->count, sizeof(*d->entry), kind_order);
	if (d->count == 0)
		return;
	d->replay = calloc(d->count, sizeof(*d->replay));
	if (!d->replay) {
		all_error(r, "out of memory replaying the trails of the violations");
		return;
	}
	for (unsigned i = 0; i < d->count; i++)
		d->replay[i] = replay_kind(model, r, &d->entry[i]);
	if (!d->replay[0])
		return;
	if (r->verdict == PIRQSIM_HOLDS)
		r->verdict = PIRQSIM_VIOLATED;
	/* The result's own trail and violations: the first kind's. */
	struct pirqsim_result saved = *r;
	*r = *d->replay[0];
	r->verdict = saved.verdict;
	r->stats = saved.stats;
	memcpy(r->limit, saved.limit, sizeof(r->limit));
	r->distinct = d;
}

pirqsim_result *pirqsim_replay(const pirqsim_model *model, const pirqsim_spec *trail, pirqsim_event_fn sink,
                               void *sink_data, pirqsim_error *error)
{
	struct pirqsim_result *r = search_result_new(model);
	if (!r) {
		if (error) {
			memset(error, 0, sizeof(*error));
			snprintf(error->message, sizeof(error->message), "out of memory");
		}
		return NULL;
	}
	r->trail_length = trail->choice_count;
	memcpy(r->trail, trail->choice, trail->choice_count);
	int rc = run_trail(model, r, false, sink, sink_data, trail, NULL, error);
	if (rc == -1) {
		free(r);
		return NULL;
	}
	r->verdict = rc == -2 ? PIRQSIM_INPUT_ERROR : r->violation_count ? PIRQSIM_VIOLATED : PIRQSIM_HOLDS;
	return r;
}

/* ---- counterfactual replay ------------------------------------------------ */

/* The events of one run, collected as the exports collect them
 * (pirqsim_trace_event), while every event goes on to the caller's sink. */
struct recorder {
	pirqsim_trace *trace;
	pirqsim_event_fn sink; /* the caller's, passed every event on */
	void *sink_data;
};

static void record_event(const struct pirqsim_event *e, void *data)
{
	struct recorder *rec = data;
	if (rec->sink)
		rec->sink(e, rec->sink_data);
	pirqsim_trace_event(e, rec->trace);
}

/* The events of `step`: index of the first and the count. */
static unsigned step_events(const struct pirqsim_trace *t, unsigned step, unsigned *first)
{
	unsigned i = 0;
	while (i < t->count && t->events[i].step != step)
		i++;
	*first = i;
	unsigned n = 0;
	while (i + n < t->count && t->events[i + n].step == step)
		n++;
	return n;
}

/* Do two events read the same: actor, component, operation, arguments,
 * result and log line (the actor's name and the step aside)? */
static bool same_event(const struct pirqsim_trace *a, unsigned i, const struct pirqsim_trace *b, unsigned j)
{
	const struct trace_event *x = &a->events[i], *y = &b->events[j];
	const char *sa = a->strings.data, *sb = b->strings.data;
	return x->actor == y->actor && x->component == y->component && x->is_log == y->is_log &&
	       x->level == y->level && x->result == y->result && strcmp(sa + x->operation, sb + y->operation) == 0 &&
	       strcmp(sa + x->arguments, sb + y->arguments) == 0 && strcmp(sa + x->text, sb + y->text) == 0;
}

/* The first step (1-based) whose events differ between the runs, or 0.
 * `last`: the highest step either run has events for. */
static unsigned first_difference(const struct pirqsim_trace *a, const struct pirqsim_trace *b, unsigned last)
{
	for (unsigned s = 1; s <= last; s++) {
		unsigned fa, fb, na = step_events(a, s, &fa), nb = step_events(b, s, &fb);
		if (na != nb)
			return s;
		for (unsigned i = 0; i < na; i++)
			if (!same_event(a, fa + i, b, fb + i))
				return s;
	}
	return 0;
}

static void set_error(struct pirqsim_error *error, const char *message)
{
	if (!error)
		return;
	memset(error, 0, sizeof(*error));
	snprintf(error->message, sizeof(error->message), "%s", message);
}

pirqsim_result *pirqsim_replay_counterfactual(const pirqsim_model *original, const pirqsim_model *model,
                                              const pirqsim_spec *trail, pirqsim_event_fn original_sink,
                                              void *original_data, pirqsim_event_fn sink, void *sink_data,
                                              struct pirqsim_counterfactual *out, pirqsim_error *error)
{
	const struct config *ocfg = model_config(original), *cfg = model_config(model);
	memset(out, 0, sizeof(*out));
	out->blocked_actor = -1;
	if (ocfg->device_count != cfg->device_count) {
		char message[200];
		snprintf(message, sizeof(message),
		         "the other configuration has %u devices and the trail's scenario %u; a counterfactual replays "
		         "the same devices", cfg->device_count, ocfg->device_count);
		set_error(error, message);
		return NULL;
	}
	struct recorder before = {.trace = pirqsim_trace_new(), .sink = original_sink, .sink_data = original_data};
	struct recorder after = {.trace = pirqsim_trace_new(), .sink = sink, .sink_data = sink_data};
	/* The original, with the trail's integrity checks. */
	struct pirqsim_result *o = before.trace && after.trace ? pirqsim_replay(original, trail, record_event, &before, error)
	                                                       : NULL;
	if (!before.trace || !after.trace)
		set_error(error, "out of memory");
	struct pirqsim_result *r = o ? search_result_new(model) : NULL;
	if (o && !r)
		set_error(error, "out of memory");
	if (r) {
		/* The counterfactual: a new scenario, nothing of it to verify. */
		r->trail_length = trail->choice_count;
		memcpy(r->trail, trail->choice, trail->choice_count);
		struct follow follow = {0};
		int rc = run_trail(model, r, true, record_event, &after, NULL, &follow, error);
		r->verdict = rc == -2 ? PIRQSIM_INPUT_ERROR : r->violation_count ? PIRQSIM_VIOLATED : PIRQSIM_HOLDS;
		out->schedule_steps = trail->choice_count;
		out->original_steps = o->trail_length;
		out->steps = r->trail_length;
		out->followed = follow.blocked ? r->trail_length : trail->choice_count;
		if (out->followed > r->trail_length)
			out->followed = r->trail_length;
		if (follow.blocked) {
			out->blocked_actor = (int)follow.actor;
			snprintf(out->blocked_actor_name, sizeof(out->blocked_actor_name), "%s",
			         follow.actor < cfg->device_count ? cfg->device[follow.actor].name : "fault");
		}
		if (before.trace->failed || after.trace->failed) {
			set_error(error, "out of memory while comparing the two runs");
			free(r);
			r = NULL;
		} else {
			unsigned last = (o->trail_length > r->trail_length ? o->trail_length : r->trail_length) + 1;
			out->diverge_step = first_difference(before.trace, after.trace, last);
			if (follow.blocked && (out->diverge_step == 0 || out->diverge_step > out->followed + 1))
				out->diverge_step = out->followed + 1;
		}
	}
	free(o);
	pirqsim_trace_free(before.trace);
	pirqsim_trace_free(after.trace);
	return r;
}

void pirqsim_result_free(pirqsim_result *r)
{
	if (r)
		distinct_free(r->distinct);
	free(r);
}
enum pirqsim_verdict pirqsim_result_verdict(const pirqsim_result *r) { return r->verdict; }
const struct pirqsim_progress *pirqsim_result_statistics(const pirqsim_result *r) { return &r->stats; }
const char *pirqsim_result_limit(const pirqsim_result *r) { return r->limit; }
unsigned pirqsim_result_violation_count(const pirqsim_result *r) { return r->violation_count; }
unsigned pirqsim_result_trail_length(const pirqsim_result *r) { return r->trail_length; }
uint64_t pirqsim_result_walk_seed(const pirqsim_result *r, uint64_t *walk)
{
	if (walk)
		*walk = r->walk;
	return r->walk_seed;
}

const char *pirqsim_result_violation_property(const pirqsim_result *r, unsigned i)
{
	return i < r->violation_count ? property_name(r->violation[i].property) : "";
}

const char *pirqsim_result_violation_text(const pirqsim_result *r, unsigned i)
{
	return i < r->violation_count ? r->violation[i].text : "";
}

unsigned pirqsim_result_violation_step(const pirqsim_result *r, unsigned i)
{
	return i < r->violation_count ? r->violation[i].step : 0;
}

unsigned pirqsim_result_violations_omitted(const pirqsim_result *r) { return r->violations_omitted; }

bool pirqsim_result_degraded(const pirqsim_result *r)
{
	if (r->verdict != PIRQSIM_VIOLATED)
		return false;
	/* All violations: every distinct kind must be a degraded one. */
	unsigned kinds = pirqsim_result_distinct_count(r);
	for (unsigned i = 0; i < kinds; i++)
		if (strcmp(pirqsim_result_distinct_property(r, i), property_name(PROP_VECTORS_GRANTED)) != 0)
			return false;
	if (kinds > 0)
		return true;
	if (r->violation_count == 0)
		return false;
	for (unsigned i = 0; i < r->violation_count; i++)
		if (r->violation[i].property != PROP_VECTORS_GRANTED)
			return false;
	return true;
}

enum pirqsim_cause pirqsim_result_violation_cause(const pirqsim_result *r, unsigned i)
{
	return i < r->violation_count ? (enum pirqsim_cause)r->violation[i].cause : PIRQSIM_CAUSE_NONE;
}

const char *pirqsim_result_violation_device(const pirqsim_result *r, unsigned i)
{
	if (i >= r->violation_count || r->violation[i].device < 0)
		return "";
	return r->spec.device[r->violation[i].device].name;
}

int pirqsim_result_violation_vector(const pirqsim_result *r, unsigned i)
{
	return i < r->violation_count ? r->violation[i].vector : -1;
}

int pirqsim_result_violation_pirq(const pirqsim_result *r, unsigned i)
{
	return i < r->violation_count ? r->violation[i].pirq : -1;
}

const char *pirqsim_result_violation_mechanism(const pirqsim_result *r, unsigned i)
{
	return i < r->violation_count ? violation_kind_name(&r->violation[i]) : "";
}

size_t pirqsim_result_trail_yaml(const pirqsim_result *r, char *out, size_t size)
{
	struct scenario_spec spec = r->spec;
	spec.is_trail = true;
	spec.choice_count = r->trail_length;
	memcpy(spec.choice, r->trail, r->trail_length);
	snprintf(spec.trail_property, sizeof(spec.trail_property), "%s",
	         r->target_seen       ? property_name(r->target.property)
	         : r->violation_count ? property_name(r->violation[0].property) : "");
	return trail_write_yaml(&spec, out, size);
}

/* ---- all violations --------------------------------------------------------- */

static const struct pirqsim_result *kind_replay(const pirqsim_result *r, unsigned i)
{
	return r->distinct && r->distinct->replay && i < r->distinct->count ? r->distinct->replay[i] : NULL;
}

unsigned pirqsim_result_distinct_count(const pirqsim_result *r)
{
	return r->distinct && r->distinct->replay ? r->distinct->count : 0;
}

const pirqsim_result *pirqsim_result_distinct_replay(const pirqsim_result *r, unsigned i) { return kind_replay(r, i); }

const char *pirqsim_result_distinct_property(const pirqsim_result *r, unsigned i)
{
	const struct pirqsim_result *k = kind_replay(r, i);
	return k ? property_name(k->target.property) : "";
}

const char *pirqsim_result_distinct_mechanism(const pirqsim_result *r, unsigned i)
{
	const struct pirqsim_result *k = kind_replay(r, i);
	return k ? violation_kind_name(&k->target) : "";
}

const char *pirqsim_result_distinct_text(const pirqsim_result *r, unsigned i)
{
	const struct pirqsim_result *k = kind_replay(r, i);
	return k && k->target_seen ? k->shown.text : "";
}

unsigned pirqsim_result_distinct_step(const pirqsim_result *r, unsigned i)
{
	const struct pirqsim_result *k = kind_replay(r, i);
	return k && k->target_seen ? k->shown.step : 0;
}

enum pirqsim_cause pirqsim_result_distinct_cause(const pirqsim_result *r, unsigned i)
{
	const struct pirqsim_result *k = kind_replay(r, i);
	return k ? (enum pirqsim_cause)k->target.cause : PIRQSIM_CAUSE_NONE;
}
