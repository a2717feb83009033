/*
 * faults.h - the catalogue of injected faults (docs/faults.md).
 *
 * A scenario lists faults (`faults: [name, name@device]`, `--fault NAME`).
 * Each becomes one *fault actor* per device it targets (hypercall faults:
 * one for the run), numbered after the device actors.  A fault actor is a
 * nondeterministic choice like any interleaving: the explorers choose it or
 * not, at every point where it is enabled, and a trail records it like any
 * other choice.  Each fires at most once per run; its state is the pc of
 * its actor record in the world, so the world stays fixed-size and
 * pointer-free.  faults_refresh recomputes which fault actors are enabled
 * after every step (next_state.c); with no faults it costs nothing.
 */
#ifndef PIRQSIM_FAULTS_H
#define PIRQSIM_FAULTS_H

#include <stdbool.h>
#include <stddef.h>

#include "model/ctx.h"

enum fault_kind {
	/* Hypercall errors: arming the fault makes the next such call fail. */
	FAULT_MAP_PIRQ_ENOMEM = 0, /* PHYSDEVOP_map_pirq -ENOMEM (pirq_get_info) */
	FAULT_PIRQ_ENOSPC,         /* get_free_pirq -ENOSPC (pirq space taken outside the scenario) */
	FAULT_BIND_PT_IRQ_EBUSY,   /* XEN_DOMCTL_bind_pt_irq -EBUSY (pt_irq_create_bind) */
	FAULT_BIND_PIRQ_ENOSPC,    /* EVTCHNOP_bind_pirq -ENOSPC (get_free_port) */
	/* Device events: one actor per targeted device. */
	FAULT_FLR,                 /* function-level reset in the middle of MSI-X setup */
	FAULT_HOT_UNPLUG,          /* device removed while another device probes */
	FAULT_RELOAD,              /* driver unloaded and reloaded while neighbours initialise */
	FAULT_IRQ_DURING_SETUP,    /* an interrupt raised on vector 0 while set up or torn down */
	FAULT_KIND_COUNT
};

/* Fault actor states (actor.pc). */
enum fault_state { FAULT_READY = 0, FAULT_ARMED, FAULT_SPENT };

const char *fault_name(enum fault_kind kind);
const char *fault_summary(enum fault_kind kind);
bool fault_is_device_bound(enum fault_kind kind);
/* The kind called `name`, or -1. */
int fault_by_name(const char *name);
/* "map-pirq-enomem, pirq-enospc, ..." */
void fault_names(char *out, size_t out_size);

/* Expand the scenario's faults into fault actors (model.c); 0, or -1 with
 * a message in err. */
int faults_configure(struct config *cfg, const struct scenario_spec *spec, char *err, size_t err_size);
/* Recompute the status (enabled or not) of every fault actor. */
void faults_refresh(struct world *w, const struct config *cfg);
/* The step of fault actor `actor` (>= device_count). */
void fault_step(struct ctx *c, unsigned actor);
/* Hypercall faults: if `kind` is armed, spend it and return true.  Xen asks
 * through the boundary (boundary.h host_to_xen, wired in wiring.c) at the
 * allocation the fault stands for, and fails the call with its error. */
bool fault_take(const struct ctx *c, enum fault_kind kind);

#endif
