/*
 * renumber.h - a canonical numbering of MSI pirqs (renumber.c).
 *
 * What a pirq number means.  No rule does arithmetic on a pirq: the device
 * model, the guest and Xen compare pirqs for equality, check that they lie in
 * the MSI range, and get_free_pirq hands out the highest free one.  So the
 * only order that matters is the order among pirqs that are free, or can
 * become free again: for a pirq that stays busy for the rest of the run, its
 * position is never looked at, only its identity.
 *
 * The canonical form therefore keeps every free pirq and every pirq some
 * running driver may still release (its state refers to it and the rest of
 * its program can unmap: enable, disable, and on the native path the vector
 * control writes; within the current operation, only the steps that can
 * still reach an unmap, step_op_rest_may_free) in their order at the top of the range, and numbers the
 * pirqs that stay busy below them in an order read off the state itself (the
 * first field, in slot order, that names each; pirqs named by no field by
 * their contents).  The number of free pirqs does not change, so -ENOSPC
 * comes exactly when it came.  Renaming by a bijection that is monotone on
 * the free and releasable pirqs maps every run to a run and every violation
 * to a violation; tests/test_reductions.c checks the quiescent states and
 * verdicts against the unrenamed search, and that no step ever frees a pirq
 * the renaming treated as staying busy (renumber_audit), a fault's step
 * included.
 *
 * Faults.  A device fault not yet fired (hot-unplug and reload tear the
 * driver down; flr and an injected interrupt change what its program meets
 * next) makes its target's pirqs releasable until the target is removed;
 * an unspent hypercall fault sends allocations down error paths that
 * unmap, so every running driver's pirqs count as releasable until it has
 * fired.  A fired fault is spent and counts no more.
 */
#ifndef PIRQSIM_RENUMBER_H
#define PIRQSIM_RENUMBER_H

#include <stdbool.h>
#include <stdint.h>

#include "model/next_state.h"

struct renumber {
	const struct config *cfg;
	/* Per device and program counter: may an operation after the
	 * current one release a pirq?  (The current one: drivers.c reads it off
	 * the state, step_op_rest_may_free.) */
	bool release_after[PIRQSIM_OPS_MAX]; /* by program_index */
};

/* Prepare for cfg; false if renumbering is not used (emulated devices). */
bool renumber_init(struct renumber *r, const struct config *cfg);

/* The canonical numbering of w: w itself when already canonical, else
 * written into `scratch`. */
const struct world *renumber_view(const struct renumber *r, const struct world *w, struct world *scratch);
/* out = w with MSI pirq i renamed to to[i] (a permutation) in every field
 * that names it. */
void renumber_rename(const struct config *cfg, const uint16_t to[], const struct world *w, struct world *out);
/* Write into out w renamed so that the pirqs with keep[] set keep their
 * order at the top of the range and every other pirq is ranked by the
 * first field naming it, then by its contents (the pool's form, pool.h). */
void renumber_keeping(const struct config *cfg, const bool keep[], const struct world *w, struct world *out);
/* Write the canonical numbering of w into out. */
void renumber_canonical(const struct renumber *r, const struct world *w, struct world *out);

/* Tests: true if some enabled actor's next step from w frees a pirq that
 * the canonical form of w treats as staying busy. */
/* Another member of w's class (pirqs renamed differently), or false when
 * w's class has no other arrangement; for the audit (audit.c). */
bool renumber_shuffle(const struct renumber *r, const struct world *w, struct world *out);

bool renumber_audit(const struct renumber *r, const struct world *w, struct world *scratch);

#endif
