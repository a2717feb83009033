/*
 * qemu.h - the device model: QEMU's Xen PCI passthrough (hw/xen/xen_pt_msi.c,
 * hw/xen/xen_pt_config_init.c) and qemu-xen-traditional (hw/pt-msi.c,
 * hw/pass-through.c), at the level of the guest's trapped register accesses
 * (SPEC §4).  Each function is what QEMU does while the guest's vCPU waits
 * on one ioreq; it may issue hypercalls to Xen as the device model, through
 * the boundary (boundary.h: qemu_to_xen).  These functions are the model's
 * guest_to_device and host_to_qemu tables (boundary.c).
 */
#ifndef PIRQSIM_QEMU_H
#define PIRQSIM_QEMU_H

#include "model/boundary.h"


/* MSI-X table (BAR MMIO, pci_msix_write / pci_msix_read). */
void dm_msix_write_msg(struct ctx *c, unsigned device, unsigned entry, const struct msi_msg_model *msg);
void dm_msix_read_msg(const struct ctx *c, unsigned device, unsigned entry, struct msi_msg_model *msg);
void dm_msix_write_vector_ctrl(struct ctx *c, unsigned device, unsigned entry, bool masked);
/* MSI-X Message Control (xen_pt_msixctrl_reg_write). */
void dm_msix_write_control(struct ctx *c, unsigned device, bool enable, bool maskall);

/* MSI capability (xen_pt_msgctrl_reg_write, xen_pt_msgaddr32/data_reg_write). */
void dm_msi_write_msg(struct ctx *c, unsigned device, const struct msi_msg_model *msg);
void dm_msi_read_msg(const struct ctx *c, unsigned device, struct msi_msg_model *msg);
void dm_msi_write_control(struct ctx *c, unsigned device, bool enable);

/* Does a trapped control write on `device` reach Xen in the current state?
 * (Used to merge accesses that touch only the device's own registers into
 * one step, see drivers.c.) */
bool dm_msix_control_write_is_local(const struct ctx *c, unsigned device, bool enable, bool maskall);
bool dm_msi_control_write_is_local(const struct ctx *c, unsigned device, bool enable);
bool dm_msi_msg_write_is_local(const struct ctx *c, unsigned device);
/* QEMU's unregister path of a passthrough device (hot-unplug): disable and
 * delete MSI / MSI-X, unmapping every pirq still mapped, in all versions. */
void dm_device_unregister(struct ctx *c, unsigned device);
/* An emulated device raises vector `slot` (device_to_qemu): msix_notify /
 * msi_notify -> xen_hvm_inject_msi; and where it would go now. */
void dm_emulated_notify(struct ctx *c, unsigned slot, struct route *out);
void dm_emulated_route(const struct ctx *c, unsigned slot, struct route *out);

#endif
