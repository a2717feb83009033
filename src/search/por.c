/*
 * por.c - partial-order reduction: ample sets of one actor's next step.
 *
 * At a state s the depth-first search may explore only the next step t of
 * one driver instance X instead of every enabled actor's, when:
 *
 *  C1 (persistent)  no step any other instance can take from s, in any
 *                   order and as long as X does not move, touches what t
 *                   touches (footprint.h): then t commutes with every such
 *                   path, and every state reachable from s is reachable
 *                   with t first, up to the order of independent steps;
 *  C2 (visibility)  t cannot make a state invariant violated at s hold
 *                   again: it does not take a live pirq away from a guest
 *                   irq (clear GIRQ_LIVE of a holder, set GIRQ_SHUTDOWN,
 *                   change its pirq) or change a QEMU entry's pirq once set;
 *                   "failed to initialise" is never undone.  So every
 *                   invariant violation on a skipped path shows on its
 *                   reordering, which the search explores (the usual
 *                   invisibility condition, relaxed to monotone steps since
 *                   the properties are safety properties);
 *  C3 (cycles)      not needed: every step advances its actor's program,
 *                   so the state graph is acyclic.
 *
 * With C1 on an acyclic graph every quiescent state is still reached
 * (Godefroid 1996, Thm 6.14 for persistent sets), so the quiescent
 * properties keep their verdicts too.
 *
 * Faults.  A fault actor is one more actor whose steps the ample set
 * postpones, so C1 must hold against its steps too; its step is never
 * chosen as the ample one.  While x waits, what the faults still to come
 * (pc FAULT_READY) can do is predicted from the device each is aimed at,
 * as if it were that device's own future: its device and guest irqs, the
 * pirqs its state refers to, and its caps widened by the fault:
 *   hot-unplug  driver_remove and QEMU's unregister: the device's irqs,
 *               entries and pirqs, and Xen irqs destroyed (CAP_XEN_IRQS);
 *   reload      the same, then the whole program again (the caps of its pc 0, and
 *               its map calls in the Xen irq budget);
 *   flr, irq-during-setup  the device's entries, and a delivery read
 *               through the pirqs they name, like an admin command's.
 * A device with such a fault is "live" while x waits even when its driver
 * has finished.  Three more conditions keep the faults' enabledness out of
 * the way: x is not a candidate while a reset or an injected interrupt
 * aimed at x itself may come (it would touch what x's step touches); x's
 * step must leave x running while any fault is unspent (a fault's guard
 * reads whether drivers run, fault_enabled); and no state is reduced while
 * a hypercall fault is unspent (fault_take: whichever allocation comes
 * first fails, so every allocation depends on it).  Hot-unplug and reload
 * of x cannot fire while x runs, and x runs on every path where it waits.
 * Once a fault has fired it is spent and no longer in any prediction.
 * por_audit checks every enabled fault's step against the prediction for
 * its target, por_audit_reads its reads, and audit_commutation (audit.c)
 * walks the faults with the drivers.
 *
 * The pool (pool.h).  Where every free pirq is clean and the pool covers
 * every allocation still to come, what steps do to freeness commutes up
 * to a renaming of pirqs: the freeness scanned, the pirq taken, the pirq
 * given back clean, and the free pirqs and others' pirqs in a future
 * allocation are left out of the dependency (meets_future's `pool`).
 *
 * t's footprint is recorded by running it (the markers in xen.c, linux.c,
 * qemu.c).  The other instances' future footprints are over-approximated from
 * s: the pirqs an instance can ever touch are those its state refers to
 * (its entries' and irqs' pirqs, the pirq its MSI setup holds, the pirqs
 * whose Xen irq, port, pirq_to_irq[] or guest vector is one of its slots),
 * and, if its remaining program can allocate, every free pirq and every
 * pirq another instance except X refers to (they can free it first).  A
 * pirq that only X refers to and that is not free cannot come into anyone
 * else's hands while X does not move.
 *
 * tests/test_reductions.c checks, on small scenarios, that the reduced
 * search reaches the same quiescent states and violates the same
 * properties as the full one, and that every step's recorded footprint lies
 * within the future footprint predicted for its actor (por_audit).
 */
#include "search/por.h"

#include <string.h>

#include "model/next_state.h"
#include "search/pool.h"

enum {
	CAP_ALLOC = 0x01,    /* may scan freeness (PHYSDEVOP_get_free_pirq, map with pirq -1) */
	CAP_SCAN = 0x02,     /* may walk every guest irq_info (xen_irq_from_pirq) */
	CAP_XEN_IRQS = 0x04, /* may create or destroy a Xen irq (map / unmap) */
};

/* What one operation may do besides touching its own device and irqs. */
static uint8_t op_caps(const struct config *cfg, const struct op *op)
{
	/* enable_entry (drivers.c): the reuse lookup, a walk of the live list. */
	bool walks_irqs = cfg->pirq_mode && cfg->knobs.g_reuse != G_REUSE_ALWAYS_FRESH &&
	                  cfg->knobs.g_lookup != G_LOOKUP_ARRAY;
	switch ((enum op_kind)op->kind) {
	case OP_ENABLE:
		/* pirq mode: get_free_pirq, reuse lookup, QEMU maps on enable;
		 * native: QEMU maps with pirq -1 (Xen chooses). */
		return CAP_ALLOC | CAP_XEN_IRQS | (walks_irqs ? CAP_SCAN : 0);
	case OP_DISABLE:
		return CAP_XEN_IRQS; /* QEMU >= 2.1 unmaps */
	case OP_REQUEST_IRQ:
	case OP_FREE_IRQ:
		/* pirq mode: event channel bind/close; native: the vector-control
		 * write makes QEMU map or update the entry. */
		return cfg->pirq_mode ? 0 : CAP_ALLOC | CAP_XEN_IRQS;
	case OP_ADMIN_CMD:
	case OP_KIND_COUNT:
		break;
	}
	return 0;
}

/*
 * Xen's irq counter (xen_irqs_live) is read only by the "can't create irq"
 * test of PHYSDEVOP_map_pirq and otherwise only incremented and decremented,
 * which commute.  A map call (msi_msix_setup of an unassigned entry, qemu.c)
 * is made from two places only: xen_pt_msix_update_one, at most once per
 * entry and trigger, triggered by the control write that clears MASKALL
 * with ENABLE set (every entry) and by a vector-control unmask while
 * enabled (one entry); and MSI's first enable (one).  Message writes only
 * mark entries `updated`, masks and clearing ENABLE only unmap.  Counting
 * those triggers in what remains of each program bounds how far the counter
 * can rise; while the bound stays below xen_irqs_max the test cannot fail
 * in any order and the counter is no dependency (por_audit checks the bound
 * on every step).
 */
static unsigned op_map_budget(const struct config *cfg, unsigned device, const struct op *op)
{
	bool msix = cfg->device[device].vec_type == VEC_MSIX;
	switch ((enum op_kind)op->kind) {
	case OP_ENABLE:
		/* MSI-X: clear MASKALL -> xen_pt_msix_update, every entry
		 * (also on the native path); MSI: xen_pt_msi_setup. */
		return msix ? cfg->vectors_per_device : 1;
	case OP_REQUEST_IRQ:
		/* native MSI-X: request_irq unmasks the entry. */
		return !cfg->pirq_mode && msix ? 1 : 0;
	case OP_DISABLE:
	case OP_FREE_IRQ:
	case OP_ADMIN_CMD:
	case OP_KIND_COUNT:
		break;
	}
	return 0;
}

/*
 * How many pirqs an operation may take from the pool (pool.h).  In the
 * guest's pirq mode: one PHYSDEVOP_get_free_pirq per vector of an
 * enable's first attempt, and one for the MSI attempt that follows a
 * failed MSI-X one (drivers.c enable_failed; a retry follows only a
 * failure, and where the pool covers every call none fails for want of a
 * pirq, as model_may_degrade argues); QEMU maps the pirq the guest
 * reserved.  On the native path Xen chooses the pirq of every map
 * (pirq -1): the map budget.  por_audit checks the count on every step.
 */
static unsigned op_alloc_budget(const struct config *cfg, unsigned device, const struct op *op)
{
	if (!cfg->pirq_mode)
		return op_map_budget(cfg, device, op);
	if (op->kind != OP_ENABLE)
		return 0;
	return cfg->device[device].vec_type == VEC_MSIX ? op->arg + 1u : 1u;
}

bool por_init(struct por *p, const struct config *cfg)
{
	memset(p, 0, sizeof(*p));
	p->cfg = cfg;
	p->words = pirq_words(cfg);
	if (cfg->device_count < 2 || config_has_emulated(cfg))
		return false;
	for (unsigned d = 0; d < cfg->device_count; d++) {
		const struct program *prog = &cfg->program[d];
		unsigned end = program_index(cfg, d, prog->length);
		p->caps[end] = 0;
		p->map_budget[end] = 0;
		p->alloc_budget[end] = 0;
		for (unsigned pc = prog->length; pc-- > 0;) {
			unsigned i = program_index(cfg, d, pc);
			p->caps[i] = (uint8_t)(p->caps[i + 1] | op_caps(cfg, program_op(cfg, d, pc)));
			p->map_budget[i] = (uint16_t)(p->map_budget[i + 1] + op_map_budget(cfg, d, program_op(cfg, d, pc)));
			p->alloc_budget[i] =
			        (uint16_t)(p->alloc_budget[i + 1] + op_alloc_budget(cfg, d, program_op(cfg, d, pc)));
		}
	}
	p->pool = pool_applies(cfg);
	return true;
}

/* Set operations over the words the scenario uses (p->words, footprint.h
 * pirq_words); the words past them are zero in every set. */
static inline void set_or(const struct por *p, pirq_set *a, const pirq_set *b)
{
	for (unsigned i = 0; i < p->words; i++)
		a->w[i] |= b->w[i];
}

static inline void set_copy(const struct por *p, pirq_set *a, const pirq_set *b)
{
	for (unsigned i = 0; i < p->words; i++)
		a->w[i] = b->w[i];
}

static inline bool set_meets(const struct por *p, const pirq_set *a, const pirq_set *b)
{
	uint64_t m = 0;
	for (unsigned i = 0; i < p->words; i++)
		m |= a->w[i] & b->w[i];
	return m != 0;
}

static inline bool set_empty(const struct por *p, const pirq_set *a)
{
	uint64_t m = 0;
	for (unsigned i = 0; i < p->words; i++)
		m |= a->w[i];
	return m == 0;
}

static void add_pirq(const struct config *cfg, pirq_set *s, int pirq)
{
	if (pirq_in_msi_range(cfg, pirq))
		pirq_set_add(s, (unsigned)(pirq - cfg->nr_irqs_gsi));
}

static unsigned device_of_slot(const struct config *cfg, unsigned slot) { return slot / cfg->vectors_per_device; }

/* The footprint bit of device d's guest irqs (footprint.h). */
static uint64_t slots_of(const struct config *cfg, unsigned d)
{
	(void)cfg;
	return 1ull << d;
}

/* What device d's driver and the faults aimed at it may still do. */
static uint8_t caps_of(const struct por *p, const struct world *w, unsigned d)
{
	return (uint8_t)((actor_enabled(w, d) ? p->caps[program_index(p->cfg, d, w->actor[d].pc)] : 0) | p->fault_caps[d]);
}

/* The pirqs driver d may still take from the pool: in pirq mode, what is
 * left of its current operation (step_op_allocs_left) and the operations
 * after it; on the native path the maps of the operations left, the
 * current one included (its map is its last step). */
static unsigned alloc_left(const struct por *p, const struct world *w, unsigned d)
{
	const struct config *cfg = p->cfg;
	if (!actor_enabled(w, d))
		return 0;
	unsigned i = program_index(cfg, d, w->actor[d].pc);
	if (!cfg->pirq_mode)
		return p->alloc_budget[i];
	return p->alloc_budget[i + 1] + step_op_allocs_left(cfg, w, d);
}

static void survey_pool(struct por *p, const struct world *w, const uint16_t fault_alloc[]);

/* Who refers to which pirq at this state (see the header comment). */
static void survey(struct por *p, const struct world *w)
{
	const struct config *cfg = p->cfg;
	size_t used = p->words * sizeof(uint64_t);
	memset(&p->free, 0, used);
	for (unsigned d = 0; d < cfg->device_count; d++) {
		memset(&p->refs[d], 0, used);
		memset(&p->owned[d], 0, used);
		memset(&p->targeted[d], 0, used);
	}
	for (unsigned slot = 0; slot < cfg->slot_count; slot++) {
		pirq_set *r = &p->refs[device_of_slot(cfg, slot)];
		add_pirq(cfg, r, w->entry[slot].phys_pirq);
		add_pirq(cfg, r, w->entry[slot].dm_pirq);
		add_pirq(cfg, r, w->entry[slot].msg_pirq);
		add_pirq(cfg, r, w->girq[slot].pirq);
	}
	for (unsigned d = 0; d < cfg->device_count; d++)
		add_pirq(cfg, &p->refs[d], w->actor[d].pirq);
	for (unsigned i = 0; i < (unsigned)cfg->nr_msi_pirqs; i++) {
		const struct hv_pirq *h = &w->pirq[i];
		if (hv_pirq_is_free(h))
			pirq_set_add(&p->free, i);
		if (h->arch_irq > 0 && (unsigned)(h->arch_irq - 1) < cfg->slot_count)
			pirq_set_add(&p->owned[device_of_slot(cfg, (unsigned)(h->arch_irq - 1))], i);
		if (h->evtchn > 0 && (unsigned)(h->evtchn - 1) < cfg->slot_count)
			pirq_set_add(&p->targeted[device_of_slot(cfg, (unsigned)(h->evtchn - 1))], i);
		if (h->gvec >= 0x40 && h->gvec - 0x40u < cfg->slot_count)
			pirq_set_add(&p->targeted[device_of_slot(cfg, h->gvec - 0x40u)], i);
		if (w->pirq_to_irq[i] > 0 && (unsigned)(w->pirq_to_irq[i] - 1) < cfg->slot_count)
			pirq_set_add(&p->refs[device_of_slot(cfg, (unsigned)(w->pirq_to_irq[i] - 1))], i);
	}
	uint16_t fault_budget[PIRQSIM_DEVICES_MAX] = {0}, fault_alloc[PIRQSIM_DEVICES_MAX] = {0};
	p->hypercall_pending = p->any_pending = false;
	for (unsigned d = 0; d < cfg->device_count; d++) {
		p->live[d] = actor_enabled(w, d);
		p->fault_caps[d] = 0;
		p->hits_self[d] = false;
	}
	for (unsigned i = 0; i < cfg->fault_actor_count; i++) {
		const struct fault_actor *fa = &cfg->fault_actor[i];
		if (w->actor[cfg->device_count + i].pc == FAULT_SPENT)
			continue;
		p->any_pending = true;
		if (fa->device < 0) {
			p->hypercall_pending = true;
			continue;
		}
		unsigned d = (unsigned)fa->device;
		if (w->actor[d].status == ACTOR_REMOVED)
			continue; /* gone: no fault fires on it again */
		p->live[d] = true;
		switch ((enum fault_kind)fa->kind) {
		case FAULT_RELOAD: /* removes the driver, then runs it again */
			p->fault_caps[d] = (uint8_t)(p->fault_caps[d] | p->caps[program_index(cfg, d, 0)] | CAP_XEN_IRQS);
			fault_budget[d] = (uint16_t)(fault_budget[d] + p->map_budget[program_index(cfg, d, 0)]);
			fault_alloc[d] = (uint16_t)(fault_alloc[d] + p->alloc_budget[program_index(cfg, d, 0)]);
			break;
		case FAULT_HOT_UNPLUG:
			p->fault_caps[d] |= CAP_XEN_IRQS;
			break;
		default:
			p->hits_self[d] = true;
			break;
		}
	}
	unsigned rise = 0;
	for (unsigned d = 0; d < cfg->device_count; d++)
		rise += (actor_enabled(w, d) ? p->map_budget[program_index(cfg, d, w->actor[d].pc)] : 0u) + fault_budget[d];
	p->xen_irqs_tight = w->xen_irqs_live + rise >= (unsigned)cfg->xen_irqs_max;
	for (unsigned d = 0; d < cfg->device_count; d++) {
		set_or(p, &p->refs[d], &p->owned[d]);
		set_or(p, &p->refs[d], &p->targeted[d]);
	}
	survey_pool(p, w, fault_alloc);
}

/* The pool at w (pool.h): is every free pirq clean, and are there at
 * least as many as the allocations every program and every fault aimed at
 * a device may still make?  No step leaves a free pirq unclean (pool.h;
 * por_audit checks it), so that holds on every path from w. */
static void survey_pool(struct por *p, const struct world *w, const uint16_t fault_alloc[])
{
	const struct config *cfg = p->cfg;
	p->pool_ok = false;
	if (!p->pool || p->hypercall_pending)
		return;
	unsigned need = 0, have = 0;
	for (unsigned d = 0; d < cfg->device_count; d++)
		need += alloc_left(p, w, d) + fault_alloc[d];
	for (unsigned k = 0; k < p->words; k++)
		have += (unsigned)__builtin_popcountll(p->free.w[k]);
	if (have < need)
		return;
	pirq_set named;
	pool_named(cfg, w, &named);
	for (unsigned k = 0; k < p->words; k++)
		for (uint64_t bits = p->free.w[k]; bits; bits &= bits - 1)
			if (!pool_clean(w, &named, 64 * k + (unsigned)__builtin_ctzll(bits)))
				return;
	p->pool_ok = true;
}

/* The pirqs instance y may touch while x does not move.  With the pool
 * (pool.h), the free pirqs and those others may free are the pool's:
 * taking one commutes with x's step up to a renaming. */
static void future_pirqs(const struct por *p, const struct world *w, unsigned y, int x, bool pool, pirq_set *out)
{
	set_copy(p, out, &p->refs[y]);
	if (pool || !(caps_of(p, w, y) & CAP_ALLOC))
		return;
	set_or(p, out, &p->free);
	for (unsigned z = 0; z < p->cfg->device_count; z++)
		if ((int)z != x && z != y)
			set_or(p, out, &p->refs[z]);
}

/* Does footprint f meet instance y's future footprint (x does not move)?
 * With the pool, what f and y do to freeness commutes up to a renaming. */
static bool meets_future(const struct por *p, const struct world *w, const struct footprint *f, unsigned y, int x,
                         bool pool)
{
	const struct config *cfg = p->cfg;
	uint8_t caps = caps_of(p, w, y);
	if (p->xen_irqs_tight && f->xen_irqs && (caps & CAP_XEN_IRQS))
		return true;
	if (!pool && (caps & CAP_ALLOC) && !set_empty(p, &f->free_w))
		return true;
	if (f->dev & (1ull << y))
		return true;
	if (f->girq & slots_of(cfg, y))
		return true;
	if (f->girq && (caps & CAP_SCAN))
		return true;
	pirq_set fut;
	future_pirqs(p, w, y, x, pool, &fut);
	/* y's freeness changes happen on pirqs it touches. */
	if (set_meets(p, &f->pirq, &fut) || (!pool && set_meets(p, &f->free_r, &fut)))
		return true;
	for (unsigned d = 0; d < cfg->device_count; d++) {
		/* Another device's entry through the pirq its Xen irq maps
		 * (unmap_domain_pirq); another slot's irq through the pirq whose
		 * port or vector it is (delivery). */
		if ((f->dev & (1ull << d)) && set_meets(p, &p->owned[d], &fut))
			return true;
		if ((f->girq & slots_of(cfg, d)) && set_meets(p, &p->targeted[d], &fut))
			return true;
	}
	return false;
}

static bool girq_holds(const struct guest_irq *g) { return (g->flags & GIRQ_LIVE) && !(g->flags & GIRQ_SHUTDOWN); }

/* C2: does the step from `before` to `after` undo part of an invariant
 * violation (see the header comment)? */
static bool removes_holder(const struct config *cfg, const struct world *before, const struct world *after)
{
	for (unsigned slot = 0; slot < cfg->slot_count; slot++) {
		const struct guest_irq *a = &before->girq[slot], *b = &after->girq[slot];
		if (girq_holds(a) && (!girq_holds(b) || a->pirq != b->pirq))
			return true;
		if (before->entry[slot].dm_pirq >= 0 && after->entry[slot].dm_pirq != before->entry[slot].dm_pirq)
			return true;
	}
	return false;
}

/* The device actor a's step is about: a itself, or a device fault's
 * target; -1 for a hypercall fault. */
static int own_device(const struct config *cfg, unsigned a)
{
	return a < cfg->device_count ? (int)a : cfg->fault_actor[a - cfg->device_count].device;
}

/* Run actor a's step from w into child, recording its footprint. */
static int run_recorded(const struct por *p, const struct world *w, struct world *child, unsigned a,
                        struct footprint *f)
{
	const struct config *cfg = p->cfg;
	footprint_clear(f, p->words);
	world_copy(child, w, cfg);
	struct ctx c = {.w = child, .cfg = cfg, .actor = (int)a, .fp = f};
	if (step(&c, a) != 0)
		return -1;
	/* The step's own device and guest irqs. */
	int own = own_device(cfg, a);
	if (own >= 0) {
		f->dev |= 1ull << own;
		f->girq |= slots_of(cfg, (unsigned)own);
	}
	/* The touched pirqs only (a step touches a few of hundreds). */
	for (unsigned k = 0; k < p->words; k++)
		for (uint64_t bits = f->pirq.w[k]; bits; bits &= bits - 1) {
			unsigned i = 64 * k + (unsigned)__builtin_ctzll(bits);
			if (hv_pirq_is_free(&w->pirq[i]) != hv_pirq_is_free(&child->pirq[i]))
				pirq_set_add(&f->free_w, i);
		}
	return 0;
}

int por_ample(struct por *p, const struct world *w, struct world *child)
{
	const struct config *cfg = p->cfg;
	unsigned enabled = 0;
	for (unsigned a = 0; a < cfg->actor_count; a++)
		enabled += actor_enabled(w, a);
	if (enabled < 2)
		return -1;
	survey(p, w);
	p->used_pool = false;
	if (p->hypercall_pending)
		return -1;
	for (unsigned x = 0; x < cfg->device_count; x++) {
		if (!actor_enabled(w, x) || p->hits_self[x])
			continue;
		struct footprint f;
		if (run_recorded(p, w, child, x, &f) != 0)
			return -1; /* the full expansion reports it */
		if (removes_holder(cfg, w, child))
			continue;
		if (p->any_pending && !actor_enabled(child, x))
			continue; /* x stops running: fault guards change */
		/* The pool holds on every path where x waits (survey_pool), and
		 * x's own step must leave every free pirq clean too. */
		bool pool = p->pool_ok && !pool_unclean(cfg, child);
		bool independent = true;
		for (unsigned y = 0; y < cfg->device_count && independent; y++)
			if (y != x && p->live[y] && meets_future(p, w, &f, y, (int)x, pool))
				independent = false;
		if (independent) {
			p->used_pool = pool;
			return (int)x;
		}
	}
	return -1;
}

/* Every field a step changed must be inside its recorded footprint. */
static bool writes_inside(const struct config *cfg, const struct world *w, const struct world *child,
                          const struct footprint *f, unsigned a)
{
	for (unsigned i = 0; i < (unsigned)cfg->nr_msi_pirqs; i++)
		if ((memcmp(&w->pirq[i], &child->pirq[i], sizeof(w->pirq[i])) != 0 ||
		     w->pirq_to_irq[i] != child->pirq_to_irq[i]) &&
		    !pirq_set_has(&f->pirq, i))
			return false;
	for (unsigned slot = 0; slot < cfg->slot_count; slot++) {
		unsigned d = device_of_slot(cfg, slot);
		if (memcmp(&w->entry[slot], &child->entry[slot], sizeof(w->entry[slot])) != 0 && !(f->dev & (1ull << d)))
			return false;
		if (memcmp(&w->girq[slot], &child->girq[slot], sizeof(w->girq[slot])) != 0 && !(f->girq & (1ull << device_of_slot(cfg, slot))))
			return false;
	}
	int own = own_device(cfg, a);
	if (w->irq_lost_mask != child->irq_lost_mask && a < cfg->device_count)
		return false; /* only an injected interrupt is lost this way */
	for (unsigned d = 0; d < cfg->device_count; d++)
		if (((int)d != own && memcmp(&w->actor[d], &child->actor[d], sizeof(w->actor[d])) != 0) ||
		    (memcmp(&w->dev[d], &child->dev[d], sizeof(w->dev[d])) != 0 && !(f->dev & (1ull << d))))
			return false;
	if ((w->xen_irqs_live != child->xen_irqs_live || w->xen_irqs_leaked != child->xen_irqs_leaked) && !f->xen_irqs)
		return false;
	return true;
}

/* Is footprint f (of y's next step) inside y's predicted future? */
static bool inside_future(const struct por *p, const struct world *w, const struct footprint *f, unsigned y)
{
	const struct config *cfg = p->cfg;
	uint8_t caps = caps_of(p, w, y);
	if ((f->xen_irqs && !(caps & CAP_XEN_IRQS)) || (!set_empty(p, &f->free_r) && !(caps & CAP_ALLOC)))
		return false;
	pirq_set fut;
	future_pirqs(p, w, y, -1, false, &fut);
	for (unsigned i = 0; i < p->words; i++)
		if ((f->pirq.w[i] & ~fut.w[i]) || (f->free_w.w[i] & ~fut.w[i]))
			return false;
	/* With the pool: only y's own pirqs, and free ones if it allocates
	 * (what the others may free comes back clean, and free). */
	if (p->pool_ok) {
		set_copy(p, &fut, &p->refs[y]);
		if (caps & CAP_ALLOC)
			set_or(p, &fut, &p->free);
		for (unsigned i = 0; i < p->words; i++)
			if (f->pirq.w[i] & ~fut.w[i])
				return false;
	}
	for (unsigned d = 0; d < cfg->device_count; d++) {
		if (d != y && (f->dev & (1ull << d)) && !set_meets(p, &p->owned[d], &fut))
			return false;
		if (d != y && (f->girq & slots_of(cfg, d)) && !(caps & CAP_SCAN) && !set_meets(p, &p->targeted[d], &fut))
			return false;
	}
	return true;
}

/* The pool's claims about one step of actor a (pool.h): it leaves no free
 * pirq unclean, and a driver takes no more pirqs from the pool than its
 * budget said. */
static bool pool_step_ok(const struct por *p, const struct world *w, const struct world *child, unsigned a,
                         bool was_clean)
{
	const struct config *cfg = p->cfg;
	if (was_clean && pool_unclean(cfg, child))
		return false;
	if (a >= cfg->device_count)
		return true;
	unsigned taken = 0;
	for (unsigned k = 0; k < (unsigned)cfg->nr_msi_pirqs; k++)
		taken += hv_pirq_is_free(&w->pirq[k]) && !hv_pirq_is_free(&child->pirq[k]);
	return taken + alloc_left(p, child, a) <= alloc_left(p, w, a);
}

int por_audit(struct por *p, const struct world *w, struct world *child)
{
	const struct config *cfg = p->cfg;
	survey(p, w);
	bool clean = p->pool && !pool_unclean(cfg, w);
	for (unsigned a = cfg->device_count; a < cfg->actor_count; a++) {
		/* A device fault's step, inside the future of its target. */
		int own = own_device(cfg, a);
		struct footprint f;
		if (own < 0 || !actor_enabled(w, a) || run_recorded(p, w, child, a, &f) != 0)
			continue;
		if (!p->live[own] || !writes_inside(cfg, w, child, &f, a) || !inside_future(p, w, &f, (unsigned)own) ||
		    child->xen_irqs_live > w->xen_irqs_live)
			return (int)a;
		if (p->pool && !pool_step_ok(p, w, child, a, clean))
			return (int)a;
	}
	for (unsigned y = 0; y < cfg->device_count; y++) {
		if (!actor_enabled(w, y))
			continue;
		struct footprint f;
		if (run_recorded(p, w, child, y, &f) != 0)
			continue;
		if (!writes_inside(cfg, w, child, &f, y) || !inside_future(p, w, &f, y))
			return (int)y;
		if (p->pool && !pool_step_ok(p, w, child, y, clean))
			return (int)y;
		unsigned before = p->map_budget[program_index(p->cfg, y, w->actor[y].pc)];
		unsigned after = actor_enabled(child, y) ? p->map_budget[program_index(p->cfg, y, child->actor[y].pc)] : 0;
		if (child->xen_irqs_live > w->xen_irqs_live && (unsigned)(child->xen_irqs_live - w->xen_irqs_live) > before - after)
			return (int)y;
	}
	return -1;
}

/*
 * The read audit, from first principles: a step must not depend on
 * anything outside its recorded footprint.  Every part of the world the
 * footprint of y's step does not name (other pirqs, other devices'
 * registers and entries, other slots' guest irqs, other actors' records,
 * Xen's irq counters) is reset to its value in `initial` (the power-on
 * world: free pirqs, unassigned entries, no irqs); y's step from there
 * must leave the footprint's part exactly as from `w`, and the rest as
 * reset.  A rule that reads a field no marker records (footprint.h) sees a
 * different value and is flagged, whether or not the reduction would have
 * gone wrong here.
 */
static void reset_outside(const struct config *cfg, const struct footprint *f, int y, const struct world *initial,
                          struct world *w)
{
	for (unsigned i = 0; i < (unsigned)cfg->nr_msi_pirqs; i++) {
		if (pirq_set_has(&f->pirq, i) || pirq_set_has(&f->free_r, i))
			continue;
		w->pirq[i] = initial->pirq[i];
		w->pirq_to_irq[i] = initial->pirq_to_irq[i];
	}
	for (unsigned slot = 0; slot < cfg->slot_count; slot++) {
		if (!(f->dev & (1ull << device_of_slot(cfg, slot))))
			w->entry[slot] = initial->entry[slot];
		if (!(f->girq & (1ull << device_of_slot(cfg, slot))))
			w->girq[slot] = initial->girq[slot];
	}
	for (unsigned d = 0; d < cfg->device_count; d++) {
		if (!(f->dev & (1ull << d)))
			w->dev[d] = initial->dev[d];
		if ((int)d != y)
			w->actor[d] = initial->actor[d];
	}
	if (!f->xen_irqs) {
		w->xen_irqs_live = initial->xen_irqs_live;
		w->xen_irqs_leaked = initial->xen_irqs_leaked;
	}
}

/* A fault actor's status is derived from the drivers' (faults_refresh),
 * which the reset changes: compare the faults' pcs only. */
static void forget_fault_status(const struct config *cfg, struct world *w)
{
	for (unsigned a = cfg->device_count; a < cfg->actor_count; a++)
		w->actor[a].status = 0;
}

int por_audit_reads(struct por *p, const struct world *w, const struct world *initial, struct world *scratch[3])
{
	const struct config *cfg = p->cfg;
	unsigned size = world_packed_size(cfg);
	uint8_t a[sizeof(struct world) + 8], b[sizeof(struct world) + 8];
	for (unsigned y = 0; y < cfg->actor_count; y++) {
		int own = own_device(cfg, y);
		if (!actor_enabled(w, y) || own < 0)
			continue;
		struct footprint f;
		struct world *t = scratch[0], *reset = scratch[1], *t_reset = scratch[2];
		if (run_recorded(p, w, t, y, &f) != 0)
			continue;
		world_copy(reset, w, cfg);
		reset_outside(cfg, &f, own, initial, reset);
		world_copy(t_reset, reset, cfg);
		struct ctx c = {.w = t_reset, .cfg = cfg, .actor = (int)y};
		if (step(&c, y) != 0)
			return (int)y;
		reset_outside(cfg, &f, own, initial, t); /* what the reset step must give */
		forget_fault_status(cfg, t);
		forget_fault_status(cfg, t_reset);
		world_pack(t, cfg, a);
		world_pack(t_reset, cfg, b);
		if (memcmp(a, b, size) != 0)
			return (int)y;
	}
	return -1;
}
