/*
 * canon.h - the canonical form the exhaustive searches store and expand.
 *
 * Three reductions rewrite a state into a representative of its class, in
 * this order:
 *   1. dead message shadows are forgotten (below);
 *   2. symmetry (symmetry.h): interchangeable devices sorted;
 *   3. pirq renumbering (renumber.h): pirqs that stay busy renamed.
 * Each maps a state to one whose every future is the same up to the
 * renaming, so storing the representative is exact; tests/test_reductions.c
 * checks each against the unreduced search.
 *
 * The search expands the representative itself, not the state it was
 * reached as.  Then the reduced state graph (which successors a stored
 * state has, partial-order reduction included) is a function of the stored
 * states alone, and every explorer that expands each stored state once,
 * in any order, on any number of threads or processes, stores the same
 * states and counts the same transitions.  The price: a trail the search
 * records names each step's actor in its representative's numbering of
 * the devices, and canon_trail_to_real maps it back by replaying the
 * representatives (only symmetry moves devices).
 *
 * Dead message shadows.  QEMU keeps an MSI-X entry's shadow address and
 * data after MSI-X is disabled (xen_pt_msix_disable keeps them; SPEC §4.3
 * MSI-X 5).  Once the entry is unassigned (pirq -1) and not `updated`, and
 * with QEMU >= 2.1 re-arming unassigned entries (DM-REARM), nothing reads
 * the pirq and vector it holds before the guest writes the entry again:
 * pci_msix_write compares old and new only while the entry has a pirq,
 * xen_pt_msix_update_one returns at once for an entry not `updated`,
 * msi_msix_disable returns at once for pirq -1, and only the guest's
 * reuse-if-known lookup (G-REUSE, pre-c74fd80 kernels on the pirq path)
 * reads a cached message back.  So where the kernel never reads it back
 * such a shadow is set to the initial world's value (pirq 0, vector 0); its
 * format bit stays (the entry's mask, as QEMU reads it, looks at it).  A
 * stale pirq there would otherwise keep a pirq another device now holds
 * "named", tie the two devices' futures together for the partial-order
 * reduction and keep renumbering from renaming it.
 */
#ifndef PIRQSIM_CANON_H
#define PIRQSIM_CANON_H

#include <stdbool.h>
#include <stdint.h>

#include "search/renumber.h"
#include "model/next_state.h"

enum { REDUCE_SYMMETRY = 1, REDUCE_POR = 2, REDUCE_RENUMBER = 4, REDUCE_DEAD = 8 };

struct canon {
	const struct config *cfg;
	bool symmetry;                          /* some class has two devices */
	uint8_t class_of[PIRQSIM_DEVICES_MAX];
	bool renumber_on;
	struct renumber renumber;
	bool dead_on;                           /* dead shadows can be forgotten here */
	struct world scratch;
};

/* Prepare for cfg with the REDUCE_* bits asked for (REDUCE_POR is not
 * canon's); those that do not apply (no two alike, emulated devices, ...) are left off. */
void canon_init(struct canon *k, const struct config *cfg, unsigned reductions);
/* Rewrite w into its representative.  If `to` is not NULL it receives the
 * device permutation applied (device d moved to to[d]). */
void canon_apply(struct canon *k, struct world *w, uint8_t to[PIRQSIM_DEVICES_MAX]);
/* Do dead shadows exist in cfg's runs (QEMU >= 2.1's xen_pt, a guest that
 * never reads a cached message back, no emulated device; canon.c)? */
bool canon_shadows_can_die(const struct config *cfg);
/* Is the shadow of `slot` dead at w (where canon_shadows_can_die)? */
bool canon_shadow_dead(const struct config *cfg, const struct world *w, unsigned slot);
/* Forget the dead message shadows of w (step 1 alone, for tests). */
void canon_forget_dead_shadows(const struct canon *k, struct world *w);
/* Tests: true if forgetting w's dead shadows could be noticed: with them
 * set to other values, some actor's next step leads to a different state
 * (its dead shadows forgotten) or a property judges differently. */
bool canon_audit_dead(const struct canon *k, const struct world *w);
/* The trail of the search (`choices`, actors in the representatives'
 * numbering) as actors of the real run from the initial world, into `out`
 * (may be `choices`).  Returns -1 if a choice cannot move. */
int canon_trail_to_real(struct canon *k, const uint8_t *choices, unsigned length, uint8_t *out);

#endif
