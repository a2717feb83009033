/*
 * xen.h - the Xen hypervisor: the HVM domain's pirq space, PHYSDEVOP_*,
 * XEN_DOMCTL_{bind,unbind}_pt_irq, EVTCHNOP_{bind_pirq,close} and the
 * delivery of a physical MSI (SPEC §5).
 *
 * Entry points take Xen's public ABI: the command numbers and argument
 * structs of xen/physdev.h, xen/event_channel.h and xen/domctl.h (Debian's
 * libxen-dev), so that a caller written against the real interface can call
 * them unchanged.  They return 0 or a negative errno as Xen does.
 */
#ifndef PIRQSIM_XEN_H
#define PIRQSIM_XEN_H

#include "model/boundary.h"

/* Who issues a hypercall: the HVM guest itself (DOMID_SELF) or the device
 * model running in dom0 on the guest's behalf (SPEC §5.8).  The boundary's
 * guest_to_xen and qemu_to_xen tables call in with one each. */
enum hv_caller { HV_CALLER_GUEST = 0, HV_CALLER_DEVICE_MODEL };

int do_physdev_op(struct ctx *c, enum hv_caller caller, int cmd, void *arg);
int do_event_channel_op(struct ctx *c, int cmd, void *arg);
int do_domctl(struct ctx *c, struct xen_domctl *domctl);

/* Delivery of a physical MSI raised on entry `slot` (device_to_xen). */
void hv_route(const struct ctx *c, unsigned slot, struct route *out);
/* XEN_DMOP_inject_msi -> hvm_inject_msi (qemu_to_xen.inject_msi), and the
 * same with no change to the world (qemu_to_xen.inject_msi_route). */
int hvm_inject_msi(struct ctx *c, const struct xen_dm_op_inject_msi *op, struct route *out);
void hv_inject_msi_route(const struct ctx *c, const struct xen_dm_op_inject_msi *op, struct route *out);
/* The physical MSI-X entry's mask bit, as Xen has programmed it. */
bool hv_msix_entry_masked(const struct ctx *c, unsigned slot);

#endif
