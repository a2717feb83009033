/*
 * next_state.c - the next-state interface (next_state.h) over the model's
 * actors: driver instances (drivers.c) and fault actors (faults.c).
 */
#include "model/next_state.h"

#include <assert.h>

#include "model/drivers.h"
#include "model/faults.h"

void world_init(struct world *w, const struct config *cfg)
{
	world_reset(w, cfg);
	if (cfg->guest)
		cfg->guest->reset(cfg->guest_data, w);
	faults_refresh(w, cfg);
}

int step(struct ctx *c, unsigned actor)
{
	assert(actor < c->cfg->actor_count && actor_enabled(c->w, actor));
	int rc = 0;
	if (actor < c->cfg->device_count) {
		rc = c->cfg->guest ? c->cfg->guest->step(c->cfg->guest_data, c, actor) : driver_step(c, actor);
	} else {
		c->actor = (int)actor;
		fault_step(c, actor);
	}
	faults_refresh(c->w, c->cfg);
	return rc;
}
