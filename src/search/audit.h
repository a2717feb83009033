/*
 * audit.h - the reductions' claims checked by executing the model (audit.c;
 * docs/reductions.md says which audit checks which assumption).  Each
 * returns true when it finds the claim broken at state w.  Tests only.
 */
#ifndef PIRQSIM_AUDIT_H
#define PIRQSIM_AUDIT_H

#include <stdbool.h>
#include <stdint.h>

#include "search/canon.h"
#include "search/por.h"
#include "search/symmetry.h"
#include "model/next_state.h"

#define AUDIT_WORLDS 10
#define AUDIT_WALKS 3       /* random walks of the other drivers per ample state */
/* The symmetry and renumbering audits compare true canonical forms, by
 * brute force over the device permutations: up to this many devices. */
#define AUDIT_DEVICES_MAX 3

struct audit {
	const struct config *cfg;
	unsigned size;             /* packed state */
	uint8_t *set_a, *set_b;    /* two successor sets */
	struct world *worlds;      /* AUDIT_WORLDS scratch worlds */
	struct world initial;      /* the power-on world (the read audit's reset values) */
};

int audit_init(struct audit *a, const struct config *cfg);
void audit_free(struct audit *a);

/* Symmetry: every transposition of two interchangeable devices of w has
 * w's canonical successors (canon k). */
bool audit_symmetry(struct audit *a, struct canon *k, const struct world *w);
/* Renumbering: another arrangement of w's pirq class canonicalises to w's
 * representative and has w's canonical successors. */
bool audit_renumber(struct audit *a, struct canon *k, const struct world *w);
/* Partial-order reduction: driver x's step, explored alone at w, commutes
 * with every other actor's step (drivers and faults) along AUDIT_WALKS
 * random walks of the others from w (seeded by `seed`); `renamed`: up to a
 * renaming of pirqs, where the reduction relied on the pool (pool.h). */
bool audit_commutation(struct audit *a, const struct world *w, unsigned x, bool renamed, uint64_t seed);
/* The pool (pool.h): where every free pirq is clean, w with its pirqs
 * renamed has w's successors up to a renaming, and their verdicts. */
bool audit_pool(struct audit *a, const struct world *w);
/* Footprints: no driver's step at w depends on state outside its recorded
 * footprint (por_audit_reads). */
bool audit_reads(struct audit *a, struct por *p, const struct world *w);

#endif
