/*
 * test_rules.c - component rules as action/result tables, in the style of
 * Xen's tools/tests/rangeset: each case is a list of actions on a fresh
 * world, each action with the result it must give.  Adding a case is
 * adding rows.
 *
 * The world: 2 devices x 2 MSI-X vectors (slots 0-1 and 3-4; slots 2 and 5
 * are their MSI capabilities), MSI pirqs 48..51 (extra_guest_irqs 4),
 * so top-down allocation hands out 51, 50, 49, 48.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "model/qemu.h"
#include "model/linux.h"
#include "model/next_state.h"
#include "model/wiring.h"
#include "model/xen.h"

enum action {
	END = 0,
	GETFREE,       /* guest PHYSDEVOP_get_free_pirq; expect rc, a = pirq */
	MAP,           /* DM PHYSDEVOP_map_pirq(device a, entry b, pirq c); expect rc, then d = pirq */
	UNMAP_DM,      /* DM PHYSDEVOP_unmap_pirq(a) */
	UNMAP_SELF,    /* guest PHYSDEVOP_unmap_pirq(a) (DOMID_SELF) */
	BIND_PT,       /* XEN_DOMCTL_bind_pt_irq(pirq a, gvec b) */
	UNBIND_PT,     /* XEN_DOMCTL_unbind_pt_irq(pirq a) */
	EVT_BIND,      /* EVTCHNOP_bind_pirq(pirq a) from slot b */
	EVT_CLOSE,     /* EVTCHNOP_close(port of slot a) */
	ROUTE,         /* raise slot a: expect stage rc, port slot b */
	LEAKED,        /* expect xen_irqs_leaked == a */
	GUEST_BIND,    /* xen_bind_pirq_msi_to_irq(slot a, pirq b) */
	GUEST_FREE,    /* xen_destroy_irq(slot a) */
	LOOKUP,        /* xen_irq_from_pirq(a): expect rc = slot or -1 */
	MSIX_WRITE,    /* guest writes pirq-format message for pirq c to device a entry b */
	MSIX_CTRL,     /* MSI-X control write on device a: enable b, maskall c */
	DM_PIRQ,       /* expect device a entry b DM pirq == rc */
	UPDATED,       /* expect device a entry b `updated` == rc */
	KNOB,          /* set knob a to value b */
	INJECT,        /* XEN_DMOP_inject_msi of a pirq-format message for pirq a (hvm_inject_msi):
	                * expect stage rc, port slot b, hvm_inject_msi's return d */
	EMUIRQ,        /* expect pirq a's emuirq == rc */
	EMULATED,      /* device a is one of QEMU's emulated devices */
	NOTIFY,        /* emulated device raises slot a (msix_notify): expect stage rc, port slot b */
};

struct row {
	enum action action;
	int a, b, c, d;
	int rc;
};

struct test_case {
	const char *name;
	struct row rows[24];
};

#define GSI 48

static const struct test_case cases[] = {
	{"get_free_pirq is top-down and reserves (SPEC 5.2, 5.3)", {
		{GETFREE, 51, 0, 0, 0, 0}, {GETFREE, 50, 0, 0, 0, 0}, {GETFREE, 49, 0, 0, 0, 0},
		{GETFREE, 48, 0, 0, 0, 0}, {GETFREE, 0, 0, 0, 0, -ENOSPC}, {END, 0, 0, 0, 0, 0}}},
	{"Xen < 4.1 has no PHYSDEVOP_get_free_pirq", {
		{KNOB, KNOB_HV_GETFREE, HV_GETFREE_ABSENT, 0, 0, 0}, {GETFREE, 0, 0, 0, 0, -ENOSYS}, {END, 0, 0, 0, 0, 0}}},
	{"a reserved pirq cannot be unmapped, so it stays reserved (SPEC 5.3)", {
		{GETFREE, 51, 0, 0, 0, 0}, {UNMAP_DM, 51, 0, 0, 0, -EINVAL}, {GETFREE, 50, 0, 0, 0, 0}, {END, 0, 0, 0, 0, 0}}},
	{"map a reserved pirq, bind, deliver through the event channel (SPEC 5.4-5.7)", {
		{GETFREE, 51, 0, 0, 0, 0}, {MAP, 0, 0, 51, 51, 0}, {ROUTE, 0, -1, 0, 0, ROUTE_NOT_BOUND},
		{BIND_PT, 51, 0, 0, 0, 0}, {ROUTE, 0, -1, 0, 0, ROUTE_NO_IRQ_PT}, {GUEST_BIND, 0, 51, 0, 0, 0},
		{EVT_BIND, 51, 0, 0, 0, 0}, {ROUTE, 0, 0, 0, 0, ROUTE_NO_ACTION}, {END, 0, 0, 0, 0, 0}}},
	{"bind_pt_irq on a reserved-but-unmapped pirq is -EPERM (SPEC 5.5)", {
		{GETFREE, 51, 0, 0, 0, 0}, {BIND_PT, 51, 0, 0, 0, -EPERM}, {BIND_PT, 50, 0, 0, 0, -EPERM}, {END, 0, 0, 0, 0, 0}}},
	{"map of a pirq mapped to another irq succeeds silently and leaks the irq (SPEC 5.4.3-4)", {
		{GETFREE, 51, 0, 0, 0, 0}, {MAP, 1, 0, 51, 51, 0}, {MAP, 0, 0, 51, 51, 0}, {LEAKED, 1, 0, 0, 0, 0},
		{ROUTE, 0, -1, 0, 0, ROUTE_NOT_PROGRAMMED}, {END, 0, 0, 0, 0, 0}}},
	{"map with pirq -1 lets Xen choose top-down", {
		{MAP, 0, 1, -1, 51, 0}, {MAP, 1, 1, -1, 50, 0}, {LEAKED, 0, 0, 0, 0, 0}, {END, 0, 0, 0, 0, 0}}},
	{"evtchn_bind_pirq on a pirq with a port is -EEXIST (SPEC 5.6)", {
		{GETFREE, 51, 0, 0, 0, 0}, {MAP, 0, 0, 51, 51, 0}, {EVT_BIND, 51, 0, 0, 0, 0},
		{EVT_BIND, 51, 2, 0, 0, -EEXIST}, {EVT_CLOSE, 0, 0, 0, 0, 0}, {EVT_BIND, 51, 2, 0, 0, 0}, {END, 0, 0, 0, 0, 0}}},
	{"second bind of a bound pirq re-points it silently (SPEC 5.5)", {
		{GETFREE, 51, 0, 0, 0, 0}, {MAP, 0, 0, 51, 51, 0}, {BIND_PT, 51, 0, 0, 0, 0},
		{BIND_PT, 51, 0, 0, 0, 0}, {END, 0, 0, 0, 0, 0}}},
	{"device-model unmap frees the pirq; DOMID_SELF stops after emuirq (SPEC 5.8)", {
		{GETFREE, 51, 0, 0, 0, 0}, {MAP, 0, 0, 51, 51, 0}, {UNMAP_SELF, 51, 0, 0, 0, 0},
		{GETFREE, 50, 0, 0, 0, 0}, {UNMAP_DM, 51, 0, 0, 0, 0}, {GETFREE, 51, 0, 0, 0, 0}, {END, 0, 0, 0, 0, 0}}},
	/* Xen 4.8 unmap_domain_pirq / XEN_DOMCTL_unbind_pt_irq (irq <= 0: -EPERM). */
	{"unmap of a still-bound pirq forces unbind; the pirq stays held (unbind_pt_irq -EPERM)", {
		{GETFREE, 51, 0, 0, 0, 0}, {MAP, 0, 0, 51, 51, 0}, {BIND_PT, 51, 0, 0, 0, 0},
		{UNMAP_DM, 51, 0, 0, 0, 0}, {GETFREE, 50, 0, 0, 0, 0}, {UNBIND_PT, 51, 0, 0, 0, -EPERM},
		{UNMAP_DM, 51, 0, 0, 0, -EINVAL}, {BIND_PT, 51, 0, 0, 0, -EPERM}, {GETFREE, 49, 0, 0, 0, 0},
		{END, 0, 0, 0, 0, 0}}},
	/* map_domain_pirq: old_irq = -irq is not > 0, so the forced pirq is
	 * mapped for real; pt_irq_create_bind sees DPCI_MAPPED still set and
	 * only updates gvec: the new irq never gets the guest's action. */
	{"a forced pirq is mapped for real, but its stale binding leaves the new irq without a guest action", {
		{GETFREE, 51, 0, 0, 0, 0}, {MAP, 0, 0, 51, 51, 0}, {BIND_PT, 51, 0, 0, 0, 0},
		{UNMAP_DM, 51, 0, 0, 0, 0}, {MAP, 1, 0, 51, 51, 0}, {LEAKED, 0, 0, 0, 0, 0},
		{BIND_PT, 51, 0, 0, 0, 0}, {GUEST_BIND, 3, 51, 0, 0, 0}, {EVT_BIND, 51, 3, 0, 0, 0},
		{ROUTE, 3, -1, 0, 0, ROUTE_STALE_BINDING}, {UNBIND_PT, 51, 0, 0, 0, 0}, {UNMAP_DM, 51, 0, 0, 0, 0},
		{END, 0, 0, 0, 0, 0}}},
	{"unbind of a pirq with no Xen irq is -EPERM", {
		{UNBIND_PT, 51, 0, 0, 0, -EPERM}, {GETFREE, 51, 0, 0, 0, 0}, {UNBIND_PT, 51, 0, 0, 0, -EPERM},
		{END, 0, 0, 0, 0, 0}}},
	/* pt_irq_destroy_bind returns 0 for a mapped pirq with no binding. */
	{"unbind of a mapped, unbound pirq succeeds; the device model's unmap then frees it", {
		{GETFREE, 51, 0, 0, 0, 0}, {MAP, 0, 0, 51, 51, 0}, {UNBIND_PT, 51, 0, 0, 0, 0},
		{UNMAP_DM, 51, 0, 0, 0, 0}, {GETFREE, 51, 0, 0, 0, 0}, {END, 0, 0, 0, 0, 0}}},
	{"closing the port drops IRQ_PT: interrupts then go nowhere", {
		{GETFREE, 51, 0, 0, 0, 0}, {MAP, 0, 0, 51, 51, 0}, {BIND_PT, 51, 0, 0, 0, 0},
		{GUEST_BIND, 0, 51, 0, 0, 0}, {EVT_BIND, 51, 0, 0, 0, 0}, {EVT_CLOSE, 0, 0, 0, 0, 0},
		{ROUTE, 0, -1, 0, 0, ROUTE_NO_IRQ_PT}, {END, 0, 0, 0, 0, 0}}},
	{"live-list lookup forgets a torn-down irq (SPEC 3.2)", {
		{GUEST_BIND, 0, 51, 0, 0, 0}, {LOOKUP, 51, 0, 0, 0, 0}, {GUEST_FREE, 0, 0, 0, 0, 0},
		{LOOKUP, 51, 0, 0, 0, -1}, {GUEST_BIND, 3, 51, 0, 0, 0}, {LOOKUP, 51, 0, 0, 0, 3}, {END, 0, 0, 0, 0, 0}}},
	{"array lookup (<= 2.6.38) survives teardown (SPEC 3.2)", {
		{KNOB, KNOB_G_LOOKUP, G_LOOKUP_ARRAY, 0, 0, 0}, {GUEST_BIND, 0, 51, 0, 0, 0}, {GUEST_FREE, 0, 0, 0, 0, 0},
		{LOOKUP, 51, 0, 0, 0, 0}, {END, 0, 0, 0, 0, 0}}},
	{"QEMU >= 2.1: write marks updated, MASKALL clear maps+binds, disable unmaps (SPEC 4.3)", {
		{GETFREE, 51, 0, 0, 0, 0}, {MSIX_WRITE, 0, 0, 51, 0, 0}, {UPDATED, 0, 0, 0, 0, 1},
		{MSIX_CTRL, 0, 1, 1, 0, 0}, {DM_PIRQ, 0, 0, 0, 0, -1}, {MSIX_CTRL, 0, 1, 0, 0, 0},
		{DM_PIRQ, 0, 0, 0, 0, 51}, {UPDATED, 0, 0, 0, 0, 0}, {MSIX_CTRL, 0, 0, 0, 0, 0},
		{DM_PIRQ, 0, 0, 0, 0, -1}, {GETFREE, 51, 0, 0, 0, 0}, {END, 0, 0, 0, 0, 0}}},
	{"QEMU >= 2.1: an entry not rewritten after disable is never mapped again", {
		{GETFREE, 51, 0, 0, 0, 0}, {MSIX_WRITE, 0, 0, 51, 0, 0}, {MSIX_CTRL, 0, 1, 0, 0, 0},
		{MSIX_CTRL, 0, 0, 0, 0, 0}, {MSIX_CTRL, 0, 1, 1, 0, 0}, {MSIX_CTRL, 0, 1, 0, 0, 0},
		{DM_PIRQ, 0, 0, 0, 0, -1}, {ROUTE, 0, -1, 0, 0, ROUTE_NOT_PROGRAMMED}, {END, 0, 0, 0, 0, 0}}},
	{"QEMU >= 2.1: an identical rewrite re-arms an unassigned entry (DM-REARM)", {
		{GETFREE, 51, 0, 0, 0, 0}, {MSIX_WRITE, 0, 0, 51, 0, 0}, {MSIX_CTRL, 0, 1, 0, 0, 0},
		{MSIX_CTRL, 0, 0, 0, 0, 0}, {MSIX_WRITE, 0, 0, 51, 0, 0}, {UPDATED, 0, 0, 0, 0, 1}, {END, 0, 0, 0, 0, 0}}},
	{"QEMU <= 2.0: disable keeps the mapping; a new pirq fails to bind and the old is unmapped (SPEC 4.4)", {
		{KNOB, KNOB_DM_UNMAP, DM_UNMAP_KEEP_ON_DISABLE, 0, 0, 0}, {KNOB, KNOB_DM_REARM, DM_REARM_IGNORE_IDENTICAL, 0, 0, 0},
		{GETFREE, 51, 0, 0, 0, 0}, {MSIX_WRITE, 0, 0, 51, 0, 0}, {MSIX_CTRL, 0, 1, 0, 0, 0},
		{MSIX_CTRL, 0, 0, 0, 0, 0}, {DM_PIRQ, 0, 0, 0, 0, 51}, {GETFREE, 50, 0, 0, 0, 0},
		{MSIX_WRITE, 0, 0, 50, 0, 0}, {MSIX_CTRL, 0, 1, 0, 0, 0}, {DM_PIRQ, 0, 0, 0, 0, -1},
		{UPDATED, 0, 0, 0, 0, 1}, {ROUTE, 0, -1, 0, 0, ROUTE_NOT_PROGRAMMED}, {END, 0, 0, 0, 0, 0}}},
	/* Emulated devices: xen/arch/x86/hvm/irq.c hvm_inject_msi and
	 * xen/arch/x86/irq.c map_domain_emuirq_pirq / unmap_domain_pirq_emuirq,
	 * xen/common/event_channel.c evtchn_close, RELEASE-4.8.0. */
	{"hvm_inject_msi: first use maps IRQ_MSI_EMU, later uses deliver; the pirq stays busy", {
		{GETFREE, 51, 0, 0, 0, 0}, {GUEST_BIND, 0, 51, 0, 0, 0}, {EVT_BIND, 51, 0, 0, 0, 0},
		{EMUIRQ, 51, 0, 0, 0, IRQ_UNBOUND}, {INJECT, 51, 0, 0, 0, ROUTE_NO_ACTION}, {EMUIRQ, 51, 0, 0, 0, IRQ_MSI_EMU},
		{INJECT, 51, 0, 0, 0, ROUTE_NO_ACTION}, {GETFREE, 50, 0, 0, 0, 0}, {END, 0, 0, 0, 0, 0}}},
	{"hvm_inject_msi: IRQ_MSI_EMU is one radix-tree key: a second pirq is not mapped but still sent", {
		{GETFREE, 51, 0, 0, 0, 0}, {GETFREE, 50, 0, 0, 0, 0}, {INJECT, 51, -1, 0, 0, ROUTE_NO_PORT},
		{INJECT, 50, -1, 0, 0, ROUTE_NO_PORT}, {EMUIRQ, 50, 0, 0, 0, IRQ_UNBOUND},
		{INJECT, 49, -1, 0, -EBUSY, ROUTE_EMU_REFUSED}, {INJECT, 0, -1, 0, -ERANGE, ROUTE_EMU_REFUSED},
		{END, 0, 0, 0, 0, 0}}},
	{"hvm_inject_msi refuses a passed-through pirq (emuirq IRQ_PT): -EINVAL, dropped", {
		{GETFREE, 51, 0, 0, 0, 0}, {MAP, 0, 0, 51, 51, 0}, {BIND_PT, 51, 0, 0, 0, 0}, {GUEST_BIND, 0, 51, 0, 0, 0},
		{EVT_BIND, 51, 0, 0, 0, 0}, {EMUIRQ, 51, 0, 0, 0, IRQ_PT}, {INJECT, 51, -1, 0, -EINVAL, ROUTE_EMU_REFUSED},
		{END, 0, 0, 0, 0, 0}}},
	{"evtchn_close keeps IRQ_MSI_EMU of a pirq with no Xen irq; the guest never unmaps it: leaked", {
		{GETFREE, 51, 0, 0, 0, 0}, {GUEST_BIND, 0, 51, 0, 0, 0}, {EVT_BIND, 51, 0, 0, 0, 0},
		{INJECT, 51, 0, 0, 0, ROUTE_NO_ACTION}, {EVT_CLOSE, 0, 0, 0, 0, 0}, {EMUIRQ, 51, 0, 0, 0, IRQ_MSI_EMU},
		{GUEST_FREE, 0, 0, 0, 0, 0}, {GETFREE, 50, 0, 0, 0, 0}, {INJECT, 51, -1, 0, 0, ROUTE_NO_PORT},
		{END, 0, 0, 0, 0, 0}}},
	{"PHYSDEVOP_unmap_pirq drops the emuirq and the IRQ_MSI_EMU entry: the next pirq maps", {
		{GETFREE, 51, 0, 0, 0, 0}, {GETFREE, 50, 0, 0, 0, 0}, {INJECT, 51, -1, 0, 0, ROUTE_NO_PORT},
		{UNMAP_SELF, 51, 0, 0, 0, 0}, {EMUIRQ, 51, 0, 0, 0, IRQ_UNBOUND}, {INJECT, 50, -1, 0, 0, ROUTE_NO_PORT},
		{EMUIRQ, 50, 0, 0, 0, IRQ_MSI_EMU}, {END, 0, 0, 0, 0, 0}}},
	{"emulated MSI-X: QEMU keeps the message, no hypercall; msix_notify injects once enabled", {
		{EMULATED, 1, 0, 0, 0, 0}, {GETFREE, 51, 0, 0, 0, 0}, {MSIX_WRITE, 1, 0, 51, 0, 0}, {UPDATED, 1, 0, 0, 0, 0},
		{NOTIFY, 3, -1, 0, 0, ROUTE_EMU_DISABLED}, {MSIX_CTRL, 1, 1, 0, 0, 0}, {DM_PIRQ, 1, 0, 0, 0, -1},
		{GETFREE, 50, 0, 0, 0, 0}, {GUEST_BIND, 3, 51, 0, 0, 0}, {EVT_BIND, 51, 3, 0, 0, 0},
		{NOTIFY, 3, 3, 0, 0, ROUTE_NO_ACTION}, {EMUIRQ, 51, 0, 0, 0, IRQ_MSI_EMU}, {MSIX_CTRL, 1, 0, 0, 0, 0},
		{NOTIFY, 3, -1, 0, 0, ROUTE_EMU_DISABLED}, {GETFREE, 49, 0, 0, 0, 0}, {END, 0, 0, 0, 0, 0}}},
};

static void setup(struct config *cfg, struct world *w)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->knobs = (struct knobs){.g_reuse = G_REUSE_IF_KNOWN, .g_lookup = G_LOOKUP_LIVE_LIST,
	                            .dm_kind = DM_KIND_QEMU_XEN, .dm_unmap = DM_UNMAP_ON_DISABLE,
	                            .dm_rearm = DM_REARM_IF_UNASSIGNED, .dm_latch = DM_LATCH_ON_UNMASK,
	                            .dm_log = DM_LOG_ERR, .hv_getfree = HV_GETFREE_CHECKED};
	cfg->boundary = &model_boundary;
	cfg->pirq_mode = true;
	cfg->nr_irqs_gsi = GSI;
	cfg->nr_msi_pirqs = 4;
	cfg->xen_irqs_max = 100;
	cfg->device_count = 2;
	cfg->vectors_per_device = 3; /* 2 MSI-X entries, then the MSI capability's slot */
	cfg->slot_count = 6;
	for (unsigned d = 0; d < 2; d++) {
		snprintf(cfg->device[d].name, sizeof(cfg->device[d].name), "dev%u", d);
		cfg->device[d].vec_type = VEC_MSIX;
		cfg->device[d].vectors = 2;
		cfg->program[d].length = 1;
	}
	world_init(w, cfg);
}

/* Runs one action; returns its result and puts a secondary result in *out. */
static int act(struct ctx *c, struct config *cfg, const struct row *r, int *out)
{
	*out = 0;
	switch (r->action) {
	case GETFREE: {
		struct physdev_get_free_pirq op = {.type = MAP_PIRQ_TYPE_MSI};
		int rc = do_physdev_op(c, HV_CALLER_GUEST, PHYSDEVOP_get_free_pirq, &op);
		*out = rc == 0 ? (int)op.pirq : 0;
		return rc;
	}
	case MAP: {
		struct physdev_map_pirq map = {.domid = PIRQSIM_GUEST_DOMID, .type = MAP_PIRQ_TYPE_MSI, .index = -1,
		                               .pirq = r->c, .devfn = pirqsim_devfn((unsigned)r->a), .entry_nr = r->b,
		                               .table_base = 0xfebf0000u}; /* an MSI-X entry */
		int rc = do_physdev_op(c, HV_CALLER_DEVICE_MODEL, PHYSDEVOP_map_pirq, &map);
		*out = map.pirq;
		return rc;
	}
	case UNMAP_DM:
	case UNMAP_SELF: {
		struct physdev_unmap_pirq unmap = {.domid = PIRQSIM_GUEST_DOMID, .pirq = r->a};
		return do_physdev_op(c, r->action == UNMAP_DM ? HV_CALLER_DEVICE_MODEL : HV_CALLER_GUEST,
		                     PHYSDEVOP_unmap_pirq, &unmap);
	}
	case BIND_PT:
	case UNBIND_PT: {
		struct xen_domctl d = {.cmd = r->action == BIND_PT ? XEN_DOMCTL_bind_pt_irq : XEN_DOMCTL_unbind_pt_irq,
		                       .domain = PIRQSIM_GUEST_DOMID};
		d.u.bind_pt_irq.machine_irq = (uint32_t)r->a;
		d.u.bind_pt_irq.irq_type = PT_IRQ_TYPE_MSI;
		d.u.bind_pt_irq.u.msi.gvec = (uint8_t)r->b;
		return do_domctl(c, &d);
	}
	case EVT_BIND: {
		struct evtchn_bind_pirq bind = {.pirq = (uint32_t)r->a, .port = (evtchn_port_t)r->b + 1};
		return do_event_channel_op(c, EVTCHNOP_bind_pirq, &bind);
	}
	case EVT_CLOSE: {
		struct evtchn_close close = {.port = (evtchn_port_t)r->a + 1};
		return do_event_channel_op(c, EVTCHNOP_close, &close);
	}
	case ROUTE: {
		struct route route;
		hv_route(c, (unsigned)r->a, &route);
		*out = route.port_slot;
		return (int)route.stage;
	}
	case LEAKED: return c->w->xen_irqs_leaked == r->a ? 0 : -1000 - c->w->xen_irqs_leaked;
	case GUEST_BIND: xen_bind_pirq_msi_to_irq(c, (unsigned)r->a, r->b); return 0;
	case GUEST_FREE: xen_destroy_irq(c, (unsigned)r->a); return 0;
	case LOOKUP: return xen_irq_from_pirq(c, r->a);
	case MSIX_WRITE: {
		struct msi_msg_model m;
		xen_msi_compose_msg(c, r->c, &m);
		dm_msix_write_msg(c, (unsigned)r->a, (unsigned)r->b, &m);
		return 0;
	}
	case MSIX_CTRL: dm_msix_write_control(c, (unsigned)r->a, r->b, r->c); return 0;
	case DM_PIRQ: return c->w->entry[slot_of(cfg, (unsigned)r->a, (unsigned)r->b)].dm_pirq;
	case UPDATED: return (c->w->entry[slot_of(cfg, (unsigned)r->a, (unsigned)r->b)].flags & ENTRY_UPDATED) != 0;
	case KNOB: knob_set(&cfg->knobs, (enum knob_id)r->a, (uint8_t)r->b); return 0;
	case INJECT: {
		uint32_t pirq = (uint32_t)r->a;
		struct xen_dm_op_inject_msi op = {.data = XEN_PIRQ_MSI_DATA,
		                                  .addr = 0xfee00000u | (uint64_t)((pirq & 0xffu) << 12) |
		                                          ((uint64_t)(pirq & 0xffffff00u) << 32)};
		struct route route;
		int rc = hvm_inject_msi(c, &op, &route);
		*out = route.port_slot;
		return rc != r->d ? -2000 + rc : (int)route.stage;
	}
	case EMUIRQ: return pirq_in_msi_range(cfg, r->a) ? c->w->pirq[r->a - GSI].emuirq : -1000;
	case EMULATED: cfg->device[r->a].emulated = 1; return 0;
	case NOTIFY: {
		struct route route;
		dm_emulated_notify(c, (unsigned)r->a, &route);
		*out = route.port_slot;
		return (int)route.stage;
	}
	case END: break;
	}
	return 0;
}

/* Which rows carry a checked secondary result. */
static bool checks_out(const struct row *r, int *expected)
{
	switch (r->action) {
	case GETFREE: *expected = r->a; return r->rc == 0;
	case MAP: *expected = r->d; return r->rc == 0;
	case ROUTE:
	case INJECT:
	case NOTIFY: *expected = r->b; return true;
	default: return false;
	}
}

int main(void)
{
	unsigned passed = 0, failed = 0;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct config cfg;
		struct world w;
		setup(&cfg, &w);
		struct ctx c = {.w = &w, .cfg = &cfg, .actor = -1};
		bool ok = true;
		for (const struct row *r = cases[i].rows; r->action != END && ok; r++) {
			int out, expected_out;
			int rc = act(&c, &cfg, r, &out);
			if (rc != r->rc || (checks_out(r, &expected_out) && out != expected_out)) {
				printf("FAIL %s: row %ld (action %d): got %d/%d, want %d\n", cases[i].name,
				       (long)(r - cases[i].rows) + 1, r->action, rc, out, r->rc);
				ok = false;
			}
		}
		if (ok)
			printf("ok   %s\n", cases[i].name);
		passed += ok;
		failed += !ok;
	}
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
