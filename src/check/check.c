/*
 * check.c - the facade of pirqsim_check: choose an explorer from the
 * options (search/explorer.h), run it, and have its trail run on and
 * sealed (trace/replay.c).  Search, replay and results live below; this
 * is the one place that knows which explorer answers which options.
 */
#include "check/check.h"

#include <stdlib.h>

#include "trace/replay.h"

/* The explorer the options ask for. */
static const struct explorer *explorer_for(const struct pirqsim_check_options *o)
{
	if (o->search == PIRQSIM_SEARCH_RANDOM)
		return &explorer_random;
	if (o->search == PIRQSIM_SEARCH_BFS && o->threads > 1)
		return &explorer_parallel_bfs;
	if (o->search == PIRQSIM_SEARCH_BFS)
		return &explorer_bfs;
	return &explorer_dfs;
}

pirqsim_result *check_with_explorer(const pirqsim_model *model, const struct pirqsim_check_options *o,
                                    const struct explorer *explorer, void *data)
{
	struct pirqsim_result *r = search_result_new(model);
	if (!r)
		return NULL;
	explorer->run(model, o, r, data);
	replay_finish(model, r);
	return r;
}

/*
 * Degraded is not a failure, so the search does not stop at it: the first
 * search looks for violations of the four failure properties only.  When
 * they all hold, a second search over the same space looks for a state
 * where a driver runs degraded (vectors-granted, props.h); its trail makes
 * the result "degraded".  Every explorer and reduction keeps the quiescent
 * states the second search needs, as for irq-delivery and no-leak.
 */
pirqsim_result *pirqsim_check(const pirqsim_model *model, const struct pirqsim_check_options *o)
{
	pirqsim_result *r = check_with_explorer(model, o, explorer_for(o), NULL);
	if (!r || r->verdict != PIRQSIM_HOLDS || !model_config(model)->pirq_mode)
		return r;
	pirqsim_model *degraded = model_checking_degraded(model);
	if (!degraded)
		return r;
	pirqsim_result *second = check_with_explorer(degraded, o, explorer_for(o), NULL);
	free(degraded);
	if (!second || second->verdict != PIRQSIM_VIOLATED) {
		free(second);
		return r;
	}
	free(r);
	return second;
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
