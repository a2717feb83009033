/*
 * canon.c - the canonical form the searches store and expand (canon.h).
 */
#include "search/canon.h"

#include <string.h>

#include "model/next_state.h"
#include "search/symmetry.h"

/* Where no rule reads a dead shadow back (see canon.h): QEMU >= 2.1's
 * xen_pt (DM-KIND qemu-xen, DM-REARM if-unassigned), and a guest that never
 * reads a cached message (always fresh, or native MSI).  Faults add no
 * reader: faults.c touches an entry only through Xen's ENTRY_HW_RESET,
 * hot-unplug and reload tear down through the guest's and QEMU's own
 * disable paths, and a hypercall fault only fails a call whose entry is
 * `updated` or being mapped (canon_audit_dead steps the faults too). */
bool canon_shadows_can_die(const struct config *cfg)
{
	const struct knobs *k = &cfg->knobs;
	bool guest_never_reads = !cfg->pirq_mode || k->g_reuse == G_REUSE_ALWAYS_FRESH;
	/* An emulated device's table is read whenever it raises an MSI: no
	 * shadow of it is dead. */
	return guest_never_reads && k->dm_kind == DM_KIND_QEMU_XEN &&
	       k->dm_rearm == DM_REARM_IF_UNASSIGNED && !config_has_emulated(cfg);
}

void canon_init(struct canon *k, const struct config *cfg, unsigned reductions)
{
	memset(k, 0, sizeof(*k));
	k->cfg = cfg;
	k->symmetry = (reductions & REDUCE_SYMMETRY) && symmetry_classes(cfg, k->class_of);
	k->renumber_on = (reductions & REDUCE_RENUMBER) && renumber_init(&k->renumber, cfg);
	k->dead_on = (reductions & REDUCE_DEAD) && canon_shadows_can_die(cfg);
	world_init(&k->scratch, cfg);
}

/* Set every dead shadow of w to `pirq` and, if `native`, to its slot's
 * native vector (else vector 0). */
static void set_dead_shadows(const struct config *cfg, struct world *w, int16_t pirq, bool native)
{
	for (unsigned d = 0; d < cfg->device_count; d++) {
		if (cfg->device[d].vec_type != VEC_MSIX)
			continue;
		for (unsigned v = 0; v < msix_entries(cfg, d); v++) {
			unsigned slot = slot_of(cfg, d, v);
			struct dev_entry *e = &w->entry[slot];
			if (e->dm_pirq != XEN_PT_UNASSIGNED_PIRQ || (e->flags & ENTRY_UPDATED))
				continue;
			e->msg_pirq = pirq;
			e->msg_gvec = native ? (uint16_t)(0x40 + slot) : 0;
		}
	}
}

void canon_forget_dead_shadows(const struct canon *k, struct world *w)
{
	set_dead_shadows(k->cfg, w, 0, false);
}

bool canon_shadow_dead(const struct config *cfg, const struct world *w, unsigned slot)
{
	unsigned d = slot / cfg->vectors_per_device;
	const struct dev_entry *e = &w->entry[slot];
	return cfg->device[d].vec_type == VEC_MSIX && slot % cfg->vectors_per_device < msix_entries(cfg, d) &&
	       e->dm_pirq == XEN_PT_UNASSIGNED_PIRQ && !(e->flags & ENTRY_UPDATED);
}

static bool same_verdicts(const struct config *cfg, struct world *a, struct world *b)
{
	struct ctx ca = {.w = a, .cfg = cfg, .actor = -1}, cb = {.w = b, .cfg = cfg, .actor = -1};
	return check_state(&ca, NULL) == check_state(&cb, NULL) && check_quiescent(&ca, NULL) == check_quiescent(&cb, NULL);
}

bool canon_audit_dead(const struct canon *k, const struct world *w)
{
	const struct config *cfg = k->cfg;
	if (!k->dead_on)
		return false;
	unsigned size = world_packed_size(cfg);
	uint8_t packed_a[sizeof(struct world) + 8], packed_b[sizeof(struct world) + 8];
	struct world base, other, a, b;
	world_init(&base, cfg);
	world_init(&other, cfg);
	world_init(&a, cfg);
	world_init(&b, cfg);
	world_copy(&base, w, cfg);
	canon_forget_dead_shadows(k, &base);
	for (unsigned which = 1; which <= 2; which++) {
		/* Other values no rule may notice: the top MSI pirq; the lowest
		 * with a native vector. */
		world_copy(&other, &base, cfg);
		set_dead_shadows(cfg, &other,
		                 (int16_t)(which == 1 ? cfg->nr_irqs_gsi + cfg->nr_msi_pirqs - 1 : cfg->nr_irqs_gsi),
		                 which == 2);
		if (!same_verdicts(cfg, &base, &other))
			return true;
		for (unsigned actor = 0; actor < cfg->actor_count; actor++) {
			if (!actor_enabled(&base, actor))
				continue;
			world_copy(&a, &base, cfg);
			world_copy(&b, &other, cfg);
			struct ctx ca = {.w = &a, .cfg = cfg, .actor = (int)actor}, cb = {.w = &b, .cfg = cfg, .actor = (int)actor};
			if (step(&ca, actor) != 0 || step(&cb, actor) != 0)
				continue;
			canon_forget_dead_shadows(k, &a);
			canon_forget_dead_shadows(k, &b);
			world_pack(&a, cfg, packed_a);
			world_pack(&b, cfg, packed_b);
			if (memcmp(packed_a, packed_b, size) != 0 || !same_verdicts(cfg, &a, &b))
				return true;
		}
	}
	return false;
}

void canon_apply(struct canon *k, struct world *w, uint8_t to[PIRQSIM_DEVICES_MAX])
{
	const struct config *cfg = k->cfg;
	if (k->dead_on)
		canon_forget_dead_shadows(k, w);
	uint8_t order[PIRQSIM_DEVICES_MAX];
	bool moved = k->symmetry && symmetry_order(w, cfg, k->class_of, order);
	if (moved) {
		symmetry_permute(w, cfg, order, &k->scratch);
		world_copy(w, &k->scratch, cfg);
	}
	if (to)
		for (unsigned d = 0; d < cfg->device_count; d++)
			to[d] = moved ? order[d] : (uint8_t)d;
	if (k->renumber_on && renumber_view(&k->renumber, w, &k->scratch) == &k->scratch)
		world_copy(w, &k->scratch, cfg);
}

/*
 * Replay the representatives: F_0 is the initial world's, F_i that of
 * F_(i-1)'s successor by choice c_i.  With sigma_i the composition of the
 * permutations applied so far (real device d is F_i's device sigma_i[d]),
 * the real actor of c_(i+1) is sigma_i^-1(c_(i+1)); a fault actor aimed at
 * a device is the image of c_(i+1) under sigma_i^-1 (symmetry_fault_image),
 * a hypercall fault is itself.
 */
int canon_trail_to_real(struct canon *k, const uint8_t *choices, unsigned length, uint8_t *out)
{
	const struct config *cfg = k->cfg;
	struct world f;
	world_init(&f, cfg);
	uint8_t sigma[PIRQSIM_DEVICES_MAX], to[PIRQSIM_DEVICES_MAX], from[PIRQSIM_DEVICES_MAX];
	canon_apply(k, &f, sigma);
	for (unsigned i = 0; i < length; i++) {
		unsigned c = choices[i];
		if (c >= cfg->actor_count || !actor_enabled(&f, c))
			return -1;
		for (unsigned d = 0; d < cfg->device_count; d++)
			from[sigma[d]] = (uint8_t)d;
		out[i] = c < cfg->device_count ? from[c]
		                               : (uint8_t)(cfg->device_count +
		                                           symmetry_fault_image(cfg, from, c - cfg->device_count));
		struct ctx ctx = {.w = &f, .cfg = cfg, .actor = (int)c};
		if (step(&ctx, c) != 0)
			return -1;
		canon_apply(k, &f, to);
		for (unsigned d = 0; d < cfg->device_count; d++)
			sigma[d] = to[sigma[d]];
	}
	return 0;
}
