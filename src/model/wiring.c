/*
 * wiring.c - the model's components wired together through the
 * boundary's tables (boundary.h): the Linux guest (linux.c, drivers.c),
 * QEMU's xen_pt (qemu.c), Xen (xen.c) and the host's faults (faults.c).
 * This file is the one place that knows every component; replacing one of
 * them by real code means a second table here.
 */
#include "model/wiring.h"

#include "model/faults.h"
#include "model/qemu.h"
#include "model/xen.h"

/* Xen's do_physdev_op tells the guest's own calls (DOMID_SELF) from the
 * device model's (SPEC §5.8); each direction calls in as one of them. */
static int guest_physdev_op(struct ctx *c, int cmd, void *arg)
{
	return do_physdev_op(c, HV_CALLER_GUEST, cmd, arg);
}

static int qemu_physdev_op(struct ctx *c, int cmd, void *arg)
{
	return do_physdev_op(c, HV_CALLER_DEVICE_MODEL, cmd, arg);
}

static const struct guest_to_xen guest_to_xen = {
	.physdev_op = guest_physdev_op,
	.event_channel_op = do_event_channel_op,
};

static const struct qemu_to_xen qemu_to_xen = {
	.physdev_op = qemu_physdev_op,
	.domctl = do_domctl,
	.inject_msi = hvm_inject_msi,
	.inject_msi_route = hv_inject_msi_route,
};

static const struct guest_to_device guest_to_device = {
	.msix_write_msg = dm_msix_write_msg,
	.msix_read_msg = dm_msix_read_msg,
	.msix_write_vector_ctrl = dm_msix_write_vector_ctrl,
	.msix_write_control = dm_msix_write_control,
	.msi_write_msg = dm_msi_write_msg,
	.msi_read_msg = dm_msi_read_msg,
	.msi_write_control = dm_msi_write_control,
	.msix_control_write_is_local = dm_msix_control_write_is_local,
	.msi_control_write_is_local = dm_msi_control_write_is_local,
	.msi_msg_write_is_local = dm_msi_msg_write_is_local,
};

static const struct device_to_xen device_to_xen = {
	.raise_msi = hv_route,
	.msix_entry_masked = hv_msix_entry_masked,
};

static const struct device_to_qemu device_to_qemu = {
	.notify = dm_emulated_notify,
	.route = dm_emulated_route,
};

static const struct host_to_qemu host_to_qemu = {
	.device_unregister = dm_device_unregister,
};

/* Which injected fault makes which allocation fail (faults.h). */
static bool allocation_fails(const struct ctx *c, enum xen_resource resource)
{
	static const enum fault_kind fault_of[] = {
		[XEN_RESOURCE_PIRQ_INFO] = FAULT_MAP_PIRQ_ENOMEM,
		[XEN_RESOURCE_FREE_PIRQ] = FAULT_PIRQ_ENOSPC,
		[XEN_RESOURCE_IRQ_BIND] = FAULT_BIND_PT_IRQ_EBUSY,
		[XEN_RESOURCE_EVTCHN_PORT] = FAULT_BIND_PIRQ_ENOSPC,
	};
	return fault_take(c, fault_of[resource]);
}

static const struct host_to_xen host_to_xen = {
	.allocation_fails = allocation_fails,
};

const struct boundary model_boundary = {
	.guest_to_xen = &guest_to_xen,
	.qemu_to_xen = &qemu_to_xen,
	.guest_to_device = &guest_to_device,
	.device_to_xen = &device_to_xen,
	.device_to_qemu = &device_to_qemu,
	.host_to_qemu = &host_to_qemu,
	.host_to_xen = &host_to_xen,
};
