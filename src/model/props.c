/*
 * props.c - property checks over a world (DESIGN "Properties").  Each check
 * reports through a callback so that the hot path (stop at the first) and
 * reports (list them all) share one definition.
 */
#include "model/props.h"

#include <stdio.h>
#include <string.h>

#include "model/xen.h"

const char *property_name(enum property p)
{
	static const char *const names[PROP_COUNT] = {"init-ok", "irq-delivery", "pirq-exclusive", "no-leak",
	                                              "vectors-granted"};
	return p < PROP_COUNT ? names[p] : "?";
}

/* Where a check reports: `fn` (return true to stop), and whether the
 * violations need their text (the all-violations search compares kinds
 * only, and formats nothing on its hot path). */
struct found {
	bool (*fn)(const struct violation *v, void *data);
	void *data;
	bool text;
};

static bool report(const struct found *f, enum property p, int cause, int mechanism, int device, int vector, int pirq,
                   const char *text)
{
	struct violation v = {.property = p, .cause = cause, .mechanism = mechanism, .device = device, .vector = vector,
	                      .pirq = pirq};
	if (text && f->text)
		snprintf(v.text, sizeof(v.text), "%s", text);
	return f->fn(&v, f->data);
}

static const char *dev_name(const struct ctx *c, unsigned slot)
{
	return c->cfg->device[slot / c->cfg->vectors_per_device].name;
}

static bool check_init_ok(const struct ctx *c, const struct found *f)
{
	for (unsigned d = 0; d < c->cfg->device_count; d++) {
		uint8_t status = c->w->actor[d].status;
		if (!actor_failed(status))
			continue;
		char text[200] = "";
		if (f->text)
			snprintf(text, sizeof(text), "%s failed to initialise: %s", c->cfg->device[d].name,
			         status == ACTOR_FAILED_TIMEOUT ? "an admin command timed out (its vector 0 interrupt was lost)"
			         : status == ACTOR_FAILED_NO_PIRQ ? "MSI setup found no free pirq (-ENOSPC)"
			                                          : "MSI setup failed");
		int cause = status == ACTOR_FAILED_TIMEOUT ? PIRQSIM_CAUSE_INIT_TIMEOUT
		          : status == ACTOR_FAILED_NO_PIRQ ? PIRQSIM_CAUSE_NO_PIRQ : PIRQSIM_CAUSE_SETUP_FAILED;
		if (report(f, PROP_INIT_OK, cause, 0, (int)d, 0, -1, text))
			return true;
	}
	return false;
}

/* An irq is the live pirq holder from xen_bind_pirq_msi_to_irq until its
 * device's MSI(-X) is shut down (pci_msix_shutdown / pci_msi_shutdown). */
static bool girq_holds(const struct guest_irq *g)
{
	return (g->flags & GIRQ_LIVE) && !(g->flags & GIRQ_SHUTDOWN);
}

/* Does `pirq` occur twice among the values added to `seen` (MSI-range
 * pirqs, one bit each) and `other` (the rest, compared one by one)? */
struct pirq_seen {
	uint64_t bits[(PIRQSIM_MSI_PIRQS_MAX + 63) / 64];
	int16_t other[PIRQSIM_SLOTS_MAX];
	unsigned others;
};

static bool seen_again(const struct config *cfg, struct pirq_seen *seen, int pirq)
{
	if (pirq_in_msi_range(cfg, pirq)) {
		unsigned i = (unsigned)(pirq - cfg->nr_irqs_gsi);
		uint64_t bit = 1ull << (i & 63);
		bool again = (seen->bits[i >> 6] & bit) != 0;
		seen->bits[i >> 6] |= bit;
		return again;
	}
	for (unsigned k = 0; k < seen->others; k++)
		if (seen->other[k] == pirq)
			return true;
	seen->other[seen->others++] = (int16_t)pirq;
	return false;
}

/* Is some pirq held twice in one view?  Linear in the slots: the pairwise
 * search below, which says which pair, runs only when one is. */
static bool pirq_shared(const struct ctx *c)
{
	const struct world *w = c->w;
	/* Only the words of the scenario's pirqs start clear: the sets are as
	 * large as the model's bounds, and this runs at every state. */
	struct pirq_seen guest, device_model;
	unsigned words = ((unsigned)c->cfg->nr_msi_pirqs + 63) / 64;
	memset(guest.bits, 0, words * sizeof(guest.bits[0]));
	memset(device_model.bits, 0, words * sizeof(device_model.bits[0]));
	guest.others = device_model.others = 0;
	for (unsigned a = 0; a < c->cfg->slot_count; a++) {
		if (c->cfg->pirq_mode && girq_holds(&w->girq[a]) && seen_again(c->cfg, &guest, w->girq[a].pirq))
			return true;
		if (w->entry[a].dm_pirq >= 0 && seen_again(c->cfg, &device_model, w->entry[a].dm_pirq))
			return true;
	}
	return false;
}

/* Guest view: two live irq_infos with one pirq.  Device-model view: two
 * entries whose XenPTMSIXEntry.pirq / XenPTMSI.pirq is the same pirq. */
static bool check_pirq_exclusive(const struct ctx *c, const struct found *f)
{
	const struct world *w = c->w;
	if (!pirq_shared(c))
		return false;
	for (unsigned a = 0; a < c->cfg->slot_count; a++) {
		for (unsigned b = a + 1; b < c->cfg->slot_count; b++) {
			const char *view = NULL;
			int pirq = -1, mechanism = MECHANISM_GUEST_VIEW;
			if (c->cfg->pirq_mode && girq_holds(&w->girq[a]) && girq_holds(&w->girq[b]) &&
			    w->girq[a].pirq == w->girq[b].pirq) {
				view = "guest irq_info";
				pirq = w->girq[a].pirq;
			} else if (w->entry[a].dm_pirq >= 0 && w->entry[a].dm_pirq == w->entry[b].dm_pirq) {
				view = "QEMU entry";
				pirq = w->entry[a].dm_pirq;
				mechanism = MECHANISM_QEMU_VIEW;
			}
			if (!view)
				continue;
			char text[256] = "";
			if (f->text)
				snprintf(text, sizeof(text), "pirq %d is the live pirq of %s vector %u and %s vector %u (%s view)",
				         pirq, dev_name(c, a), a % c->cfg->vectors_per_device, dev_name(c, b),
				         b % c->cfg->vectors_per_device, view);
			if (report(f, PROP_PIRQ_EXCLUSIVE, PIRQSIM_CAUSE_SHARED_PIRQ, mechanism,
			           (int)(b / c->cfg->vectors_per_device), (int)(b % c->cfg->vectors_per_device), pirq, text))
				return true;
		}
	}
	return false;
}

/*
 * Every vector a driver has requested (a live guest irq with a handler),
 * raised once and followed through Xen (route_now: hv_route, or QEMU's
 * XEN_DMOP_inject_msi for an emulated device, as it would go now): `visit` gets each with
 * where it went; a true return stops the walk.  The irq-delivery check and
 * the trace of the quiescent interrupts walk the same vectors.
 */
typedef bool (*raised_fn)(const struct ctx *c, unsigned slot, const struct guest_irq *g, const struct route *r,
                          void *data);
static bool raise_requested(const struct ctx *c, raised_fn visit, void *data)
{
	for (unsigned slot = 0; slot < c->cfg->slot_count; slot++) {
		const struct guest_irq *g = &c->w->girq[slot];
		if (!(g->flags & GIRQ_LIVE) || g->actions == 0)
			continue;
		struct route r;
		route_now(c, slot, &r);
		if (visit(c, slot, g, &r, data))
			return true;
	}
	return false;
}

static bool delivered(const struct ctx *c, unsigned slot, const struct guest_irq *g, const struct route *r, void *data)
{
	const struct config *cfg = c->cfg;
	const struct found *f = data;
	if (route_reaches(r, slot))
		return false;
	char text[256] = "", why[200];
	const char *stage = f->text ? route_text(c, slot, r, why, sizeof(why)) : "";
	if (!f->text)
		; /* the kind only */
	else if (r->port_slot >= 0 && r->port_slot != (int)slot)
		snprintf(text, sizeof(text), "interrupt of %s vector %u (pirq %d) reaches %s vector %u instead: %s",
		         dev_name(c, slot), slot % cfg->vectors_per_device, r->pirq, dev_name(c, (unsigned)r->port_slot),
		         (unsigned)r->port_slot % cfg->vectors_per_device, stage);
	else
		snprintf(text, sizeof(text), "interrupt of %s vector %u is lost (guest pirq %d, entry pirq %d): %s",
		         dev_name(c, slot), slot % cfg->vectors_per_device, g->pirq, r->pirq, stage);
	int cause = r->port_slot >= 0 && r->port_slot != (int)slot ? PIRQSIM_CAUSE_MISROUTED_IRQ : PIRQSIM_CAUSE_LOST_IRQ;
	return report(f, PROP_IRQ_DELIVERY, cause, (int)r->stage, (int)(slot / cfg->vectors_per_device),
	              (int)(slot % cfg->vectors_per_device), cfg->pirq_mode ? g->pirq : r->pirq, text);
}

static bool check_irq_delivery(const struct ctx *c, const struct found *f)
{
	return raise_requested(c, delivered, (void *)f);
}

static bool pirq_has_owner(const struct ctx *c, int pirq)
{
	for (unsigned slot = 0; slot < c->cfg->slot_count; slot++) {
		if (c->cfg->pirq_mode && (c->w->girq[slot].flags & GIRQ_LIVE) && c->w->girq[slot].pirq == pirq)
			return true;
		if (!c->cfg->pirq_mode && c->w->entry[slot].dm_pirq == pirq)
			return true;
	}
	return false;
}

static bool check_no_leak(const struct ctx *c, const struct found *f)
{
	const struct config *cfg = c->cfg;
	for (int pirq = cfg->nr_irqs_gsi; pirq < cfg->nr_irqs_gsi + cfg->nr_msi_pirqs; pirq++) {
		const struct hv_pirq *p = &c->w->pirq[pirq - cfg->nr_irqs_gsi];
		bool busy = p->arch_irq != 0 || p->emuirq != IRQ_UNBOUND || (p->dpci & HV_PIRQ_FORCED);
		if (!busy || pirq_has_owner(c, pirq))
			continue;
		char text[200] = "";
		if (f->text)
			snprintf(text, sizeof(text), "pirq %d is %s%s in Xen with no live owner", pirq,
			         p->arch_irq == PIRQ_ALLOCATED ? "reserved (PIRQ_ALLOCATED)" : "held",
			         p->emuirq == IRQ_MSI_EMU ? " and mapped as emuirq IRQ_MSI_EMU" : "");
		int mechanism = p->arch_irq == PIRQ_ALLOCATED ? MECHANISM_PIRQ_RESERVED : MECHANISM_PIRQ_HELD;
		if (report(f, PROP_NO_LEAK, PIRQSIM_CAUSE_PIRQ_LEAK, mechanism, -1, -1, pirq, text))
			return true;
	}
	if (c->w->xen_irqs_leaked > 0) {
		char text[200] = "";
		if (f->text)
			snprintf(text, sizeof(text), "%u Xen irq(s) created by PHYSDEVOP_map_pirq were never linked to a pirq "
			         "(map_domain_pirq's silent success)", c->w->xen_irqs_leaked);
		if (report(f, PROP_NO_LEAK, PIRQSIM_CAUSE_XEN_IRQ_LEAK, 0, -1, -1, -1, text))
			return true;
	}
	return false;
}

/* The vectors the last enable of driver d asked for (its program's last
 * OP_ENABLE before pc). */
static unsigned vectors_asked(const struct config *cfg, unsigned d, unsigned pc)
{
	const struct program *p = &cfg->program[d];
	for (unsigned i = pc < p->length ? pc + 1 : p->length; i-- > 0;)
		if (program_op(cfg, d, i)->kind == OP_ENABLE)
			return program_op(cfg, d, i)->arg;
	return 0;
}

static bool check_vectors_granted(const struct ctx *c, const struct found *f)
{
	for (unsigned d = 0; d < c->cfg->device_count; d++) {
		const struct actor *a = &c->w->actor[d];
		if (!a->degraded || a->status != ACTOR_DONE)
			continue;
		char text[200] = "";
		const char *name = c->cfg->device[d].name;
		if (!f->text)
			; /* the kind only */
		else if (a->degraded & DEGRADED_INTX)
			snprintf(text, sizeof(text), "%s runs degraded on INTx (pci_intx): MSI-X and MSI setup failed", name);
		else if (a->degraded & DEGRADED_MSI)
			snprintf(text, sizeof(text), "%s runs degraded on MSI (1 vector) instead of MSI-X: MSI-X setup failed",
			         name);
		else
			snprintf(text, sizeof(text), "%s runs degraded with %u of %u MSI-X vectors (__pci_enable_msix_range "
			         "retried with fewer)", name, a->nvec, vectors_asked(c->cfg, d, a->pc));
		int mechanism = a->degraded & DEGRADED_INTX ? DEGRADED_INTX : a->degraded & DEGRADED_MSI ? DEGRADED_MSI
		                                                                                      : DEGRADED_FEWER;
		if (report(f, PROP_VECTORS_GRANTED, PIRQSIM_CAUSE_DEGRADED, mechanism, (int)d, -1, -1, text))
			return true;
	}
	return false;
}

/* Fault irq-during-setup: an interrupt the driver needed (its handler was
 * installed) was lost or misrouted when it was raised (faults.c). */
static bool check_injected_irq(const struct ctx *c, const struct found *f)
{
	for (unsigned d = 0; c->w->irq_lost_mask && d < c->cfg->device_count; d++) {
		if (!(c->w->irq_lost_mask & 1ull << d))
			continue;
		char text[200] = "";
		if (f->text)
			snprintf(text, sizeof(text), "interrupt of %s vector 0, raised while it was being set up or torn down, "
			         "did not reach its installed handler", c->cfg->device[d].name);
		if (report(f, PROP_IRQ_DELIVERY, PIRQSIM_CAUSE_LOST_IRQ, MECHANISM_INJECTED, (int)d, 0, -1, text))
			return true;
	}
	return false;
}

static bool keep_first(const struct violation *v, void *data)
{
	if (data)
		memcpy(data, v, sizeof(*v));
	return true;
}

bool check_state(const struct ctx *c, struct violation *out)
{
	/* The hot path passes found = NULL-safe keep_first with data = out. */
	struct found f = {keep_first, out, true};
	return check_init_ok(c, &f) || check_pirq_exclusive(c, &f) || check_injected_irq(c, &f);
}

bool check_quiescent(const struct ctx *c, struct violation *out)
{
	struct found f = {keep_first, out, true};
	return check_irq_delivery(c, &f) || check_no_leak(c, &f) ||
	       (c->cfg->check_degraded && check_vectors_granted(c, &f));
}

bool check_degraded(const struct ctx *c, struct violation *out)
{
	struct found f = {keep_first, out, true};
	return check_vectors_granted(c, &f);
}

struct all_data {
	void (*found)(const struct violation *v, void *data);
	void *data;
};

static bool forward_all(const struct violation *v, void *data)
{
	struct all_data *all = data;
	all->found(v, all->data);
	return false;
}

static void all_of(const struct ctx *c, bool quiescent, bool text,
                   void (*found)(const struct violation *v, void *data), void *data)
{
	struct all_data all = {found, data};
	struct found f = {forward_all, &all, text};
	check_init_ok(c, &f);
	check_pirq_exclusive(c, &f);
	check_injected_irq(c, &f);
	if (quiescent) {
		check_irq_delivery(c, &f);
		check_no_leak(c, &f);
		check_vectors_granted(c, &f);
	}
}

void check_all(const struct ctx *c, bool quiescent, void (*found)(const struct violation *v, void *data), void *data)
{
	all_of(c, quiescent, true, found, data);
}

void check_all_kinds(const struct ctx *c, bool quiescent, void (*found)(const struct violation *v, void *data),
                     void *data)
{
	all_of(c, quiescent, false, found, data);
}

/* The kind's name: the cause, then what went wrong within it. */
const char *violation_kind_name(const struct violation *v)
{
	static const char *const lost[] = {
		[ROUTE_HANDLED] = "lost/event-channel", [ROUTE_NOT_PROGRAMMED] = "lost/not-programmed",
		[ROUTE_NOT_BOUND] = "lost/not-bound", [ROUTE_NO_IRQ_PT] = "lost/no-irq-pt", [ROUTE_NO_PORT] = "lost/no-port",
		[ROUTE_NO_ACTION] = "lost/no-handler", [ROUTE_VECTOR] = "lost/vector",
		[ROUTE_VECTOR_UNHANDLED] = "lost/vector-unhandled", [ROUTE_DEVICE_RESET] = "lost/device-reset",
		[ROUTE_STALE_BINDING] = "lost/stale-binding",
	};
	static const char *const misrouted[] = {
		[ROUTE_HANDLED] = "misrouted/event-channel", [ROUTE_NOT_PROGRAMMED] = "misrouted/not-programmed",
		[ROUTE_NOT_BOUND] = "misrouted/not-bound", [ROUTE_NO_IRQ_PT] = "misrouted/no-irq-pt",
		[ROUTE_NO_PORT] = "misrouted/no-port", [ROUTE_NO_ACTION] = "misrouted/no-handler",
		[ROUTE_VECTOR] = "misrouted/vector", [ROUTE_VECTOR_UNHANDLED] = "misrouted/vector-unhandled",
		[ROUTE_DEVICE_RESET] = "misrouted/device-reset", [ROUTE_STALE_BINDING] = "misrouted/stale-binding",
		[ROUTE_EMU_DISABLED] = "misrouted/emulated-disabled", [ROUTE_EMU_REFUSED] = "misrouted/inject-refused",
	};
	unsigned stage = (unsigned)v->mechanism;
	switch (v->cause) {
	case PIRQSIM_CAUSE_INIT_TIMEOUT: return "admin-command-timeout";
	case PIRQSIM_CAUSE_NO_PIRQ: return "no-free-pirq";
	case PIRQSIM_CAUSE_SETUP_FAILED: return "msi-setup-failed";
	case PIRQSIM_CAUSE_SHARED_PIRQ: return v->mechanism == MECHANISM_QEMU_VIEW ? "shared-pirq/qemu-view"
	                                                                          : "shared-pirq/guest-view";
	case PIRQSIM_CAUSE_PIRQ_LEAK: return v->mechanism == MECHANISM_PIRQ_RESERVED ? "pirq-reserved" : "pirq-held";
	case PIRQSIM_CAUSE_XEN_IRQ_LEAK: return "xen-irq-unlinked";
	case PIRQSIM_CAUSE_LOST_IRQ:
		if (v->mechanism == MECHANISM_INJECTED)
			return "lost/during-setup";
		return stage < sizeof(lost) / sizeof(lost[0]) && lost[stage] ? lost[stage] : "lost";
	case PIRQSIM_CAUSE_MISROUTED_IRQ:
		return stage < sizeof(misrouted) / sizeof(misrouted[0]) && misrouted[stage] ? misrouted[stage] : "misrouted";
	case PIRQSIM_CAUSE_DEGRADED:
		return v->mechanism == DEGRADED_INTX ? "degraded/intx" : v->mechanism == DEGRADED_MSI ? "degraded/msi"
		                                                                                     : "degraded/fewer-vectors";
	default: return "?";
	}
}

static bool traced(const struct ctx *c, unsigned slot, const struct guest_irq *g, const struct route *r, void *data)
{
	(void)g, (void)data;
	const struct config *cfg = c->cfg;
	bool ok = route_reaches(r, slot);
	char where[64] = "";
	if (r->port_slot >= 0)
		snprintf(where, sizeof(where), " -> port %d -> %s vector %u handler", display_port((unsigned)r->port_slot),
		         dev_name(c, (unsigned)r->port_slot), (unsigned)r->port_slot % cfg->vectors_per_device);
	struct ctx quiet = *c;
	quiet.actor = (int)(slot / cfg->vectors_per_device);
	char why[200];
	OP(&quiet, PIRQSIM_DEVICE, "raise MSI", ok ? 0 : PIRQSIM_NO_RESULT, "vector %u: entry pirq %d%s: %s%s",
	   slot % cfg->vectors_per_device, r->pirq, where, route_text(c, slot, r, why, sizeof(why)), ok ? "" : "  <-- LOST");
	return false;
}

void trace_quiescent_interrupts(const struct ctx *c)
{
	raise_requested(c, traced, NULL);
}

/* ---- the public API's property names (pirqsim.h) -------------------------- */

unsigned pirqsim_property_count(void) { return PROP_COUNT; }
const char *pirqsim_property_name(unsigned i) { return property_name((enum property)i); }

const char *pirqsim_property_summary(unsigned i)
{
	static const char *const text[PROP_COUNT] = {
		"every driver instance finishes initialisation with every setup call succeeding as the driver sees it",
		"at quiescence, an interrupt raised on any requested vector reaches exactly that driver's handler",
		"no pirq is at once the live pirq of two (device, vector) pairs, in any component's view",
		"at quiescence no pirq is reserved or mapped without a live owner and no Xen irq is left without its pirq",
		"at quiescence every driver runs with the interrupt type and vector count it asked for (alone: degraded)",
	};
	return i < PROP_COUNT ? text[i] : "";
}
