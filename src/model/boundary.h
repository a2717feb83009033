/*
 * boundary.h - the component boundary: how the Linux guest, the QEMU device
 * model, the physical device and Xen talk to each other, and nothing else.
 *
 * In the real systems these programs share no memory.  The guest reaches
 * Xen by hypercalls (HYPERVISOR_physdev_op, HYPERVISOR_event_channel_op)
 * and the device by PCI config-space and MSI-X table accesses, which Xen
 * traps and QEMU's xen_pt emulates; QEMU reaches Xen through libxenctrl
 * (xc_physdev_map_pirq_msi and xc_physdev_unmap_pirq are PHYSDEVOP_* calls
 * made from dom0, xc_domain_update_msi_irq and xc_domain_unbind_msi_irq are
 * XEN_DOMCTL_{bind,unbind}_pt_irq); the device reaches Xen by raising an
 * MSI, which Xen delivers to an event channel or a guest vector.  The
 * model keeps exactly these seams: one table of functions per direction,
 * taking Xen's public ABI (the command numbers and argument structs of
 * xen/physdev.h, xen/event_channel.h and xen/domctl.h from libxen-dev)
 * where Xen's ABI is the interface.  model/linux.c, model/qemu.c and
 * model/xen.c include none of each other's headers (tests/layers.py checks
 * it): each calls the others only through config.boundary, so that any
 * one of them can be replaced by real code compiled against these tables.
 *
 * Fault injection (model/faults.c) plugs in here too: Xen's allocations
 * that can fail for reasons outside the scenario ask the host through
 * host_to_xen, and a hot-unplug reaches QEMU through host_to_qemu.
 *
 * model/wiring.c wires the model's components and faults together
 * (model_boundary); every resolved model uses it.
 */
#ifndef PIRQSIM_BOUNDARY_H
#define PIRQSIM_BOUNDARY_H

#ifndef __XEN_TOOLS__
#define __XEN_TOOLS__ 1 /* xen/domctl.h is for toolstack code, which the device model is */
#endif
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <xen/xen.h>
#include <xen/domctl.h>
#include <xen/event_channel.h>
#include <xen/physdev.h>
#include <xen/hvm/dm_op.h>

#include "model/ctx.h"

/* The guest's domain id as the device model names it. */
#define PIRQSIM_GUEST_DOMID 1

/* An MSI message as the guest writes it: pirq format (SPEC §2.1: vector 0,
 * pirq in the destination id fields) or a real vector. */
struct msi_msg_model {
	int16_t pirq;     /* pirq encoded in the address, 0 = none */
	uint16_t gvec;    /* vector byte of the data (0x40 + slot: wider than a byte past 191 slots) */
	bool xen_format;  /* data == XEN_PIRQ_MSI_DATA (or the ExtINT form) */
};

/* Where a physical MSI of one slot goes (SPEC §5.7): the Xen irq's pirq,
 * its binding, the port and the guest irq. */
enum route_stage {
	ROUTE_HANDLED = 0,        /* reached a guest irq with an action */
	ROUTE_NOT_PROGRAMMED,     /* no Xen irq programs the entry: nothing is raised */
	ROUTE_NOT_BOUND,          /* Xen irq has no passthrough binding (pt_irq_create_bind) */
	ROUTE_NO_IRQ_PT,          /* emuirq != IRQ_PT: vmsi_deliver_pirq with gvec 0 (pirq format): dropped */
	ROUTE_NO_PORT,            /* send_guest_pirq: pirq has no event channel: dropped */
	ROUTE_NO_ACTION,          /* port's guest irq has no handler */
	ROUTE_VECTOR,             /* not pirq format: delivered to guest vector gvec */
	ROUTE_VECTOR_UNHANDLED,   /* vector with no live guest irq/handler */
	ROUTE_DEVICE_RESET,       /* fault flr: the entry lost Xen's programming */
	ROUTE_STALE_BINDING,      /* pirq bound (dpci MAPPED) but the domain is not attached to its current Xen irq */
	/* Emulated devices (QEMU msix_notify / msi_notify -> XEN_DMOP_inject_msi -> hvm_inject_msi): */
	ROUTE_EMU_DISABLED,       /* MSI(-X) not enabled in QEMU's emulation: nothing is sent */
	ROUTE_EMU_REFUSED,        /* hvm_inject_msi refused: emuirq of another kind, no struct pirq, bad pirq */
};

struct route {
	enum route_stage stage;
	int pirq;                 /* pirq of the Xen irq, -1 none */
	int port_slot;            /* slot whose port/irq the event reached, -1 none */
};

/* Did the interrupt of `slot` reach that slot's own handler? */
static inline bool route_reaches(const struct route *r, unsigned slot)
{
	return (r->stage == ROUTE_HANDLED || r->stage == ROUTE_VECTOR) && r->port_slot == (int)slot;
}
const char *route_stage_text(enum route_stage stage);
/* The same, and for an entry not programmed why (from QEMU's and Xen's
 * state); may use `buf`. */
const char *route_text(const struct ctx *c, unsigned slot, const struct route *r, char *buf, size_t size);

/* Linux guest -> Xen: the hypercalls of an HVM guest (DOMID_SELF).
 * Return 0 or a negative errno, as Xen does. */
struct guest_to_xen {
	int (*physdev_op)(struct ctx *c, int cmd, void *arg);
	int (*event_channel_op)(struct ctx *c, int cmd, void *arg);
};

/* QEMU -> Xen: what xen_pt calls through libxenctrl, made from dom0 on the
 * guest's behalf (SPEC §5.8). */
struct qemu_to_xen {
	int (*physdev_op)(struct ctx *c, int cmd, void *arg);
	int (*domctl)(struct ctx *c, struct xen_domctl *domctl);
	/* xen_hvm_inject_msi (QEMU hw/i386/xen/xen-hvm.c): XEN_DMOP_inject_msi
	 * (libxendevicemodel; HVMOP_inject_msi before Xen 4.9) of an emulated
	 * device's message, and where Xen's hvm_inject_msi sends it.
	 * inject_msi_route: the same with no change to the world (where it
	 * would go now; the properties ask it at quiescence). */
	int (*inject_msi)(struct ctx *c, const struct xen_dm_op_inject_msi *op, struct route *out);
	void (*inject_msi_route)(const struct ctx *c, const struct xen_dm_op_inject_msi *op, struct route *out);
};

/* Linux guest -> the PCI function, trapped and emulated by QEMU: the MSI
 * capability (control, address/data), the MSI-X capability's Message
 * Control, and the MSI-X table in BAR space (message, vector control).
 * Each call is what QEMU does while the guest's vCPU waits on one ioreq.
 *
 * The *_is_local hints answer "would this write reach Xen in the current
 * state?"; the steps merge accesses that touch only the device's own
 * registers (model/drivers.c).  Answering false is always correct, only
 * slower: real code plugged in here can do so. */
struct guest_to_device {
	void (*msix_write_msg)(struct ctx *c, unsigned device, unsigned entry, const struct msi_msg_model *msg);
	void (*msix_read_msg)(const struct ctx *c, unsigned device, unsigned entry, struct msi_msg_model *msg);
	void (*msix_write_vector_ctrl)(struct ctx *c, unsigned device, unsigned entry, bool masked);
	void (*msix_write_control)(struct ctx *c, unsigned device, bool enable, bool maskall);
	void (*msi_write_msg)(struct ctx *c, unsigned device, const struct msi_msg_model *msg);
	void (*msi_read_msg)(const struct ctx *c, unsigned device, struct msi_msg_model *msg);
	void (*msi_write_control)(struct ctx *c, unsigned device, bool enable);
	bool (*msix_control_write_is_local)(const struct ctx *c, unsigned device, bool enable, bool maskall);
	bool (*msi_control_write_is_local)(const struct ctx *c, unsigned device, bool enable);
	bool (*msi_msg_write_is_local)(const struct ctx *c, unsigned device);
};

/* The physical device and Xen.  raise_msi: an MSI raised on entry `slot`
 * and where Xen delivers it (to an event channel or a guest vector), with
 * no change to the world.  msix_entry_masked: the mask bit of the physical
 * MSI-X table entry, which Xen programs and QEMU reads from the read-only
 * mapping of the real table. */
struct device_to_xen {
	void (*raise_msi)(const struct ctx *c, unsigned slot, struct route *out);
	bool (*msix_entry_masked)(const struct ctx *c, unsigned slot);
};

/* An emulated device (one of QEMU's own PCI devices, device_spec.emulated)
 * raises vector `slot`: QEMU's msix_notify / msi_notify, which sends the
 * message the guest wrote into QEMU's table through qemu_to_xen.inject_msi.
 * route: where it would go, with no change to the world. */
struct device_to_qemu {
	void (*notify)(struct ctx *c, unsigned slot, struct route *out);
	void (*route)(const struct ctx *c, unsigned slot, struct route *out);
};

/* The host -> QEMU: the toolstack removes a passthrough device
 * (xl pci-detach -> device_del -> xen_pt_unregister_device). */
struct host_to_qemu {
	void (*device_unregister)(struct ctx *c, unsigned device);
};

/* The host -> Xen: allocations inside Xen that can fail for reasons outside
 * the scenario.  Xen asks at the point where the real code allocates; true
 * means "this allocation fails now" (model/faults.c decides). */
enum xen_resource {
	XEN_RESOURCE_PIRQ_INFO = 0, /* pirq_get_info: struct pirq (-ENOMEM) */
	XEN_RESOURCE_FREE_PIRQ,     /* get_free_pirq: pirq space taken outside the scenario (-ENOSPC) */
	XEN_RESOURCE_IRQ_BIND,      /* pirq_guest_bind: irq in use elsewhere (-EBUSY) */
	XEN_RESOURCE_EVTCHN_PORT,   /* get_free_port (-ENOSPC) */
};
struct host_to_xen {
	bool (*allocation_fails)(const struct ctx *c, enum xen_resource resource);
};

struct boundary {
	const struct guest_to_xen *guest_to_xen;
	const struct qemu_to_xen *qemu_to_xen;
	const struct guest_to_device *guest_to_device;
	const struct device_to_xen *device_to_xen;
	const struct device_to_qemu *device_to_qemu;
	const struct host_to_qemu *host_to_qemu;
	const struct host_to_xen *host_to_xen;
};

/* Shorthands for the callers: c->cfg->boundary, one table each. */
static inline const struct guest_to_xen *to_xen_from_guest(const struct ctx *c) { return c->cfg->boundary->guest_to_xen; }
static inline const struct qemu_to_xen *to_xen_from_qemu(const struct ctx *c) { return c->cfg->boundary->qemu_to_xen; }
static inline const struct guest_to_device *to_device(const struct ctx *c) { return c->cfg->boundary->guest_to_device; }
static inline const struct device_to_xen *to_xen_from_device(const struct ctx *c) { return c->cfg->boundary->device_to_xen; }
static inline const struct device_to_qemu *to_qemu_from_device(const struct ctx *c) { return c->cfg->boundary->device_to_qemu; }

/* Where an MSI of `slot` goes now, without changing the world: a passed
 * through device's through Xen (device_to_xen.raise_msi), an emulated
 * device's through QEMU and XEN_DMOP_inject_msi (device_to_qemu.route). */
static inline void route_now(const struct ctx *c, unsigned slot, struct route *out)
{
	if (c->cfg->device[slot / c->cfg->vectors_per_device].emulated)
		to_qemu_from_device(c)->route(c, slot, out);
	else
		to_xen_from_device(c)->raise_msi(c, slot, out);
}

#endif
