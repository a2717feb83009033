/*
 * symmetry.c - canonical forms under permutations of interchangeable
 * devices (see symmetry.h for what is permuted and why it is exact).
 */
#include "search/symmetry.h"

#include <string.h>

/* How many fault actors of kind `kind` target device d. */
static unsigned faults_on(const struct config *cfg, uint8_t kind, unsigned d)
{
	unsigned n = 0;
	for (unsigned i = 0; i < cfg->fault_actor_count; i++)
		n += cfg->fault_actor[i].kind == kind && cfg->fault_actor[i].device == (int8_t)d;
	return n;
}

/* Do devices a and b carry the same faults (as many fault actors of each
 * kind)?  A fault that names one device (flr@nvme0) sets it apart; one that
 * targets every device leaves them interchangeable. */
static bool same_faults(const struct config *cfg, unsigned a, unsigned b)
{
	for (unsigned i = 0; i < cfg->fault_actor_count; i++) {
		const struct fault_actor *f = &cfg->fault_actor[i];
		if ((f->device == (int8_t)a || f->device == (int8_t)b) &&
		    faults_on(cfg, f->kind, a) != faults_on(cfg, f->kind, b))
			return false;
	}
	return true;
}

bool symmetry_classes(const struct config *cfg, uint8_t class_of[PIRQSIM_DEVICES_MAX])
{
	bool any = false;
	for (unsigned d = 0; d < cfg->device_count; d++) {
		const struct device_spec *a = &cfg->device[d];
		class_of[d] = (uint8_t)d;
		for (unsigned e = 0; e < d; e++) {
			const struct device_spec *b = &cfg->device[e];
			if (a->driver == b->driver && a->vec_type == b->vec_type && a->vectors == b->vectors &&
			    a->cycles == b->cycles && a->emulated == b->emulated && same_faults(cfg, d, e)) {
				class_of[d] = class_of[e];
				any = true;
				break;
			}
		}
	}
	return any;
}

void symmetry_transposition(const struct config *cfg, unsigned a, unsigned b, uint8_t to[PIRQSIM_DEVICES_MAX])
{
	for (unsigned d = 0; d < cfg->device_count; d++)
		to[d] = (uint8_t)d;
	to[a] = (uint8_t)b;
	to[b] = (uint8_t)a;
}

unsigned symmetry_fault_image(const struct config *cfg, const uint8_t to[PIRQSIM_DEVICES_MAX], unsigned i)
{
	const struct fault_actor *f = &cfg->fault_actor[i];
	if (f->device < 0)
		return i;
	/* The r-th fault actor of (kind, device) moves to the r-th of (kind,
	 * to[device]); same_faults makes it exist within a class. */
	unsigned rank = 0;
	for (unsigned j = 0; j < i; j++)
		rank += cfg->fault_actor[j].kind == f->kind && cfg->fault_actor[j].device == f->device;
	int8_t target = (int8_t)to[(unsigned)f->device];
	for (unsigned j = 0; j < cfg->fault_actor_count; j++)
		if (cfg->fault_actor[j].kind == f->kind && cfg->fault_actor[j].device == target && rank-- == 0)
			return j;
	return i;
}

/* The bytes of field f of x and y, compared (little-endian: a value below
 * 256 of a field widened from one byte to two orders as it did in one). */
#define FIELD_COMPARE(c, x, y, f) \
	do { if ((c) == 0) (c) = memcmp(&(x)->f, &(y)->f, sizeof((x)->f)); } while (0)

/* Compare the own blocks of devices a and b: actor, registers, entries,
 * guest irqs.  The actor's fields in the order of its first layout (pc,
 * micro, entry, status, nvec, mode, want, degraded, pirq), so that the
 * representatives, and the first counterexample a search meets, stay what
 * they were before the fields were widened and packed anew. */
static int block_compare(const struct world *w, const struct config *cfg, unsigned a, unsigned b)
{
	const struct actor *x = &w->actor[a], *y = &w->actor[b];
	int c = 0;
	FIELD_COMPARE(c, x, y, pc);
	FIELD_COMPARE(c, x, y, micro);
	FIELD_COMPARE(c, x, y, entry);
	FIELD_COMPARE(c, x, y, status);
	FIELD_COMPARE(c, x, y, nvec);
	FIELD_COMPARE(c, x, y, mode);
	FIELD_COMPARE(c, x, y, want);
	FIELD_COMPARE(c, x, y, degraded);
	FIELD_COMPARE(c, x, y, pirq);
	if (c == 0)
		c = memcmp(&w->dev[a], &w->dev[b], sizeof(w->dev[0]));
	size_t n = cfg->vectors_per_device;
	if (c == 0)
		c = memcmp(&w->entry[a * n], &w->entry[b * n], n * sizeof(w->entry[0]));
	if (c == 0)
		c = memcmp(&w->girq[a * n], &w->girq[b * n], n * sizeof(w->girq[0]));
	/* The states of the faults aimed at them (fired or not), pairwise. */
	uint8_t swap[PIRQSIM_DEVICES_MAX];
	if (c == 0 && cfg->fault_actor_count > 0)
		symmetry_transposition(cfg, a, b, swap);
	for (unsigned i = 0; c == 0 && i < cfg->fault_actor_count; i++) {
		if (cfg->fault_actor[i].device != (int8_t)a)
			continue;
		unsigned j = symmetry_fault_image(cfg, swap, i);
		c = (int)w->actor[cfg->device_count + i].pc - (int)w->actor[cfg->device_count + j].pc;
	}
	if (c == 0 && (w->irq_lost_mask >> a & 1u) != (w->irq_lost_mask >> b & 1u))
		c = (w->irq_lost_mask >> a & 1u) ? 1 : -1;
	return c;
}

/* A slot handle (slot + 1, 0 = none) under the permutation. */
static int16_t map_handle(const struct config *cfg, const uint8_t to[], int16_t handle)
{
	if (handle <= 0)
		return handle;
	unsigned slot = (unsigned)handle - 1, n = cfg->vectors_per_device;
	return (int16_t)(to[slot / n] * n + slot % n + 1);
}

/* A native guest vector (0x40 + slot) under the permutation. */
static uint16_t map_vector(const struct config *cfg, const uint8_t to[], uint16_t gvec)
{
	if (gvec < 0x40 || gvec - 0x40u >= cfg->slot_count)
		return gvec;
	unsigned slot = gvec - 0x40u, n = cfg->vectors_per_device;
	return (uint16_t)(0x40 + to[slot / n] * n + slot % n);
}

void symmetry_permute(const struct world *w, const struct config *cfg, const uint8_t to[PIRQSIM_DEVICES_MAX],
                      struct world *out)
{
	unsigned n = cfg->vectors_per_device;
	world_copy(out, w, cfg);
	for (unsigned d = 0; d < cfg->device_count; d++) {
		unsigned t = to[d];
		out->actor[t] = w->actor[d];
		out->dev[t] = w->dev[d];
		memcpy(&out->entry[t * n], &w->entry[d * n], n * sizeof(w->entry[0]));
		memcpy(&out->girq[t * n], &w->girq[d * n], n * sizeof(w->girq[0]));
		for (unsigned v = 0; v < n; v++)
			out->entry[t * n + v].msg_gvec = map_vector(cfg, to, w->entry[d * n + v].msg_gvec);
	}
	for (int i = 0; i < cfg->nr_msi_pirqs; i++) {
		out->pirq[i].arch_irq = map_handle(cfg, to, w->pirq[i].arch_irq);
		out->pirq[i].evtchn = map_handle(cfg, to, w->pirq[i].evtchn);
		out->pirq[i].gvec = map_vector(cfg, to, w->pirq[i].gvec);
		out->pirq_to_irq[i] = map_handle(cfg, to, w->pirq_to_irq[i]);
	}
	/* Each device's fault actors move with it; hypercall faults stay. */
	for (unsigned i = 0; i < cfg->fault_actor_count; i++)
		out->actor[cfg->device_count + symmetry_fault_image(cfg, to, i)] = w->actor[cfg->device_count + i];
	uint8_t lost = 0;
	for (unsigned d = 0; d < cfg->device_count; d++)
		lost = (uint8_t)(lost | ((w->irq_lost_mask >> d & 1u) << to[d]));
	out->irq_lost_mask = lost;
}

bool symmetry_order(const struct world *w, const struct config *cfg, const uint8_t class_of[PIRQSIM_DEVICES_MAX],
                    uint8_t to[PIRQSIM_DEVICES_MAX])
{
	unsigned count = cfg->device_count;
	bool moved = false;
	for (unsigned c = 0; c < count; c++) {
		/* The class whose first device is c: its positions, in index
		 * order, receive its devices sorted by block (stable insertion
		 * sort; at most 8 devices). */
		if (class_of[c] != c)
			continue;
		uint8_t member[PIRQSIM_DEVICES_MAX], sorted[PIRQSIM_DEVICES_MAX];
		unsigned n = 0;
		for (unsigned d = c; d < count; d++)
			if (class_of[d] == c)
				member[n++] = (uint8_t)d;
		for (unsigned i = 0; i < n; i++) {
			unsigned j = i;
			while (j > 0 && block_compare(w, cfg, sorted[j - 1], member[i]) > 0) {
				sorted[j] = sorted[j - 1];
				j--;
			}
			sorted[j] = member[i];
		}
		for (unsigned i = 0; i < n; i++) {
			to[sorted[i]] = member[i];
			moved = moved || sorted[i] != member[i];
		}
	}
	return moved;
}

void symmetry_canonical(const struct world *w, const struct config *cfg,
                        const uint8_t class_of[PIRQSIM_DEVICES_MAX], struct world *out)
{
	uint8_t to[PIRQSIM_DEVICES_MAX];
	symmetry_order(w, cfg, class_of, to);
	symmetry_permute(w, cfg, to, out);
}

const struct world *symmetry_canonical_view(const struct world *w, const struct config *cfg,
                                            const uint8_t class_of[PIRQSIM_DEVICES_MAX], struct world *scratch)
{
	/* Usually the devices are already in order: then w is its own
	 * canonical form and nothing is copied. */
	for (unsigned d = 1; d < cfg->device_count; d++) {
		for (unsigned e = 0; e < d; e++) {
			if (class_of[e] == class_of[d] && block_compare(w, cfg, e, d) > 0) {
				symmetry_canonical(w, cfg, class_of, scratch);
				return scratch;
			}
		}
	}
	return w;
}
