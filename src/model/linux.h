/*
 * linux.h - the Linux guest kernel's Xen PV-on-HVM MSI path (SPEC §3):
 * arch/x86/pci/xen.c and drivers/xen/events/events_base.c primitives.
 * The order of operations inside pci_enable_msix / pci_disable_msix
 * (drivers/pci/msi.c) is in drivers.c, which calls these.  The hypercalls go
 * through the boundary (boundary.h: guest_to_xen).
 */
#ifndef PIRQSIM_LINUX_H
#define PIRQSIM_LINUX_H

#include "model/boundary.h"

/* xen_irq_from_pirq: the slot of a Linux irq that "knows" pirq, or -1
 * (G-LOOKUP: array that survives teardown, or live list). */
int xen_irq_from_pirq(const struct ctx *c, int pirq);
/* G-1 xen_allocate_pirq_msi: PHYSDEVOP_get_free_pirq; the pirq or -1
 * (Linux returns -1 for any error; the hypercall's code goes to *rc). */
int xen_allocate_pirq_msi(struct ctx *c, unsigned device, int *rc);
/* xen_msi_compose_msg (SPEC §2.1). */
void xen_msi_compose_msg(const struct ctx *c, int pirq, struct msi_msg_model *msg);
/* The pirq a message read back from the device encodes, and whether its
 * data is XEN_PIRQ_MSI_DATA (the reuse test of G-2). */
int xen_msg_pirq(const struct msi_msg_model *msg, bool *data_is_xen);
/* G-3 xen_bind_pirq_msi_to_irq: no hypercall; the irq_info goes live. */
void xen_bind_pirq_msi_to_irq(struct ctx *c, unsigned slot, int pirq);
/* G-4 __startup_pirq (request_irq of the first action). */
void startup_pirq(struct ctx *c, unsigned slot);
/* G-5 shutdown_pirq (free_irq of the last action). */
void shutdown_pirq(struct ctx *c, unsigned slot);
/* G-6 xen_destroy_irq via xen_teardown_msi_irq: never unmaps in an HVM
 * domU; xen_free_irq takes the irq_info off the live list. */
void xen_destroy_irq(struct ctx *c, unsigned slot);

/* Native (non-pirq) MSI, G-PIRQMODE off: the guest's own vector. */
void native_compose_msg(unsigned slot, struct msi_msg_model *msg);
void native_bind_irq(struct ctx *c, unsigned slot);

#endif
