/*
 * world.c - initial world, and the packed form the state store keeps: the
 * used prefixes of the world's arrays, back to back.
 */
#include "model/world.h"

#include <string.h>


/* Only the parts a run uses (the prefixes world_pack stores, and the
 * scalars) are set: the arrays are sized at the model's bounds, a world is
 * reset for every frame of a depth-first search, and nothing reads past the
 * prefixes. */
void world_reset(struct world *w, const struct config *cfg)
{
	memset(w->actor, 0, sizeof(w->actor[0]) * cfg->actor_count);
	memset(w->dev, 0, sizeof(w->dev[0]) * cfg->device_count);
	memset(w->entry, 0, sizeof(w->entry[0]) * cfg->slot_count);
	memset(w->girq, 0, sizeof(w->girq[0]) * cfg->slot_count);
	memset(w->pirq, 0, sizeof(w->pirq[0]) * (unsigned)cfg->nr_msi_pirqs);
	memset(w->pirq_to_irq, 0, sizeof(w->pirq_to_irq[0]) * (unsigned)cfg->nr_msi_pirqs);
	w->irq_lost_mask = 0;
	w->xen_irqs_leaked = w->xen_irqs_live = 0;
	w->msi_emu_pirq = 0;
	w->pad = 0;
	for (unsigned slot = 0; slot < cfg->slot_count; slot++) {
		w->entry[slot].phys_pirq = -1;
		w->entry[slot].dm_pirq = XEN_PT_UNASSIGNED_PIRQ;
		/* PCI: vector control mask bits are set after reset. */
		w->entry[slot].flags = ENTRY_MASKED;
	}
	for (unsigned i = 0; i < (unsigned)cfg->nr_msi_pirqs; i++)
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

/* xen_irqs_leaked <= xen_irqs_live <= xen_irqs_max (xen.c) */
static unsigned counter_bytes(const struct config *cfg) { return cfg->xen_irqs_max <= 255 ? 1 : 2; }
static unsigned lost_bytes(const struct config *cfg) { return (cfg->device_count + 7) / 8; }

static void put_le(uint8_t *out, uint64_t value, unsigned bytes)
{
	for (unsigned i = 0; i < bytes; i++)
		out[i] = (uint8_t)(value >> (8 * i));
}

static uint64_t get_le(const uint8_t *in, unsigned bytes)
{
	uint64_t value = 0;
	for (unsigned i = 0; i < bytes; i++)
		value |= (uint64_t)in[i] << (8 * i);
	return value;
}

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
	/* The scalars, little-endian, only as wide as the scenario needs:
	 * counters of Xen irqs up to the slots, a bit a device. */
	unsigned counter = counter_bytes(cfg), lost = lost_bytes(cfg);
	if (out) {
		put_le(out + length, w->xen_irqs_leaked, counter);
		put_le(out + length + counter, w->xen_irqs_live, counter);
		put_le(out + length + 2 * counter, w->irq_lost_mask, lost);
	}
	length += 2 * counter + lost;
	if (config_has_emulated(cfg)) {
		if (out)
			put_le(out + length, w->msi_emu_pirq, 2);
		length += 2;
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
	unsigned counter = counter_bytes(cfg), lost = lost_bytes(cfg);
	w->xen_irqs_leaked = (uint16_t)get_le(in + length, counter);
	w->xen_irqs_live = (uint16_t)get_le(in + length + counter, counter);
	w->irq_lost_mask = get_le(in + length + 2 * counter, lost);
	length += 2 * counter + lost;
	w->msi_emu_pirq = config_has_emulated(cfg) ? (uint16_t)get_le(in + length, 2) : 0;
}
