/*
 * check.c - the facade of pirqsim_check: choose an explorer from the
 * options (search/explorer.h), run it, and have its trail run on and
 * sealed (trace/replay.c).  Search, replay and results live below; this
 * is the one place that knows which explorer answers which options.
 */
#include "check/check.h"

#include <stdio.h>
#include <stdlib.h>

#include "real/explore.h"
#include "trace/replay.h"

/* The explorer the options ask for. */
static const struct explorer *explorer_for(const pirqsim_model *model, const struct pirqsim_check_options *o)
{
	if (o->search == PIRQSIM_SEARCH_RANDOM)
		return &explorer_random;
	if (model_config(model)->guest)
		return &explorer_real;
	if (o->search == PIRQSIM_SEARCH_BFS && o->threads > 1)
		return &explorer_parallel_bfs;
	if (o->search == PIRQSIM_SEARCH_BFS)
		return &explorer_bfs;
	return &explorer_dfs;
}

/* All violations: the explorer must be able to search on past one, and
 * the table of kinds is reserved before the search (search.h).  Returns
 * false with the result's verdict and limit set when the search cannot
 * start. */
static bool all_violations_begin(struct pirqsim_result *r, const struct pirqsim_check_options *o,
                                 const struct explorer *explorer)
{
	unsigned capacity = o->violations_max ? o->violations_max : DISTINCT_DEFAULT;
	if (!explorer->all_violations) {
		r->verdict = PIRQSIM_INPUT_ERROR;
		snprintf(r->limit, sizeof(r->limit),
		         "all violations: the %s explorer cannot go on past a violation to find every distinct "
		         "one; use the depth-first or the breadth-first search", explorer->name);
		return false;
	}
	if (capacity > DISTINCT_MAX) {
		r->verdict = PIRQSIM_INPUT_ERROR;
		snprintf(r->limit, sizeof(r->limit), "all violations: at most %u distinct violations can be kept, not %u",
		         DISTINCT_MAX, capacity);
		return false;
	}
	r->distinct = distinct_new(capacity);
	if (!r->distinct) {
		r->verdict = PIRQSIM_INCONCLUSIVE;
		snprintf(r->limit, sizeof(r->limit), "out of memory reserving the table of distinct violations");
		return false;
	}
	return true;
}

/* Search `model` with `explorer`, then run its trail on and seal it; a
 * trail to a degraded state found on the way (explorer.degraded_in_search)
 * is run on `checking_degraded` (model_checking_degraded), the model on
 * which that state is a violation. */
static pirqsim_result *search_and_replay(const pirqsim_model *model, const pirqsim_model *checking_degraded,
                                         const struct pirqsim_check_options *o, const struct explorer *explorer,
                                         void *data)
{
	struct pirqsim_result *r = search_result_new(model);
	if (!r)
		return NULL;
	if (o->all_violations && !all_violations_begin(r, o, explorer))
		return r;
	explorer->run(model, o, r, data);
	if (r->distinct)
		replay_finish_all(model, r);
	else if (checking_degraded && r->verdict == PIRQSIM_VIOLATED && r->search_saw &&
	         r->search_violation.property == PROP_VECTORS_GRANTED)
		replay_finish(checking_degraded, r);
	else
		replay_finish(model, r);
	return r;
}

/*
 * Degraded is not a failure, so the search does not stop at it.  The
 * depth-first and breadth-first explorers (on one thread or several) note
 * the first degraded state on the way and search on for the four failure
 * properties; when they all hold, that state's trail makes the result
 * "degraded" (search.h degraded_watch).  The other explorers (random
 * walks, real guest code, the MPI search) search twice: the first search
 * looks for violations of the four failure properties only; when they all
 * hold, a second search over the same space looks for a state where a
 * driver runs degraded (vectors-granted, props.h); the statistics are the
 * first search's, the time both searches'.  (Every MPI rank gets the same
 * verdict from the first, so all of them run the second or none.)  Every
 * explorer and reduction keeps the quiescent states a degraded state is,
 * as for irq-delivery and no-leak.  The all-violations search goes on past
 * every violation anyway, so it looks for degraded states in its one
 * search.
 */
pirqsim_result *check_with_explorer(const pirqsim_model *model, const struct pirqsim_check_options *o,
                                    const struct explorer *explorer, void *data)
{
	/* model_may_degrade: look for degraded states only where a driver can
	 * end degraded at all. */
	bool may_degrade = model_may_degrade(model_config(model));
	pirqsim_model *degraded = may_degrade ? model_checking_degraded(model) : NULL;
	if (may_degrade && !degraded)
		return NULL;
	if (o->all_violations) {
		pirqsim_result *r = search_and_replay(degraded ? degraded : model, NULL, o, explorer, data);
		free(degraded);
		return r;
	}
	if (explorer->degraded_in_search) {
		pirqsim_result *r = search_and_replay(model, degraded, o, explorer, data);
		free(degraded);
		return r;
	}
	pirqsim_result *r = search_and_replay(model, NULL, o, explorer, data);
	if (!r || r->verdict != PIRQSIM_HOLDS || !degraded) {
		free(degraded);
		return r;
	}
	pirqsim_result *second = search_and_replay(degraded, NULL, o, explorer, data);
	free(degraded);
	if (!second || second->verdict != PIRQSIM_VIOLATED) {
		if (second)
			r->stats.seconds += second->stats.seconds;
		pirqsim_result_free(second);
		return r;
	}
	/* The statistics of the whole space, as the explorers that watch for
	 * degraded states give them: the first search's, in both searches'
	 * time (the second stopped at its first degraded state). */
	double seconds = second->stats.seconds;
	second->stats = r->stats;
	second->stats.seconds += seconds;
	pirqsim_result_free(r);
	return second;
}

pirqsim_result *pirqsim_check(const pirqsim_model *model, const struct pirqsim_check_options *o)
{
	return check_with_explorer(model, o, explorer_for(model, o), model_config(model)->guest_data);
}

int check_explore_all(const pirqsim_model *model, unsigned reductions, struct check_hooks *hooks,
                      uint64_t *states_stored)
{
	struct pirqsim_check_options o;
	pirqsim_check_options_init(&o);
	o.no_symmetry = !(reductions & REDUCE_SYMMETRY);
	o.no_por = !(reductions & REDUCE_POR);
	o.no_renumber = !(reductions & REDUCE_RENUMBER);
	o.no_dead_shadows = !(reductions & REDUCE_DEAD);
	struct pirqsim_result *r = search_result_new(model);
	if (!r)
		return -1;
	explore_run(model, &o, r, hooks, 1, o.memory_max);
	*states_stored = r->stats.states_stored;
	int rc = r->verdict == PIRQSIM_HOLDS ? 0 : -1;
	free(r);
	return rc;
}
