/*
 * drivers.c - driver programs and the guest kernel's order of operations,
 * executed one atomic step at a time.
 *
 * The order inside pci_enable_msix / pci_disable_msix is Linux 4.x
 * drivers/pci/msi.c (msix_capability_init, msix_program_entries,
 * pci_msix_shutdown, free_msi_irqs; msi_capability_init for MSI) as SPEC
 * §3.3 G-2 and G-6 state it:
 *   enable:  clear ENABLE -> per entry: [read message, xen_irq_from_pirq]
 *            (reuse-if-known only) -> PHYSDEVOP_get_free_pirq + compose +
 *            write -> xen_bind_pirq_msi_to_irq -> set ENABLE|MASKALL ->
 *            mask every entry -> clear MASKALL (the device model maps and
 *            binds here);
 *   disable: mask every entry, clear ENABLE (QEMU >= 2.1 unbinds and
 *            unmaps here) -> per entry xen_destroy_irq (no unmap on HVM).
 * Driver programs are SPEC §6: NVMe as in Linux >= 4.8
 * (drivers/nvme/host/pci.c nvme_reset_work, nvme_pci_enable,
 * nvme_setup_io_queues, nvme_create_queue), a NIC that goes down and up,
 * a driver that enables once.
 */
#include "model/drivers.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>

#include "model/access.h"
#include "model/boundary.h"
#include "model/linux.h"
#include "model/mutants.h"

enum enable_micro { EN_CTRL_CLEAR = 0, EN_ENTRY, EN_ALLOC, EN_BIND, EN_CTRL_SET };
enum disable_micro { DIS_CTRL_CLEAR = 0, DIS_DESTROY };

static const struct op *current_op(const struct ctx *c, unsigned actor)
{
	const struct actor *a = actor_ro(c, actor);
	assert(a->pc < c->cfg->program[actor].length);
	return program_op(c->cfg, actor, a->pc);
}

static void op_done(struct ctx *c, unsigned actor)
{
	struct actor *a = actor_rw(c, actor);
	a->pc++;
	a->micro = 0;
	a->entry = 0;
	a->pirq = 0;
	a->want = 0;
	if (a->pc >= c->cfg->program[actor].length)
		a->status = ACTOR_DONE;
}

static void actor_fail(struct ctx *c, unsigned actor, enum actor_status why)
{
	actor_rw(c, actor)->status = (uint8_t)why;
	OP(c, PIRQSIM_DRIVER, "probe failed", PIRQSIM_NO_RESULT, "%s", c->cfg->device[actor].name);
}

/* The interrupt type of the actor's current operation: an enable that
 * has not started yet starts from the device's capability (MSI-X first). */
static uint8_t mode_now(const struct ctx *c, unsigned actor)
{
	const struct actor *a = actor_ro(c, actor);
	if (a->want == 0 && current_op(c, actor)->kind == OP_ENABLE)
		return c->cfg->device[actor].vec_type;
	return a->mode;
}

static bool uses_msix(const struct ctx *c, unsigned actor) { return mode_now(c, actor) == MODE_MSIX; }
static bool uses_intx(const struct ctx *c, unsigned actor) { return mode_now(c, actor) == MODE_INTX; }

/* The slot (MSI descriptor, guest irq) of vector v in the current mode:
 * an MSI-X table entry, or the device's MSI capability. */
static unsigned vector_slot(const struct ctx *c, unsigned actor, unsigned v)
{
	return uses_msix(c, actor) ? slot_of(c->cfg, actor, v) : slot_of(c->cfg, actor, msi_entry(c->cfg, actor));
}

/* A per-queue operation of a queue the driver did not create (struct op). */
static bool op_skipped(const struct ctx *c, unsigned actor)
{
	const struct op *op = current_op(c, actor);
	return op->queue != 0 && op->queue > actor_ro(c, actor)->nvec;
}

/* hvm_pci_intx_gsi (xen/include/asm-x86/hvm/irq.h): the guest GSI of a
 * device's INTA#, for display. */
static int intx_gsi(unsigned actor)
{
	unsigned dev = (unsigned)pirqsim_devfn(actor) >> 3;
	return (int)((((dev << 2) + (dev >> 3)) & 31) + 16);
}

/* ---- locality: does the actor's next access touch shared state? --------- */

static bool enable_is_local(const struct ctx *c, unsigned actor, const struct actor *a)
{
	bool pirq_mode = c->cfg->pirq_mode;
	switch (a->micro) {
	case EN_CTRL_CLEAR:
		return uses_msix(c, actor) ? to_device(c)->msix_control_write_is_local(c, actor, false, false)
		                           : to_device(c)->msi_control_write_is_local(c, actor, false);
	case EN_ENTRY:
		/* reuse-if-known reads the live irq table here; native MSI
		 * composes its own vector. */
		return !pirq_mode || c->cfg->knobs.g_reuse == G_REUSE_ALWAYS_FRESH;
	case EN_ALLOC:
		return false;
	case EN_BIND:
		return !pirq_mode;
	case EN_CTRL_SET:
		return uses_msix(c, actor) ? false : to_device(c)->msi_control_write_is_local(c, actor, true);
	}
	return false;
}

static bool is_local(const struct ctx *c, unsigned actor)
{
	const struct actor *a = actor_ro(c, actor);
	const struct op *op = current_op(c, actor);
	const struct guest_irq *g = NULL;
	if (op_skipped(c, actor))
		return true;
	if ((op->kind == OP_REQUEST_IRQ || op->kind == OP_FREE_IRQ || op->kind == OP_DISABLE) && uses_intx(c, actor))
		return false;
	if (op->kind == OP_REQUEST_IRQ || op->kind == OP_FREE_IRQ)
		g = girq_ro(c, vector_slot(c, actor, op->arg));
	switch ((enum op_kind)op->kind) {
	case OP_ENABLE:
		return enable_is_local(c, actor, a);
	case OP_DISABLE:
		if (a->micro == DIS_DESTROY)
			return !c->cfg->pirq_mode;
		return uses_msix(c, actor) ? to_device(c)->msix_control_write_is_local(c, actor, false, false)
		                           : to_device(c)->msi_control_write_is_local(c, actor, false);
	case OP_REQUEST_IRQ:
		return g->actions > 0 || !c->cfg->pirq_mode;
	case OP_FREE_IRQ:
		return g->actions != 1 || !(g->flags & GIRQ_STARTED);
	case OP_ADMIN_CMD:
	case OP_KIND_COUNT:
		return false;
	}
	return false;
}

/* ---- enable (pci_alloc_irq_vectors -> msix_capability_init) -------------- */

static void write_msg(struct ctx *c, unsigned actor, unsigned entry, const struct msi_msg_model *m)
{
	if (uses_msix(c, actor))
		to_device(c)->msix_write_msg(c, actor, entry, m);
	else
		to_device(c)->msi_write_msg(c, actor, m);
	OP(c, PIRQSIM_QEMU, uses_msix(c, actor) ? "MSI-X table write" : "MSI config write", PIRQSIM_NO_RESULT,
	   "entry %u: %s pirq=%d vec=%#x", entry, m->xen_format ? "xen-pirq" : "vector", m->pirq, m->gvec);
}

/* G-2, first half: read the cached message back from the device (served
 * by the device model's shadow) and decide reuse (SPEC §3.3 G-2 1-2). */
static void enable_entry(struct ctx *c, unsigned actor, struct actor *a)
{
	unsigned slot = vector_slot(c, actor, a->entry);
	if (!c->cfg->pirq_mode) {
		struct msi_msg_model m;
		native_compose_msg(slot, &m);
		write_msg(c, actor, a->entry, &m);
		native_bind_irq(c, slot);
		a->micro = EN_BIND; /* continue with the entry loop */
		a->pirq = 0;
		return;
	}
	if (c->cfg->knobs.g_reuse == G_REUSE_ALWAYS_FRESH) {
		a->micro = EN_ALLOC;
		return;
	}
	struct msi_msg_model m;
	if (uses_msix(c, actor))
		to_device(c)->msix_read_msg(c, actor, a->entry, &m);
	else
		to_device(c)->msi_read_msg(c, actor, &m);
	bool data_is_xen;
	int pirq = xen_msg_pirq(&m, &data_is_xen);
	int known = data_is_xen ? xen_irq_from_pirq(c, pirq) : -1;
	if (known >= 0)
		OP(c, PIRQSIM_LINUX, "xen_irq_from_pirq", PIRQSIM_NO_RESULT,
		   "pirq=%d cached in entry %u -> live irq %d (%s vector %u)", pirq, a->entry,
		   display_linux_irq((unsigned)known), c->cfg->device[(unsigned)known / c->cfg->vectors_per_device].name,
		   (unsigned)known % c->cfg->vectors_per_device);
	else
		OP(c, PIRQSIM_LINUX, "xen_irq_from_pirq", PIRQSIM_NO_RESULT, "pirq=%d cached in entry %u -> %s", pirq,
		   a->entry, data_is_xen ? "no live irq" : "not a pirq message (data != XEN_PIRQ_MSI_DATA)");
	if (data_is_xen && known >= 0) {
		LOG(c, LK_DEV_DBG, "xen: msi already bound to pirq=%d", pirq);
		a->pirq = (int16_t)pirq;
		a->micro = EN_BIND;
		return;
	}
	a->micro = EN_ALLOC;
}

/*
 * Error path of xen_hvm_setup_msi_irqs and the PCI core's fallback
 * (pci_alloc_irq_vectors_affinity, drivers/pci/msi.c v4.10; msi/msi.c in
 * linux-source-6.1).  free_msi_irqs tears down the irqs bound so far
 * (xen_destroy_irq, which never unmaps in an HVM guest: the pirqs reserved
 * by PHYSDEVOP_get_free_pirq stay reserved, SPEC §3.3 G-6).  Then:
 *   - MSI-X, G-FALLBACK avail-retry (<= 5.16): msix_capability_init's
 *     out_avail returns how many entries got an irq, and
 *     __pci_enable_msix_range retries with that many (>= min_vecs 1);
 *   - MSI-X otherwise: __pci_enable_msix_range fails, MSI is tried with one
 *     vector (xen_hvm_setup_msi_irqs returns 1 for multi-MSI, and
 *     __pci_enable_msi_range retries with 1);
 *   - MSI: with PCI_IRQ_LEGACY and min_vecs 1 (every driver of the model:
 *     PCI_IRQ_ALL_TYPES), pci_intx(dev, 1) and one vector: the device's
 *     INTx, through its GSI (SPEC §6).
 */
static void enable_failed(struct ctx *c, unsigned actor, struct actor *a, int rc)
{
	bool msix = uses_msix(c, actor);
	if (c->cfg->knobs.g_errmsg == G_ERRMSG_FRONTEND)
		LOG(c, LK_DEV_ERR, "Xen PCI frontend has not registered MSI/MSI-X support!");
	else
		LOG(c, LK_DEV_ERR, "Failed to create MSI%s! ret=%d!", msix ? "-X" : "", rc);
	unsigned bound = a->entry;
	for (unsigned entry = 0; entry < bound && !MUTANT(MUTANT_FALLBACK_KEEPS_IRQS); entry++)
		xen_destroy_irq(c, vector_slot(c, actor, entry));
	a->entry = 0;
	a->pirq = 0;
	a->micro = EN_CTRL_CLEAR;
	driver_fallback(c, actor, msix, bound, rc);
}

bool driver_fallback(struct ctx *c, unsigned actor, bool msix, unsigned bound, int rc)
{
	struct actor *a = actor_rw(c, actor);
	a->nvec = 0;
	if (msix && bound > 0 && c->cfg->knobs.g_fallback == G_FALLBACK_AVAIL_RETRY) {
		OP(c, PIRQSIM_LINUX, "__pci_enable_msix_range", (int)bound,
		   "msix_capability_init: %u of %u vectors got an irq: retry with %u", bound, a->want, bound);
		a->want = (uint16_t)bound;
		a->degraded |= DEGRADED_FEWER;
		return true;
	}
	if (msix) {
		OP(c, PIRQSIM_LINUX, "pci_alloc_irq_vectors", rc, "MSI-X failed: try MSI (one vector)");
		a->mode = MODE_MSI;
		a->want = 1;
		a->degraded = DEGRADED_MSI;
		return true;
	}
	OP(c, PIRQSIM_LINUX, "pci_intx", 0, "MSI failed (%d): use legacy irq: INTx on GSI %d", rc, intx_gsi(actor));
	dev_rw(c, actor)->flags |= DEV_INTX_ENABLED;
	a->mode = MODE_INTX;
	a->degraded = DEGRADED_INTX;
	a->nvec = 1;
	op_done(c, actor);
	return false;
}

/* G-2 3: fresh pirq, compose, write ("xen: msi bound to pirq=%d"). */
static void enable_alloc(struct ctx *c, unsigned actor, struct actor *a)
{
	int rc;
	int pirq = xen_allocate_pirq_msi(c, actor, &rc);
	if (pirq < 0) {
		enable_failed(c, actor, a, -ENODEV);
		return;
	}
	struct msi_msg_model m;
	xen_msi_compose_msg(c, pirq, &m);
	write_msg(c, actor, a->entry, &m);
	LOG(c, LK_DEV_DBG, "xen: msi bound to pirq=%d", pirq);
	a->pirq = (int16_t)pirq;
	a->micro = EN_BIND;
}

/* Set ENABLE|MASKALL, mask every entry, clear MASKALL (MSI-X); set ENABLE (MSI). */
static void enable_ctrl_set(struct ctx *c, unsigned actor, struct actor *a, unsigned nvec)
{
	if (uses_msix(c, actor)) {
		to_device(c)->msix_write_control(c, actor, true, true);
		for (unsigned entry = 0; entry < nvec; entry++)
			to_device(c)->msix_write_vector_ctrl(c, actor, entry, true);
		OP(c, PIRQSIM_QEMU, "MSI-X control write", PIRQSIM_NO_RESULT, "ENABLE (clear MASKALL), %u entries", nvec);
		to_device(c)->msix_write_control(c, actor, true, false);
	} else {
		OP(c, PIRQSIM_QEMU, "MSI control write", PIRQSIM_NO_RESULT, "ENABLE");
		to_device(c)->msi_write_control(c, actor, true);
	}
	a->nvec = (uint16_t)nvec;
	/* msix_capability_init / msi_capability_init: pci_intx_for_msi(dev, 0). */
	dev_rw(c, actor)->flags &= (uint8_t)~DEV_INTX_ENABLED;
	op_done(c, actor);
}

static void exec_enable(struct ctx *c, unsigned actor, const struct op *op)
{
	struct actor *a = actor_rw(c, actor);
	if (a->want == 0) {
		/* pci_alloc_irq_vectors(dev, 1, arg, PCI_IRQ_ALL_TYPES): MSI-X
		 * first if the device has it.  MSI: the Xen MSI setup op
		 * refuses multi-vector MSI (returns 1) and the PCI core retries
		 * with one vector. */
		a->mode = c->cfg->device[actor].vec_type;
		a->want = a->mode == MODE_MSIX ? op->arg : 1;
		a->degraded = 0;
	}
	unsigned nvec = a->want;
	switch (a->micro) {
	case EN_CTRL_CLEAR:
		OP(c, PIRQSIM_LINUX, uses_msix(c, actor) ? "msix_capability_init" : "msi_capability_init",
		   PIRQSIM_NO_RESULT, "nvec=%u", nvec);
		if (uses_msix(c, actor))
			to_device(c)->msix_write_control(c, actor, false, false);
		else
			to_device(c)->msi_write_control(c, actor, false);
		a->entry = 0;
		a->micro = EN_ENTRY;
		return;
	case EN_ENTRY:
		enable_entry(c, actor, a);
		return;
	case EN_ALLOC:
		enable_alloc(c, actor, a);
		return;
	case EN_BIND:
		if (c->cfg->pirq_mode) {
			unsigned slot = vector_slot(c, actor, a->entry);
			xen_bind_pirq_msi_to_irq(c, slot, a->pirq);
			LOG(c, LK_DEV_DBG, "xen: msi --> pirq=%d --> irq=%d", a->pirq, display_linux_irq(slot));
		}
		a->entry++;
		a->micro = a->entry < nvec ? EN_ENTRY : EN_CTRL_SET;
		return;
	case EN_CTRL_SET:
		enable_ctrl_set(c, actor, a, nvec);
		return;
	}
}

/* ---- disable (pci_free_irq_vectors -> pci_disable_msix) ------------------ */

static void exec_disable(struct ctx *c, unsigned actor)
{
	struct actor *a = actor_rw(c, actor);
	if (uses_intx(c, actor)) {
		/* pci_free_irq_vectors: neither MSI-X nor MSI is enabled; INTx
		 * stays enabled (pci_intx is not undone). */
		OP(c, PIRQSIM_LINUX, "pci_free_irq_vectors", PIRQSIM_NO_RESULT, "INTx: nothing to disable");
		a->nvec = 0;
		op_done(c, actor);
		return;
	}
	if (a->micro == DIS_CTRL_CLEAR) {
		OP(c, PIRQSIM_LINUX, uses_msix(c, actor) ? "pci_disable_msix" : "pci_disable_msi", PIRQSIM_NO_RESULT,
		   "nvec=%u", a->nvec);
		if (uses_msix(c, actor)) {
			for (unsigned entry = 0; entry < a->nvec; entry++)
				to_device(c)->msix_write_vector_ctrl(c, actor, entry, true);
			to_device(c)->msix_write_control(c, actor, false, false);
		} else {
			to_device(c)->msi_write_control(c, actor, false);
		}
		/* pci_msix_shutdown: from here the irqs are on their way out
		 * (still on the live list until free_msi_irqs). */
		for (unsigned entry = 0; entry < a->nvec; entry++)
			girq_rw(c, vector_slot(c, actor, entry))->flags |= GIRQ_SHUTDOWN;
		a->entry = 0;
		a->micro = DIS_DESTROY;
		if (a->nvec == 0)
			op_done(c, actor);
		return;
	}
	unsigned slot = vector_slot(c, actor, a->entry);
	if (c->cfg->pirq_mode)
		xen_destroy_irq(c, slot);
	else
		*girq_rw(c, slot) = (struct guest_irq){0};
	a->entry++;
	if (a->entry >= a->nvec) {
		a->nvec = 0;
		op_done(c, actor);
	}
}

/* ---- request_irq / free_irq ---------------------------------------------- */

/* request_irq / free_irq of the INTx irq (pci_irq_vector(dev, 0) is
 * dev->irq): the guest's irq of the device's GSI, whose pirq the guest
 * mapped at boot (xen_register_pirq, MAP_PIRQ_TYPE_GSI) and QEMU bound at
 * realize (xc_domain_bind_pt_pci_irq): outside the MSI pirq range. */
static void intx_irq(struct ctx *c, unsigned actor, bool request)
{
	struct dev_state *d = dev_rw(c, actor);
	OP(c, PIRQSIM_LINUX, request ? "request_irq" : "free_irq", request ? 0 : PIRQSIM_NO_RESULT, "GSI %d (INTx)%s",
	   intx_gsi(actor), request && (d->flags & DEV_INTX_ACTION) ? ", shared" : "");
	d->flags = (uint8_t)(request ? d->flags | DEV_INTX_ACTION : d->flags & ~DEV_INTX_ACTION);
	op_done(c, actor);
}

static void exec_request_irq(struct ctx *c, unsigned actor, unsigned vector)
{
	if (uses_intx(c, actor)) {
		intx_irq(c, actor, true);
		return;
	}
	unsigned slot = vector_slot(c, actor, vector);
	struct guest_irq *g = girq_rw(c, slot);
	OP(c, PIRQSIM_LINUX, "request_irq", 0, "irq=%d (vector %u)%s", display_linux_irq(slot), vector,
	   g->actions ? ", shared" : "");
	g->actions++;
	if (g->actions == 1) {
		if (c->cfg->pirq_mode)
			startup_pirq(c, slot);
		else if (uses_msix(c, actor))
			to_device(c)->msix_write_vector_ctrl(c, actor, vector, false);
	}
	op_done(c, actor);
}

static void exec_free_irq(struct ctx *c, unsigned actor, unsigned vector)
{
	if (uses_intx(c, actor)) {
		intx_irq(c, actor, false);
		return;
	}
	unsigned slot = vector_slot(c, actor, vector);
	struct guest_irq *g = girq_rw(c, slot);
	OP(c, PIRQSIM_LINUX, "free_irq", PIRQSIM_NO_RESULT, "irq=%d (vector %u)", display_linux_irq(slot), vector);
	if (g->actions > 0)
		g->actions--;
	if (g->actions == 0) {
		if (c->cfg->pirq_mode)
			shutdown_pirq(c, slot);
		else if (uses_msix(c, actor))
			to_device(c)->msix_write_vector_ctrl(c, actor, vector, true);
	}
	op_done(c, actor);
}

/* ---- NVMe admin command: the controller completes it on vector 0 -------- */

/* The admin command's end, whichever way its interrupt came: done, or
 * nvme_timeout (4.10): dev_warn(dev->ctrl.device, "I/O %d QID %d timeout,
 * disable controller", req->tag, nvmeq->qid) for the admin queue, then
 * nvme_remove_dead_ctrl: "Removing after probe failure status: %d" (tag 0
 * and status -EINTR are this model's: unverified). */
static void admin_completed(struct ctx *c, unsigned actor, bool ok)
{
	if (ok) {
		op_done(c, actor);
		return;
	}
	LOG(c, LK_NVME_WARN, "I/O %d QID %d timeout, disable controller", 0, 0);
	LOG(c, LK_NVME_WARN, "Removing after probe failure status: %d", -EINTR);
	actor_fail(c, actor, ACTOR_FAILED_TIMEOUT);
}

static void exec_admin(struct ctx *c, unsigned actor, enum admin_cmd cmd)
{
	if (uses_intx(c, actor)) {
		/* INTx: the device asserts its line; Xen's hvm_dirq_assist ->
		 * hvm_pci_intx_assert; the guest's GSI irq runs the handler if
		 * one is installed and INTx is enabled. */
		uint8_t f = dev_ro(c, actor)->flags;
		bool ok = (f & DEV_INTX_ENABLED) && (f & DEV_INTX_ACTION);
		OP(c, PIRQSIM_DEVICE, "raise INTx", ok ? 0 : -ETIMEDOUT, "GSI %d (%s completion): %s", intx_gsi(actor),
		   admin_cmd_name(cmd), ok ? "handled" : "no handler");
		admin_completed(c, actor, ok);
		return;
	}
	unsigned slot = vector_slot(c, actor, 0);
	struct route r;
	/* A passed-through device's MSI goes straight to Xen; an emulated
	 * device's through QEMU's msix_notify and XEN_DMOP_inject_msi. */
	if (device_emulated(c->cfg, slot / c->cfg->vectors_per_device))
		to_qemu_from_device(c)->notify(c, slot, &r);
	else
		to_xen_from_device(c)->raise_msi(c, slot, &r);
	bool ok = route_reaches(&r, slot);
	char why[200];
	OP(c, PIRQSIM_DEVICE, "raise MSI", ok ? 0 : -ETIMEDOUT, "vector 0 (%s completion): pirq %d: %s%s%s",
	   admin_cmd_name(cmd), r.pirq, route_text(c, slot, &r, why, sizeof(why)),
	   r.port_slot >= 0 && r.port_slot != (int)slot ? " of " : "",
	   r.port_slot >= 0 && r.port_slot != (int)slot ? c->cfg->device[(unsigned)r.port_slot / c->cfg->vectors_per_device].name : "");
	admin_completed(c, actor, ok);
}

/* One operation's next access (exec_*). */
static void exec_micro(struct ctx *c, unsigned actor)
{
	const struct op *op = current_op(c, actor);
	if (op_skipped(c, actor)) {
		op_done(c, actor);
		return;
	}
	switch ((enum op_kind)op->kind) {
	case OP_ENABLE: exec_enable(c, actor, op); return;
	case OP_DISABLE: exec_disable(c, actor); return;
	case OP_REQUEST_IRQ: exec_request_irq(c, actor, op->arg); return;
	case OP_FREE_IRQ: exec_free_irq(c, actor, op->arg); return;
	case OP_ADMIN_CMD: exec_admin(c, actor, (enum admin_cmd)op->arg); return;
	case OP_KIND_COUNT: break;
	}
	assert(0 && "unknown operation");
}

/* One step of device actor `actor` (see drivers.h). */
int driver_step(struct ctx *c, unsigned actor)
{
	assert(actor < c->cfg->device_count);
	c->actor = (int)actor;
	assert(actor_ro(c, actor)->status == ACTOR_RUNNING);
	bool shared_done = false;
	for (unsigned long guard = 0; guard < 4ul * PIRQSIM_PROGRAM_MAX * PIRQSIM_VECTORS_MAX; guard++) {
		bool local = is_local(c, actor);
		if (!local && shared_done)
			break;
		exec_micro(c, actor);
		if (c->unsupported)
			return -1;
		shared_done = shared_done || !local;
		if (actor_ro(c, actor)->status != ACTOR_RUNNING)
			break;
	}
	return 0;
}

/* ---- the remove path (fault hot-unplug, reload) ------------------------ */

/*
 * The guest's driver remove path (nvme_remove -> nvme_dev_disable, a NIC's
 * close): free_irq of every vector (shutdown_pirq closes the port), then
 * pci_free_irq_vectors -> pci_disable_msix: mask, clear ENABLE (QEMU >= 2.1
 * unmaps here), xen_destroy_irq per vector (SPEC §3.3 G-5, G-6).
 */
void driver_remove(struct ctx *c, unsigned d)
{
	struct actor *a = actor_rw(c, d);
	bool msix = a->mode == MODE_MSIX;
	OP(c, PIRQSIM_DRIVER, "remove", PIRQSIM_NO_RESULT, "%s: free_irq of every vector, pci_free_irq_vectors (nvec=%u)",
	   c->cfg->device[d].name, a->nvec);
	if (a->mode == MODE_INTX) {
		dev_rw(c, d)->flags &= (uint8_t)~DEV_INTX_ACTION;
		a->nvec = 0;
		return;
	}
	unsigned msi = msi_entry(c->cfg, d);
	for (unsigned v = 0; v < a->nvec; v++) {
		unsigned slot = slot_of(c->cfg, d, msix ? v : msi);
		struct guest_irq *g = girq_rw(c, slot);
		if (g->actions == 0)
			continue;
		g->actions = 0;
		if (c->cfg->pirq_mode)
			shutdown_pirq(c, slot);
	}
	if (a->nvec > 0) {
		if (msix) {
			for (unsigned v = 0; v < a->nvec; v++)
				to_device(c)->msix_write_vector_ctrl(c, d, v, true);
			to_device(c)->msix_write_control(c, d, false, false);
		} else {
			to_device(c)->msi_write_control(c, d, false);
		}
		for (unsigned v = 0; v < a->nvec; v++) {
			unsigned slot = slot_of(c->cfg, d, msix ? v : msi);
			if (c->cfg->pirq_mode)
				xen_destroy_irq(c, slot);
			else
				*girq_rw(c, slot) = (struct guest_irq){0};
		}
	}
	a->nvec = 0;
}

/* ---- which steps can free a pirq (renumber.c) ----------------------------- */

/*
 * Can operation `op` make a busy pirq free, from its first step on?  The
 * device model unmaps (PHYSDEVOP_unmap_pirq) when MSI(-X) is disabled
 * (clear ENABLE: enable's first write, disable) and when an update fails
 * (msi_msix_update's error path, reached from control, vector-control and
 * message writes); Xen frees a forcibly unbound pirq at
 * XEN_DOMCTL_unbind_pt_irq, also the device model's.  On the pirq path
 * request_irq / free_irq only bind and close event channels, which never
 * change whether a pirq is free.
 */
bool step_op_may_free(const struct config *cfg, const struct op *op)
{
	switch ((enum op_kind)op->kind) {
	case OP_ENABLE:
	case OP_DISABLE:
		return true;
	case OP_REQUEST_IRQ:
	case OP_FREE_IRQ:
		return !cfg->pirq_mode;
	case OP_ADMIN_CMD:
	case OP_KIND_COUNT:
		break;
	}
	return false;
}

/*
 * Can the rest of `actor`'s current operation free a pirq?  Every pirq the
 * model frees is freed by the device model through physdev_unmap (qemu.c),
 * with the acting device's own entry's dm_pirq: msi_msix_disable (MSI(-X)
 * disable, QEMU >= 2.1) and the error path of msi_msix_update, which unmaps
 * *old_pirq.  That error path frees nothing when the entry was unassigned
 * before the update: msi_msix_setup has just mapped the pirq it binds, and
 * XEN_DOMCTL_bind_pt_irq then fails only on a forcibly unbound pirq, which
 * unmap_domain_pirq refuses (-EINVAL), so it stays busy.  Hence, past the
 * enable's first access (which clears ENABLE and may unmap everything):
 *   - MSI-X message writes never make a hypercall (pci_msix_write only
 *     marks the entry `updated`, refuses or latches);
 *   - the last access clears MASKALL, and xen_pt_msix_update_one can free a
 *     pirq only through an entry of the device assigned already;
 *   - MSI message writes re-bind while `mapped` (error path: unmap), and
 *     the first enable maps from scratch.
 * No other actor changes this device's dm_pirq or `mapped` (only its own
 * device-model accesses do), so reading them now holds for every step left
 * in the operation.  Past a disable's first access only xen_destroy_irq is
 * left, which never unmaps in an HVM guest (G-UNMAP).  Other operations:
 * as step_op_may_free.  renumber_audit checks this on every state of
 * tests/test_reductions.c.
 */
bool step_op_rest_may_free(const struct config *cfg, const struct world *w, unsigned actor)
{
	const struct actor *a = &w->actor[actor];
	const struct op *op = program_op(cfg, actor, a->pc);
	if (!cfg->pirq_mode || (op->kind != OP_ENABLE && op->kind != OP_DISABLE))
		return step_op_may_free(cfg, op);
	if (op->kind == OP_DISABLE)
		return a->micro == DIS_CTRL_CLEAR;
	if (a->micro == EN_CTRL_CLEAR)
		return true;
	/* A failed attempt may go on to MSI (enable_failed): its message
	 * writes re-bind while `mapped`, so MSI's state counts for an MSI-X
	 * device too. */
	if ((w->dev[actor].flags & DEV_MSI_MAPPED) || w->entry[slot_of(cfg, actor, msi_entry(cfg, actor))].dm_pirq >= 0)
		return true;
	for (unsigned entry = 0; entry < msix_entries(cfg, actor); entry++)
		if (w->entry[slot_of(cfg, actor, entry)].dm_pirq != XEN_PT_UNASSIGNED_PIRQ)
			return true;
	return false;
}

/*
 * How many PHYSDEVOP_get_free_pirq calls the rest of `actor`'s current
 * operation may make, in the guest's pirq mode (the pool's budget,
 * search/pool.h): an enable's entries of this attempt not yet allocated
 * (enable_alloc reserves the entry's pirq, EN_BIND then counts the entry
 * done), and one for the MSI attempt that follows a failed MSI-X one
 * (enable_failed; a multi-vector MSI attempt never comes, and INTx
 * allocates nothing).  Other operations make none.
 */
unsigned step_op_allocs_left(const struct config *cfg, const struct world *w, unsigned actor)
{
	const struct actor *a = &w->actor[actor];
	const struct op *op = program_op(cfg, actor, a->pc);
	if (!cfg->pirq_mode || op->kind != OP_ENABLE)
		return 0;
	bool msix = cfg->device[actor].vec_type == VEC_MSIX;
	if (a->want == 0)
		return msix ? op->arg + 1u : 1u;
	unsigned done = a->entry + (a->micro == EN_BIND ? 1u : 0u);
	return (a->want > done ? a->want - done : 0u) + (a->mode == MODE_MSIX ? 1u : 0u);
}

/*
 * Has `actor`'s guest written the MSI message of its current attempt, which
 * QEMU's first enable (msi_first_enable) has yet to read?  enable_alloc
 * (or, native, enable_entry) writes it, EN_BIND and EN_CTRL_SET follow,
 * and EN_CTRL_SET sets ENABLE.  Every MSI enable writes the message first,
 * so outside that window the next access to the device's MSI shadow is a
 * write (search/pool.h).
 */
bool msi_message_pending(const struct config *cfg, const struct world *w, unsigned actor)
{
	const struct actor *a = &w->actor[actor];
	if (!actor_enabled(w, actor) || a->pc >= cfg->program[actor].length)
		return false;
	const struct op *op = program_op(cfg, actor, a->pc);
	return op->kind == OP_ENABLE && a->want > 0 && a->mode == MODE_MSI &&
	       (a->micro == EN_BIND || a->micro == EN_CTRL_SET);
}

/*
 * A driver ends degraded only after an MSI(-X) attempt failed, and
 * xen_hvm_setup_msi_irqs fails only when xen_allocate_pirq_msi does
 * (PHYSDEVOP_get_free_pirq: -ENOSPC, or -ENOSYS where the guest does not
 * use pirqs at all) or a fault says so.  Without faults, a first attempt
 * of an enable makes at most `vectors` get_free_pirq calls, each
 * reserving one pirq; a retry comes only after a failure.  So if the calls
 * of every enable of every program together are at most the MSI pirqs,
 * none can find the pool empty, even if no pirq were ever released.
 */
bool model_may_degrade(const struct config *cfg)
{
	if (!cfg->pirq_mode)
		return false;
	if (cfg->fault_actor_count > 0)
		return true;
	unsigned calls = 0;
	for (unsigned d = 0; d < cfg->device_count; d++) {
		for (unsigned pc = 0; pc < cfg->program[d].length; pc++) {
			const struct op *op = program_op(cfg, d, pc);
			if (op->kind == OP_ENABLE)
				calls += cfg->device[d].vec_type == VEC_MSIX ? op->arg : 1;
		}
	}
	return calls > (unsigned)cfg->nr_msi_pirqs;
}

/* ---- driver programs ------------------------------------------------------ */

const char *op_kind_name(enum op_kind kind)
{
	static const char *const names[OP_KIND_COUNT] = {"enable", "disable", "request_irq", "free_irq", "admin"};
	return kind < OP_KIND_COUNT ? names[kind] : "?";
}

const char *admin_cmd_name(enum admin_cmd cmd)
{
	static const char *const names[ADMIN_COUNT] = {"Identify", "Set Features", "Create I/O CQ", "Create I/O SQ"};
	return cmd < ADMIN_COUNT ? names[cmd] : "?";
}

/* The program being built: the pool of config.op from p->first on. */
struct builder {
	struct config *cfg;
	struct program *p;
};

static bool emit_queue(struct builder *b, enum op_kind kind, unsigned arg, unsigned queue)
{
	/* Keep one index past the program free: its end (struct program). */
	if (b->p->length >= PIRQSIM_PROGRAM_MAX || b->p->first + b->p->length + 1u >= PIRQSIM_OPS_MAX)
		return false;
	b->cfg->op[b->p->first + b->p->length++] =
		(struct op){.kind = (uint8_t)kind, .arg = (uint16_t)arg, .queue = (uint16_t)queue};
	return true;
}

static bool emit(struct builder *p, enum op_kind kind, unsigned arg) { return emit_queue(p, kind, arg, 0); }

/* nvme_reset_work (Linux >= 4.8): pre-enable one vector, admin queue irq on
 * vector 0, Identify, Set Features (queue count), free the admin irq,
 * pci_free_irq_vectors, pci_alloc_irq_vectors(1, nr_io_queues),
 * re-request the admin irq, then per I/O queue q: Create CQ, Create SQ
 * (admin commands) and request_irq on vector q-1 (queue 1 shares vector 0
 * with the admin queue). */
static bool build_nvme(struct builder *p, unsigned queues)
{
	bool ok = emit(p, OP_ENABLE, 1) && emit(p, OP_REQUEST_IRQ, 0) && emit(p, OP_ADMIN_CMD, ADMIN_IDENTIFY) &&
	          emit(p, OP_ADMIN_CMD, ADMIN_SET_FEATURES) && emit(p, OP_FREE_IRQ, 0) && emit(p, OP_DISABLE, 0) &&
	          emit(p, OP_ENABLE, queues) && emit(p, OP_REQUEST_IRQ, 0);
	/* nvme_create_io_queues: queues 1 .. max_qid, max_qid = the vectors
	 * pci_alloc_irq_vectors returned. */
	for (unsigned q = 1; ok && q <= queues; q++)
		ok = emit_queue(p, OP_ADMIN_CMD, ADMIN_CREATE_CQ, q) && emit_queue(p, OP_ADMIN_CMD, ADMIN_CREATE_SQ, q) &&
		     emit_queue(p, OP_REQUEST_IRQ, q - 1, q);
	return ok;
}

/* A NIC: open (enable, request every vector), then `cycles` times ifdown
 * (free every vector, disable) and ifup (enable, request). */
static bool build_nic(struct builder *p, unsigned vectors, unsigned cycles)
{
	/* One queue per vector it got. */
	bool ok = emit(p, OP_ENABLE, vectors);
	for (unsigned v = 0; ok && v < vectors; v++)
		ok = emit_queue(p, OP_REQUEST_IRQ, v, v + 1);
	for (unsigned cycle = 0; ok && cycle < cycles; cycle++) {
		for (unsigned v = 0; ok && v < vectors; v++)
			ok = emit_queue(p, OP_FREE_IRQ, v, v + 1);
		ok = ok && emit(p, OP_DISABLE, 0) && emit(p, OP_ENABLE, vectors);
		for (unsigned v = 0; ok && v < vectors; v++)
			ok = emit_queue(p, OP_REQUEST_IRQ, v, v + 1);
	}
	return ok;
}

int program_build(struct config *cfg, unsigned device, char *err, size_t err_size)
{
	const struct device_spec *d = &cfg->device[device];
	/* Programs are built in device order, back to back (struct program). */
	const struct program *before = device ? &cfg->program[device - 1] : NULL;
	struct builder b = {.cfg = cfg, .p = &cfg->program[device]};
	struct builder *p = &b;
	b.p->first = before ? (uint16_t)(before->first + before->length + 1) : 0;
	b.p->length = 0;
	bool ok = false;
	switch ((enum driver_kind)d->driver) {
	case DRIVER_NVME:
		/* With MSI only, pci_alloc_irq_vectors yields one vector, so
		 * nvme_setup_io_queues settles on one I/O queue. */
		ok = build_nvme(p, d->vec_type == VEC_MSI ? 1 : d->vectors);
		break;
	case DRIVER_NIC: ok = build_nic(p, d->vectors, d->cycles ? d->cycles : 1); break;
	case DRIVER_SINGLE:
		ok = emit(p, OP_ENABLE, d->vectors);
		for (unsigned v = 0; ok && v < d->vectors; v++)
			ok = emit_queue(p, OP_REQUEST_IRQ, v, v + 1);
		break;
	case DRIVER_COUNT: break;
	}
	if (!ok)
		snprintf(err, err_size, "device %s: driver program longer than %d operations, or the programs of all "
		         "devices together longer than %d (one more a device)", d->name, PIRQSIM_PROGRAM_MAX,
		         PIRQSIM_OPS_MAX);
	return ok ? 0 : -1;
}

/* ---- the modelled PCI core's parts a real guest shares (src/real) -------- */

void driver_op_done(struct ctx *c, unsigned actor) { op_done(c, actor); }
bool driver_op_skipped(const struct ctx *c, unsigned actor) { return op_skipped(c, actor); }
void driver_admin(struct ctx *c, unsigned actor, enum admin_cmd cmd) { exec_admin(c, actor, cmd); }
void driver_intx_irq(struct ctx *c, unsigned actor, bool request) { intx_irq(c, actor, request); }
