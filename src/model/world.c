/*
 * world.c - initial world, and the packed form the state store keeps: the
 * used prefixes of the world's arrays, back to back.
 */
#include "model/world.h"

#include <string.h>


void world_reset(struct world *w, const struct config *cfg)
{
	memset(w, 0, sizeof(*w));
	for (unsigned slot = 0; slot < PIRQSIM_SLOTS_MAX; slot++) {
		w->entry[slot].phys_pirq = -1;
		w->entry[slot].dm_pirq = XEN_PT_UNASSIGNED_PIRQ;
		/* PCI: vector control mask bits are set after reset. */
		w->entry[slot].flags = ENTRY_MASKED;
	}
	for (unsigned i = 0; i < PIRQSIM_MSI_PIRQS_MAX; i++)
		w->pirq[i].emuirq = IRQ_UNBOUND;
	for (unsigned d = 0; d < cfg->device_count; d++) {
		w->actor[d].status = cfg->program[d].length ? ACTOR_RUNNING : ACTOR_DONE;
		w->actor[d].mode = cfg->device[d].vec_type;
	}
}

#define PACK(field, count)                                              \
	do {                                                            \
		size_t n_ = sizeof(w->field[0]) * (count);              \
		if (out)                                                \
			memcpy(out + length, w->field, n_);             \
		length += (unsigned)n_;                                 \
	} while (0)

static unsigned pack_into(const struct world *w, const struct config *cfg, uint8_t *out)
{
	unsigned length = 0;
	PACK(actor, cfg->actor_count);
	PACK(dev, cfg->device_count);
	PACK(entry, cfg->slot_count);
	PACK(girq, cfg->slot_count);
	PACK(pirq, (unsigned)cfg->nr_msi_pirqs);
	if (cfg->knobs.g_lookup == G_LOOKUP_ARRAY)
		PACK(pirq_to_irq, (unsigned)cfg->nr_msi_pirqs);
	if (out) {
		out[length] = w->xen_irqs_leaked;
		out[length + 1] = w->xen_irqs_live;
		out[length + 2] = w->irq_lost_mask;
	}
	length += 3;
	if (config_has_emulated(cfg)) {
		if (out)
			out[length] = w->msi_emu_pirq;
		length++;
	}
	return length;
}

unsigned world_pack(const struct world *w, const struct config *cfg, uint8_t *out)
{
	return pack_into(w, cfg, out);
}

unsigned world_packed_size(const struct config *cfg)
{
	static const struct world zero;
	return pack_into(&zero, cfg, NULL);
}

#define UNPACK(field, count)                                            \
	do {                                                            \
		size_t n_ = sizeof(w->field[0]) * (count);              \
		memcpy(w->field, in + length, n_);                      \
		length += (unsigned)n_;                                 \
	} while (0)

void world_copy(struct world *dst, const struct world *src, const struct config *cfg)
{
	memcpy(dst->actor, src->actor, sizeof(src->actor[0]) * cfg->actor_count);
	memcpy(dst->dev, src->dev, sizeof(src->dev[0]) * cfg->device_count);
	memcpy(dst->entry, src->entry, sizeof(src->entry[0]) * cfg->slot_count);
	memcpy(dst->girq, src->girq, sizeof(src->girq[0]) * cfg->slot_count);
	memcpy(dst->pirq, src->pirq, sizeof(src->pirq[0]) * (unsigned)cfg->nr_msi_pirqs);
	memcpy(dst->pirq_to_irq, src->pirq_to_irq, sizeof(src->pirq_to_irq[0]) * (unsigned)cfg->nr_msi_pirqs);
	dst->xen_irqs_leaked = src->xen_irqs_leaked;
	dst->xen_irqs_live = src->xen_irqs_live;
	dst->irq_lost_mask = src->irq_lost_mask;
	dst->msi_emu_pirq = src->msi_emu_pirq;
}

/* Unpacking fills exactly the part world_copy copies: the rest of `w` is
 * left as it was (world_init'd once by the caller, and never read). */
void world_unpack(struct world *w, const struct config *cfg, const uint8_t *in)
{
	unsigned length = 0;
	UNPACK(actor, cfg->actor_count);
	UNPACK(dev, cfg->device_count);
	UNPACK(entry, cfg->slot_count);
	UNPACK(girq, cfg->slot_count);
	UNPACK(pirq, (unsigned)cfg->nr_msi_pirqs);
	if (cfg->knobs.g_lookup == G_LOOKUP_ARRAY)
		UNPACK(pirq_to_irq, (unsigned)cfg->nr_msi_pirqs);
	else
		memset(w->pirq_to_irq, 0, sizeof(w->pirq_to_irq[0]) * (unsigned)cfg->nr_msi_pirqs);
	w->xen_irqs_leaked = in[length];
	w->xen_irqs_live = in[length + 1];
	w->irq_lost_mask = in[length + 2];
	w->msi_emu_pirq = config_has_emulated(cfg) ? in[length + 3] : 0;
}
