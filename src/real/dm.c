/*
 * dm.c - a real QEMU tree's xen_pt MSI/MSI-X code as the device model
 * (real_dm_abi.h, built by tools/real/build_qemu.py): the loaded object,
 * the host calls it makes (libxenctrl to the modelled Xen, xen_pt_log to
 * the events sink, the physical MSI-X table's mask bits from the modelled
 * Xen), a guest_to_device table backed by it, the world's view of its
 * state, and snapshots of its bytes.
 *
 * One trapped access of the guest is one call into the object; QEMU's
 * calls to Xen happen inside it, with no scheduling point (QEMU handles
 * one ioreq at a time while the vCPU waits, as the model has it).  After
 * each access the world's QEMU-side fields (struct dev_entry dm_pirq,
 * msg_*, ENTRY_*; struct dev_state DEV_MSI*) are projected from the real
 * XenPTMSIXEntry / XenPTMSIX / XenPTMSI, for the modelled Xen (which reads
 * the shadow mask bits) and the properties.
 */
#include <dlfcn.h>
#include <errno.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/access.h"
#include "model/boundary.h"
#include "model/wiring.h"
#include "real/real_dm_abi.h"
#include "real/runtime_internal.h"

#define DIFF_CALLS_MAX 48

/* One call QEMU made to Xen, for the differential. */
struct xen_call {
	uint8_t domctl;             /* 0: physdev_op, 1: domctl */
	int cmd, pirq, entry, devfn, out, rc;
	uint32_t gvec, gflags;
};

struct real_dm {
	void *dl;
	const struct real_dm_api *api;
	struct real_segment seg[REAL_SEGMENTS_MAX];
	unsigned segments;
	struct real_dm_host host;
	struct real_dm_shared shared;
	uint8_t *arena;
	const struct config *cfg;
	/* The model's tables with guest_to_device replaced (config.boundary). */
	struct boundary boundary;
	const struct qemu_to_xen *xen;     /* the model's qemu_to_xen */
	const struct device_to_xen *phys;  /* the model's device_to_xen */
	/* The is-local hints' dry runs: the device model's bytes and a world. */
	uint8_t *scratch;
	struct world *scratch_world;
	unsigned shared_reads;              /* host calls that reach Xen or read its state */
	bool dry;                           /* a dry run: no differential */
	/* --differential: the model's rule (model/qemu.c) runs each write on a
	 * copy of the world before the real code runs it; both runs' calls to
	 * Xen and the worlds after are compared. */
	bool differential;
	struct config model_cfg;
	struct boundary model_boundary;
	struct qemu_to_xen model_to_xen;
	struct world *diff_world;
	int recording;                      /* -1 none, 0 the real code's calls, 1 the model's */
	struct xen_call calls[2][DIFF_CALLS_MAX];
	unsigned ncalls[2];
	char diff_text[1024];
	/* During an access: */
	struct ctx *c;
	jmp_buf bug_jump;
	char bug_text[320];
	char name[64];
};

/* The table's functions carry no data pointer: the bound device model. */
static struct real_dm *bound;

/* ---- host calls (struct real_dm_host) ---------------------------------------------- */

static void record_call(struct real_dm *dm, bool domctl, int cmd, const void *arg, int requested, int rc)
{
	if (dm->recording < 0 || dm->ncalls[dm->recording] >= DIFF_CALLS_MAX)
		return;
	struct xen_call *x = &dm->calls[dm->recording][dm->ncalls[dm->recording]++];
	*x = (struct xen_call){.domctl = domctl, .cmd = cmd, .rc = rc};
	if (domctl) {
		const struct xen_domctl *d = arg;
		x->cmd = (int)d->cmd;
		x->pirq = (int)d->u.bind_pt_irq.machine_irq;
		x->gvec = d->u.bind_pt_irq.u.msi.gvec;
		x->gflags = d->u.bind_pt_irq.u.msi.gflags;
	} else if (cmd == PHYSDEVOP_map_pirq) {
		const struct physdev_map_pirq *m = arg;
		x->pirq = requested;
		x->entry = m->entry_nr;
		x->devfn = m->devfn;
		x->out = m->pirq;
	} else if (cmd == PHYSDEVOP_unmap_pirq) {
		x->pirq = ((const struct physdev_unmap_pirq *)arg)->pirq;
	}
}

static int host_physdev_op(void *data, int cmd, void *arg)
{
	struct real_dm *dm = data;
	struct ctx *c = dm->c;
	if (!c)
		return -EINVAL; /* nothing reaches Xen before the guest runs */
	dm->shared_reads++;
	int requested = cmd == PHYSDEVOP_map_pirq ? ((const struct physdev_map_pirq *)arg)->pirq : 0;
	int rc = dm->xen->physdev_op(c, cmd, arg);
	record_call(dm, false, cmd, arg, requested, rc);
	if (cmd == PHYSDEVOP_map_pirq) {
		/* As model/qemu.c shows it: the pirq asked for, and the one got. */
		const struct physdev_map_pirq *map = arg;
		bool msix = map->table_base != 0;
		OP(c, PIRQSIM_XEN, "PHYSDEVOP_map_pirq", rc, "MSI%s index=%d pirq=%d devfn=%02x.%d entry=%d -> pirq=%d",
		   msix ? "-X" : "", map->index, requested, map->devfn >> 3, map->devfn & 7, map->entry_nr,
		   rc == 0 ? map->pirq : requested);
	} else if (cmd == PHYSDEVOP_unmap_pirq) {
		const struct physdev_unmap_pirq *unmap = arg;
		OP(c, PIRQSIM_XEN, "PHYSDEVOP_unmap_pirq", rc, "domid=%d pirq=%d", unmap->domid, unmap->pirq);
	} else {
		OP(c, PIRQSIM_XEN, "physdev_op", rc, "cmd=%d", cmd);
	}
	return rc;
}

static int host_domctl(void *data, struct xen_domctl *domctl)
{
	struct real_dm *dm = data;
	struct ctx *c = dm->c;
	if (!c)
		return -EINVAL;
	dm->shared_reads++;
	int rc = dm->xen->domctl(c, domctl);
	record_call(dm, true, 0, domctl, 0, rc);
	const struct xen_domctl_bind_pt_irq *b = &domctl->u.bind_pt_irq;
	if (domctl->cmd == XEN_DOMCTL_bind_pt_irq)
		OP(c, PIRQSIM_XEN, "XEN_DOMCTL_bind_pt_irq", rc, "pirq=%u gvec=%#x gflags=%#x", b->machine_irq,
		   b->u.msi.gvec, b->u.msi.gflags);
	else if (domctl->cmd == XEN_DOMCTL_unbind_pt_irq)
		OP(c, PIRQSIM_XEN, "XEN_DOMCTL_unbind_pt_irq", rc, "pirq=%u gvec=%#x", b->machine_irq, b->u.msi.gvec);
	else
		OP(c, PIRQSIM_XEN, "domctl", rc, "cmd=%u", domctl->cmd);
	return rc;
}

/* "[00:04.0] msi_msix_setup: Error: Mapping of MSI-X (...)": xen_pt_log's
 * prefix names the function (pirqsim_devfn: slot 4 + device), then
 * XEN_PT_ERR's / XEN_PT_WARN's / XEN_PT_LOG's "%s: ", "Error: ",
 * "Warning: ".  The sink prints it back the same way (model/ctx.c). */
static void host_log(void *data, const char *line)
{
	struct real_dm *dm = data;
	struct ctx *c = dm->c;
	if (!c || !c->sink)
		return; /* xen_pt_realize's lines: before the run */
	unsigned bus, slot, fn;
	int used = 0;
	int device = -1;
	if (sscanf(line, "[%x:%x.%u] %n", &bus, &slot, &fn, &used) == 3 && used > 0) {
		line += used;
		if (slot >= 4 && slot - 4 < dm->cfg->device_count)
			device = (int)slot - 4;
	}
	char func[64] = "";
	const char *colon = strstr(line, ": ");
	if (colon && (size_t)(colon - line) < sizeof(func) && strspn(line, "abcdefghijklmnopqrstuvwxyz_0123456789") ==
	                                                          (size_t)(colon - line)) {
		memcpy(func, line, (size_t)(colon - line));
		func[colon - line] = '\0';
		line = colon + 2;
	}
	enum log_kind kind = LK_XEN_PT_LOG;
	if (strncmp(line, "Error: ", 7) == 0) {
		kind = LK_XEN_PT_ERR;
		line += 7;
	} else if (strncmp(line, "Warning: ", 9) == 0) {
		kind = LK_XEN_PT_WARN;
		line += 9;
	}
	event_log(c, kind, device, func[0] ? func : NULL, "%s", line);
}

static uint32_t host_phys_vector_ctrl(void *data, int device, int entry)
{
	struct real_dm *dm = data;
	struct ctx *c = dm->c;
	if (!c)
		return 1; /* PCI_MSIX_ENTRY_CTRL_MASKBIT: masked at power-on */
	dm->shared_reads++;
	return dm->phys->msix_entry_masked(c, slot_of(dm->cfg, (unsigned)device, (unsigned)entry)) ? 1u : 0u;
}

static void host_bug(void *data, const char *file, int line, const char *what)
{
	struct real_dm *dm = data;
	snprintf(dm->bug_text, sizeof(dm->bug_text), "the real device model stopped: %s at %s:%d", what, file, line);
	longjmp(dm->bug_jump, 1);
}

/* ---- the world's view of the device model ---------------------------------------------- */

static void project_entry(struct dev_entry *e, int pirq, uint32_t lo, uint32_t hi, uint32_t data, uint8_t flags)
{
	struct real_msi_msg raw = {.address_lo = lo, .address_hi = hi, .data = data};
	struct msi_msg_model m;
	real_msg_decode(&raw, &m);
	/* An entry the guest never wrote holds no message (the model's 0). */
	if (lo == 0 && hi == 0 && data == 0)
		m = (struct msi_msg_model){0};
	e->dm_pirq = (int16_t)pirq;
	e->msg_pirq = m.pirq;
	e->msg_gvec = m.gvec;
	e->flags = (uint8_t)((e->flags & ENTRY_HW_RESET) | flags | (m.xen_format ? ENTRY_MSG_XEN : 0));
}

/*
 * From XenPTMSIX / XenPTMSIXEntry: dm_pirq = pirq; the shadow message =
 * the latch (what the guest wrote, what pci_msix_read answers);
 * ENTRY_UPDATED = updated; ENTRY_MASKED = the latched vector control's
 * mask bit; ENTRY_BOUND = !updated with a pirq (updated is cleared only
 * when XEN_DOMCTL_bind_pt_irq succeeded, pirq reset when it failed or on
 * disable).  ENTRY_LATCHED, the model's note of a deferred update, has no
 * field in the real state and stays clear.  From XenPTMSI: dm_pirq, the
 * message, ENTRY_BOUND = initialized; DEV_MSI_ENABLED is flags' ENABLE
 * (xen_pt_msgctrl_reg_write clears it only in xen_pt_msi_disable).
 */
void real_dm_project(struct real_dm *dm, struct ctx *c)
{
	const struct config *cfg = dm->cfg;
	for (unsigned d = 0; d < cfg->device_count; d++) {
		struct real_dm_state st;
		dm->api->state((int)d, &st);
		struct dev_state *ds = &c->w->dev[d];
		uint8_t flags = (uint8_t)(ds->flags & (DEV_INTX_ENABLED | DEV_INTX_ACTION));
		if (st.msix_enabled)
			flags |= DEV_MSIX_ENABLED;
		if (st.msix_maskall)
			flags |= DEV_MSIX_MASKALL;
		if (st.has_msi && (st.msi_flags & 1u))
			flags |= DEV_MSI_ENABLED;
		if (st.msi_initialized)
			flags |= DEV_MSI_INITIALIZED;
		if (st.msi_mapped)
			flags |= DEV_MSI_MAPPED;
		ds->flags = flags;
		for (int e = 0; e < st.msix_entries && (unsigned)e < msix_entries(cfg, d); e++) {
			const struct real_dm_entry_state *x = &st.entry[e];
			uint8_t f = (uint8_t)((x->updated ? ENTRY_UPDATED : 0) | ((x->latch[3] & 1u) ? ENTRY_MASKED : 0) |
			                      (!x->updated && x->pirq != XEN_PT_UNASSIGNED_PIRQ ? ENTRY_BOUND : 0));
			project_entry(&c->w->entry[slot_of(cfg, d, (unsigned)e)], x->pirq, x->latch[0], x->latch[1], x->latch[2], f);
		}
		if (st.has_msi)
			project_entry(&c->w->entry[slot_of(cfg, d, msi_entry(cfg, d))], st.msi_pirq, st.msi_addr_lo, st.msi_addr_hi,
			              st.msi_data, st.msi_initialized ? ENTRY_BOUND : 0);
	}
}

/* ---- the differential: the model's rule on the same access ------------------------------ */

/* The model's QEMU reaches the model's Xen through these, which note the calls. */
static int model_rec_physdev_op(struct ctx *c, int cmd, void *arg)
{
	int requested = cmd == PHYSDEVOP_map_pirq ? ((const struct physdev_map_pirq *)arg)->pirq : 0;
	int rc = model_boundary.qemu_to_xen->physdev_op(c, cmd, arg);
	record_call(bound, false, cmd, arg, requested, rc);
	return rc;
}

static int model_rec_domctl(struct ctx *c, struct xen_domctl *domctl)
{
	int rc = model_boundary.qemu_to_xen->domctl(c, domctl);
	record_call(bound, true, 0, domctl, 0, rc);
	return rc;
}

static void call_text(const struct xen_call *x, char *buf, size_t size)
{
	if (x->domctl && x->cmd == XEN_DOMCTL_bind_pt_irq)
		snprintf(buf, size, "XEN_DOMCTL_bind_pt_irq(pirq=%d gvec=%#x gflags=%#x) = %d", x->pirq, x->gvec, x->gflags, x->rc);
	else if (x->domctl && x->cmd == XEN_DOMCTL_unbind_pt_irq)
		snprintf(buf, size, "XEN_DOMCTL_unbind_pt_irq(pirq=%d gvec=%#x gflags=%#x) = %d", x->pirq, x->gvec, x->gflags,
		         x->rc);
	else if (x->domctl)
		snprintf(buf, size, "domctl %d = %d", x->cmd, x->rc);
	else if (x->cmd == PHYSDEVOP_map_pirq)
		snprintf(buf, size, "PHYSDEVOP_map_pirq(pirq=%d devfn=%02x.%d entry=%d -> pirq=%d) = %d", x->pirq, x->devfn >> 3,
		         x->devfn & 7, x->entry, x->out, x->rc);
	else if (x->cmd == PHYSDEVOP_unmap_pirq)
		snprintf(buf, size, "PHYSDEVOP_unmap_pirq(pirq=%d) = %d", x->pirq, x->rc);
	else
		snprintf(buf, size, "physdev_op %d = %d", x->cmd, x->rc);
}

/*
 * Equal calls: command, pirqs, entry, devfn, gvec, result.  gflags are
 * compared without two differences the model has on purpose, both
 * outside what its Xen reads (model/xen.c keeps gvec only, not gflags):
 * the XEN_DOMCTL_VMSI_X86_UNMASKED bit (1 << 16) QEMU 7.2's msi_msix_update adds to
 * xc_domain_update_msi_irq's gflags when the entry is unmasked (for MSI
 * without per-vector masking: always), and the gflags of
 * xc_domain_unbind_msi_irq, which the model leaves 0 (Xen's
 * pt_irq_destroy_bind does not read them).
 */
#define DIFF_GFLAGS_UNMASKED (1u << 16)
static bool call_equal(const struct xen_call *a, const struct xen_call *b)
{
	bool flags = a->domctl && a->cmd == XEN_DOMCTL_bind_pt_irq
	                 ? (a->gflags & ~DIFF_GFLAGS_UNMASKED) == (b->gflags & ~DIFF_GFLAGS_UNMASKED)
	                 : !a->domctl || a->cmd == XEN_DOMCTL_unbind_pt_irq || a->gflags == b->gflags;
	return a->domctl == b->domctl && a->cmd == b->cmd && a->pirq == b->pirq && a->entry == b->entry &&
	       a->devfn == b->devfn && a->out == b->out && a->rc == b->rc && a->gvec == b->gvec && flags;
}

static void calls_text(const struct xen_call *x, unsigned n, char *buf, size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (unsigned i = 0; i < n && used < size; i++) {
		char one[160];
		call_text(&x[i], one, sizeof(one));
		used += (size_t)snprintf(buf + used, size - used, "%s%s", i ? ", " : "", one);
	}
	if (n == 0)
		snprintf(buf, size, "no call to Xen");
}

/* Before a write: the model's rule for it on a copy of the world. */
static void diff_model_begin(struct real_dm *dm, const struct ctx *c, struct ctx *mc)
{
	*dm->diff_world = *c->w;
	*mc = (struct ctx){.w = dm->diff_world, .cfg = &dm->model_cfg, .step = c->step, .actor = c->actor};
	dm->ncalls[0] = dm->ncalls[1] = 0;
	dm->recording = 1;
}

/* The QEMU-side fields both keep in the world (struct dev_entry, struct
 * dev_state): the model's own, the real code's projected.  Not the
 * vector-control shadow (ENTRY_MASKED): XenPTMSIXEntry's latch starts at
 * 0 (unmasked), the model's at the power-on mask, and what it changes
 * reaches Xen only through the calls compared (gflags). */
#define DIFF_ENTRY_FLAGS (ENTRY_UPDATED | ENTRY_MSG_XEN | ENTRY_BOUND)
#define DIFF_DEV_FLAGS (DEV_MSIX_ENABLED | DEV_MSIX_MASKALL | DEV_MSI_INITIALIZED | DEV_MSI_MAPPED)

/* After the real code ran it: the first difference, if any, ends the step. */
static void diff_check(struct real_dm *dm, struct ctx *c, const struct ctx *mc, unsigned device, const char *access)
{
	dm->recording = -1;
	if (c->unsupported)
		return;
	const struct config *cfg = dm->cfg;
	char real[400], model[400];
	int n = snprintf(dm->diff_text, sizeof(dm->diff_text), "model divergence: %s %s of %s: ", cfg->device[device].name,
	                 access, cfg->qemu);
	size_t at = n > 0 ? (size_t)n : 0;
	if (mc->unsupported) {
		snprintf(dm->diff_text + at, sizeof(dm->diff_text) - at, "the real code ran it; the model does not cover it (%s)",
		         mc->unsupported);
		c->unsupported = dm->diff_text;
		return;
	}
	bool same = dm->ncalls[0] == dm->ncalls[1];
	for (unsigned i = 0; same && i < dm->ncalls[0]; i++)
		same = call_equal(&dm->calls[0][i], &dm->calls[1][i]);
	if (!same) {
		calls_text(dm->calls[0], dm->ncalls[0], real, sizeof(real));
		calls_text(dm->calls[1], dm->ncalls[1], model, sizeof(model));
		snprintf(dm->diff_text + at, sizeof(dm->diff_text) - at, "the real code: %s; the model (model/qemu.c): %s", real,
		         model);
		c->unsupported = dm->diff_text;
		return;
	}
	struct world *mw = dm->diff_world;
	for (unsigned s = 0; s < cfg->slot_count; s++) {
		const struct dev_entry *r = &c->w->entry[s], *m = &mw->entry[s];
		if (r->dm_pirq != m->dm_pirq || r->msg_pirq != m->msg_pirq || r->msg_gvec != m->msg_gvec ||
		    (r->flags & DIFF_ENTRY_FLAGS) != (m->flags & DIFF_ENTRY_FLAGS)) {
			snprintf(dm->diff_text + at, sizeof(dm->diff_text) - at,
			         "entry %u afterwards: the real code's pirq %d, message pirq %d vector %#x, flags %#x; the "
			         "model's pirq %d, message pirq %d vector %#x, flags %#x", s % cfg->vectors_per_device, r->dm_pirq,
			         r->msg_pirq, r->msg_gvec, r->flags & DIFF_ENTRY_FLAGS, m->dm_pirq, m->msg_pirq, m->msg_gvec,
			         m->flags & DIFF_ENTRY_FLAGS);
			c->unsupported = dm->diff_text;
			return;
		}
	}
	for (unsigned d = 0; d < cfg->device_count; d++)
		if ((c->w->dev[d].flags & DIFF_DEV_FLAGS) != (mw->dev[d].flags & DIFF_DEV_FLAGS)) {
			snprintf(dm->diff_text + at, sizeof(dm->diff_text) - at,
			         "%s afterwards: the real code's MSI-X enabled/maskall, MSI initialized/mapped flags %#x; the "
			         "model's %#x", cfg->device[d].name, c->w->dev[d].flags & DIFF_DEV_FLAGS,
			         mw->dev[d].flags & DIFF_DEV_FLAGS);
			c->unsupported = dm->diff_text;
			return;
		}
	/* The rest (Xen's state): equal when QEMU's fields are put aside. */
	memcpy(mw->entry, c->w->entry, sizeof(mw->entry));
	memcpy(mw->dev, c->w->dev, sizeof(mw->dev));
	if (memcmp(mw, c->w, sizeof(*mw)) != 0) {
		snprintf(dm->diff_text + at, sizeof(dm->diff_text) - at,
		         "Xen's state differs afterwards although QEMU made the same calls");
		c->unsupported = dm->diff_text;
	}
}

/* A write: the model's rule first (differential), then the real code. */
#define DIFF_WRITE(c_, device_, what_, model_call, real_body)                          \
	do {                                                                              \
		struct real_dm *dd_ = bound;                                                  \
		volatile bool diff_ = dd_->differential && !dd_->dry;                                  \
		struct ctx mc_;                                                               \
		if (diff_) {                                                                  \
			diff_model_begin(dd_, (c_), &mc_);                                        \
			model_boundary.guest_to_device->model_call;                               \
			dd_->recording = 0;                                                       \
		}                                                                             \
		ACCESS((c_), real_body);                                                      \
		if (diff_)                                                                    \
			diff_check(dd_, (c_), &mc_, (device_), (what_));                          \
	} while (0)

/* ---- guest_to_device, backed by the real code ------------------------------------------ */

/* Around one access: the context for the host calls, a way back from a
 * failed assert, and the world's view after it. */
#define ACCESS(c_, body)                                                  \
	do {                                                                  \
		struct real_dm *dm_ = bound;                                      \
		dm_->c = (struct ctx *)(c_);                                      \
		if (setjmp(dm_->bug_jump) == 0) {                                 \
			body;                                                         \
			real_dm_project(dm_, dm_->c);                                 \
		} else {                                                          \
			dm_->c->unsupported = dm_->bug_text;                          \
		}                                                                 \
		dm_->c = NULL;                                                    \
	} while (0)

/* Linux's __pci_write_msi_msg of an MSI-X entry: lower address, upper
 * address, data, three dword writes to the table. */
static void msix_write_msg(struct ctx *c, unsigned device, unsigned entry, const struct msi_msg_model *msg)
{
	struct real_msi_msg m;
	real_msg_encode(c->cfg, msg, &m);
	unsigned base = entry * 16u;
	DIFF_WRITE(c, device, "MSI-X table write", msix_write_msg(&mc_, device, entry, msg), {
		bound->api->msix_table_write((int)device, base + 0, m.address_lo);
		bound->api->msix_table_write((int)device, base + 4, m.address_hi);
		bound->api->msix_table_write((int)device, base + 8, m.data);
	});
}

static void msix_read_msg(const struct ctx *c, unsigned device, unsigned entry, struct msi_msg_model *msg)
{
	struct real_msi_msg m = {0};
	unsigned base = entry * 16u;
	ACCESS(c, {
		m.address_lo = bound->api->msix_table_read((int)device, base + 0);
		m.address_hi = bound->api->msix_table_read((int)device, base + 4);
		m.data = bound->api->msix_table_read((int)device, base + 8);
	});
	real_msg_decode(&m, msg);
}

static void msix_write_vector_ctrl(struct ctx *c, unsigned device, unsigned entry, bool masked)
{
	DIFF_WRITE(c, device, "MSI-X vector control write", msix_write_vector_ctrl(&mc_, device, entry, masked),
	           bound->api->msix_table_write((int)device, entry * 16u + 12u, masked ? 1u : 0u));
}

/* pci_msix_clear_and_set_ctrl: the Message Control word with ENABLE and
 * MASKALL as asked (the table size bits are read-only). */
static void msix_write_control(struct ctx *c, unsigned device, bool enable, bool maskall)
{
	uint16_t value = (uint16_t)((enable ? 0x8000u : 0) | (maskall ? 0x4000u : 0) | ((msix_entries(c->cfg, device) - 1u) & 0x7ffu));
	DIFF_WRITE(c, device, "MSI-X control write", msix_write_control(&mc_, device, enable, maskall),
	           bound->api->msix_control_write((int)device, value));
}

/* __pci_write_msi_msg of a 64-bit MSI capability: address low, address
 * high, data (PCI_MSI_DATA_64). */
static void msi_write_msg(struct ctx *c, unsigned device, const struct msi_msg_model *msg)
{
	struct real_msi_msg m;
	real_msg_encode(c->cfg, msg, &m);
	DIFF_WRITE(c, device, "MSI message write", msi_write_msg(&mc_, device, msg), {
		bound->api->msi_addr_lo_write((int)device, m.address_lo);
		bound->api->msi_addr_hi_write((int)device, m.address_hi);
		bound->api->msi_data_write((int)device, (uint16_t)m.data);
	});
}

static void msi_read_msg(const struct ctx *c, unsigned device, struct msi_msg_model *msg)
{
	struct real_dm_state st;
	bound->api->state((int)device, &st);
	struct real_msi_msg m = {.address_lo = st.msi_addr_lo, .address_hi = st.msi_addr_hi, .data = st.msi_data};
	(void)c;
	real_msg_decode(&m, msg);
}

/* pci_msi_set_enable: the control word of a 64-bit, single-message MSI. */
static void msi_write_control(struct ctx *c, unsigned device, bool enable)
{
	DIFF_WRITE(c, device, "MSI control write", msi_write_control(&mc_, device, enable),
	           bound->api->msi_control_write((int)device, (uint16_t)(0x0080u | (enable ? 1u : 0u))));
}

/*
 * The is-local hints (boundary.h: "would this write reach Xen in the
 * current state?"), answered by the real code itself: the access runs on
 * a copy of the world with no sink, and the device model's bytes are put
 * back after.  Local when it made no libxenctrl call and read nothing of
 * Xen's (the physical table's mask bits): then it touched only this
 * device's QEMU state, which no other actor reaches.
 */
enum dry_access { DRY_MSIX_CONTROL, DRY_MSI_CONTROL };

static bool dry_run_local(const struct ctx *c, enum dry_access kind, unsigned device, bool a, bool b)
{
	struct real_dm *dm = bound;
	real_dm_snapshot_save(dm, dm->scratch);
	*dm->scratch_world = *c->w;
	struct ctx t = {.w = dm->scratch_world, .cfg = c->cfg, .step = c->step, .actor = c->actor};
	dm->shared_reads = 0;
	dm->dry = true;
	switch (kind) {
	case DRY_MSIX_CONTROL: msix_write_control(&t, device, a, b); break;
	case DRY_MSI_CONTROL: msi_write_control(&t, device, a); break;
	}
	dm->dry = false;
	bool local = dm->shared_reads == 0 && !t.unsupported;
	real_dm_snapshot_restore(dm, dm->scratch);
	return local;
}

static bool msix_control_write_is_local(const struct ctx *c, unsigned device, bool enable, bool maskall)
{
	return dry_run_local(c, DRY_MSIX_CONTROL, device, enable, maskall);
}
static bool msi_control_write_is_local(const struct ctx *c, unsigned device, bool enable)
{
	return dry_run_local(c, DRY_MSI_CONTROL, device, enable, false);
}
/* Whether an MSI message write reaches Xen depends on the message, which
 * the hint is not given: it says no (always correct). */
static bool msi_msg_write_is_local(const struct ctx *c, unsigned device)
{
	(void)c, (void)device;
	return false;
}

static const struct guest_to_device real_guest_to_device = {
	.msix_write_msg = msix_write_msg,
	.msix_read_msg = msix_read_msg,
	.msix_write_vector_ctrl = msix_write_vector_ctrl,
	.msix_write_control = msix_write_control,
	.msi_write_msg = msi_write_msg,
	.msi_read_msg = msi_read_msg,
	.msi_write_control = msi_write_control,
	.msix_control_write_is_local = msix_control_write_is_local,
	.msi_control_write_is_local = msi_control_write_is_local,
	.msi_msg_write_is_local = msi_msg_write_is_local,
};

/* ---- loading and binding ----------------------------------------------------------------- */

struct real_dm *real_dm_load(const char *path, char *err, size_t err_size)
{
	struct real_dm *dm = calloc(1, sizeof(*dm));
	if (!dm) {
		snprintf(err, err_size, "out of memory");
		return NULL;
	}
	const void *api;
	dm->dl = real_object_open(path, PIRQSIM_REAL_DM_SYMBOL, &api, dm->seg, &dm->segments, err, err_size);
	if (!dm->dl) {
		free(dm);
		return NULL;
	}
	dm->api = api;
	if (dm->api->abi_version != PIRQSIM_REAL_DM_ABI_VERSION) {
		snprintf(err, err_size, "%s: not a pirqsim real-QEMU object of ABI %u (rebuild it)", path,
		         PIRQSIM_REAL_DM_ABI_VERSION);
		real_dm_free(dm);
		return NULL;
	}
	dm->arena = calloc(1, PIRQSIM_REAL_DM_ARENA_SIZE);
	if (!dm->arena) {
		snprintf(err, err_size, "out of memory");
		real_dm_free(dm);
		return NULL;
	}
	dm->shared.arena = dm->arena;
	dm->host = (struct real_dm_host){
		.data = dm,
		.physdev_op = host_physdev_op,
		.domctl = host_domctl,
		.log = host_log,
		.phys_vector_ctrl = host_phys_vector_ctrl,
		.bug = host_bug,
	};
	return dm;
}

void real_dm_free(struct real_dm *dm)
{
	if (!dm)
		return;
	if (bound == dm)
		bound = NULL;
	if (dm->dl)
		dlclose(dm->dl);
	free(dm->arena);
	free(dm->scratch);
	free(dm->scratch_world);
	free(dm->diff_world);
	free(dm);
}

const char *real_dm_release(const struct real_dm *dm) { return dm->api->release; }

int real_dm_bind(struct real_dm *dm, struct config *cfg, char *err, size_t err_size)
{
	if (cfg->knobs.dm_kind != DM_KIND_QEMU_XEN) {
		snprintf(err, err_size, "the configuration's device model is qemu-xen-traditional (hw/pt-msi.c), not "
		                        "upstream QEMU's xen_pt: the real QEMU code does not run it");
		return -1;
	}
	if (cfg->device_count > PIRQSIM_REAL_DM_DEVICES_MAX || cfg->fault_actor_count > 0 || config_has_emulated(cfg)) {
		snprintf(err, err_size, "the real QEMU code runs passed-through devices only, at most %d, and no faults",
		         PIRQSIM_REAL_DM_DEVICES_MAX);
		return -1;
	}
	/* The QEMU release of the configuration is the tree's: "7.2" or
	 * "7.2.22" for 7.2.22, so that the labels and the trails say what ran. */
	const char *release = dm->api->release;
	size_t n = strlen(cfg->qemu);
	if (strncmp(release, cfg->qemu, n) != 0 || (release[n] != '\0' && release[n] != '.')) {
		snprintf(err, err_size, "the configuration's QEMU is %s but the tree is QEMU %s: give --qemu %s", cfg->qemu,
		         release, release);
		return -1;
	}
	struct real_dm_device spec[PIRQSIM_REAL_DM_DEVICES_MAX];
	for (unsigned d = 0; d < cfg->device_count; d++) {
		if (msix_entries(cfg, d) > PIRQSIM_REAL_DM_ENTRIES_MAX) {
			snprintf(err, err_size, "device %s has %u MSI-X vectors; the QEMU shim has room for %d",
			         cfg->device[d].name, msix_entries(cfg, d), PIRQSIM_REAL_DM_ENTRIES_MAX);
			return -1;
		}
		/* model/qemu.c: the MSI-X table's BAR of device d. */
		spec[d] = (struct real_dm_device){.msix_entries = (int)msix_entries(cfg, d), .has_msi = 1,
		                                  .devfn = pirqsim_devfn(d), .table_bar = 0xfebf0000u + d * 0x10000u};
	}
	if (bound && bound != dm) {
		snprintf(err, err_size, "another real QEMU object is bound already");
		return -1;
	}
	free(dm->scratch);
	free(dm->scratch_world);
	dm->scratch = malloc(real_dm_snapshot_size(dm));
	dm->scratch_world = malloc(sizeof(*dm->scratch_world));
	if (!dm->scratch || !dm->scratch_world) {
		snprintf(err, err_size, "out of memory");
		return -1;
	}
	dm->cfg = cfg;
	dm->boundary = *cfg->boundary;
	dm->xen = cfg->boundary->qemu_to_xen;
	dm->phys = cfg->boundary->device_to_xen;
	dm->boundary.guest_to_device = &real_guest_to_device;
	/* The differential's model: the configuration with the model's tables,
	 * QEMU -> Xen noted. */
	dm->model_to_xen = *model_boundary.qemu_to_xen;
	dm->model_to_xen.physdev_op = model_rec_physdev_op;
	dm->model_to_xen.domctl = model_rec_domctl;
	dm->model_boundary = *cfg->boundary;
	dm->model_boundary.qemu_to_xen = &dm->model_to_xen;
	dm->model_boundary.guest_to_device = model_boundary.guest_to_device;
	dm->model_cfg = *cfg;
	dm->model_cfg.boundary = &dm->model_boundary;
	dm->model_cfg.guest = NULL;
	dm->recording = -1;
	if (!dm->diff_world && !(dm->diff_world = malloc(sizeof(*dm->diff_world)))) {
		snprintf(err, err_size, "out of memory");
		return -1;
	}
	bound = dm;
	dm->shared.arena_used = 0;
	memset(dm->arena, 0, PIRQSIM_REAL_DM_ARENA_SIZE);
	dm->c = NULL;
	int rc;
	if (setjmp(dm->bug_jump) == 0) {
		rc = dm->api->init(&dm->host, &dm->shared, cfg->device_count, spec);
	} else {
		snprintf(err, err_size, "%s", dm->bug_text);
		return -1;
	}
	if (rc != 0) {
		snprintf(err, err_size, "QEMU %s: xen_pt_msix_init / the MSI capability's init failed (%d)",
		         dm->api->release, rc);
		return -1;
	}
	cfg->boundary = &dm->boundary;
	snprintf(cfg->qemu, sizeof(cfg->qemu), "%s", dm->api->release);
	return 0;
}

/* ---- snapshots ----------------------------------------------------------------------------- */

size_t real_dm_snapshot_size(const struct real_dm *dm)
{
	size_t n = sizeof(dm->shared.arena_used);
	for (unsigned i = 0; i < dm->segments; i++)
		n += dm->seg[i].size;
	return n + PIRQSIM_REAL_DM_ARENA_SIZE;
}

size_t real_dm_snapshot_save(const struct real_dm *dm, uint8_t *buf)
{
	uint8_t *at = buf;
	memcpy(at, &dm->shared.arena_used, sizeof(dm->shared.arena_used));
	at += sizeof(dm->shared.arena_used);
	for (unsigned i = 0; i < dm->segments; i++) {
		memcpy(at, dm->seg[i].addr, dm->seg[i].size);
		at += dm->seg[i].size;
	}
	memcpy(at, dm->arena, dm->shared.arena_used);
	at += dm->shared.arena_used;
	return (size_t)(at - buf);
}

size_t real_dm_snapshot_restore(struct real_dm *dm, const uint8_t *buf)
{
	const uint8_t *at = buf;
	memcpy(&dm->shared.arena_used, at, sizeof(dm->shared.arena_used));
	at += sizeof(dm->shared.arena_used);
	for (unsigned i = 0; i < dm->segments; i++) {
		memcpy(dm->seg[i].addr, at, dm->seg[i].size);
		at += dm->seg[i].size;
	}
	memcpy(dm->arena, at, dm->shared.arena_used);
	at += dm->shared.arena_used;
	return (size_t)(at - buf);
}

void real_dm_set_differential(struct real_dm *dm, bool on) { dm->differential = on; }
