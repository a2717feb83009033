/*
 * qemu.c - QEMU xen_pt MSI / MSI-X and qemu-xen-traditional (SPEC §4).
 *
 * Sources: qemu/qemu hw/xen/xen_pt_msi.c (msi_msix_setup, msi_msix_update,
 * msi_msix_disable, xen_pt_msi_setup, xen_pt_msi_update, xen_pt_msi_disable,
 * xen_pt_msix_update_one, xen_pt_msix_disable, pci_msix_write,
 * pci_msix_read) and hw/xen/xen_pt_config_init.c (xen_pt_msgctrl_reg_write,
 * xen_pt_msgaddr32_reg_write, xen_pt_msgdata_reg_write,
 * xen_pt_msixctrl_reg_write), v2.0.0, c976437c7dba (v2.1.0), 3782f60d20
 * (v2.4), f0ada3608a (v2.6); qemu-xen-traditional hw/pt-msi.c and
 * hw/pass-through.c (xenserver/qemu-xen-4.2 snapshot) for DM-KIND
 * traditional.  Knobs: DM-UNMAP, DM-REARM, DM-LATCH, DM-LOG, DM-KIND.
 */
#include "model/qemu.h"

#include <stdio.h>
#include <string.h>

#include "model/access.h"
#include "model/mutants.h"
#include "model/boundary.h"

#define XEN_PT_GFLAGSSHIFT_DELIV_MODE 12

static const char *msi_kind(bool is_msix) { return is_msix ? "-X" : ""; }

/* qemu-xen-traditional (hw/pt-msi.c) logs every line with PT_LOG and its
 * own words; upstream with XEN_PT_ERR / XEN_PT_LOG (hw/xen/xen_pt_msi.c). */
static bool trad(const struct ctx *c) { return c->cfg->knobs.dm_kind == DM_KIND_TRADITIONAL; }

/* DM-LOG: "rc: %i" (<= 2.3) prints the libxenctrl call's return value,
 * which is -1 for every failure (do_domctl / do_physdev_op: -1 and errno),
 * "err: %i" (>= 2.4) prints errno. */
static int logged_error(const struct ctx *c, int rc)
{
	return c->cfg->knobs.dm_log == DM_LOG_RC ? -1 : -rc;
}
static const char *error_word(const struct ctx *c)
{
	return c->cfg->knobs.dm_log == DM_LOG_RC ? "rc" : "err";
}

/* A hex value as the release's format prints it: "%#x" until "hw/xen:
 * Don't use '#' flag of printf format" (QEMU 6.0), "0x%x" after (DM-LOG
 * err-0x); they differ for 0 ("0" against "0x0"). */
struct hex { char text[16]; };
static struct hex hx(const struct ctx *c, unsigned value)
{
	struct hex h;
	snprintf(h.text, sizeof(h.text), c->cfg->knobs.dm_log == DM_LOG_ERR_0X ? "0x%x" : "%#x", value);
	return h;
}

/* msi_gflags (hw/xen/xen_pt_msi.c): destination id from the address,
 * delivery mode from the data.  Pirq format: dest id = pirq & 0xff,
 * delivery mode 3 (XEN_PIRQ_MSI_DATA) or 7 (ExtINT, G-MSGFMT). */
static uint32_t msi_gflags(const struct ctx *c, const struct msi_msg_model *m)
{
	if (!m->xen_format)
		return 0;
	uint32_t mode = c->cfg->knobs.g_msgfmt == G_MSGFMT_EXTINT ? 7 : 3;
	return ((uint32_t)m->pirq & 0xffu) | (mode << XEN_PT_GFLAGSSHIFT_DELIV_MODE);
}

static struct dev_entry *entry_of(struct ctx *c, unsigned device, unsigned entry)
{
	return entry_rw(c, slot_of(c->cfg, device, entry));
}

static void shadow_get(const struct dev_entry *e, struct msi_msg_model *m)
{
	m->pirq = e->msg_pirq;
	m->gvec = e->msg_gvec;
	m->xen_format = (e->flags & ENTRY_MSG_XEN) != 0;
}

static void shadow_set(struct dev_entry *e, const struct msi_msg_model *m)
{
	e->msg_pirq = m->pirq;
	e->msg_gvec = m->gvec;
	e->flags = (uint8_t)((e->flags & ~ENTRY_MSG_XEN) | (m->xen_format ? ENTRY_MSG_XEN : 0));
}

/*
 * DM-1 msi_msix_setup.  gvec 0 means "pirq format": the requested pirq is
 * read from the address (0 = misconfigured guest: let Xen choose).  If not
 * mapped yet: PHYSDEVOP_map_pirq (index -1, the requested pirq or -1).  If
 * already mapped: no hypercall, but *pirq has still been overwritten with
 * the requested one (SPEC §4.2 DM-1).
 */
static int msi_msix_setup(struct ctx *c, unsigned device, unsigned entry, const struct msi_msg_model *m,
                          int *pirq, bool is_msix, bool is_not_mapped)
{
	if (m->gvec == 0) {
		*pirq = m->xen_format ? m->pirq : 0;
		if (*pirq == 0) {
			*pirq = XEN_PT_UNASSIGNED_PIRQ;
		} else {
			if (trad(c))
				PT_LOG(c, LK_PT_LOG_TRAD, device, is_msix ? "pt_msix_update_one" : "pt_msi_setup",
				       "%s requested pirq = %d", is_msix ? "pt_msix_update_one" : "pt_msi_setup", *pirq);
			else
				PT_LOG(c, LK_XEN_PT_LOG, device, "msi_msix_setup", "requested pirq %d for MSI%s (vec: %s, entry: %s)",
				       *pirq, msi_kind(is_msix), hx(c, m->gvec).text, hx(c, entry).text);
		}
	}
	if (!is_not_mapped)
		return 0;
	struct physdev_map_pirq map = {
		.domid = PIRQSIM_GUEST_DOMID, .type = MAP_PIRQ_TYPE_MSI, .index = -1, .pirq = *pirq,
		.bus = 0, .devfn = pirqsim_devfn(device), .entry_nr = (int)entry,
		.table_base = is_msix ? 0xfebf0000u + device * 0x10000u : 0,
	};
	int rc = to_xen_from_qemu(c)->physdev_op(c, PHYSDEVOP_map_pirq, &map);
	OP(c, PIRQSIM_XEN, "PHYSDEVOP_map_pirq", rc, "MSI%s index=-1 pirq=%d devfn=%02x.%d entry=%u -> pirq=%d",
	   msi_kind(is_msix), *pirq, map.devfn >> 3, map.devfn & 7, entry, rc == 0 ? map.pirq : *pirq);
	if (rc != 0 && trad(c) && is_msix)
		PT_LOG(c, LK_PT_LOG_TRAD, device, "pt_msix_update_one", "Error: Mapping msix entry %x", entry);
	else if (rc != 0 && trad(c))
		PT_LOG(c, LK_PT_LOG_TRAD, device, "pt_msi_setup", "Error: Mapping of MSI failed.");
	else if (rc != 0)
		PT_LOG(c, LK_XEN_PT_ERR, device, "msi_msix_setup", "Mapping of MSI%s (%s: %i, vec: %s, entry %s)",
		       msi_kind(is_msix), error_word(c), logged_error(c, rc), hx(c, m->gvec).text, hx(c, entry).text);
	if (rc != 0)
		return rc;
	*pirq = map.pirq;
	return 0;
}

static int physdev_unmap(struct ctx *c, int pirq)
{
	struct physdev_unmap_pirq unmap = {.domid = PIRQSIM_GUEST_DOMID, .pirq = pirq};
	int rc = to_xen_from_qemu(c)->physdev_op(c, PHYSDEVOP_unmap_pirq, &unmap);
	OP(c, PIRQSIM_XEN, "PHYSDEVOP_unmap_pirq", rc, "domid=%d pirq=%d", PIRQSIM_GUEST_DOMID, pirq);
	return rc;
}

/*
 * DM-2 msi_msix_update: XEN_DOMCTL_bind_pt_irq (xc_domain_update_msi_irq).
 * On failure: "Updating of MSI%s failed.", then unmap *old_pirq and forget
 * it (SPEC §4.2 DM-2).
 */
static int msi_msix_update(struct ctx *c, unsigned device, unsigned entry, const struct msi_msg_model *m, int pirq,
                           bool is_msix, int16_t *old_pirq)
{
	uint32_t gflags = msi_gflags(c, m);
	/* qemu-xen-traditional hw/pt-msi.c: pt_msix_update_one and
	 * pt_msi_update log with PT_LOG (printed by default). */
	if (c->cfg->knobs.dm_kind == DM_KIND_TRADITIONAL && is_msix)
		PT_LOG(c, LK_PT_LOG_TRAD, device, "pt_msix_update_one", "Update msix entry %x with pirq %x gvec %x", entry,
		       pirq, m->gvec);
	else if (c->cfg->knobs.dm_kind == DM_KIND_TRADITIONAL)
		PT_LOG(c, LK_PT_LOG_TRAD, device, "pt_msi_update", "Update msi with pirq %x gvec %x gflags %x", pirq,
		       m->gvec, gflags);
	else
		PT_LOG(c, LK_XEN_PT_LOG, device, "msi_msix_update", "Updating MSI%s with pirq %d gvec %s gflags %s (entry: %s)",
		       msi_kind(is_msix), pirq, hx(c, m->gvec).text, hx(c, gflags).text, hx(c, entry).text);
	struct xen_domctl domctl = {.cmd = XEN_DOMCTL_bind_pt_irq, .domain = PIRQSIM_GUEST_DOMID};
	domctl.u.bind_pt_irq.machine_irq = (uint32_t)pirq;
	domctl.u.bind_pt_irq.irq_type = PT_IRQ_TYPE_MSI;
	domctl.u.bind_pt_irq.u.msi.gvec = m->gvec;
	domctl.u.bind_pt_irq.u.msi.gflags = gflags;
	int rc = to_xen_from_qemu(c)->domctl(c, &domctl);
	OP(c, PIRQSIM_XEN, "XEN_DOMCTL_bind_pt_irq", rc, "pirq=%d gvec=%#x gflags=%#x", pirq, m->gvec, gflags);
	if (rc == 0)
		return 0;
	if (trad(c) && is_msix)
		PT_LOG(c, LK_PT_LOG_TRAD, device, "pt_msix_update_one", "Error: Updating msix irq info for entry %d", entry);
	else if (trad(c))
		PT_LOG(c, LK_PT_LOG_TRAD, device, "pt_msi_update", "Error: Binding of MSI failed.");
	else
		PT_LOG(c, LK_XEN_PT_ERR, device, "msi_msix_update", "Updating of MSI%s failed. (%s: %d)", msi_kind(is_msix),
		       error_word(c), logged_error(c, rc));
	int unmap_rc = physdev_unmap(c, *old_pirq);
	/* <= 2.3 (qemu-xen-4.4.0, upstream 2.1-2.3): no return code here. */
	if (unmap_rc != 0 && trad(c))
		PT_LOG(c, LK_PT_LOG_TRAD, device, is_msix ? "pt_msix_update_one" : "pt_msi_update",
		       "Error: Unmapping of MSI%s failed.", msi_kind(is_msix));
	else if (unmap_rc != 0 && c->cfg->knobs.dm_log == DM_LOG_RC)
		PT_LOG(c, LK_XEN_PT_ERR, device, "msi_msix_update", "Unmapping of MSI%s pirq %d failed.", msi_kind(is_msix),
		       *old_pirq);
	else if (unmap_rc != 0)
		PT_LOG(c, LK_XEN_PT_ERR, device, "msi_msix_update", "Unmapping of MSI%s pirq %d failed. (err: %d)",
		       msi_kind(is_msix), *old_pirq, logged_error(c, unmap_rc));
	*old_pirq = XEN_PT_UNASSIGNED_PIRQ;
	return rc;
}

/* DM-3 msi_msix_disable: unbind (if bound), then unmap (SPEC §4.2 DM-3). */
static void msi_msix_disable(struct ctx *c, unsigned device, const struct msi_msg_model *m, int pirq, bool is_msix, bool is_binded)
{
	if (pirq == XEN_PT_UNASSIGNED_PIRQ)
		return;
	const char *trad_func = is_msix ? "pt_msix_disable" : "pt_msi_disable";
	int devfn = pirqsim_devfn(device);
	if (is_binded) {
		if (trad(c))
			PT_LOG(c, LK_PT_LOG_TRAD, device, trad_func, "Unbind msi%s with pirq %x, gvec %x", is_msix ? "x" : "",
			       pirq, m->gvec);
		else
			PT_LOG(c, LK_XEN_PT_LOG, device, "msi_msix_disable", "Unbind MSI%s with pirq %d, gvec %s",
			       msi_kind(is_msix), pirq, hx(c, m->gvec).text);
		struct xen_domctl domctl = {.cmd = XEN_DOMCTL_unbind_pt_irq, .domain = PIRQSIM_GUEST_DOMID};
		domctl.u.bind_pt_irq.machine_irq = (uint32_t)pirq;
		domctl.u.bind_pt_irq.irq_type = PT_IRQ_TYPE_MSI;
		domctl.u.bind_pt_irq.u.msi.gvec = m->gvec;
		int rc = to_xen_from_qemu(c)->domctl(c, &domctl);
		OP(c, PIRQSIM_XEN, "XEN_DOMCTL_unbind_pt_irq", rc, "pirq=%d gvec=%#x", pirq, m->gvec);
		if (rc != 0) {
			/* <= 2.3: "(pirq: %d, gvec: %#x)", no return code. */
			if (trad(c))
				PT_LOG(c, LK_PT_LOG_TRAD, device, trad_func, "Error: Unbinding of MSI%s failed. [00:%02x.%x]",
				       msi_kind(is_msix), devfn >> 3, devfn & 7);
			else if (c->cfg->knobs.dm_log == DM_LOG_RC)
				PT_LOG(c, LK_XEN_PT_ERR, device, "msi_msix_disable", "Unbinding of MSI%s failed. (pirq: %d, gvec: %s)",
				       msi_kind(is_msix), pirq, hx(c, m->gvec).text);
			else
				PT_LOG(c, LK_XEN_PT_ERR, device, "msi_msix_disable",
				       "Unbinding of MSI%s failed. (err: %d, pirq: %d, gvec: %s)", msi_kind(is_msix),
				       logged_error(c, rc), pirq, hx(c, m->gvec).text);
			return;
		}
	}
	if (trad(c))
		PT_LOG(c, LK_PT_LOG_TRAD, device, trad_func, "Unmap msi%s with pirq %x", is_msix ? "x" : "", pirq);
	else
		PT_LOG(c, LK_XEN_PT_LOG, device, "msi_msix_disable", "Unmap MSI%s pirq %d", msi_kind(is_msix), pirq);
	int rc = physdev_unmap(c, pirq);
	if (rc != 0 && trad(c))
		PT_LOG(c, LK_PT_LOG_TRAD, device, trad_func, "Error: Unmapping of MSI%s failed. [00:%02x.%x]",
		       msi_kind(is_msix), devfn >> 3, devfn & 7);
	else if (rc != 0)
		PT_LOG(c, LK_XEN_PT_ERR, device, "msi_msix_disable", "Unmapping of MSI%s pirq %d failed. (%s: %i)",
		       msi_kind(is_msix), pirq, error_word(c), logged_error(c, rc));
}

/*
 * xen_pt_msix_update_one: nothing unless the entry is `updated`; DM-1 with
 * "not mapped" = (pirq == -1), record a newly mapped pirq, DM-2 with the
 * (possibly overwritten) pirq and the entry's pirq as old_pirq; `updated`
 * is cleared only on success (SPEC §4.3 MSI-X 4).
 */
static void msix_update_one(struct ctx *c, unsigned device, unsigned entry)
{
	struct dev_entry *e = entry_of(c, device, entry);
	if (!(e->flags & ENTRY_UPDATED))
		return;
	if (MUTANT(MUTANT_PEEK_NEIGHBOUR) && c->cfg->device_count > 1 &&
	    (entry_peek(c, slot_of(c->cfg, (device + 1) % c->cfg->device_count, entry))->flags & ENTRY_UPDATED))
		return;
	if ((e->flags & ENTRY_LATCHED) && e->dm_pirq != XEN_PT_UNASSIGNED_PIRQ &&
	    !(dev_ro(c, device)->flags & DEV_MSIX_MASKALL) && !(e->flags & ENTRY_MASKED)) {
		c->unsupported = "QEMU >= 2.6 deferred MSI-X update (message changed while unmasked)";
		return;
	}
	e->flags = (uint8_t)(e->flags & ~ENTRY_LATCHED);
	struct msi_msg_model m;
	shadow_get(e, &m);
	int pirq = e->dm_pirq;
	if (msi_msix_setup(c, device, entry, &m, &pirq, true, e->dm_pirq == XEN_PT_UNASSIGNED_PIRQ) != 0)
		return;
	if (e->dm_pirq == XEN_PT_UNASSIGNED_PIRQ)
		e->dm_pirq = (int16_t)pirq;
	if (msi_msix_update(c, device, entry, &m, pirq, true, &e->dm_pirq) == 0)
		e->flags = (uint8_t)((e->flags & ~ENTRY_UPDATED) | ENTRY_BOUND);
	else
		e->flags = (uint8_t)(e->flags & ~ENTRY_BOUND);
}

/* xen_pt_msix_disable (>= 2.1): DM-3 for every entry, then pirq = -1 and
 * updated = false; the shadow address/data are kept (SPEC §4.3 MSI-X 5). */
static void msix_disable(struct ctx *c, unsigned device)
{
	unsigned entries = MUTANT(MUTANT_DISABLE_FIRST_ONLY) ? 1 : msix_entries(c->cfg, device);
	for (unsigned entry = 0; entry < entries; entry++) {
		struct dev_entry *e = entry_of(c, device, entry);
		struct msi_msg_model m;
		shadow_get(e, &m);
		msi_msix_disable(c, device, &m, e->dm_pirq, true, true);
		e->dm_pirq = XEN_PT_UNASSIGNED_PIRQ;
		e->flags = (uint8_t)(e->flags & ~(ENTRY_UPDATED | ENTRY_BOUND));
	}
}

bool dm_msix_control_write_is_local(const struct ctx *c, unsigned device, bool enable, bool maskall)
{
	if (device_emulated(c->cfg, device))
		return true; /* msix_write_config: QEMU's own state only */
	const struct dev_state *d = dev_ro(c, device);
	if (enable && !maskall)
		return false;
	if (!enable && (d->flags & DEV_MSIX_ENABLED))
		return !(c->cfg->knobs.dm_unmap == DM_UNMAP_ON_DISABLE && c->cfg->knobs.dm_kind == DM_KIND_QEMU_XEN);
	return true;
}

/*
 * xen_pt_msixctrl_reg_write: ENABLE=1 and MASKALL=0 -> xen_pt_msix_update
 * (update_one for every entry); ENABLE=0 while enabled -> >= 2.1
 * xen_pt_msix_disable, <= 2.0 and qemu-xen-traditional: nothing (DM-UNMAP).
 * maskall and enabled are recorded after (SPEC §4.3 MSI-X 3, 5).
 */
void dm_msix_write_control(struct ctx *c, unsigned device, bool enable, bool maskall)
{
	struct dev_state *d = dev_rw(c, device);
	if (device_emulated(c->cfg, device)) {
		/* hw/pci/msix.c msix_write_config: records enable and function
		 * mask (msix_update_function_masked); the table stays. */
	} else if (enable && !maskall) {
		for (unsigned entry = 0; MUTANT(MUTANT_SHADOW_READ) && entry < msix_entries(c->cfg, device); entry++) {
			struct dev_entry *e = entry_of(c, device, entry);
			if (e->dm_pirq == XEN_PT_UNASSIGNED_PIRQ && !(e->flags & ENTRY_UPDATED) && e->msg_pirq != 0)
				e->flags = (uint8_t)(e->flags | ENTRY_UPDATED);
		}
		for (unsigned entry = 0; entry < msix_entries(c->cfg, device); entry++)
			msix_update_one(c, device, entry);
	} else if (!enable && (d->flags & DEV_MSIX_ENABLED) && c->cfg->knobs.dm_kind == DM_KIND_QEMU_XEN &&
	           c->cfg->knobs.dm_unmap == DM_UNMAP_ON_DISABLE) {
		msix_disable(c, device);
	}
	d->flags = (uint8_t)(d->flags & ~(DEV_MSIX_ENABLED | DEV_MSIX_MASKALL));
	d->flags = (uint8_t)(d->flags | (enable ? DEV_MSIX_ENABLED : 0) | (maskall ? DEV_MSIX_MASKALL : 0));
}

/*
 * pci_msix_write of an entry's address/data.  An unchanged value is
 * ignored: <= 2.0 and qemu-xen-traditional always, >= 2.1 only while the
 * entry has a pirq (DM-REARM).  Otherwise, while MSI-X is enabled and the
 * hardware entry unmasked: <= 2.5 refuses ("Can't update msix entry %d since
 * MSI-X is already enabled."), >= 2.6 latches (DM-LATCH).  Else `updated`.
 * The guest writes the three dwords back to back; no other actor touches
 * this entry in between, so they are one access here.
 */
void dm_msix_write_msg(struct ctx *c, unsigned device, unsigned entry, const struct msi_msg_model *msg)
{
	struct dev_entry *e = entry_of(c, device, entry);
	if (device_emulated(c->cfg, device)) {
		/* hw/pci/msix.c msix_table_mmio_write: the message goes into
		 * dev->msix_table as written; no hypercall. */
		shadow_set(e, msg);
		return;
	}
	struct msi_msg_model old;
	shadow_get(e, &old);
	bool same = old.pirq == msg->pirq && old.gvec == msg->gvec && old.xen_format == msg->xen_format;
	/* qemu-xen-traditional's pci_msix_writel (hw/pt-msi.c) has the same
	 * test, `io_mem[offset] == val && pirq != -1`: DM-REARM alone decides. */
	bool rearm = c->cfg->knobs.dm_rearm == DM_REARM_IF_UNASSIGNED;
	if (same && (!rearm || e->dm_pirq != XEN_PT_UNASSIGNED_PIRQ))
		return;
	bool enabled = (dev_ro(c, device)->flags & DEV_MSIX_ENABLED) != 0;
	if (enabled && !to_xen_from_device(c)->msix_entry_masked(c, slot_of(c->cfg, device, entry))) {
		if (c->cfg->knobs.dm_kind == DM_KIND_TRADITIONAL) {
			PT_LOG(c, LK_PT_LOG_TRAD, device, "pci_msix_writel",
			       "Can't update entry %d since MSI-X is already enabled (%08x -> %08x)", entry,
			       (unsigned)XEN_PIRQ_MSI_DATA, (unsigned)XEN_PIRQ_MSI_DATA);
			return;
		}
		if (c->cfg->knobs.dm_latch == DM_LATCH_NONE) {
			PT_LOG(c, LK_XEN_PT_ERR, device, "pci_msix_write", "Can't update msix entry %d since MSI-X is already enabled.",
			       entry);
			return;
		}
		e->flags = (uint8_t)(e->flags | ENTRY_LATCHED);
	}
	shadow_set(e, msg);
	e->flags = (uint8_t)(e->flags | ENTRY_UPDATED);
}

void dm_msix_read_msg(const struct ctx *c, unsigned device, unsigned entry, struct msi_msg_model *msg)
{
	shadow_get(entry_ro(c, slot_of(c->cfg, device, entry)), msg);
}

/* pci_msix_write of the vector control: an unmask while MSI-X is enabled
 * runs xen_pt_msix_update_one, which does nothing unless the entry is
 * `updated` (SPEC §4.3 MSI-X 2; >= 2.6 tests `updated` first, same effect). */
void dm_msix_write_vector_ctrl(struct ctx *c, unsigned device, unsigned entry, bool masked)
{
	struct dev_entry *e = entry_of(c, device, entry);
	e->flags = (uint8_t)((e->flags & ~ENTRY_MASKED) | (masked ? ENTRY_MASKED : 0));
	if (device_emulated(c->cfg, device))
		return; /* msix_table_mmio_write: the mask bit in dev->msix_table */
	if (!masked && (dev_ro(c, device)->flags & DEV_MSIX_ENABLED))
		msix_update_one(c, device, entry);
}

/* ---- MSI ----------------------------------------------------------------- */

/* xen_pt_msi_disable (>= 2.1): DM-3 with is_binded = initialized, then
 * clear initialized, mapped and pirq. */
static void msi_disable(struct ctx *c, unsigned device)
{
	struct dev_state *d = dev_rw(c, device);
	struct dev_entry *e = entry_of(c, device, msi_entry(c->cfg, device));
	struct msi_msg_model m;
	shadow_get(e, &m);
	msi_msix_disable(c, device, &m, e->dm_pirq, false, (d->flags & DEV_MSI_INITIALIZED) != 0);
	d->flags = (uint8_t)(d->flags & ~(DEV_MSI_ENABLED | DEV_MSI_INITIALIZED | DEV_MSI_MAPPED));
	e->dm_pirq = XEN_PT_UNASSIGNED_PIRQ;
	e->flags = (uint8_t)(e->flags & ~ENTRY_BOUND);
}

/* xen_pt_msi_setup + xen_pt_msi_update from the shadow message, on the
 * first enable ("Can not map MSI" / "Can not bind MSI" on failure). */
static void msi_first_enable(struct ctx *c, unsigned device, bool *enabled)
{
	struct dev_state *d = dev_rw(c, device);
	struct dev_entry *e = entry_of(c, device, msi_entry(c->cfg, device));
	struct msi_msg_model m;
	shadow_get(e, &m);
	int pirq = e->dm_pirq;
	if (msi_msix_setup(c, device, 0, &m, &pirq, false, true) != 0) {
		PT_LOG(c, LK_XEN_PT_WARN, device, "xen_pt_msgctrl_reg_write", "Can not map MSI (register: %x)!", 0x80u);
		*enabled = false;
		return;
	}
	e->dm_pirq = (int16_t)pirq;
	if (msi_msix_update(c, device, 0, &m, pirq, false, &e->dm_pirq) != 0) {
		PT_LOG(c, LK_XEN_PT_WARN, device, "xen_pt_msgctrl_reg_write", "Can not bind MSI (register: %x)!", 0x80u);
		*enabled = false;
		return;
	}
	e->flags = (uint8_t)(e->flags | ENTRY_BOUND);
	d->flags = (uint8_t)(d->flags | DEV_MSI_INITIALIZED | DEV_MSI_MAPPED);
}

bool dm_msi_control_write_is_local(const struct ctx *c, unsigned device, bool enable)
{
	if (device_emulated(c->cfg, device))
		return true; /* msi_write_config: QEMU's own state only */
	const struct dev_state *d = dev_ro(c, device);
	if (enable)
		return (d->flags & DEV_MSI_INITIALIZED) != 0;
	return !((d->flags & DEV_MSI_MAPPED) && c->cfg->knobs.dm_kind == DM_KIND_QEMU_XEN &&
	         c->cfg->knobs.dm_unmap == DM_UNMAP_ON_DISABLE);
}

/*
 * xen_pt_msgctrl_reg_write: ENABLE and not initialized -> map + bind from
 * the shadow; ENABLE=0 while mapped -> >= 2.1 xen_pt_msi_disable (unbind +
 * unmap); <= 2.0 and qemu-xen-traditional only clear the flag, so the pirq
 * stays mapped for the device's lifetime (SPEC §4.3 MSI 1, 3).
 */
void dm_msi_write_control(struct ctx *c, unsigned device, bool enable)
{
	struct dev_state *d = dev_rw(c, device);
	if (device_emulated(c->cfg, device)) {
		/* hw/pci/msi.c msi_write_config: the enable bit only. */
		d->flags = (uint8_t)((d->flags & ~DEV_MSI_ENABLED) | (enable ? DEV_MSI_ENABLED : 0));
		return;
	}
	if (enable) {
		bool enabled = true;
		if (!(d->flags & DEV_MSI_INITIALIZED))
			msi_first_enable(c, device, &enabled);
		if (enabled)
			d->flags = (uint8_t)(d->flags | DEV_MSI_ENABLED);
		return;
	}
	if ((d->flags & DEV_MSI_MAPPED) && c->cfg->knobs.dm_kind == DM_KIND_QEMU_XEN &&
	    c->cfg->knobs.dm_unmap == DM_UNMAP_ON_DISABLE) {
		msi_disable(c, device);
		return;
	}
	d->flags = (uint8_t)(d->flags & ~DEV_MSI_ENABLED);
}

bool dm_msi_msg_write_is_local(const struct ctx *c, unsigned device)
{
	if (device_emulated(c->cfg, device))
		return true;
	return !(dev_ro(c, device)->flags & DEV_MSI_MAPPED);
}

/* xen_pt_msgaddr32_reg_write / xen_pt_msgdata_reg_write: a changed value
 * while `mapped` re-binds with the *stored* pirq; the new message's pirq is
 * not mapped (SPEC §4.3 MSI 2). */
void dm_msi_write_msg(struct ctx *c, unsigned device, const struct msi_msg_model *msg)
{
	struct dev_entry *e = entry_of(c, device, msi_entry(c->cfg, device));
	struct msi_msg_model old;
	shadow_get(e, &old);
	shadow_set(e, msg);
	if (device_emulated(c->cfg, device))
		return; /* msi_write_config: the message registers only */
	bool changed = old.pirq != msg->pirq || old.gvec != msg->gvec || old.xen_format != msg->xen_format;
	if (!changed || !(dev_ro(c, device)->flags & DEV_MSI_MAPPED))
		return;
	/* The result is ignored: `mapped` stays set even if the bind failed. */
	(void)msi_msix_update(c, device, 0, msg, e->dm_pirq, false, &e->dm_pirq);
}

void dm_msi_read_msg(const struct ctx *c, unsigned device, struct msi_msg_model *msg)
{
	shadow_get(entry_ro(c, slot_of(c->cfg, device, msi_entry(c->cfg, device))), msg);
}

/*
 * Device unregister (hot-unplug, domain destruction): QEMU's
 * xen_pt_unregister_device -> xen_pt_msi_disable / xen_pt_msix_delete ->
 * xen_pt_msix_disable, and qemu-xen-traditional's unregister path
 * (pt_msi_disable, pt_msix_disable): every pirq still mapped is unbound and
 * unmapped, in all versions, whatever DM-UNMAP says (SPEC §4.3 MSI-X 6).
 */
void dm_device_unregister(struct ctx *c, unsigned device)
{
	struct dev_state *d = dev_rw(c, device);
	if (device_emulated(c->cfg, device)) {
		/* An emulated device holds no pirq mapping: msix_uninit /
		 * msi_uninit drop QEMU's state only. */
		d->flags = 0;
		return;
	}
	if (c->cfg->device[device].vec_type == VEC_MSIX)
		msix_disable(c, device);
	/* An MSI-X device may have fallen back to MSI (drivers.c). */
	if (d->flags & DEV_MSI_MAPPED)
		msi_disable(c, device);
	d->flags = 0;
}


/* ---- emulated devices (hw/pci/msix.c, hw/pci/msi.c) --------------------- */

/*
 * The message QEMU sends for vector `slot` of an emulated device, or why
 * nothing is sent.  QEMU's own devices (hw/nvme: nvme_irq_assert) raise
 * msix_notify while MSI-X is enabled, else msi_notify while MSI is.
 * msix_notify (hw/pci/msix.c, v2.x .. v9.x): nothing unless enabled; a
 * masked vector only sets its pending bit, but msix_vector_masked treats
 * a message xen_is_pirq_msi recognises (data's vector 0, xen-hvm.c) as
 * never masked: "masking and unmasking go through the PV evtchn path".
 * msi_notify (hw/pci/msi.c) likewise with msi_is_masked.  The message is
 * the one the guest wrote into QEMU's table (shadow fields), encoded as
 * the guest's xen_msi_compose_msg does (SPEC §2.1).
 */
static bool emulated_message(const struct ctx *c, unsigned slot, struct xen_dm_op_inject_msi *op)
{
	const struct config *cfg = c->cfg;
	unsigned device = slot / cfg->vectors_per_device, entry = slot % cfg->vectors_per_device;
	const struct dev_state *d = dev_ro(c, device);
	const struct dev_entry *e = entry_ro(c, slot);
	bool msix = entry < msix_entries(cfg, device);
	if (msix ? !(d->flags & DEV_MSIX_ENABLED) : (d->flags & DEV_MSIX_ENABLED) || !(d->flags & DEV_MSI_ENABLED))
		return false;
	struct msi_msg_model m;
	shadow_get(e, &m);
	bool pirq_msi = m.gvec == 0; /* xen_is_pirq_msi */
	if (!pirq_msi && msix && ((e->flags & ENTRY_MASKED) || (d->flags & DEV_MSIX_MASKALL)))
		return false;
	uint32_t pirq = m.xen_format ? (uint32_t)m.pirq : 0;
	op->data = m.xen_format ? XEN_PIRQ_MSI_DATA : m.gvec;
	op->pad = 0;
	op->addr = 0xfee00000u | (uint64_t)((pirq & 0xffu) << 12) | ((uint64_t)(pirq & 0xffffff00u) << 32);
	return true;
}

/* msi_send_message -> the APIC MSI window -> xen_apic_mem_write ->
 * xen_hvm_inject_msi (hw/i386/xen/xen-hvm.c; hw/i386/xen/xen_apic.c):
 * XEN_DMOP_inject_msi (xendevicemodel_inject_msi, Xen >= 4.9; before,
 * xc_hvm_inject_msi -> HVMOP_inject_msi).  QEMU ignores the result. */
void dm_emulated_notify(struct ctx *c, unsigned slot, struct route *out)
{
	struct xen_dm_op_inject_msi op;
	if (!emulated_message(c, slot, &op)) {
		*out = (struct route){.stage = ROUTE_EMU_DISABLED, .pirq = -1, .port_slot = -1};
		return;
	}
	int rc = to_xen_from_qemu(c)->inject_msi(c, &op, out);
	OP(c, PIRQSIM_XEN, "XEN_DMOP_inject_msi", rc, "addr=%#llx data=%#x (pirq %d)", (unsigned long long)op.addr,
	   op.data, out->pirq);
}

void dm_emulated_route(const struct ctx *c, unsigned slot, struct route *out)
{
	struct xen_dm_op_inject_msi op;
	if (!emulated_message(c, slot, &op)) {
		*out = (struct route){.stage = ROUTE_EMU_DISABLED, .pirq = -1, .port_slot = -1};
		return;
	}
	to_xen_from_qemu(c)->inject_msi_route(c, &op, out);
}
