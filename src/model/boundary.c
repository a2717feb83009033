/*
 * boundary.c - what the boundary's data says, in words (boundary.h).
 */
#include "model/boundary.h"

#include <stdio.h>

#include "model/access.h"

/* Where a raised MSI ended (device_to_xen.raise_msi), for traces. */
const char *route_stage_text(enum route_stage stage)
{
	switch (stage) {
	case ROUTE_HANDLED: return "delivered through its event channel";
	case ROUTE_NOT_PROGRAMMED: return "entry not programmed by Xen: raised nowhere";
	case ROUTE_NOT_BOUND: return "Xen irq has no passthrough binding: dropped";
	case ROUTE_NO_IRQ_PT: return "pirq not bound to an event channel (emuirq unbound): vmsi_deliver_pirq with vector 0: dropped";
	case ROUTE_NO_PORT: return "send_guest_pirq: pirq has no event channel: dropped";
	case ROUTE_NO_ACTION: return "event reached a guest irq with no handler";
	case ROUTE_VECTOR: return "delivered to the guest vector";
	case ROUTE_VECTOR_UNHANDLED: return "guest vector has no handler";
	case ROUTE_DEVICE_RESET: return "device reset (FLR) wiped the entry Xen programmed: raised nowhere";
	case ROUTE_STALE_BINDING:
		return "pirq's passthrough binding belongs to an earlier, forcibly unbound Xen irq: the new irq has no guest "
		       "action: dropped";
	case ROUTE_EMU_DISABLED: return "MSI(-X) not enabled in QEMU's emulated device: msix_notify sends nothing";
	case ROUTE_EMU_REFUSED:
		return "XEN_DMOP_inject_msi: hvm_inject_msi refused the pirq (its emuirq is not IRQ_MSI_EMU, or no struct "
		       "pirq): dropped";
	}
	return "?";
}


/*
 * The same, saying for an unprogrammed entry why, from what QEMU and Xen
 * hold now (read without a footprint: words only, no rule reads this):
 * QEMU has no pirq for the entry; QEMU's pirq is mapped to another entry
 * (map_domain_pirq's silent success); or QEMU's pirq is no longer mapped
 * in Xen although QEMU still holds it, which only another device's QEMU
 * (or a forced unbind) can have done: QEMU forgets a pirq it unmaps.
 */
const char *route_text(const struct ctx *c, unsigned slot, const struct route *r, char *buf, size_t size)
{
	if (r->stage != ROUTE_NOT_PROGRAMMED)
		return route_stage_text(r->stage);
	const struct config *cfg = c->cfg;
	int pirq = entry_peek(c, slot)->dm_pirq;
	if (pirq < 0 || !pirq_in_msi_range(cfg, pirq)) {
		snprintf(buf, size, "entry not programmed by Xen: QEMU holds no pirq for it (never mapped, or its mapping "
		         "failed or was dropped): raised nowhere");
		return buf;
	}
	const struct hv_pirq *p = pirq_peek(c, pirq);
	if (p->arch_irq > 0 && !(p->dpci & HV_PIRQ_FORCED) && (unsigned)(p->arch_irq - 1) != slot) {
		unsigned other = (unsigned)(p->arch_irq - 1);
		snprintf(buf, size, "entry not programmed by Xen: QEMU's pirq %d for it is mapped to %s vector %u's entry "
		         "(map_domain_pirq's silent success): raised nowhere", pirq,
		         cfg->device[other / cfg->vectors_per_device].name, other % cfg->vectors_per_device);
		return buf;
	}
	snprintf(buf, size, "entry not programmed by Xen: QEMU still holds pirq %d for it, but Xen %s: raised nowhere",
	         pirq, p->dpci & HV_PIRQ_FORCED ? "forcibly unbound it (another device's QEMU unmapped it while bound)"
	                                        : "unmapped it (PHYSDEVOP_unmap_pirq by another device's QEMU)");
	return buf;
}
