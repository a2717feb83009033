/*
 * linux.c - Linux guest primitives of the PV-on-HVM MSI path (SPEC §3).
 *
 * Sources: torvalds/linux arch/x86/pci/xen.c (xen_hvm_setup_msi_irqs,
 * xen_msi_compose_msg, xen_teardown_msi_irq) and drivers/xen/events.c, later
 * drivers/xen/events/events_base.c (xen_allocate_pirq_msi,
 * xen_bind_pirq_msi_to_irq, xen_irq_from_pirq, __startup_pirq, shutdown_pirq,
 * xen_destroy_irq, xen_free_irq), 2.6.38, 3.0, 4.x and the c74fd80f2f41
 * copies named in SPEC §0.
 */
#include "model/linux.h"

#include <errno.h>

#include "model/access.h"
#include "model/mutants.h"
#include "model/boundary.h"

/*
 * xen_irq_from_pirq.  <= 2.6.38 it returned pirq_to_irq[pirq], an array that
 * xen_destroy_irq resets only in dom0, so in an HVM guest the association
 * survives MSI teardown.  From 2.6.39 (the events rework) it walks the live
 * irq_info list, so after a device's own teardown its old pirq is no longer
 * found, but another device's live irq on that pirq is (SPEC §3.2, G-LOOKUP).
 */
int xen_irq_from_pirq(const struct ctx *c, int pirq)
{
	if (!pirq_in_msi_range(c->cfg, pirq))
		return -1;
	if (c->cfg->knobs.g_lookup == G_LOOKUP_ARRAY)
		return pirq_to_irq_ro(c, pirq) - 1;
	/* The walk reads every live irq_info: all of them are its footprint,
	 * also those after the one it finds (slots of no device yet). */
	fp_girq_all(c);
	for (unsigned slot = 0; slot < c->cfg->slot_count; slot++) {
		const struct guest_irq *g = girq_ro(c, slot);
		if ((g->flags & GIRQ_LIVE) && g->pirq == pirq)
			return (int)slot;
	}
	return -1;
}

/*
 * G-1 xen_allocate_pirq_msi: PHYSDEVOP_get_free_pirq(MAP_PIRQ_TYPE_MSI);
 * -1 on any error, with WARN_ONCE on -ENOSYS (Xen < 4.1).  A Xen 4.1 that
 * hands back a negative errno as the pirq (HV-GETFREE unchecked) is caught
 * by the caller's pirq < 0 test.
 */
int xen_allocate_pirq_msi(struct ctx *c, unsigned device, int *rc_out)
{
	(void)device;
	struct physdev_get_free_pirq op = {.type = MAP_PIRQ_TYPE_MSI};
	int rc = to_xen_from_guest(c)->physdev_op(c, PHYSDEVOP_get_free_pirq, &op);
	*rc_out = rc != 0 ? rc : (int)op.pirq < 0 ? (int)op.pirq : 0;
	OP(c, PIRQSIM_XEN, "PHYSDEVOP_get_free_pirq", rc, "type=MSI -> pirq=%d", rc == 0 ? (int)op.pirq : -1);
	if (rc == -ENOSYS)
		LOG(c, LK_WARN_ONCE, "hypervisor does not support the PHYSDEVOP_get_free_pirq interface");
	return rc != 0 ? -1 : (int)op.pirq;
}

/* xen_msi_compose_msg: vector 0, pirq bits 0-7 in the destination id,
 * bits 8-31 in address_hi; data XEN_PIRQ_MSI_DATA (<= v5.10) or the
 * ExtINT form (>= v5.11); the device model only looks at vector == 0. */
void xen_msi_compose_msg(const struct ctx *c, int pirq, struct msi_msg_model *msg)
{
	(void)c;
	msg->pirq = (int16_t)pirq;
	msg->gvec = 0;
	msg->xen_format = true;
}

/* The pirq of a message read back (MSI_ADDR_EXT_DEST_ID | dest id). */
int xen_msg_pirq(const struct msi_msg_model *msg, bool *data_is_xen)
{
	*data_is_xen = msg->xen_format && msg->gvec == 0;
	return msg->pirq;
}

/* G-3 xen_bind_pirq_msi_to_irq: a Linux irq with the pirq chip,
 * xen_irq_info_pirq_setup; no hypercall, nothing in Xen changes.  It does
 * not check whether another irq already has this pirq. */
void xen_bind_pirq_msi_to_irq(struct ctx *c, unsigned slot, int pirq)
{
	struct guest_irq *g = girq_rw(c, slot);
	g->pirq = (int16_t)pirq;
	g->flags = GIRQ_LIVE;
	g->actions = 0;
	if (c->cfg->knobs.g_lookup == G_LOOKUP_ARRAY && pirq_in_msi_range(c->cfg, pirq))
		*pirq_to_irq_rw(c, pirq) = (int16_t)(slot + 1);
	OP(c, PIRQSIM_LINUX, "xen_bind_pirq_msi_to_irq", display_linux_irq(slot), "pirq=%d", pirq);
}

/*
 * G-4 __startup_pirq: EVTCHNOP_bind_pirq; on failure pr_warn "Failed to
 * obtain physical IRQ %d" and return 0, so request_irq still succeeds and
 * the irq simply never fires.  On success PHYSDEVOP_irq_status_query, record
 * the port, unmask it (SPEC §3.3 G-4).
 */
void startup_pirq(struct ctx *c, unsigned slot)
{
	struct guest_irq *g = girq_rw(c, slot);
	if (g->flags & GIRQ_STARTED)
		return;
	if (MUTANT(MUTANT_DEVICE_INDEX) && slot / c->cfg->vectors_per_device == 0 && c->cfg->device_count > 1) {
		if (!(girq_ro(c, slot_of(c->cfg, 1, 0))->flags & GIRQ_LIVE)) {
			g->flags = (uint8_t)(g->flags | GIRQ_STARTUP_FAILED);
			LOG(c, LK_PR_WARN_EVENTS, "Failed to obtain physical IRQ %d", display_linux_irq(slot));
			return;
		}
	}
	struct evtchn_bind_pirq bind = {.pirq = (uint32_t)g->pirq, .flags = 0, .port = slot + 1};
	int rc = to_xen_from_guest(c)->event_channel_op(c, EVTCHNOP_bind_pirq, &bind);
	OP(c, PIRQSIM_XEN, "EVTCHNOP_bind_pirq", rc, "pirq=%d -> port=%d", g->pirq, rc == 0 ? display_port(slot) : -1);
	if (rc != 0) {
		g->flags = (uint8_t)(g->flags | GIRQ_STARTUP_FAILED);
		LOG(c, LK_PR_WARN_EVENTS, "Failed to obtain physical IRQ %d", display_linux_irq(slot));
		return;
	}
	struct physdev_irq_status_query query = {.irq = (uint32_t)g->pirq};
	(void)to_xen_from_guest(c)->physdev_op(c, PHYSDEVOP_irq_status_query, &query);
	g->flags = (uint8_t)((g->flags | GIRQ_STARTED) & ~GIRQ_STARTUP_FAILED);
}

/* G-5 shutdown_pirq: mask and EVTCHNOP_close the port, if there is one. */
void shutdown_pirq(struct ctx *c, unsigned slot)
{
	struct guest_irq *g = girq_rw(c, slot);
	if (!(g->flags & GIRQ_STARTED))
		return;
	struct evtchn_close close = {.port = slot + 1};
	int rc = to_xen_from_guest(c)->event_channel_op(c, EVTCHNOP_close, &close);
	OP(c, PIRQSIM_XEN, "EVTCHNOP_close", rc, "port=%d (pirq %d)", display_port(slot), g->pirq);
	g->flags = (uint8_t)(g->flags & ~GIRQ_STARTED);
}

/* G-6 xen_destroy_irq: PHYSDEVOP_unmap_pirq only in the initial domain, so
 * never here (G-UNMAP); xen_free_irq drops the irq_info (SPEC §3.3 G-6). */
void xen_destroy_irq(struct ctx *c, unsigned slot)
{
	struct guest_irq *g = girq_rw(c, slot);
	OP(c, PIRQSIM_LINUX, "xen_destroy_irq", PIRQSIM_NO_RESULT, "irq=%d pirq=%d (HVM: no unmap)",
	   display_linux_irq(slot), g->pirq);
	g->flags = 0;
	g->actions = 0;
	g->pirq = 0;
}

/* Native x86 MSI (G-PIRQMODE off): the guest's own vector, named by slot
 * (vector 0x40 + slot; see hv_route). */
void native_compose_msg(unsigned slot, struct msi_msg_model *msg)
{
	msg->pirq = 0;
	msg->gvec = (uint16_t)(0x40 + slot);
	msg->xen_format = false;
}

void native_bind_irq(struct ctx *c, unsigned slot)
{
	struct guest_irq *g = girq_rw(c, slot);
	g->pirq = 0;
	g->flags = GIRQ_LIVE;
	g->actions = 0;
}
