/*
 * pool.c - clean pirqs and the pool's form (see pool.h for the argument).
 */
#include "search/pool.h"

#include <string.h>

#include "search/canon.h"
#include "search/renumber.h"

bool pool_applies(const struct config *cfg) { return canon_shadows_can_die(cfg); }

static void name(const struct config *cfg, pirq_set *s, int pirq)
{
	if (pirq_in_msi_range(cfg, pirq))
		pirq_set_add(s, (unsigned)(pirq - cfg->nr_irqs_gsi));
}

bool pool_shadow_dead(const struct config *cfg, const struct world *w, unsigned slot)
{
	if (canon_shadow_dead(cfg, w, slot))
		return true;
	unsigned d = slot / cfg->vectors_per_device;
	if (slot != slot_of(cfg, d, msi_entry(cfg, d)))
		return false;
	/* QEMU's XenPTMSI: not initialized, not mapped, no pirq (after
	 * xen_pt_msi_disable, or before the first enable). */
	return w->entry[slot].dm_pirq == XEN_PT_UNASSIGNED_PIRQ &&
	       !(w->dev[d].flags & (DEV_MSI_INITIALIZED | DEV_MSI_MAPPED)) && !msi_message_pending(cfg, w, d);
}

void pool_named(const struct config *cfg, const struct world *w, pirq_set *named)
{
	memset(named, 0, pirq_words(cfg) * sizeof(uint64_t));
	for (unsigned slot = 0; slot < cfg->slot_count; slot++) {
		const struct dev_entry *e = &w->entry[slot];
		name(cfg, named, e->phys_pirq);
		name(cfg, named, e->dm_pirq);
		if (!pool_shadow_dead(cfg, w, slot))
			name(cfg, named, e->msg_pirq);
		if (!(w->girq[slot].flags & GIRQ_SHUTDOWN))
			name(cfg, named, w->girq[slot].pirq);
	}
	for (unsigned d = 0; d < cfg->device_count; d++)
		name(cfg, named, w->actor[d].pirq);
}

/* Xen's power-on state of a pirq (world_reset). */
static bool power_on(const struct hv_pirq *p, int16_t pirq_to_irq)
{
	return p->arch_irq == 0 && p->evtchn == 0 && p->gvec == 0 && p->emuirq == IRQ_UNBOUND && p->dpci == 0 &&
	       pirq_to_irq == 0;
}

bool pool_clean(const struct world *w, const pirq_set *named, unsigned i)
{
	return power_on(&w->pirq[i], w->pirq_to_irq[i]) && !pirq_set_has(named, i);
}

bool pool_unclean(const struct config *cfg, const struct world *w)
{
	pirq_set named;
	pool_named(cfg, w, &named);
	for (unsigned i = 0; i < (unsigned)cfg->nr_msi_pirqs; i++)
		if (hv_pirq_is_free(&w->pirq[i]) && !pool_clean(w, &named, i))
			return true;
	return false;
}

void pool_form(const struct config *cfg, const struct world *w, struct world *out)
{
	struct world forgot;
	world_init(&forgot, cfg);
	world_copy(&forgot, w, cfg);
	for (unsigned slot = 0; slot < cfg->slot_count; slot++) {
		if (pool_shadow_dead(cfg, w, slot)) {
			forgot.entry[slot].msg_pirq = 0;
			forgot.entry[slot].msg_gvec = 0;
		}
		if (forgot.girq[slot].flags & GIRQ_SHUTDOWN)
			forgot.girq[slot].pirq = 0;
	}
	pirq_set named;
	pool_named(cfg, &forgot, &named);
	bool keep[PIRQSIM_MSI_PIRQS_MAX];
	for (unsigned i = 0; i < (unsigned)cfg->nr_msi_pirqs; i++)
		keep[i] = hv_pirq_is_free(&forgot.pirq[i]) && pool_clean(&forgot, &named, i);
	renumber_keeping(cfg, keep, &forgot, out);
}
