/*
 * por.h - partial-order reduction for the depth-first search (por.c).
 */
#ifndef PIRQSIM_POR_H
#define PIRQSIM_POR_H

#include <stdbool.h>
#include <stdint.h>

#include "model/next_state.h"

struct por {
	const struct config *cfg;
	unsigned words;                         /* pirq_words(cfg): the words of a pirq_set in use */
	/* Per device and program counter: what the rest of its program may
	 * do (CAP_* in por.c), the current operation included. */
	uint8_t caps[PIRQSIM_OPS_MAX];              /* by program_index */
	/* ... and how many map calls it can make at most (por.c). */
	uint16_t map_budget[PIRQSIM_OPS_MAX];
	/* The pirq pool (pool.h): whether it may apply to cfg, and how many
	 * pirqs the operations from this one on may take from it. */
	bool pool;
	uint16_t alloc_budget[PIRQSIM_OPS_MAX];
	/* Scratch of one state's survey. */
	pirq_set free;                          /* free pirqs */
	pirq_set refs[PIRQSIM_DEVICES_MAX];     /* pirqs each device's state refers to */
	pirq_set owned[PIRQSIM_DEVICES_MAX];    /* pirqs whose Xen irq is one of its entries' */
	pirq_set targeted[PIRQSIM_DEVICES_MAX]; /* pirqs whose port or vector is one of its slots' */
	bool xen_irqs_tight;                    /* could a map call still run out of Xen irqs? */
	/* Faults still to come (por.c, "Faults"), from the same survey. */
	bool live[PIRQSIM_DEVICES_MAX];         /* may move, or be hit by a fault, while x waits */
	uint8_t fault_caps[PIRQSIM_DEVICES_MAX];/* what the faults aimed at it may do (CAP_*) */
	bool hits_self[PIRQSIM_DEVICES_MAX];    /* a fault may act on it while it runs (flr, irq) */
	bool hypercall_pending;                 /* a hypercall fault not yet spent */
	bool any_pending;                       /* some fault not yet spent */
	/* The pool at this state (pool.h): every free pirq clean and at
	 * least as many as every allocation still to come. */
	bool pool_ok;
	/* Did the last por_ample rely on the pool (its audit compares up to a
	 * renaming of pirqs)? */
	bool used_pool;
};

/* Prepare for cfg; false if the run cannot be reduced (one device,
 * emulated devices). */
bool por_init(struct por *p, const struct config *cfg);

/* The device actor whose next step alone is an ample set at w, with its
 * successor left in `child`; -1 if every enabled actor must be explored
 * (child is then scratch). */
int por_ample(struct por *p, const struct world *w, struct world *child);

/* Tests: check at w that every enabled actor's next step (a device fault's
 * too, against the future predicted for its target) writes only what its
 * footprint names and stays within the future footprint predicted for it.
 * Returns the first actor that does not, or -1. */
int por_audit(struct por *p, const struct world *w, struct world *child);

/* The read audit (por.c): the first actor (driver, or fault aimed at a
 * device) whose step at w depends on
 * something outside its recorded footprint, or -1.  `initial` is the
 * power-on world; scratch: three worlds world_init'd once. */
int por_audit_reads(struct por *p, const struct world *w, const struct world *initial, struct world *scratch[3]);

#endif
