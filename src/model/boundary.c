/*
 * boundary.c - what the boundary's data says, in words (boundary.h).
 */
#include "model/boundary.h"

/* Where a raised MSI ended (device_to_xen.raise_msi), for traces. */
const char *route_stage_text(enum route_stage stage)
{
	switch (stage) {
	case ROUTE_HANDLED: return "delivered through its event channel";
	case ROUTE_NOT_PROGRAMMED: return "entry not programmed by Xen (never mapped): raised nowhere";
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
	}
	return "?";
}

