/*
 * xen.c - the Xen hypervisor's side of HVM passthrough MSI (SPEC §5).
 *
 * Only the MSI range of the pirq space is modelled: pirqs
 * [nr_irqs_gsi, nr_irqs_gsi + extra_guest_irqs).  Sources, unless a rule
 * says otherwise: xen-project/xen RELEASE-4.8.0 xen/arch/x86/irq.c,
 * xen/arch/x86/physdev.c, xen/arch/x86/domctl.c,
 * xen/drivers/passthrough/io.c, xen/common/event_channel.c; the rules hold
 * for RELEASE-4.1.0 .. RELEASE-4.20.0 except where a knob says otherwise
 * (SPEC §5.9).
 */
#include "model/xen.h"

#include <assert.h>
#include <errno.h>

#include "model/access.h"
#include "model/mutants.h"


/* An allocation inside Xen that the host can make fail (boundary.h:
 * host_to_xen; the fault injector answers). */
static bool allocation_fails(const struct ctx *c, enum xen_resource resource)
{
	return c->cfg->boundary->host_to_xen->allocation_fails(c, resource);
}

/* The scan reads only freeness (footprint.h): not a touch of the pirq. */
static bool is_free_pirq(const struct ctx *c, int pirq)
{
	return pirq_free_ro(c, pirq);
}

/*
 * get_free_pirq(d, MAP_PIRQ_TYPE_MSI) (xen/arch/x86/irq.c, 4.1-4.20): scan
 * from nr_pirqs - 1 down to nr_irqs_gsi and take the first free one, so the
 * most recently freed high pirq is the next one handed out (SPEC §5.2).
 */
static int get_free_pirq(const struct ctx *c)
{
	const struct config *cfg = c->cfg;
	if (allocation_fails(c, XEN_RESOURCE_FREE_PIRQ)) {
		LOG(c, LK_MODEL_NOTE, "(injected fault pirq-enospc) get_free_pirq: no free pirq");
		return -ENOSPC;
	}
	int lowest = cfg->nr_irqs_gsi;
	if (MUTANT(MUTANT_SKIP_LOWEST_PIRQ))
		lowest++;
	if (MUTANT(MUTANT_ONE_FREE_PIRQ)) {
		unsigned free = 0;
		for (int pirq = cfg->nr_irqs_gsi; pirq < cfg->nr_irqs_gsi + cfg->nr_msi_pirqs; pirq++)
			free += is_free_pirq(c, pirq);
		if (free == 1)
			return -ENOSPC;
	}
	for (int pirq = cfg->nr_irqs_gsi + cfg->nr_msi_pirqs - 1; pirq >= lowest; pirq--)
		if (is_free_pirq(c, pirq))
			return pirq;
	return -ENOSPC;
}

/*
 * PHYSDEVOP_get_free_pirq (do_physdev_op, xen/arch/x86/physdev.c; added by
 * 77598c0f3d for 4.1).  Under the event lock: get_free_pirq, and on success
 * arch.irq = PIRQ_ALLOCATED so nobody else gets it (SPEC §5.3).  4.1 did not
 * check the error: it returned the negative errno as the pirq (HV-GETFREE).
 */
static int physdevop_get_free_pirq(struct ctx *c, struct physdev_get_free_pirq *out)
{
	const uint8_t knob = c->cfg->knobs.hv_getfree;
	if (knob == HV_GETFREE_ABSENT || out->type != MAP_PIRQ_TYPE_MSI)
		return -ENOSYS;
	if (MUTANT(MUTANT_COUNT_RESERVED)) {
		unsigned reserved = 0;
		for (int p = c->cfg->nr_irqs_gsi; p < c->cfg->nr_irqs_gsi + c->cfg->nr_msi_pirqs; p++)
			reserved += pirq_ro(c, p)->arch_irq == PIRQ_ALLOCATED;
		if (reserved >= 2)
			return -EBUSY;
	}
	int pirq = get_free_pirq(c);
	if (pirq < 0) {
		if (knob == HV_GETFREE_UNCHECKED) {
			out->pirq = (uint32_t)pirq; /* 4.1: bogus pirq, rc 0 */
			return 0;
		}
		return pirq;
	}
	pirq_rw(c, pirq)->arch_irq = PIRQ_ALLOCATED;
	out->pirq = (uint32_t)pirq;
	return 0;
}

/* The model's device index of a PCI bus/devfn, or -1. */
static int device_of(const struct ctx *c, int bus, int devfn)
{
	for (unsigned d = 0; d < c->cfg->device_count; d++)
		if (bus == 0 && devfn == pirqsim_devfn(d))
			return (int)d;
	return -1;
}

/*
 * map_domain_pirq (xen/arch/x86/irq.c, RELEASE-4.4.0 .. RELEASE-4.20.0), MSI
 * case, for a Xen irq just made by create_irq for entry `slot`.  old_irq =
 * domain_pirq_to_irq(pirq): if it is > 0 and not this irq (or the irq has
 * another pirq) Xen logs a debug-build-only warning and returns 0 *without
 * mapping*: the silent-success path (SPEC §5.4.3, HV-SILENT-CONFLICT).  A
 * pirq only reserved (PIRQ_ALLOCATED) or forcibly unbound (arch.irq = -irq)
 * has old_irq <= 0 and is mapped for real: prepare_domain_irq_pirq,
 * set_domain_irq_pirq overwrite arch.irq; the hvm_pirq_dpci flags of a
 * forced pirq are left as they were (pirq_guest_force_unbind does not clear
 * them), so a later XEN_DOMCTL_bind_pt_irq only updates gvec and never
 * guest-binds the new irq (pt_irq_create_bind, xen/drivers/passthrough/io.c).
 * pci_enable_msi -> __pci_enable_msix (xen/arch/x86/msi.c) looks the
 * descriptor up by irq, not by entry number: there is no duplicate check on
 * the entry, so an entry another Xen irq still programs is reprogrammed.
 */
static int map_domain_pirq(struct ctx *c, int pirq, unsigned slot, bool *mapped)
{
	struct hv_pirq *p = pirq_rw(c, pirq);
	*mapped = false;
	if (p->arch_irq > 0 && !(p->dpci & HV_PIRQ_FORCED)) {
		/* dprintk; 4.6 (669d4b85c4) added " (%d,%d)": old_pirq, old_irq. */
		if (c->cfg->knobs.hv_log == HV_LOG_PLAIN)
			XEN_LOG(c, LK_XEN_DPRINTK, "irq.c", "dom%d: pirq %d or irq %d already mapped", PIRQSIM_GUEST_DOMID,
			        pirq, display_xen_irq(c->cfg, slot));
		else
			XEN_LOG(c, LK_XEN_DPRINTK, "irq.c", "dom%d: pirq %d or irq %d already mapped (%d,%d)",
			        PIRQSIM_GUEST_DOMID, pirq, display_xen_irq(c->cfg, slot), 0,
			        display_xen_irq(c->cfg, (unsigned)(p->arch_irq - 1)));
		return 0;
	}
	struct dev_entry *e = entry_rw(c, slot);
	p->arch_irq = (int16_t)(slot + 1);
	p->dpci = (uint8_t)(p->dpci & ~(HV_PIRQ_FORCED | HV_IRQ_GUEST));
	e->phys_pirq = (int16_t)pirq;
	e->flags = (uint8_t)(e->flags & ~ENTRY_HW_RESET);
	*mapped = true;
	return 0;
}

/*
 * PHYSDEVOP_map_pirq, type MSI, index -1 (physdev_map_pirq in 4.8;
 * allocate_and_map_msi_pirq + allocate_pirq from 4.10, commit 0762e2502f,
 * same behaviour; SPEC §5.4).  create_irq makes a new Xen irq; pirq < 0
 * asks Xen to choose; on any error the new irq is destroyed, on the silent
 * success path it is not (leaked, entry never programmed).
 */
static int physdevop_map_pirq(struct ctx *c, struct physdev_map_pirq *map)
{
	if (map->domid != PIRQSIM_GUEST_DOMID || map->type != MAP_PIRQ_TYPE_MSI || map->index != -1)
		return -EINVAL;
	int device = device_of(c, map->bus, map->devfn);
	if (device < 0 || map->entry_nr < 0)
		return -ENODEV;
	/* table_base 0: the device's MSI capability (xen/arch/x86/msi.c
	 * pci_enable_msi: __pci_enable_msi vs __pci_enable_msix). */
	unsigned entry = map->table_base ? (unsigned)map->entry_nr : msi_entry(c->cfg, (unsigned)device);
	if (map->table_base && entry >= msix_entries(c->cfg, (unsigned)device))
		return -EINVAL; /* __pci_enable_msix: entry_nr >= nr_entries */
	uint16_t *live = xen_irqs_live_rw(c);
	if (*live >= c->cfg->xen_irqs_max) {
		XEN_LOG(c, LK_XEN_DPRINTK, "physdev.c", "dom%d: can't create irq for msi!", PIRQSIM_GUEST_DOMID);
		return -EINVAL;
	}
	unsigned slot = slot_of(c->cfg, (unsigned)device, entry);
	/* allocate_pirq (>= 4.10) / physdev_map_pirq (4.8): pirq_get_info
	 * cannot allocate the struct pirq: -ENOMEM, the new irq destroyed. */
	if (allocation_fails(c, XEN_RESOURCE_PIRQ_INFO)) {
		LOG(c, LK_MODEL_NOTE, "(injected fault map-pirq-enomem) dom%d: pirq_get_info failed",
		    PIRQSIM_GUEST_DOMID);
		return -ENOMEM;
	}
	int pirq = map->pirq;
	if (pirq < 0) {
		pirq = get_free_pirq(c);
		if (pirq < 0) {
			XEN_LOG(c, LK_XEN_DPRINTK, "physdev.c", "dom%d: no free pirq", PIRQSIM_GUEST_DOMID);
			return pirq;
		}
	} else if (!pirq_in_msi_range(c->cfg, pirq) ||
	           (MUTANT(MUTANT_TOP_PIRQ_REFUSED) && pirq == c->cfg->nr_irqs_gsi + c->cfg->nr_msi_pirqs - 1)) {
		XEN_LOG(c, LK_XEN_DPRINTK, "irq.c", "dom%d: invalid pirq %d or irq %d",
		    PIRQSIM_GUEST_DOMID, pirq, display_xen_irq(c->cfg, slot));
		return -EINVAL;
	}
	bool mapped;
	int rc = map_domain_pirq(c, pirq, slot, &mapped);
	if (rc != 0)
		return rc;
	uint16_t *leaked = xen_irqs_leaked_rw(c);
	if (mapped)
		(*live)++;
	else if (*leaked < UINT8_MAX) {
		(*live)++;
		(*leaked)++;
	}
	map->pirq = pirq;
	return 0;
}

/*
 * unmap_domain_pirq (xen/arch/x86/irq.c, RELEASE-4.8.0).  "pirq %d not
 * mapped" -EINVAL unless arch.irq > 0 (so a pirq only reserved by
 * get_free_pirq, or one forcibly unbound, cannot be released this way,
 * SPEC §5.3).  pirq_guest_force_unbind: if the domain is still attached to
 * the Xen irq (pirq_guest_bind by XEN_DOMCTL_bind_pt_irq, no unbind since)
 * it is detached, "forcing unbind of pirq %d", and arch.irq becomes -irq:
 * the pirq stays busy until the domain dies (free_domain_pirqs; neither
 * XEN_DOMCTL_unbind_pt_irq, which refuses irq <= 0, nor an HVM
 * evtchn_close calls pirq_guest_unbind on it).  Otherwise
 * clear_domain_irq_pirq: arch.irq = 0.  The hvm_pirq_dpci flags are left
 * as they are either way.  pci_disable_msi -> __pci_disable_msix masks the
 * entry the irq's descriptor names (the model: the entry is no longer
 * raised) and msi_free_irq destroys the irq.
 */
static int unmap_domain_pirq(struct ctx *c, int pirq)
{
	struct hv_pirq *p = pirq_rw(c, pirq);
	if (p->arch_irq <= 0 || (p->dpci & HV_PIRQ_FORCED)) {
		XEN_LOG(c, LK_XEN_DPRINTK, "irq.c", "dom%d: pirq %d not mapped", PIRQSIM_GUEST_DOMID, pirq);
		return -EINVAL;
	}
	/* The entry may be another device's (SPEC §5.8), and another Xen irq
	 * may have reprogrammed it since (map_domain_pirq, above): the mask
	 * bit written through this irq's descriptor silences it all the same. */
	struct dev_entry *e = entry_rw(c, (unsigned)(p->arch_irq - 1));
	uint16_t *live = xen_irqs_live_rw(c);
	e->phys_pirq = -1;
	e->flags = (uint8_t)(e->flags & ~ENTRY_HW_RESET);
	assert(*live > 0);
	(*live)--;
	if ((p->dpci & HV_IRQ_GUEST) && !MUTANT(MUTANT_FORCED_FREED)) {
		XEN_LOG(c, LK_XEN_DPRINTK, "irq.c", "dom%d: forcing unbind of pirq %d", PIRQSIM_GUEST_DOMID, pirq);
		p->dpci = (uint8_t)((p->dpci & ~HV_IRQ_GUEST) | HV_PIRQ_FORCED);
		return 0;
	}
	p->arch_irq = 0;
	if (MUTANT(MUTANT_FORCED_FREED))
		p->dpci = (uint8_t)(p->dpci & ~HV_IRQ_GUEST);
	return 0;
}

/*
 * unmap_domain_pirq_emuirq (xen/arch/x86/irq.c, RELEASE-4.8.0): emuirq =
 * IRQ_UNBOUND, and unless it was IRQ_PT the emuirq_pirq radix tree's entry
 * at key `emuirq` is deleted, whichever pirq it points to.  The callers
 * check emuirq != IRQ_UNBOUND first ("pirq %d not mapped" otherwise).
 */
static void unmap_domain_pirq_emuirq(struct ctx *c, int pirq)
{
	struct hv_pirq *p = pirq_rw(c, pirq);
	if (p->emuirq == IRQ_MSI_EMU)
		*msi_emu_pirq_rw(c) = 0; /* radix_tree_delete(&emuirq_pirq, IRQ_MSI_EMU) */
	p->emuirq = IRQ_UNBOUND;
}

/*
 * physdev_unmap_pirq (xen/arch/x86/physdev.c, 4.8).  For an HVM domain the
 * emulated-irq mapping is dropped first; if the caller is the guest itself
 * (DOMID_SELF) it stops there.  The device model's call goes on to
 * unmap_domain_pirq (SPEC §5.8).
 */
static int physdevop_unmap_pirq(struct ctx *c, enum hv_caller caller, struct physdev_unmap_pirq *unmap)
{
	if (!pirq_in_msi_range(c->cfg, unmap->pirq))
		return -EINVAL;
	struct hv_pirq *p = pirq_rw(c, unmap->pirq);
	if (p->emuirq != IRQ_UNBOUND)
		unmap_domain_pirq_emuirq(c, unmap->pirq);
	if (caller == HV_CALLER_GUEST)
		return 0;
	if (unmap->domid != PIRQSIM_GUEST_DOMID)
		return -ESRCH;
	return unmap_domain_pirq(c, unmap->pirq);
}

int do_physdev_op(struct ctx *c, enum hv_caller caller, int cmd, void *arg)
{
	switch (cmd) {
	case PHYSDEVOP_get_free_pirq:
		return physdevop_get_free_pirq(c, arg);
	case PHYSDEVOP_map_pirq:
		if (caller != HV_CALLER_DEVICE_MODEL)
			return -EPERM; /* the HVM guest maps through its device model */
		return physdevop_map_pirq(c, arg);
	case PHYSDEVOP_unmap_pirq:
		return physdevop_unmap_pirq(c, caller, arg);
	case PHYSDEVOP_irq_status_query:
		((struct physdev_irq_status_query *)arg)->flags = 0; /* MSI: no EOI needed */
		return 0;
	default:
		return -ENOSYS;
	}
}

/*
 * XEN_DOMCTL_bind_pt_irq (xen/arch/x86/domctl.c) -> pt_irq_create_bind
 * (xen/drivers/passthrough/io.c, RELEASE-4.4.0 .. 4.8.0; x86/hvm.c in
 * 4.20), MSI.  The pirq must be mapped to a Xen irq (domain_pirq_to_irq >
 * 0), else -EPERM: a pirq only reserved by get_free_pirq, or forcibly
 * unbound, cannot be bound.  Without HVM_IRQ_DPCI_MAPPED: the flags,
 * gvec/gflags, then pirq_guest_bind attaches the domain to the Xen irq.
 * With it already set: only gvec/gflags are updated, with no check of who
 * asks (a second device binding the same pirq silently re-points it, SPEC
 * §5.5) and no pirq_guest_bind, so a Xen irq mapped after a forced unbind
 * stays detached.
 */
static int bind_pt_irq(struct ctx *c, const struct xen_domctl_bind_pt_irq *bind)
{
	int pirq = (int)bind->machine_irq;
	if (bind->irq_type != PT_IRQ_TYPE_MSI)
		return -EINVAL;
	if (!pirq_in_msi_range(c->cfg, pirq))
		return -EPERM;
	struct hv_pirq *p = pirq_rw(c, pirq);
	if (p->arch_irq <= 0 || (p->dpci & HV_PIRQ_FORCED))
		return -EPERM;
	if (!(p->dpci & HV_DPCI_MAPPED)) {
		/* pirq_guest_bind refuses an irq in use ("Cannot bind IRQ
		 * %d to dom%d. In use by '%s'") with -EBUSY; the flags are
		 * cleared again. */
		if (allocation_fails(c, XEN_RESOURCE_IRQ_BIND)) {
			LOG(c, LK_MODEL_NOTE, "(injected fault bind-pt-irq-ebusy)");
			XEN_LOG(c, LK_XEN_PRINTK_G_INFO, NULL, "Cannot bind IRQ%d to dom%d. In use by '%s'.",
			        display_xen_irq(c->cfg, (unsigned)(p->arch_irq - 1)), PIRQSIM_GUEST_DOMID, "another domain");
			return -EBUSY;
		}
		p->dpci = (uint8_t)(p->dpci | HV_DPCI_MAPPED | HV_IRQ_GUEST);
	}
	p->gvec = bind->u.msi.gvec;
	return 0;
}

/*
 * XEN_DOMCTL_unbind_pt_irq (xen/arch/x86/domctl.c, RELEASE-4.4.0 ..
 * 4.20.0): irq = domain_pirq_to_irq(pirq); irq <= 0 is -EPERM, so a
 * reserved or forcibly unbound pirq cannot be unbound (and stays held).
 * pt_irq_destroy_bind (xen/drivers/passthrough/io.c, 4.8), MSI: if
 * HVM_IRQ_DPCI_MAPPED, pirq_guest_unbind (which only warns "desc->action is
 * NULL!" when the domain was never attached to this irq), flags cleared;
 * and it returns 0 whether or not the pirq was bound, so the device model
 * goes on to unmap a mapped, unbound pirq.
 */
static int unbind_pt_irq(struct ctx *c, const struct xen_domctl_bind_pt_irq *bind)
{
	int pirq = (int)bind->machine_irq;
	if (!pirq_in_msi_range(c->cfg, pirq))
		return -EPERM;
	struct hv_pirq *p = pirq_rw(c, pirq);
	if (p->arch_irq <= 0 || (p->dpci & HV_PIRQ_FORCED))
		return -EPERM;
	if (bind->irq_type != PT_IRQ_TYPE_MSI)
		return -EOPNOTSUPP;
	if (p->dpci & HV_DPCI_MAPPED) {
		if (!(p->dpci & HV_IRQ_GUEST))
			XEN_LOG(c, LK_XEN_DPRINTK, "irq.c", "dom%d: pirq %d: desc->action is NULL!", PIRQSIM_GUEST_DOMID,
			    pirq);
		p->dpci = MUTANT(MUTANT_UNBIND_KEEPS_DPCI) ? (uint8_t)(p->dpci & HV_DPCI_MAPPED) : 0;
		p->gvec = 0;
	}
	return 0;
}

int do_domctl(struct ctx *c, struct xen_domctl *domctl)
{
	if (domctl->domain != PIRQSIM_GUEST_DOMID)
		return -ESRCH;
	switch (domctl->cmd) {
	case XEN_DOMCTL_bind_pt_irq:
		return bind_pt_irq(c, &domctl->u.bind_pt_irq);
	case XEN_DOMCTL_unbind_pt_irq:
		return unbind_pt_irq(c, &domctl->u.bind_pt_irq);
	default:
		return -ENOSYS;
	}
}

/* The slot whose port is `port` (ports are named by the binding irq's slot). */
static int slot_of_port(evtchn_port_t port) { return (int)port - 1; }

/*
 * evtchn_bind_pirq (xen/common/event_channel.c, 4.8) from an HVM guest:
 * out of range -EINVAL; a pirq that already has a port -EEXIST; HVM guests
 * skip pirq_guest_bind.  arch_evtchn_bind_pirq: if the pirq is mapped to a
 * Xen irq, emuirq = IRQ_PT and the MSI is guest-unmasked (SPEC §5.6).
 * The port is the one of the binding guest irq: the caller passes it in
 * `bind->port` as the model's port handle (slot + 1).
 */
static int evtchn_bind_pirq(struct ctx *c, struct evtchn_bind_pirq *bind)
{
	int pirq = (int)bind->pirq;
	if (!pirq_in_msi_range(c->cfg, pirq))
		return -EINVAL;
	struct hv_pirq *p = pirq_rw(c, pirq);
	if (p->evtchn != 0)
		return -EEXIST;
	/* evtchn_bind_pirq: get_free_port finds no free port: -ENOSPC. */
	if (allocation_fails(c, XEN_RESOURCE_EVTCHN_PORT)) {
		if (MUTANT(MUTANT_FAULT_PORT_LEAK))
			p->evtchn = (int16_t)bind->port;
		return -ENOSPC;
	}
	assert(slot_of_port(bind->port) >= 0);
	p->evtchn = (int16_t)bind->port;
	if (p->arch_irq > 0 && !(p->dpci & HV_PIRQ_FORCED))
		p->emuirq = IRQ_PT;
	return 0;
}

/*
 * evtchn_close of a pirq port (xen/common/event_channel.c, 4.8): clears
 * pirq->evtchn; for HVM with a mapped pirq also drops the IRQ_PT emuirq
 * (SPEC §5.8).  The model's pirq of a port is found by search.
 */
static int evtchn_close(struct ctx *c, const struct evtchn_close *close)
{
	const struct config *cfg = c->cfg;
	/* Footprint: only the pirq found (the others are peeked).  No other
	 * step can give another pirq this port or take it away (a port is bound
	 * only by its own irq's slot, and evtchn_bind_pirq refuses a pirq that
	 * has a port), so the others' values are never what decides the
	 * search. */
	for (int pirq = cfg->nr_irqs_gsi; pirq < cfg->nr_irqs_gsi + cfg->nr_msi_pirqs; pirq++) {
		const struct hv_pirq *seen = pirq_peek(c, pirq);
		if ((evtchn_port_t)seen->evtchn != close->port || seen->evtchn == 0)
			continue;
		struct hv_pirq *p = pirq_rw(c, pirq);
		p->evtchn = 0;
		/* Only a pirq with a Xen irq (domain_pirq_to_irq > 0): an
		 * emulated device's pirq (PIRQ_ALLOCATED) keeps IRQ_MSI_EMU. */
		if (p->arch_irq > 0 && !(p->dpci & HV_PIRQ_FORCED) && p->emuirq != IRQ_UNBOUND)
			unmap_domain_pirq_emuirq(c, pirq);
		return 0;
	}
	return -EINVAL;
}

int do_event_channel_op(struct ctx *c, int cmd, void *arg)
{
	switch (cmd) {
	case EVTCHNOP_bind_pirq:
		return evtchn_bind_pirq(c, arg);
	case EVTCHNOP_close:
		return evtchn_close(c, arg);
	default:
		return -ENOSYS;
	}
}

/*
 * Delivery of a physical MSI raised on entry `slot` (SPEC §5.7): the entry's
 * Xen irq -> its pirq -> passthrough binding (hvm_do_IRQ_dpci needs
 * HVM_IRQ_DPCI_MAPPED) -> hvm_dirq_assist: hvm_domain_use_pirq (emuirq !=
 * IRQ_UNBOUND) -> send_guest_pirq to pirq->evtchn, dropped if 0; otherwise
 * vmsi_deliver_pirq with gvec/gflags.  The guest side (port -> irq ->
 * action) is read from the guest tables.
 */
void hv_route(const struct ctx *c, unsigned slot, struct route *out)
{
	const struct dev_entry *e = entry_ro(c, slot);
	out->pirq = e->phys_pirq;
	out->port_slot = -1;
	if (out->pirq < 0) {
		out->stage = ROUTE_NOT_PROGRAMMED;
		return;
	}
	if (e->flags & ENTRY_HW_RESET) {
		out->stage = ROUTE_DEVICE_RESET;
		return;
	}
	const struct hv_pirq *p = pirq_ro(c, out->pirq);
	if (!(p->dpci & HV_DPCI_MAPPED)) {
		out->stage = ROUTE_NOT_BOUND;
		return;
	}
	/* do_IRQ: only an irq with IRQ_GUEST goes to __do_IRQ_guest ->
	 * hvm_do_IRQ_dpci; a mapped irq the domain was never attached to
	 * (pirq_guest_bind skipped, above) has no action. */
	if (!(p->dpci & HV_IRQ_GUEST)) {
		out->stage = ROUTE_STALE_BINDING;
		return;
	}
	if (p->emuirq == IRQ_UNBOUND) {
		/* vmsi_deliver_pirq: a real vector reaches the guest irq that
		 * owns it (vector named by slot, see linux.c); vector 0 of the
		 * pirq format does not. */
		int target = (int)p->gvec - 0x40;
		if (p->gvec == 0 || target < 0 || (unsigned)target >= c->cfg->slot_count) {
			out->stage = ROUTE_NO_IRQ_PT;
			return;
		}
		out->port_slot = target;
		const struct guest_irq *g = girq_ro(c, (unsigned)target);
		out->stage = (g->flags & GIRQ_LIVE) && g->actions ? ROUTE_VECTOR : ROUTE_VECTOR_UNHANDLED;
		return;
	}
	if (p->evtchn == 0) {
		out->stage = ROUTE_NO_PORT;
		return;
	}
	out->port_slot = slot_of_port((evtchn_port_t)p->evtchn);
	const struct guest_irq *g = girq_ro(c, (unsigned)out->port_slot);
	out->stage = (g->flags & GIRQ_LIVE) && g->actions ? ROUTE_HANDLED : ROUTE_NO_ACTION;
}


/*
 * The mask bit of the physical MSI-X table entry of `slot`, which Xen owns
 * and QEMU reads from the read-only mapping of the real table
 * (device_to_xen).  An entry is unmasked once programmed and guest-unmasked,
 * which for the pirq path happens in arch_evtchn_bind_pirq (SPEC §5.6) and
 * for a vector path through Xen's msixtbl intercept of the guest's own
 * vector-control write.
 */
bool hv_msix_entry_masked(const struct ctx *c, unsigned slot)
{
	const struct dev_entry *e = entry_ro(c, slot);
	if (e->phys_pirq < 0 || (e->flags & ENTRY_HW_RESET))
		return true; /* PCI: vector control mask bits are set after reset */
	const struct hv_pirq *p = pirq_ro(c, e->phys_pirq);
	if (p->emuirq == IRQ_PT)
		return false;
	return (e->flags & ENTRY_MASKED) != 0 || (e->flags & ENTRY_MSG_XEN) != 0;
}


/* ---- emulated devices: XEN_DMOP_inject_msi --------------------------------- */

/* pirq_info(d, pirq) != NULL: struct pirq exists until pirq_cleanup_check
 * finds nothing left in it (no Xen irq or reservation, no emuirq, no event
 * channel, no passthrough binding). */
static bool pirq_has_info(const struct hv_pirq *p)
{
	return p->arch_irq != 0 || p->emuirq != IRQ_UNBOUND || p->evtchn != 0 || p->dpci != 0;
}

/* The pirq the radix tree's IRQ_MSI_EMU entry points to, or -1. */
static int msi_emu_key(const struct ctx *c)
{
	uint16_t v = msi_emu_pirq_ro(c);
	return v ? c->cfg->nr_irqs_gsi + v - 1 : -1;
}

enum inject_path {
	INJECT_VECTOR = 0,      /* vmsi_deliver with the message's vector */
	INJECT_MAP,             /* first use: map_domain_emuirq_pirq(IRQ_MSI_EMU), then send_guest_pirq */
	INJECT_ALREADY_MAPPED,  /* map_domain_emuirq_pirq: IRQ_MSI_EMU already maps another pirq: returns 0 unmapped */
	INJECT_SEND,            /* emuirq already IRQ_MSI_EMU: send_guest_pirq */
	INJECT_REFUSED,         /* -EINVAL, -EBUSY, -ERANGE: nothing sent */
};

/*
 * hvm_inject_msi (xen/arch/x86/hvm/irq.c, RELEASE-4.8.0; void in 4.4, int
 * from 4.8 to 4.20, same decisions), deciding only.  Vector 0 (the pirq
 * format) names a pirq: ((addr >> 32) & 0xffffff00) | dest id.  pirq 0:
 * -ERANGE.  If the pirq has no struct pirq or its emuirq is IRQ_UNBOUND
 * ("if it is the first time, allocate the pirq"): map_domain_emuirq_pirq(d,
 * pirq, IRQ_MSI_EMU), which looks up the emuirq_pirq radix tree at key
 * IRQ_MSI_EMU (one key for every emulated pirq): if it points to another
 * pirq, dprintk "dom%d: pirq %d or emuirq %d already mapped" and return 0
 * without mapping; else insert it and set emuirq = IRQ_MSI_EMU.  Then, if
 * pirq_info is NULL: -EBUSY.  An emuirq of another kind (IRQ_PT: a pirq a
 * passed-through device's event channel bound): -EINVAL.  Then
 * send_guest_pirq, which drops the event if the pirq has no port.
 * Another vector: vmsi_deliver to that guest vector.
 */
static int inject_msi_decide(const struct ctx *c, const struct xen_dm_op_inject_msi *op, struct route *out,
                             enum inject_path *path)
{
	uint8_t vector = (uint8_t)(op->data & 0xffu);
	out->pirq = -1;
	out->port_slot = -1;
	*path = INJECT_REFUSED;
	out->stage = ROUTE_EMU_REFUSED;
	if (vector != 0) {
		*path = INJECT_VECTOR;
		int target = (int)vector - 0x40;
		if (target < 0 || (unsigned)target >= c->cfg->slot_count) {
			out->stage = ROUTE_VECTOR_UNHANDLED;
			return 0;
		}
		out->port_slot = target;
		const struct guest_irq *g = girq_ro(c, (unsigned)target);
		out->stage = (g->flags & GIRQ_LIVE) && g->actions ? ROUTE_VECTOR : ROUTE_VECTOR_UNHANDLED;
		return 0;
	}
	uint32_t dest = (uint32_t)(op->addr >> 12) & 0xffu;
	int pirq = (int)(((op->addr >> 32) & 0xffffff00u) | dest);
	out->pirq = pirq;
	if (pirq <= 0)
		return -ERANGE;
	if (!pirq_in_msi_range(c->cfg, pirq))
		return -EINVAL; /* map_domain_emuirq_pirq: "invalid pirq %d or emuirq %d" (pirq >= nr_pirqs) */
	const struct hv_pirq *p = pirq_ro(c, pirq);
	if (!pirq_has_info(p) || p->emuirq == IRQ_UNBOUND) {
		int key = msi_emu_key(c);
		if (key >= 0 && key != pirq && !MUTANT(MUTANT_INJECT_IGNORES_KEY)) {
			*path = INJECT_ALREADY_MAPPED;
			if (!pirq_has_info(p))
				return -EBUSY;
		} else {
			*path = INJECT_MAP;
		}
	} else if (p->emuirq != IRQ_MSI_EMU) {
		return -EINVAL;
	} else {
		*path = INJECT_SEND;
	}
	/* send_guest_pirq */
	if (p->evtchn == 0) {
		out->stage = ROUTE_NO_PORT;
		return 0;
	}
	out->port_slot = slot_of_port((evtchn_port_t)p->evtchn);
	const struct guest_irq *g = girq_ro(c, (unsigned)out->port_slot);
	out->stage = (g->flags & GIRQ_LIVE) && g->actions ? ROUTE_HANDLED : ROUTE_NO_ACTION;
	return 0;
}

void hv_inject_msi_route(const struct ctx *c, const struct xen_dm_op_inject_msi *op, struct route *out)
{
	enum inject_path path;
	(void)inject_msi_decide(c, op, out, &path);
}

/* XEN_DMOP_inject_msi (xen/arch/x86/hvm/dm.c, >= 4.9; HVMOP_inject_msi in
 * xen/arch/x86/hvm/hvm.c before) -> hvm_inject_msi, with its first use's
 * map_domain_emuirq_pirq done. */
int hvm_inject_msi(struct ctx *c, const struct xen_dm_op_inject_msi *op, struct route *out)
{
	enum inject_path path;
	int rc = inject_msi_decide(c, op, out, &path);
	if (path == INJECT_MAP) {
		pirq_rw(c, out->pirq)->emuirq = IRQ_MSI_EMU;
		*msi_emu_pirq_rw(c) = (uint16_t)(out->pirq - c->cfg->nr_irqs_gsi + 1);
	} else if (path == INJECT_ALREADY_MAPPED) {
		XEN_LOG(c, LK_XEN_DPRINTK, "irq.c", "dom%d: pirq %d or emuirq %d already mapped", PIRQSIM_GUEST_DOMID,
		        out->pirq, IRQ_MSI_EMU);
	}
	return rc;
}
