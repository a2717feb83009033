/*
 * footprint.h - what one step touched, for partial-order reduction (por.c).
 *
 * The component rules call these markers where they reach state that
 * another driver instance's steps can also reach: a Xen pirq (struct pirq,
 * hvm_pirq_dpci, the guest's pirq_to_irq[] slot of that pirq), the freeness
 * of a pirq as get_free_pirq sees it, another device's registers or MSI-X
 * entries, another slot's guest irq_info, Xen's irq counter.  A step's own
 * device and guest irqs are marked once by step() (por.c adds them).  With
 * no footprint attached (ctx.fp == NULL, every explorer but the reduced DFS)
 * each marker costs one predictable branch.
 *
 * Reads and writes are not told apart except for freeness: two steps that
 * touch one resource are treated as dependent, which is conservative; the
 * freeness scan of get_free_pirq is the only read that is worth separating,
 * because every allocation scans the pirqs above the one it returns.
 */
#ifndef PIRQSIM_FOOTPRINT_H
#define PIRQSIM_FOOTPRINT_H

#include <stdbool.h>
#include <stdint.h>

#include "model/ctx.h"

/* Bit sets over MSI pirq indices (pirq - nr_irqs_gsi, < PIRQSIM_MSI_PIRQS_MAX). */
#define PIRQ_WORDS ((PIRQSIM_MSI_PIRQS_MAX + 63) / 64)
typedef struct { uint64_t w[PIRQ_WORDS]; } pirq_set;

struct footprint {
	pirq_set pirq;      /* Xen per-pirq state (and pirq_to_irq[]) touched */
	pirq_set free_r;    /* freeness read (get_free_pirq's scan) */
	pirq_set free_w;    /* freeness changed (por.c, from the state before and after) */
	uint64_t girq;      /* guest irq_info of a slot of these devices touched (one bit per device:
	                     * every use asks about a device's slots together) */
	uint64_t dev;       /* registers / MSI(-X) entries of these devices touched */
	bool xen_irqs;      /* Xen's irq counter read or written (create_irq / destroy_irq) */
};

/* The words of a pirq set a scenario uses: the rest stay zero, and neither
 * set operations nor clearing need to touch them. */
static inline unsigned pirq_words(const struct config *cfg) { return ((unsigned)cfg->nr_msi_pirqs + 63) / 64; }

static inline void footprint_clear(struct footprint *f, unsigned words)
{
	for (unsigned i = 0; i < words; i++)
		f->pirq.w[i] = f->free_r.w[i] = f->free_w.w[i] = 0;
	f->girq = f->dev = 0;
	f->xen_irqs = false;
}

static inline void pirq_set_add(pirq_set *s, unsigned i) { s->w[i >> 6] |= 1ull << (i & 63); }
static inline bool pirq_set_has(const pirq_set *s, unsigned i) { return (s->w[i >> 6] >> (i & 63)) & 1u; }

static inline void fp_pirq(const struct ctx *c, int pirq)
{
	if (c->fp && pirq_in_msi_range(c->cfg, pirq))
		pirq_set_add(&c->fp->pirq, (unsigned)(pirq - c->cfg->nr_irqs_gsi));
}

static inline void fp_free_read(const struct ctx *c, int pirq)
{
	if (c->fp && pirq_in_msi_range(c->cfg, pirq))
		pirq_set_add(&c->fp->free_r, (unsigned)(pirq - c->cfg->nr_irqs_gsi));
}

static inline void fp_girq(const struct ctx *c, unsigned slot)
{
	if (c->fp)
		c->fp->girq |= 1ull << (slot / c->cfg->vectors_per_device);
}

static inline void fp_girq_all(const struct ctx *c)
{
	if (c->fp)
		c->fp->girq = ~0ull;
}

static inline void fp_dev_of_slot(const struct ctx *c, unsigned slot)
{
	if (c->fp)
		c->fp->dev |= 1ull << (slot / c->cfg->vectors_per_device);
}

static inline void fp_xen_irqs(const struct ctx *c)
{
	if (c->fp)
		c->fp->xen_irqs = true;
}

#endif
