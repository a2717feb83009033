/*
 * next_state.h - the model as the search layer sees it: states, steps,
 * their footprints and the properties, and nothing of what the steps mean
 * (LTSmin's PINS, ../shared/STYLE.md).  Every explorer, reduction and
 * state store in src/search/ includes this header and no other of the
 * model's (tests/layers.py checks it), so a new driver, a new component,
 * or real code behind the boundary (boundary.h) plugs in without touching
 * an explorer.
 *
 *   states       struct world (world.h): fixed-size, pointer-free; packed
 *                for the store by world_pack / world_unpack / world_copy
 *   initial      world_init
 *   transitions  one per actor: actor_enabled, step (driver instances,
 *                then fault actors; cfg->actor_count of them)
 *   footprints   what one step touched (footprint.h), recorded while
 *                ctx.fp is set; the partial-order reduction reads them
 *   properties   check_state on every state, check_quiescent where no
 *                actor is enabled (props.h)
 *   dependencies what the reductions must know of the future: which
 *                operations can free a pirq (step_op_may_free,
 *                step_op_rest_may_free), which pirq is free
 *                (hv_pirq_is_free, world.h); which faults are still
 *                to come (faults.h: fault kinds, FAULT_READY / _SPENT)
 */
#ifndef PIRQSIM_NEXT_STATE_H
#define PIRQSIM_NEXT_STATE_H

#include "model/ctx.h"
#include "model/drivers.h"   /* step_op_may_free, step_op_rest_may_free */
#include "model/faults.h"    /* fault kinds and states */
#include "model/footprint.h"
#include "model/model.h"
#include "model/props.h"

/* The initial world of a run: world_reset, and the fault actors that can
 * fire from the start enabled. */
void world_init(struct world *w, const struct config *cfg);

/*
 * One step of actor `actor` (actor_enabled must hold) on c->w: a driver
 * instance's next shared access (drivers.h) or a fault actor's injection
 * (faults.h); then the fault actors' enabledness is brought up to date.
 * Returns 0, or -1 if a rule reached behaviour the model does not cover
 * (c->unsupported says which).
 */
int step(struct ctx *c, unsigned actor);

#endif
