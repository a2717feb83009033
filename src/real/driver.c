/*
 * driver.c - a real guest's driver actors: each device's driver program
 * (model/world.h struct program) run inside its coroutine, over the
 * modelled PCI core, calling the tree's functions where the kernel calls
 * its Xen code.  The modelled parts keep the model's order and atomicity
 * (model/drivers.c), so that a difference between a real run and a model
 * run is the real code's:
 *   pci_alloc_irq_vectors -> msix_capability_init / msi_capability_init
 *     control write (ENABLE clear), the descriptors, the arch hook (the
 *     tree's xen_hvm_setup_msi_irqs), then ENABLE|MASKALL, every entry
 *     masked, MASKALL clear in one step; on failure free_msi_irqs (the
 *     tree's teardown) and the fallback of model/drivers.c enable_failed;
 *   pci_free_irq_vectors -> pci_disable_msix: entries masked and ENABLE
 *     clear in one step, then the tree's teardown;
 *   request_irq / free_irq: the action count, and the tree's startup_pirq
 *     / shutdown_pirq for the first / last action (kernel/irq/manage.c);
 *   NVMe admin commands and INTx: model/drivers.c's own.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/access.h"
#include "model/boundary.h"
#include "model/drivers.h"
#include "real/runtime_internal.h"

static unsigned desc_slot(const struct config *cfg, unsigned device, bool msix, unsigned entry)
{
	return msix ? slot_of(cfg, device, entry) : slot_of(cfg, device, msi_entry(cfg, device));
}

/* The control write that starts msix_capability_init / msi_capability_init
 * (ENABLE clear): a scheduling point unless the device model keeps it to
 * itself in this state (boundary.h's *_is_local hints). */
static void enable_ctrl_clear(struct real_guest *g, unsigned a, bool msix)
{
	struct ctx *c = g->c;
	bool local = msix ? to_device(c)->msix_control_write_is_local(c, a, false, false)
	                  : to_device(c)->msi_control_write_is_local(c, a, false);
	if (!local)
		real_before_call(g);
	c = g->c;
	OP(c, PIRQSIM_LINUX, msix ? "msix_capability_init" : "msi_capability_init", PIRQSIM_NO_RESULT, "nvec=%u",
	   actor_ro(c, a)->want);
	if (msix)
		to_device(c)->msix_write_control(c, a, false, false);
	else
		to_device(c)->msi_write_control(c, a, false);
}

static void enable_ctrl_set(struct real_guest *g, unsigned a, bool msix, unsigned nvec)
{
	real_before_call(g);
	struct ctx *c = g->c;
	if (msix) {
		to_device(c)->msix_write_control(c, a, true, true);
		for (unsigned entry = 0; entry < nvec; entry++)
			to_device(c)->msix_write_vector_ctrl(c, a, entry, true);
		OP(c, PIRQSIM_QEMU, "MSI-X control write", PIRQSIM_NO_RESULT, "ENABLE (clear MASKALL), %u entries", nvec);
		to_device(c)->msix_write_control(c, a, true, false);
	} else {
		OP(c, PIRQSIM_QEMU, "MSI control write", PIRQSIM_NO_RESULT, "ENABLE");
		to_device(c)->msi_write_control(c, a, true);
	}
	actor_rw(c, a)->nvec = (uint8_t)nvec;
	dev_rw(c, a)->flags &= (uint8_t)~DEV_INTX_ENABLED;
}

/* free_msi_irqs: the tree's teardown, then the descriptors go. */
static void free_msi_irqs(struct real_guest *g, unsigned a, bool msix, unsigned nvec)
{
	g->api->teardown_msi_irqs((int)a);
	for (unsigned e = 0; e < nvec; e++)
		g->hs.slot_irq[desc_slot(g->cfg, a, msix, e)] = 0;
	g->api->free_descs((int)a);
}

static void run_enable(struct real_guest *g, unsigned a, const struct op *op)
{
	const struct config *cfg = g->cfg;
	struct actor *ac = actor_rw(g->c, a);
	ac->mode = cfg->device[a].vec_type;
	ac->want = ac->mode == MODE_MSIX ? op->arg : 1;
	ac->degraded = 0;
	for (;;) {
		bool msix = actor_ro(g->c, a)->mode == MODE_MSIX;
		unsigned want = actor_ro(g->c, a)->want;
		enable_ctrl_clear(g, a, msix);
		g->api->alloc_descs((int)a, (int)want, msix);
		int rc = g->api->setup_msi_irqs((int)a, (int)want, msix);
		if (g->c->unsupported)
			return;
		unsigned bound = 0;
		for (unsigned e = 0; e < want; e++) {
			int irq = g->api->desc_irq((int)a, (int)e);
			g->hs.slot_irq[desc_slot(cfg, a, msix, e)] = (int16_t)irq;
			bound += irq != 0;
		}
		if (rc == 0) {
			enable_ctrl_set(g, a, msix, want);
			driver_op_done(g->c, a);
			return;
		}
		/* msix_capability_init's out_avail counts the descriptors that
		 * got an irq, then free_msi_irqs. */
		free_msi_irqs(g, a, msix, want);
		if (!driver_fallback(g->c, a, msix, bound, rc))
			return;
	}
}

static void run_disable(struct real_guest *g, unsigned a)
{
	struct ctx *c = g->c;
	const struct actor *ac = actor_ro(c, a);
	if (ac->mode == MODE_INTX) {
		OP(c, PIRQSIM_LINUX, "pci_free_irq_vectors", PIRQSIM_NO_RESULT, "INTx: nothing to disable");
		actor_rw(c, a)->nvec = 0;
		driver_op_done(c, a);
		return;
	}
	bool msix = ac->mode == MODE_MSIX;
	unsigned nvec = ac->nvec;
	real_before_call(g);
	c = g->c;
	OP(c, PIRQSIM_LINUX, msix ? "pci_disable_msix" : "pci_disable_msi", PIRQSIM_NO_RESULT, "nvec=%u", nvec);
	if (msix) {
		for (unsigned e = 0; e < nvec; e++)
			to_device(c)->msix_write_vector_ctrl(c, a, e, true);
		to_device(c)->msix_write_control(c, a, false, false);
	} else {
		to_device(c)->msi_write_control(c, a, false);
	}
	for (unsigned e = 0; e < nvec; e++)
		girq_rw(c, desc_slot(g->cfg, a, msix, e))->flags |= GIRQ_SHUTDOWN;
	free_msi_irqs(g, a, msix, nvec);
	c = g->c;
	actor_rw(c, a)->nvec = 0;
	driver_op_done(c, a);
}

static void run_irq(struct real_guest *g, unsigned a, unsigned vector, bool request)
{
	struct ctx *c = g->c;
	const struct actor *ac = actor_ro(c, a);
	if (ac->mode == MODE_INTX) {
		driver_intx_irq(c, a, request);
		return;
	}
	unsigned slot = desc_slot(g->cfg, a, ac->mode == MODE_MSIX, vector);
	int irq = g->hs.slot_irq[slot];
	struct guest_irq *gi = girq_rw(c, slot);
	OP(c, PIRQSIM_LINUX, request ? "request_irq" : "free_irq", request ? 0 : PIRQSIM_NO_RESULT, "irq=%d (vector %u)%s",
	   irq, vector, request && gi->actions ? ", shared" : "");
	if (request) {
		gi->actions++;
		if (gi->actions == 1 && irq > 0) {
			g->hs.starting_slot[a] = (int16_t)slot;
			g->api->irq_startup(irq);
			g->hs.starting_slot[a] = -1;
		}
	} else {
		if (gi->actions > 0)
			gi->actions--;
		if (gi->actions == 0 && irq > 0)
			g->api->irq_shutdown(irq);
	}
	driver_op_done(g->c, a);
}

static void real_driver_run(struct real_guest *g)
{
	unsigned a = g->current;
	for (;;) {
		struct ctx *c = g->c;
		if (c->unsupported || actor_ro(c, a)->status != ACTOR_RUNNING)
			return;
		const struct op *op = program_op(g->cfg, a, actor_ro(c, a)->pc);
		if (driver_op_skipped(c, a)) {
			driver_op_done(c, a);
			continue;
		}
		switch ((enum op_kind)op->kind) {
		case OP_ENABLE: run_enable(g, a, op); break;
		case OP_DISABLE: run_disable(g, a); break;
		case OP_REQUEST_IRQ: run_irq(g, a, op->arg, true); break;
		case OP_FREE_IRQ: run_irq(g, a, op->arg, false); break;
		case OP_ADMIN_CMD:
			/* The controller raises its completion: device -> Xen. */
			if (actor_ro(c, a)->mode != MODE_INTX)
				real_before_call(g);
			driver_admin(g->c, a, (enum admin_cmd)op->arg);
			break;
		case OP_KIND_COUNT:
			return;
		}
	}
}

/* The guest irq table as the properties read it (model/world.h struct
 * guest_irq), from the tree's irq_info of each slot's irq: live while on
 * xen_irq_list_head, started while its port maps back to it. */
static void real_project(struct real_guest *g, struct ctx *c)
{
	const struct config *cfg = g->cfg;
	for (unsigned s = 0; s < cfg->slot_count; s++) {
		struct guest_irq *gi = &c->w->girq[s];
		int irq = g->hs.slot_irq[s];
		struct real_irq_state st;
		if (irq > 0)
			g->api->irq_state(irq, &st);
		if (irq <= 0 || !st.exists || !st.listed || !st.type_pirq) {
			*gi = (struct guest_irq){0};
			continue;
		}
		bool started = st.evtchn == s + 1 && st.evtchn_irq == irq;
		uint8_t flags = (uint8_t)(GIRQ_LIVE | (gi->flags & GIRQ_SHUTDOWN));
		if (started)
			flags |= GIRQ_STARTED;
		else if (gi->actions > 0)
			flags |= GIRQ_STARTUP_FAILED;
		gi->pirq = (int16_t)st.pirq;
		gi->flags = flags;
	}
}

/* ---- the actors as coroutines ------------------------------------------------ */

/* The guest whose coroutine runs (one at a time; the explorer of real
 * code is single-threaded). */
static struct real_guest *running;

static void co_entry(void)
{
	struct real_guest *g = running;
	real_driver_run(g);
	g->hs.co[g->current].state = CO_DONE;
	swapcontext(&g->hs.co[g->current].uc, &g->main);
	abort(); /* never resumed */
}

int real_guest_step(struct real_guest *g, struct ctx *c, unsigned actor)
{
	if (!g->api) {
		/* The model's driver actors with the real device model (dm.c). */
		c->actor = (int)actor;
		int rc = driver_step(c, actor);
		if (rc == 0 && !c->unsupported)
			real_dm_project(g->dm, c);
		return c->unsupported ? -1 : rc;
	}
	struct real_co *co = &g->hs.co[actor];
	g->c = c;
	g->current = actor;
	g->hs.shared.current_actor = actor;
	c->actor = (int)actor;
	co->did_op = false;
	running = g;
	if (co->state == CO_NEW) {
		/* A fresh stack: no bytes of an earlier run of this actor. */
		real_unpoison(g->stack_mem + (size_t)actor * REAL_STACK_SIZE, REAL_STACK_SIZE);
		memset(g->stack_mem + (size_t)actor * REAL_STACK_SIZE, 0, REAL_STACK_SIZE);
		getcontext(&co->uc);
		co->uc.uc_stack.ss_sp = g->stack_mem + (size_t)actor * REAL_STACK_SIZE;
		co->uc.uc_stack.ss_size = REAL_STACK_SIZE;
		co->uc.uc_link = NULL;
		makecontext(&co->uc, co_entry, 0);
		/* getcontext took this function's callee-saved registers (the
		 * explorer's values), which co_entry's prologue would push onto
		 * the new stack: start from none. */
		static const int callee_saved[] = {REG_RBX, REG_RBP, REG_R12, REG_R13, REG_R14, REG_R15};
		for (size_t i = 0; i < sizeof(callee_saved) / sizeof(callee_saved[0]); i++)
			co->uc.uc_mcontext.gregs[callee_saved[i]] = 0;
	}
	swapcontext(&g->main, &co->uc);
	running = NULL;
	if (g->hs.co[actor].state == CO_SUSPENDED)
		real_canonical_context(&g->hs.co[actor].uc);
	/* Which actor ran last is no state: every step sets it again. */
	g->hs.shared.current_actor = PIRQSIM_REAL_DEVICES_MAX;
	if (g->hs.co[actor].state == CO_BUG) {
		c->unsupported = g->bug_text;
		return -1;
	}
	if (c->unsupported)
		return -1;
	real_project(g, c);
	if (g->dm)
		real_dm_project(g->dm, c);
	return 0;
}

static void reset_wrapper(void *data, struct world *w) { real_guest_reset(data, w); }
static int step_wrapper(void *data, struct ctx *c, unsigned actor) { return real_guest_step(data, c, actor); }
static const char *name_wrapper(void *data)
{
	struct real_guest *g = data;
	/* Real QEMU (dm.c): "_qemu-7.2.22" after the guest's name or "model" (trail names: A-Z a-z 0-9 . _ -). */
	if (g->dm)
		snprintf(g->name, sizeof(g->name), "%s%s_qemu-%s", g->api ? "linux-" : "model",
		         g->api ? g->api->release : "", real_dm_release(g->dm));
	else
		snprintf(g->name, sizeof(g->name), "linux-%s", g->api->release);
	return g->name;
}
const struct guest_runtime real_guest_runtime = {.reset = reset_wrapper, .step = step_wrapper, .name = name_wrapper};
