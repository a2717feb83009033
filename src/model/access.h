/*
 * access.h - the only way a rule touches the world: every accessor records
 * what it touches in the step's footprint (footprint.h), so a new rule gets
 * a correct footprint without anyone remembering a marker.
 *
 * The rules (linux.c, qemu.c, xen.c, drivers.c, faults.c) never name c->w;
 * tests/layers.py fails the build's tests if one does.  Each accessor comes
 * in a recording form (_ro for a read, _rw for a read or write: the
 * partial-order reduction treats both as a touch) and, where a rule has a
 * reason not to record a read, a _peek form: the reason is written at the
 * call site, and the read audit (search/audit.c) executes every step of
 * the test scenarios with everything outside the recorded footprint reset,
 * so an unjustified peek is caught there.
 *
 * A step's own device registers, entries and guest irqs, and its own actor
 * record, are in its footprint anyway (por.c adds them); recording them
 * again costs one branch and changes nothing.  With no footprint attached
 * (ctx.fp == NULL, every explorer but the reduced depth-first search) each
 * accessor is a plain array access plus one predictable branch.
 */
#ifndef PIRQSIM_ACCESS_H
#define PIRQSIM_ACCESS_H

#include <assert.h>

#include "model/footprint.h"

/* Xen's per-pirq state (struct pirq, hvm_pirq_dpci) of an MSI-range pirq. */
static inline const struct hv_pirq *pirq_ro(const struct ctx *c, int pirq)
{
	assert(pirq_in_msi_range(c->cfg, pirq));
	fp_pirq(c, pirq);
	return &c->w->pirq[pirq - c->cfg->nr_irqs_gsi];
}

static inline struct hv_pirq *pirq_rw(struct ctx *c, int pirq)
{
	assert(pirq_in_msi_range(c->cfg, pirq));
	fp_pirq(c, pirq);
	return &c->w->pirq[pirq - c->cfg->nr_irqs_gsi];
}

/* Unrecorded: say why at the call site. */
static inline const struct hv_pirq *pirq_peek(const struct ctx *c, int pirq)
{
	assert(pirq_in_msi_range(c->cfg, pirq));
	return &c->w->pirq[pirq - c->cfg->nr_irqs_gsi];
}

/* Whether a pirq is free, as get_free_pirq's scan reads it: a read of its
 * freeness only, not a touch of the pirq. */
static inline bool pirq_free_ro(const struct ctx *c, int pirq)
{
	assert(pirq_in_msi_range(c->cfg, pirq));
	fp_free_read(c, pirq);
	return hv_pirq_is_free(&c->w->pirq[pirq - c->cfg->nr_irqs_gsi]);
}

/* The guest's pirq_to_irq[] slot of a pirq (G-LOOKUP array). */
static inline int16_t *pirq_to_irq_rw(struct ctx *c, int pirq)
{
	assert(pirq_in_msi_range(c->cfg, pirq));
	fp_pirq(c, pirq);
	return &c->w->pirq_to_irq[pirq - c->cfg->nr_irqs_gsi];
}

static inline int16_t pirq_to_irq_ro(const struct ctx *c, int pirq)
{
	assert(pirq_in_msi_range(c->cfg, pirq));
	fp_pirq(c, pirq);
	return c->w->pirq_to_irq[pirq - c->cfg->nr_irqs_gsi];
}

/* A device's MSI(-X) entry of a slot (physical programming and QEMU's
 * shadow): a touch of that device. */
static inline const struct dev_entry *entry_ro(const struct ctx *c, unsigned slot)
{
	assert(slot < c->cfg->slot_count);
	fp_dev_of_slot(c, slot);
	return &c->w->entry[slot];
}

static inline struct dev_entry *entry_rw(struct ctx *c, unsigned slot)
{
	assert(slot < c->cfg->slot_count);
	fp_dev_of_slot(c, slot);
	return &c->w->entry[slot];
}

/* Unrecorded: say why at the call site. */
static inline const struct dev_entry *entry_peek(const struct ctx *c, unsigned slot)
{
	assert(slot < c->cfg->slot_count);
	return &c->w->entry[slot];
}

/* A device's registers as the device model sees them. */
static inline const struct dev_state *dev_ro(const struct ctx *c, unsigned device)
{
	assert(device < c->cfg->device_count);
	fp_dev_of_slot(c, device * c->cfg->vectors_per_device);
	return &c->w->dev[device];
}

static inline struct dev_state *dev_rw(struct ctx *c, unsigned device)
{
	assert(device < c->cfg->device_count);
	fp_dev_of_slot(c, device * c->cfg->vectors_per_device);
	return &c->w->dev[device];
}

/* The guest's irq_info of a slot's Linux irq. */
static inline const struct guest_irq *girq_ro(const struct ctx *c, unsigned slot)
{
	assert(slot < c->cfg->slot_count);
	fp_girq(c, slot);
	return &c->w->girq[slot];
}

static inline struct guest_irq *girq_rw(struct ctx *c, unsigned slot)
{
	assert(slot < c->cfg->slot_count);
	fp_girq(c, slot);
	return &c->w->girq[slot];
}

/* Xen's irq counters: those in use (create_irq / destroy_irq) and those
 * created by a map that never linked them (SPEC §5.4.4). */
static inline uint16_t *xen_irqs_live_rw(struct ctx *c)
{
	fp_xen_irqs(c);
	return &c->w->xen_irqs_live;
}

static inline uint16_t *xen_irqs_leaked_rw(struct ctx *c)
{
	fp_xen_irqs(c);
	return &c->w->xen_irqs_leaked;
}

/* Xen's emuirq_pirq radix tree at key IRQ_MSI_EMU (world.h): a Xen-wide
 * value, recorded as Xen's irq counters are. */
static inline uint16_t *msi_emu_pirq_rw(struct ctx *c)
{
	fp_xen_irqs(c);
	return &c->w->msi_emu_pirq;
}

static inline uint16_t msi_emu_pirq_ro(const struct ctx *c)
{
	fp_xen_irqs(c);
	return c->w->msi_emu_pirq;
}

/* An actor's own record: only the acting actor's (a driver instance, or a
 * fault actor's target device, which it acts as). */
static inline struct actor *actor_rw(struct ctx *c, unsigned actor)
{
	assert((int)actor == c->actor);
	return &c->w->actor[actor];
}

static inline const struct actor *actor_ro(const struct ctx *c, unsigned actor)
{
	assert((int)actor == c->actor);
	return &c->w->actor[actor];
}

/* Fault actor i's record (faults.c: arming, spending); fault actors run
 * without the partial-order reduction. */
static inline struct actor *fault_actor_rw(const struct ctx *c, unsigned i)
{
	assert(i < c->cfg->fault_actor_count);
	return &c->w->actor[c->cfg->device_count + i];
}

/* The devices whose handler missed an interrupt (fault irq-during-setup;
 * read only by the properties). */
static inline uint64_t *irq_lost_mask_rw(struct ctx *c)
{
	return &c->w->irq_lost_mask;
}

#endif
