/*
 * hv.h - the Xen hypervisor: the HVM domain's pirq space, PHYSDEVOP_*,
 * XEN_DOMCTL_{bind,unbind}_pt_irq, EVTCHNOP_{bind_pirq,close} and the
 * delivery of a physical MSI (SPEC §5).
 *
 * Entry points take Xen's public ABI: the command numbers and argument
 * structs of xen/physdev.h, xen/event_channel.h and xen/domctl.h (Debian's
 * libxen-dev), so that a caller written against the real interface can call
 * them unchanged.  They return 0 or a negative errno as Xen does.
 */
#ifndef PIRQSIM_HV_H
#define PIRQSIM_HV_H

#ifndef __XEN_TOOLS__
#define __XEN_TOOLS__ 1 /* xen/domctl.h is for toolstack code, which the device model is */
#endif
#include <stdint.h>
#include <xen/xen.h>
#include <xen/domctl.h>
#include <xen/event_channel.h>
#include <xen/physdev.h>

#include "model/ctx.h"

/* The guest's domain id as the device model names it. */
#define PIRQSIM_GUEST_DOMID 1

/* Who issues a hypercall: the HVM guest itself (DOMID_SELF) or the device
 * model running in dom0 on the guest's behalf (SPEC §5.8). */
enum hv_caller { HV_CALLER_GUEST = 0, HV_CALLER_DEVICE_MODEL };

int do_physdev_op(struct ctx *c, enum hv_caller caller, int cmd, void *arg);
int do_event_channel_op(struct ctx *c, int cmd, void *arg);
int do_domctl(struct ctx *c, struct xen_domctl *domctl);

/* PCI addressing of model device `device`: bus 0, slot 4 + device. */
static inline int pirqsim_devfn(unsigned device) { return (int)((4 + device) << 3); }

/* Where a physical MSI of one slot goes (SPEC §5.7), without changing the
 * world: the Xen irq's pirq, its binding, the port and the guest irq. */
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
};

struct route {
	enum route_stage stage;
	int pirq;                 /* pirq of the Xen irq, -1 none */
	int port_slot;            /* slot whose port/irq the event reached, -1 none */
};

void hv_route(const struct ctx *c, unsigned slot, struct route *out);

/* is_free_pirq's test on one pirq's state (get_free_pirq). */
bool hv_pirq_is_free(const struct hv_pirq *p);

/* Did the interrupt of `slot` reach that slot's own handler? */
static inline bool route_reaches(const struct route *r, unsigned slot)
{
	return (r->stage == ROUTE_HANDLED || r->stage == ROUTE_VECTOR) && r->port_slot == (int)slot;
}
const char *route_stage_text(enum route_stage stage);

/* Guest port / Linux irq / Xen irq numbers shown in traces for a slot.
 * Identity is by slot (world.h); numbers are for people. */
int display_port(unsigned slot);
int display_linux_irq(unsigned slot);
int display_xen_irq(const struct config *cfg, unsigned slot);

#endif
