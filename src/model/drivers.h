/*
 * step.h - steps: one atomic action of one actor (DESIGN "Shape" 5).
 */
#ifndef PIRQSIM_STEP_H
#define PIRQSIM_STEP_H

#include "model/ctx.h"

/* Can driver instance `actor` take a step? */
static inline bool actor_enabled(const struct world *w, unsigned actor)
{
	return w->actor[actor].status == ACTOR_RUNNING;
}

/*
 * One step of `actor` on c->w: its next operation that touches state other
 * actors can see (a hypercall, a device-model access that issues one, the
 * guest's shared irq tables, an interrupt delivery), together with the
 * accesses before and after it that touch only the actor's own device
 * registers and locals.  Merging those is exact: they commute with every
 * other actor's steps.  Returns 0, or -1 if a rule reached behaviour the
 * model does not cover (c->unsupported says which).
 */
int step(struct ctx *c, unsigned actor);

/* Can operation `op` free a pirq, from its first step on; can the rest of
 * `actor`'s current operation (step.c)?  Conservative: false only where no
 * step can. */
bool step_op_may_free(const struct config *cfg, const struct op *op);
bool step_op_rest_may_free(const struct config *cfg, const struct world *w, unsigned actor);

/* Build the driver program of `device` (NVMe, NIC, single) into cfg. */
int program_build(struct config *cfg, unsigned device, char *err, size_t err_size);
const char *op_kind_name(enum op_kind kind);
const char *admin_cmd_name(enum admin_cmd cmd);

#endif
