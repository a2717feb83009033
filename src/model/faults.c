/*
 * faults.c - injected faults (faults.h; the real-world path each models and
 * its source are in docs/faults.md).
 *
 * Hypercall errors are armed by their fault actor and spent by the next
 * matching allocation inside Xen (xen.c asks the host through the
 * boundary, boundary.h host_to_xen, and fault_take answers), so the
 * interleavings decide which call fails.  Device events act at once, as one atomic step: a function-
 * level reset, a hot-unplug, a driver reload, an interrupt raised during
 * setup.  Where the sources are silent the behaviour is marked [D].
 */
#include "model/faults.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "model/access.h"
#include "model/boundary.h"
#include "model/drivers.h"
#include "model/mutants.h"

struct fault_info {
	const char *name;
	bool device_bound;
	const char *summary;
};

static const struct fault_info catalogue[FAULT_KIND_COUNT] = {
	[FAULT_MAP_PIRQ_ENOMEM] = {"map-pirq-enomem", false,
	                           "the next PHYSDEVOP_map_pirq fails with -ENOMEM (pirq_get_info)"},
	[FAULT_PIRQ_ENOSPC] = {"pirq-enospc", false,
	                       "the next get_free_pirq finds no free pirq: -ENOSPC (PHYSDEVOP_get_free_pirq, map_pirq -1)"},
	[FAULT_BIND_PT_IRQ_EBUSY] = {"bind-pt-irq-ebusy", false,
	                             "the next first XEN_DOMCTL_bind_pt_irq of a pirq fails with -EBUSY (pirq_guest_bind)"},
	[FAULT_BIND_PIRQ_ENOSPC] = {"bind-pirq-enospc", false,
	                            "the next EVTCHNOP_bind_pirq fails with -ENOSPC (get_free_port)"},
	[FAULT_FLR] = {"flr", true, "function-level reset of the device while its driver sets up MSI(-X)"},
	[FAULT_HOT_UNPLUG] = {"hot-unplug", true, "the device is hot-unplugged while another device probes"},
	[FAULT_RELOAD] = {"reload", true, "the driver is unloaded and loaded again while its neighbours initialise"},
	[FAULT_IRQ_DURING_SETUP] = {"irq-during-setup", true,
	                            "the device raises an interrupt on vector 0 while it is set up or torn down"},
};

const char *fault_name(enum fault_kind kind) { return kind < FAULT_KIND_COUNT ? catalogue[kind].name : "?"; }
const char *fault_summary(enum fault_kind kind) { return kind < FAULT_KIND_COUNT ? catalogue[kind].summary : ""; }
bool fault_is_device_bound(enum fault_kind kind) { return kind < FAULT_KIND_COUNT && catalogue[kind].device_bound; }

int fault_by_name(const char *name)
{
	for (unsigned k = 0; k < FAULT_KIND_COUNT; k++)
		if (strcmp(catalogue[k].name, name) == 0)
			return (int)k;
	return -1;
}

void fault_names(char *out, size_t out_size)
{
	size_t used = 0;
	if (out_size)
		out[0] = '\0';
	for (unsigned k = 0; k < FAULT_KIND_COUNT && used < out_size; k++) {
		int n = snprintf(out + used, out_size - used, "%s%s", k ? ", " : "", catalogue[k].name);
		used += n > 0 ? (size_t)n : 0;
	}
}

static int add_actor(struct config *cfg, enum fault_kind kind, int device, char *err, size_t err_size)
{
	if (cfg->fault_actor_count >= PIRQSIM_FAULT_ACTORS_MAX) {
		snprintf(err, err_size, "faults expand into more than %d fault actors (one per device a device fault "
		         "targets); name the device, e.g. %s@%s", PIRQSIM_FAULT_ACTORS_MAX, fault_name(kind),
		         cfg->device[0].name);
		return -1;
	}
	cfg->fault_actor[cfg->fault_actor_count++] = (struct fault_actor){.kind = (uint8_t)kind, .device = (int8_t)device};
	return 0;
}

static int device_named(const struct config *cfg, const char *name)
{
	for (unsigned d = 0; d < cfg->device_count; d++)
		if (strcmp(cfg->device[d].name, name) == 0)
			return (int)d;
	return -1;
}

int faults_configure(struct config *cfg, const struct scenario_spec *spec, char *err, size_t err_size)
{
	cfg->fault_actor_count = 0;
	for (unsigned i = 0; i < spec->fault_count && i < PIRQSIM_FAULTS_MAX; i++) {
		const struct fault_spec *f = &spec->fault[i];
		assert(f->kind < FAULT_KIND_COUNT);
		int rc = 0;
		if (!fault_is_device_bound((enum fault_kind)f->kind)) {
			rc = add_actor(cfg, (enum fault_kind)f->kind, -1, err, err_size);
		} else if (f->device[0]) {
			int d = device_named(cfg, f->device);
			if (d < 0) {
				snprintf(err, err_size, "fault %s@%s: the scenario has no device '%s'", fault_name((enum fault_kind)f->kind),
				         f->device, f->device);
				return -1;
			}
			rc = add_actor(cfg, (enum fault_kind)f->kind, d, err, err_size);
		} else {
			for (unsigned d = 0; d < cfg->device_count && rc == 0; d++)
				rc = add_actor(cfg, (enum fault_kind)f->kind, (int)d, err, err_size);
		}
		if (rc != 0)
			return -1;
	}
	cfg->actor_count = cfg->device_count + cfg->fault_actor_count;
	return 0;
}

/* Can fault actor `i` fire in `w`?  Only while some driver still runs, so
 * quiescence stays quiescence and every run stays bounded. */
static bool fault_enabled(const struct world *w, const struct config *cfg, unsigned i)
{
	const struct fault_actor *f = &cfg->fault_actor[i];
	if (w->actor[cfg->device_count + i].pc != FAULT_READY)
		return false;
	bool other_running = false, any_running = false;
	for (unsigned d = 0; d < cfg->device_count; d++) {
		bool running = w->actor[d].status == ACTOR_RUNNING;
		any_running = any_running || running;
		other_running = other_running || (running && (int)d != f->device);
	}
	if (f->device < 0)
		return any_running;
	uint8_t target = w->actor[f->device].status;
	switch ((enum fault_kind)f->kind) {
	case FAULT_FLR:
	case FAULT_IRQ_DURING_SETUP:
		return target == ACTOR_RUNNING;
	case FAULT_HOT_UNPLUG:
	case FAULT_RELOAD:
		/* device_lock serialises probe and remove: only after the
		 * target's probe has returned, while a neighbour probes. */
		return target != ACTOR_RUNNING && target != ACTOR_REMOVED && other_running;
	default:
		return false;
	}
}

void faults_refresh(struct world *w, const struct config *cfg)
{
	for (unsigned i = 0; i < cfg->fault_actor_count; i++)
		w->actor[cfg->device_count + i].status = fault_enabled(w, cfg, i) ? ACTOR_RUNNING : ACTOR_DONE;
}

bool fault_take(const struct ctx *c, enum fault_kind kind)
{
	const struct config *cfg = c->cfg;
	for (unsigned i = 0; i < cfg->fault_actor_count; i++) {
		struct actor *a = fault_actor_rw(c, i);
		if (cfg->fault_actor[i].kind == kind && a->pc == FAULT_ARMED) {
			a->pc = FAULT_SPENT;
			return true;
		}
	}
	return false;
}

/* [D] A reset the device model and Xen are not told of (a dom0-side or
 * device-internal reset): the function's MSI/MSI-X state returns to its
 * power-on values (ENABLE and Function Mask clear, every vector masked,
 * address/data zero; PCI Local Bus 3.0 §6.8.2), so an entry Xen programmed
 * (__pci_enable_msix / write_msi_msg) no longer names its Xen irq.  Xen
 * keeps its msi_desc and pirq mapping, QEMU its shadow, Linux its irqs:
 * nothing restores the entry (PHYSDEVOP_restore_msi is dom0's resume path)
 * until Xen maps it again. */
static void flr(struct ctx *c, unsigned d)
{
	LOG(c, LK_DEVICE_NOTE, "function-level reset of %s: MSI(-X) entries and control back to "
	    "power-on values", c->cfg->device[d].name);
	for (unsigned v = 0; v < c->cfg->vectors_per_device; v++) {
		struct dev_entry *e = entry_rw(c, slot_of(c->cfg, d, v));
		if (e->phys_pirq >= 0)
			e->flags = (uint8_t)(e->flags | ENTRY_HW_RESET);
	}
}

/* An interrupt on vector 0 while the driver sets up or tears down, routed
 * as at quiescence (hv_route).  Lost or misrouted, it matters only if the
 * driver needed it: if its handler was installed (request_irq done, irq
 * live), the handler missed it and irq-delivery is violated; before
 * request_irq no driver waits for it (docs/faults.md). */
static void irq_during_setup(struct ctx *c, unsigned d)
{
	unsigned slot = slot_of(c->cfg, d, 0);
	const struct guest_irq *g = girq_ro(c, slot);
	struct route r;
	/* A passed-through device's MSI goes straight to Xen; an emulated
	 * device's through QEMU's msix_notify and XEN_DMOP_inject_msi. */
	if (device_emulated(c->cfg, slot / c->cfg->vectors_per_device))
		to_qemu_from_device(c)->notify(c, slot, &r);
	else
		to_xen_from_device(c)->raise_msi(c, slot, &r);
	bool reached = route_reaches(&r, slot), needed = (g->flags & GIRQ_LIVE) && g->actions > 0;
	char why[200];
	OP(c, PIRQSIM_DEVICE, "raise MSI", reached ? 0 : PIRQSIM_NO_RESULT, "vector 0 (injected, during setup): pirq %d: "
	   "%s%s", r.pirq, route_text(c, slot, &r, why, sizeof(why)), !reached && needed ? "  <-- LOST (handler installed)" : "");
	if (!reached && needed)
		*irq_lost_mask_rw(c) |= 1ull << d;
}

void fault_step(struct ctx *c, unsigned actor)
{
	const struct config *cfg = c->cfg;
	assert(actor >= cfg->device_count && actor < cfg->actor_count);
	unsigned i = actor - cfg->device_count;
	const struct fault_actor *f = &cfg->fault_actor[i];
	fault_actor_rw(c, i)->pc = f->device < 0 ? FAULT_ARMED : FAULT_SPENT;
	c->actor = f->device;
	OP(c, PIRQSIM_CHECKER, "inject fault", PIRQSIM_NO_RESULT, "%s%s%s: %s", fault_name((enum fault_kind)f->kind),
	   f->device >= 0 ? "@" : "", f->device >= 0 ? cfg->device[f->device].name : "",
	   fault_summary((enum fault_kind)f->kind));
	if (f->device < 0)
		return;
	unsigned d = (unsigned)f->device;
	struct actor *a = actor_rw(c, d);
	switch ((enum fault_kind)f->kind) {
	case FAULT_FLR: flr(c, d); break;
	case FAULT_IRQ_DURING_SETUP: irq_during_setup(c, d); break;
	case FAULT_HOT_UNPLUG:
		/* The mutant reads a neighbour unrecorded on purpose (mutants.h). */
		if (!(MUTANT(MUTANT_FAULT_PEEK) && cfg->device_count > 1 &&
		      entry_peek(c, slot_of(cfg, (d + 1) % cfg->device_count, 0))->dm_pirq >= 0) &&
		    !(MUTANT(MUTANT_FAULT_DEVICE_INDEX) && d == 0))
			driver_remove(c, d);
		OP(c, PIRQSIM_QEMU, "xen_pt_unregister_device", PIRQSIM_NO_RESULT, "%s", cfg->device[d].name);
		c->cfg->boundary->host_to_qemu->device_unregister(c, d);
		a->status = ACTOR_REMOVED;
		break;
	case FAULT_RELOAD:
		driver_remove(c, d);
		OP(c, PIRQSIM_DRIVER, "probe", PIRQSIM_NO_RESULT, "%s: driver loaded again", cfg->device[d].name);
		*a = (struct actor){.status = ACTOR_RUNNING, .mode = cfg->device[d].vec_type};
		break;
	default: assert(0 && "hypercall faults are not device-bound");
	}
}
