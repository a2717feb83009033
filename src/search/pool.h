/*
 * pool.h - when Xen's free MSI pirqs are interchangeable (pool.c).
 *
 * get_free_pirq (xen/arch/x86/irq.c) hands out the highest free pirq, so
 * which pirq an allocation gets depends on the order of every allocation
 * and release before it, and two drivers' allocations do not commute: one
 * order gives device A pirq 1023 and B 1022, the other the reverse.  The
 * partial-order reduction (por.c) therefore treated every allocation as
 * dependent on every other driver that could still allocate, and with
 * eight controllers each making tens of get_free_pirq calls the
 * interleavings of the allocations were most of the search (8 NVMe x 8:
 * 1,010,790 states).
 *
 * A pirq is *clean* when it is free, its Xen state is the power-on one
 * (no Xen irq, no event channel, no dpci binding, no guest vector, no
 * emulated irq, no guest pirq_to_irq[] entry), and no live field names it.
 * The fields that name a pirq are QEMU's entry pirq, Xen's programming of
 * the entry, QEMU's shadow of the guest's message, the guest's irq_info
 * pirq and the pirq an MSI setup holds; two of them are dead (read by no
 * rule that compares it), and do not count:
 *   - a dead message shadow: an MSI-X one as canon.h says (an unassigned
 *     entry not `updated`, where canon_shadows_can_die), and the MSI one
 *     while QEMU's XenPTMSI is neither initialized nor mapped and the
 *     guest has not written the message of an attempt under way
 *     (msi_message_pending): its only reader then is the next first
 *     enable (msi_first_enable), and every MSI enable writes the message
 *     first; xen_pt_msi_disable and dm_device_unregister read it only
 *     while mapped, a message write compares it only while mapped, and
 *     only a guest that reads a cached message back (G-REUSE) reads it
 *     otherwise;
 *   - the pirq of an irq_info shut down (GIRQ_SHUTDOWN): in a guest that
 *     never reads a cached message back, only xen_irq_from_pirq's walk
 *     (G-REUSE) and the quiescent no-leak check compare it, and the first
 *     does not run there while the second sees no irq shut down at
 *     quiescence (free_msi_irqs follows at once); the rest print it.
 *
 * The argument.  No rule does arithmetic on a pirq or compares two pirqs
 * by order: rules compare for equality and check the MSI range (renumber.h).
 * Where the free pirqs are all clean, they are alike in everything but
 * their number, so an allocation that took another free pirq than the
 * highest would lead to the same state up to a renaming of two clean
 * pirqs; renaming maps runs to runs and keeps every property's verdict.
 * So at a state where every free pirq is clean, two steps whose footprints
 * meet only in the pool (the freeness get_free_pirq scans, the clean pirq
 * an allocation takes, the pirq a release gives back clean) give, in
 * either order, states equal up to such a renaming, as long as:
 *   - no allocation can find the pool empty in any order: the free pirqs
 *     are at least the get_free_pirq calls (or Xen-chosen maps) left in
 *     every program and every fault aimed at a device (por.c);
 *   - no step makes a free pirq unclean, so every state on a postponed
 *     path has clean free pirqs too.  Every release is QEMU's unmap in
 *     msi_msix_disable (or its update's error path, which frees nothing
 *     here, drivers.c step_op_rest_may_free), after which QEMU's entry
 *     pirq and Xen's programming are -1, the message shadow is dead, and
 *     the guest's irq_info is shut down in the same step or already gone;
 *     a bound event channel keeps the pirq busy (forced unbind) instead.
 * The partial-order reduction then treats pool accesses as independent:
 * its reduced graph is that of the quotient by pirq renaming, which
 * reaches every quiescent state and every violation up to a renaming
 * (the searches report the real numbers of the real run they replay).
 *
 * Where it applies (pool_applies): the conditions of dead shadows
 * (canon.h), which are those of a guest that never reads a pirq back from
 * a cached message.  A pre-c74fd80 kernel reads one back and reuses it:
 * there a freed pirq named by a stale message is exactly what the search
 * must keep apart, and the pool does not apply.
 *
 * The claims are checked by executing the model (tests/test_reductions.c):
 * audit_pool swaps the pirq an allocation would take with another clean
 * one and compares the successors up to renaming; audit_commutation
 * compares its two orders up to renaming where the ample step relied on
 * the pool; audit_pool also gives the dead shadows other pirqs and
 * requires the same successors; por_audit checks the allocation budget
 * and that no step leaves a free pirq unclean.
 */
#ifndef PIRQSIM_POOL_H
#define PIRQSIM_POOL_H

#include <stdbool.h>

#include "model/next_state.h"

/* Is the message shadow of `slot` dead at w (above), where pool_applies? */
bool pool_shadow_dead(const struct config *cfg, const struct world *w, unsigned slot);

/* May cfg's free pirqs be treated as interchangeable (above)? */
bool pool_applies(const struct config *cfg);

/* The MSI pirqs a live field of w names (above). */
void pool_named(const struct config *cfg, const struct world *w, pirq_set *named);

/* Is MSI pirq index i clean at w (free, power-on Xen state, not in
 * `named`, from pool_named)? */
bool pool_clean(const struct world *w, const pirq_set *named, unsigned i);

/* Does w have a free pirq that is not clean? */
bool pool_unclean(const struct config *cfg, const struct world *w);

/* Tests: w's form up to any renaming of pirqs: dead names forgotten, the
 * clean pirqs at the top, every other pirq ranked by the first field
 * naming it, then by its contents. */
void pool_form(const struct config *cfg, const struct world *w, struct world *out);

#endif
