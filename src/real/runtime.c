/*
 * runtime.c - the real guest object, its coroutines, the host calls it
 * makes and snapshots of its whole state (real.h).
 */
#include "real/runtime_internal.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/access.h"
#include "model/boundary.h"

#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/asan_interface.h>
/* The coroutine stacks are saved and restored as bytes: ASan's shadow of
 * them describes whatever frames ran last, not the restored ones, so the
 * stacks are unpoisoned and copied without its checks (its stack checks
 * are lost there, nothing else). */
static __attribute__((no_sanitize_address)) void copy_bytes(void *dst, const void *src, size_t n)
{
	volatile uint8_t *d = dst;
	const volatile uint8_t *s = src;
	for (size_t i = 0; i < n; i++)
		d[i] = s[i];
}
static __attribute__((no_sanitize_address)) void zero_bytes(void *dst, size_t n)
{
	volatile uint8_t *d = dst;
	for (size_t i = 0; i < n; i++)
		d[i] = 0;
}
#define unpoison(p, n) __asan_unpoison_memory_region((p), (n))
void real_unpoison(void *p, size_t n) { __asan_unpoison_memory_region(p, n); }
#else
static void copy_bytes(void *dst, const void *src, size_t n)
{
	if (n)
		memcpy(dst, src, n);
}
static void zero_bytes(void *dst, size_t n) { memset(dst, 0, n); }
#define unpoison(p, n) ((void)(p), (void)(n))
void real_unpoison(void *p, size_t n) { (void)p; (void)n; }
#endif


/* ---- host calls (struct real_host) ---------------------------------------- */

/*
 * Canonical states.  A suspended coroutine's bytes must not carry what the
 * code no longer uses, or equal states would look different: the stack
 * below the live frames and the registers a call clobbers anyway.  Before
 * each yield (and after each call into the model, whose frames leave the
 * stack below its caller dirty with values of the world), the stack from
 * its base to just below the caller is zeroed; the saved context keeps
 * only the registers a callee must preserve (System V AMD64: rbx, rbp,
 * r12-r15, rsp, rip) and the FPU/SSE control words.  Sound by the ABI:
 * nothing reads a dead stack slot before writing it, nor a clobbered
 * register after a call.
 */
static __attribute__((noinline)) void scrub_dead_stack(const struct real_guest *g)
{
	uint8_t *base = g->stack_mem + (size_t)g->current * REAL_STACK_SIZE;
	uint8_t *here = (uint8_t *)__builtin_frame_address(0);
	/* The model's calls use far less than this window below their caller. */
	uint8_t *low = here - REAL_SCRUB_WINDOW > base ? here - REAL_SCRUB_WINDOW : base;
	if (here - 1024 > low) {
		unpoison(low, (size_t)(here - 1024 - low));
		zero_bytes(low, (size_t)(here - 1024 - low));
	}
}

void real_canonical_context(ucontext_t *uc)
{
	static const int clobbered[] = {REG_RAX, REG_RCX, REG_RDX, REG_RSI, REG_RDI, REG_R8, REG_R9,
	                                REG_R10, REG_R11, REG_EFL, REG_ERR, REG_TRAPNO, REG_OLDMASK, REG_CR2};
	for (size_t i = 0; i < sizeof(clobbered) / sizeof(clobbered[0]); i++)
		uc->uc_mcontext.gregs[clobbered[i]] = 0;
	uint16_t cwd = uc->__fpregs_mem.cwd;
	uint32_t mxcsr = uc->__fpregs_mem.mxcsr;
	memset(&uc->__fpregs_mem, 0, sizeof(uc->__fpregs_mem));
	uc->__fpregs_mem.cwd = cwd;
	uc->__fpregs_mem.mxcsr = mxcsr & 0xffc0u; /* control bits; the sticky exception flags go */
}

void real_before_call(struct real_guest *g)
{
	struct real_co *co = &g->hs.co[g->current];
	if (co->did_op) {
		co->state = CO_SUSPENDED;
		scrub_dead_stack(g);
		swapcontext(&co->uc, &g->main);
		/* Resumed by the next step of this actor (g->c is that step's). */
	}
	g->hs.co[g->current].did_op = true;
}

/* After a call into the model: its frames are dead. */
static void model_call_done(const struct real_guest *g) { scrub_dead_stack(g); }

static int host_physdev_op(void *data, int cmd, void *arg)
{
	struct real_guest *g = data;
	/* PHYSDEVOP_irq_status_query and PHYSDEVOP_eoi read no state of the
	 * model's Xen (MSI pirqs need no EOI): not a scheduling point. */
	if (cmd != PHYSDEVOP_irq_status_query && cmd != PHYSDEVOP_eoi)
		real_before_call(g);
	struct ctx *c = g->c;
	int rc = to_xen_from_guest(c)->physdev_op(c, cmd, arg);
	model_call_done(g);
	if (cmd == PHYSDEVOP_get_free_pirq) {
		const struct physdev_get_free_pirq *op = arg;
		OP(c, PIRQSIM_XEN, "PHYSDEVOP_get_free_pirq", rc, "type=MSI -> pirq=%d", rc == 0 ? (int)op->pirq : -1);
	} else if (cmd != PHYSDEVOP_irq_status_query) {
		OP(c, PIRQSIM_XEN, "physdev_op", rc, "cmd=%d", cmd);
	}
	return rc;
}

static int host_event_channel_op(void *data, int cmd, void *arg)
{
	struct real_guest *g = data;
	real_before_call(g);
	struct ctx *c = g->c;
	if (cmd == EVTCHNOP_bind_pirq) {
		/* The model's Xen names ports by the binding irq's slot
		 * (model/world.h): the port handle of the irq being started. */
		struct evtchn_bind_pirq *bind = arg;
		int slot = g->hs.starting_slot[g->current];
		if (slot < 0) {
			snprintf(g->bug_text, sizeof(g->bug_text), "EVTCHNOP_bind_pirq outside irq_startup");
			c->unsupported = g->bug_text;
			return -EINVAL;
		}
		bind->port = (evtchn_port_t)(slot + 1);
		int rc = to_xen_from_guest(c)->event_channel_op(c, cmd, arg);
		model_call_done(g);
		OP(c, PIRQSIM_XEN, "EVTCHNOP_bind_pirq", rc, "pirq=%u -> port=%d", bind->pirq,
		   rc == 0 ? display_port((unsigned)slot) : -1);
		return rc;
	}
	int rc = to_xen_from_guest(c)->event_channel_op(c, cmd, arg);
	model_call_done(g);
	if (cmd == EVTCHNOP_close) {
		const struct evtchn_close *close = arg;
		OP(c, PIRQSIM_XEN, "EVTCHNOP_close", rc, "port=%d", close->port ? display_port(close->port - 1) : 0);
	}
	return rc;
}

/* real_msg_decode / real_msg_encode: msg.c (shared with the real device model, dm.c). */

static void host_write_msi_msg(void *data, int device, int entry, int msix, const struct real_msi_msg *msg)
{
	struct real_guest *g = data;
	real_before_call(g);
	struct ctx *c = g->c;
	struct msi_msg_model m;
	real_msg_decode(msg, &m);
	if (msix)
		to_device(c)->msix_write_msg(c, (unsigned)device, (unsigned)entry, &m);
	else
		to_device(c)->msi_write_msg(c, (unsigned)device, &m);
	model_call_done(g);
	OP(c, PIRQSIM_QEMU, msix ? "MSI-X table write" : "MSI config write", PIRQSIM_NO_RESULT,
	   "entry %d: %s pirq=%d vec=%#x", entry, m.xen_format ? "xen-pirq" : "vector", m.pirq, m.gvec);
}

/* A read of the device model's shadow of this device's message: only
 * this device's own writes change it, so it is no scheduling point. */
static void host_read_msi_msg(void *data, int device, int entry, int msix, struct real_msi_msg *msg)
{
	struct real_guest *g = data;
	struct ctx *c = g->c;
	struct msi_msg_model m;
	if (msix)
		to_device(c)->msix_read_msg(c, (unsigned)device, (unsigned)entry, &m);
	else
		to_device(c)->msi_read_msg(c, (unsigned)device, &m);
	model_call_done(g);
	real_msg_encode(c->cfg, &m, msg);
	OP(c, PIRQSIM_QEMU, msix ? "MSI-X table read" : "MSI config read", PIRQSIM_NO_RESULT,
	   "entry %d: %s pirq=%d vec=%#x (data %#x)", entry, m.xen_format ? "xen-pirq" : "vector", m.pirq, m.gvec,
	   msg->data);
}

static void host_log(void *data, enum real_log kind, int device, const char *line)
{
	struct real_guest *g = data;
	struct ctx *c = g->c;
	if (!c || !c->sink)
		return;
	static const char events_prefix[] = "xen:events: ";
	switch (kind) {
	case REAL_LOG_PR_WARN:
	case REAL_LOG_PR_ERR:
	case REAL_LOG_PR_INFO:
		if (strncmp(line, events_prefix, sizeof(events_prefix) - 1) == 0)
			line += sizeof(events_prefix) - 1;
		event_log(c, LK_PR_WARN_EVENTS, device, NULL, "%s", line);
		return;
	case REAL_LOG_DEV_ERR: event_log(c, LK_DEV_ERR, device, NULL, "%s", line); return;
	case REAL_LOG_DEV_DBG: event_log(c, LK_DEV_DBG, device, NULL, "%s", line); return;
	case REAL_LOG_WARN: event_log(c, LK_WARN_ONCE, device, NULL, "%s", line); return;
	case REAL_LOG_COUNT: break;
	}
}

static void host_sync(void *data) { real_before_call(data); }

static void host_bug(void *data, const char *file, int line, const char *what)
{
	struct real_guest *g = data;
	snprintf(g->bug_text, sizeof(g->bug_text), "the real code stopped: %s at %s:%d", what, file, line);
	g->hs.co[g->current].state = CO_BUG;
	swapcontext(&g->hs.co[g->current].uc, &g->main);
	abort(); /* never resumed */
}

static int host_irq_number(void *data, int device, int entry)
{
	struct real_guest *g = data;
	const struct config *cfg = g->cfg;
	unsigned d = (unsigned)device;
	/* The descriptor's slot: its MSI-X entry, or the device's MSI capability. */
	const struct actor *a = &g->c->w->actor[d];
	unsigned slot = a->mode == MODE_MSIX ? slot_of(cfg, d, (unsigned)entry) : slot_of(cfg, d, msi_entry(cfg, d));
	return display_linux_irq(slot);
}

/* ---- loading -------------------------------------------------------------- */

struct real_guest *real_guest_load(const char *path, char *err, size_t err_size)
{
	struct real_guest *g = calloc(1, sizeof(*g));
	if (!g) {
		snprintf(err, err_size, "out of memory");
		return NULL;
	}
	const void *api;
	g->dl = real_object_open(path, PIRQSIM_REAL_LINUX_SYMBOL, &api, g->seg, &g->segments, err, err_size);
	if (!g->dl) {
		free(g);
		return NULL;
	}
	g->api = api;
	if (g->api->abi_version != PIRQSIM_REAL_ABI_VERSION) {
		snprintf(err, err_size, "%s: not a pirqsim real-guest object of ABI %u (rebuild it)", path,
		         PIRQSIM_REAL_ABI_VERSION);
		real_guest_free(g);
		return NULL;
	}
	g->arena_mem = calloc(PIRQSIM_REAL_DEVICES_MAX + 1, PIRQSIM_REAL_ARENA_SIZE);
	g->stack_mem = malloc((size_t)PIRQSIM_REAL_DEVICES_MAX * REAL_STACK_SIZE);
	if (!g->arena_mem || !g->stack_mem) {
		snprintf(err, err_size, "out of memory");
		real_guest_free(g);
		return NULL;
	}
	g->host = (struct real_host){
		.data = g,
		.physdev_op = host_physdev_op,
		.event_channel_op = host_event_channel_op,
		.write_msi_msg = host_write_msi_msg,
		.read_msi_msg = host_read_msi_msg,
		.log = host_log,
		.sync = host_sync,
		.bug = host_bug,
		.irq_number = host_irq_number,
	};
	return g;
}

/* ---- real QEMU (dm.c) ------------------------------------------------------ */

struct real_guest *real_guest_modelled(const struct config *cfg, char *err, size_t err_size)
{
	struct real_guest *g = calloc(1, sizeof(*g));
	if (!g) {
		snprintf(err, err_size, "out of memory");
		return NULL;
	}
	g->cfg = cfg;
	return g;
}

/* The state reset returns to: saved after boot, and again when a device
 * model joins (its bytes are part of every state). */
static int save_boot(struct real_guest *g, char *err, size_t err_size)
{
	free(g->boot);
	g->boot_size = real_snapshot_size(g);
	g->boot = malloc(g->boot_size);
	if (!g->boot) {
		snprintf(err, err_size, "out of memory");
		return -1;
	}
	g->boot_size = real_snapshot_save(g, g->boot);
	return 0;
}

int real_guest_attach_dm(struct real_guest *g, struct real_dm *dm, char *err, size_t err_size)
{
	g->dm = dm;
	/* The boot state now holds the device model's too. */
	return save_boot(g, err, err_size);
}

void real_guest_free(struct real_guest *g)
{
	if (!g)
		return;
	if (g->dl)
		dlclose(g->dl);
	free(g->arena_mem);
	free(g->stack_mem);
	free(g->boot);
	free(g);
}

const char *real_guest_release(const struct real_guest *g) { return g->api->release; }


int real_guest_bind(struct real_guest *g, const struct config *cfg, char *err, size_t err_size)
{
	if (!cfg->pirq_mode) {
		snprintf(err, err_size, "the guest of this configuration does not use pirqs for MSIs (G-PIRQMODE off): "
		                        "the real xen_hvm_setup_msi_irqs never runs");
		return -1;
	}
	if (cfg->device_count > PIRQSIM_REAL_DEVICES_MAX || cfg->vectors_per_device > PIRQSIM_REAL_VECTORS_MAX ||
	    cfg->fault_actor_count > 0 || config_has_emulated(cfg)) {
		snprintf(err, err_size, "real guest code runs passed-through devices only, at most %d, with at most %d "
		         "vectors each, and no faults", PIRQSIM_REAL_DEVICES_MAX, PIRQSIM_REAL_VECTORS_MAX - 1);
		return -1;
	}
	g->cfg = cfg;
	for (unsigned i = 0; i <= PIRQSIM_REAL_DEVICES_MAX; i++)
		g->hs.shared.arena[i] = g->arena_mem + (size_t)i * PIRQSIM_REAL_ARENA_SIZE;
	/* Boot: the object's globals as loaded, then xen_init_IRQ's share. */
	g->api->init(&g->host, &g->hs.shared, cfg->device_count);
	for (unsigned s = 0; s < PIRQSIM_REAL_DEVICES_MAX * PIRQSIM_REAL_VECTORS_MAX; s++)
		g->hs.slot_irq[s] = 0;
	for (unsigned a = 0; a < PIRQSIM_REAL_DEVICES_MAX; a++)
		g->hs.starting_slot[a] = -1;
	return save_boot(g, err, err_size);
}

/* ---- coroutines and steps -------------------------------------------------- */


void real_guest_reset(struct real_guest *g, struct world *w)
{
	(void)w;
	real_snapshot_restore(g, g->boot, g->boot_size);
}


/* ---- snapshots -------------------------------------------------------------- */

/* Layout: the host state (with each coroutine's registers), the object's
 * writable segments, each arena's used bytes, each suspended coroutine's
 * used stack (from its stack pointer, less the red zone, to the top). */
static size_t stack_used(const struct real_guest *g, unsigned a, const struct real_co *co, uint8_t **from)
{
	if (co->state != CO_SUSPENDED) {
		*from = NULL;
		return 0;
	}
	uint8_t *base = g->stack_mem + (size_t)a * REAL_STACK_SIZE;
	uintptr_t sp = (uintptr_t)co->uc.uc_mcontext.gregs[REG_RSP];
	/* The red zone below rsp is dead at a call (real_before_call calls swapcontext). */
	uintptr_t lo = sp > (uintptr_t)base ? sp : (uintptr_t)base;
	*from = (uint8_t *)lo;
	return (size_t)((uintptr_t)base + REAL_STACK_SIZE - lo);
}

size_t real_snapshot_size(const struct real_guest *g)
{
	size_t n = sizeof(g->hs);
	for (unsigned i = 0; i < g->segments; i++)
		n += g->seg[i].size;
	n += (size_t)(PIRQSIM_REAL_DEVICES_MAX + 1) * PIRQSIM_REAL_ARENA_SIZE;
	n += (size_t)PIRQSIM_REAL_DEVICES_MAX * REAL_STACK_SIZE;
	if (g->dm)
		n += real_dm_snapshot_size(g->dm);
	return n;
}

size_t real_snapshot_save(const struct real_guest *g, uint8_t *buf)
{
	uint8_t *at = buf;
	copy_bytes(at, &g->hs, sizeof(g->hs));
	at += sizeof(g->hs);
	for (unsigned i = 0; i < g->segments; i++) {
		copy_bytes(at, g->seg[i].addr, g->seg[i].size);
		at += g->seg[i].size;
	}
	for (unsigned i = 0; i <= PIRQSIM_REAL_DEVICES_MAX; i++) {
		copy_bytes(at, g->hs.shared.arena[i], g->hs.shared.arena_used[i]);
		at += g->hs.shared.arena_used[i];
	}
	for (unsigned a = 0; a < PIRQSIM_REAL_DEVICES_MAX; a++) {
		uint8_t *from;
		size_t n = stack_used(g, a, &g->hs.co[a], &from);
		copy_bytes(at, from, n);
		at += n;
	}
	if (g->dm)
		at += real_dm_snapshot_save(g->dm, at);
	return (size_t)(at - buf);
}

void real_snapshot_restore(struct real_guest *g, const uint8_t *buf, size_t size)
{
	const uint8_t *at = buf;
	copy_bytes(&g->hs, at, sizeof(g->hs));
	at += sizeof(g->hs);
	for (unsigned i = 0; i < g->segments; i++) {
		copy_bytes(g->seg[i].addr, at, g->seg[i].size);
		at += g->seg[i].size;
	}
	for (unsigned i = 0; i <= PIRQSIM_REAL_DEVICES_MAX; i++) {
		copy_bytes(g->hs.shared.arena[i], at, g->hs.shared.arena_used[i]);
		at += g->hs.shared.arena_used[i];
	}
	if (g->stack_mem)
		unpoison(g->stack_mem, (size_t)PIRQSIM_REAL_DEVICES_MAX * REAL_STACK_SIZE);
	for (unsigned a = 0; a < PIRQSIM_REAL_DEVICES_MAX; a++) {
		uint8_t *from;
		size_t n = stack_used(g, a, &g->hs.co[a], &from);
		copy_bytes(from, at, n);
		at += n;
	}
	if (g->dm)
		at += real_dm_snapshot_restore(g->dm, at);
	(void)size;
}
