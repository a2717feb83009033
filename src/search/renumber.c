/*
 * renumber.c - canonical numbering of MSI pirqs (see renumber.h for why it
 * is exact).
 */
#include "search/renumber.h"

#include <string.h>

#include "model/next_state.h"

bool renumber_init(struct renumber *r, const struct config *cfg)
{
	memset(r, 0, sizeof(*r));
	r->cfg = cfg;
	/* Xen's IRQ_MSI_EMU entry (world.msi_emu_pirq) names a pirq that the
	 * renumbering does not rewrite: off with emulated devices. */
	if (config_has_emulated(cfg))
		return false;
	for (unsigned d = 0; d < cfg->device_count; d++) {
		const struct program *p = &cfg->program[d];
		for (unsigned pc = p->length; pc-- > 1;) {
			unsigned i = program_index(cfg, d, pc);
			r->release_after[i - 1] = r->release_after[i] || step_op_may_free(cfg, program_op(cfg, d, pc));
		}
	}
	return true;
}

/* May running driver d still release a pirq: a later operation can, or
 * what is left of the current one can (step_op_rest_may_free). */
static bool may_release(const struct renumber *r, const struct world *w, unsigned d)
{
	unsigned pc = w->actor[d].pc;
	return r->release_after[program_index(r->cfg, d, pc)] || step_op_rest_may_free(r->cfg, w, d);
}

static void mark(const struct config *cfg, bool releasable[], int pirq)
{
	if (pirq_in_msi_range(cfg, pirq))
		releasable[pirq - cfg->nr_irqs_gsi] = true;
}

static bool slot_of_device(const struct config *cfg, int handle, const bool running[])
{
	return handle > 0 && (unsigned)(handle - 1) < cfg->slot_count &&
	       running[(unsigned)(handle - 1) / cfg->vectors_per_device];
}

/* The pirqs that keep their order: free ones, and those a running driver
 * that may still release refers to (the same references por.c surveys). */
static void order_kept(const struct renumber *r, const struct world *w, bool keep[])
{
	const struct config *cfg = r->cfg;
	bool running[PIRQSIM_DEVICES_MAX] = {false}, hypercall = false;
	/* Faults still to come (renumber.h): a device fault may release its
	 * target's pirqs (unplug, reload) or change what its program does
	 * next (flr, irq): its target may release while it is not removed.  A
	 * hypercall fault sends allocations down error paths: every running
	 * driver may release. */
	for (unsigned i = 0; i < cfg->fault_actor_count; i++) {
		int d = cfg->fault_actor[i].device;
		if (w->actor[cfg->device_count + i].pc == FAULT_SPENT)
			continue;
		if (d < 0)
			hypercall = true;
		else if (w->actor[d].status != ACTOR_REMOVED)
			running[d] = true;
	}
	for (unsigned d = 0; d < cfg->device_count; d++)
		running[d] = running[d] || (actor_enabled(w, d) && (hypercall || may_release(r, w, d)));
	for (unsigned i = 0; i < (unsigned)cfg->nr_msi_pirqs; i++) {
		const struct hv_pirq *p = &w->pirq[i];
		keep[i] = hv_pirq_is_free(p) || slot_of_device(cfg, p->arch_irq, running) ||
		          slot_of_device(cfg, p->evtchn, running) || slot_of_device(cfg, w->pirq_to_irq[i], running) ||
		          (p->gvec >= 0x40 && slot_of_device(cfg, p->gvec - 0x40 + 1, running));
	}
	for (unsigned slot = 0; slot < cfg->slot_count; slot++) {
		if (!running[slot / cfg->vectors_per_device])
			continue;
		mark(cfg, keep, w->entry[slot].phys_pirq);
		mark(cfg, keep, w->entry[slot].dm_pirq);
		mark(cfg, keep, w->entry[slot].msg_pirq);
		mark(cfg, keep, w->girq[slot].pirq);
	}
	for (unsigned d = 0; d < cfg->device_count; d++)
		if (running[d])
			mark(cfg, keep, w->actor[d].pirq);
}

static void name_first(const struct config *cfg, uint16_t rank[], unsigned *next, int pirq)
{
	if (pirq_in_msi_range(cfg, pirq) && rank[pirq - cfg->nr_irqs_gsi] == UINT16_MAX)
		rank[pirq - cfg->nr_irqs_gsi] = (uint16_t)(*next)++;
}

/* Order of the pirqs that stay busy: the first field naming each, then
 * (for pirqs no field names) their contents, then their number; pirqs with
 * equal contents that no field names are interchangeable. */
static int busy_compare(const struct world *w, const uint16_t rank[], unsigned a, unsigned b)
{
	if (rank[a] != rank[b])
		return rank[a] < rank[b] ? -1 : 1;
	/* The fields in the order of their first layout (world.h hv_pirq). */
	const struct hv_pirq *x = &w->pirq[a], *y = &w->pirq[b];
	int c = memcmp(&x->arch_irq, &y->arch_irq, sizeof(x->arch_irq));
	if (c == 0)
		c = memcmp(&x->emuirq, &y->emuirq, sizeof(x->emuirq));
	if (c == 0)
		c = memcmp(&x->evtchn, &y->evtchn, sizeof(x->evtchn));
	if (c == 0)
		c = memcmp(&x->dpci, &y->dpci, sizeof(x->dpci));
	if (c == 0)
		c = memcmp(&x->gvec, &y->gvec, sizeof(x->gvec));
	if (c == 0 && w->pirq_to_irq[a] != w->pirq_to_irq[b])
		c = w->pirq_to_irq[a] < w->pirq_to_irq[b] ? -1 : 1;
	return c;
}

/* Stable sort of busy[0 .. count) by busy_compare: insertion sort of runs
 * of RUN (few pirqs, mostly in order already: a small scenario sorts one
 * run), then merges, so that hundreds of busy pirqs cost n log n. */
#define RUN 16u
static void sort_busy(const struct world *w, const uint16_t rank[], uint16_t busy[], unsigned count)
{
	for (unsigned first = 0; first < count; first += RUN) {
		unsigned end = first + RUN < count ? first + RUN : count;
		for (unsigned k = first + 1; k < end; k++) {
			uint16_t i = busy[k];
			unsigned j = k;
			while (j > first && busy_compare(w, rank, busy[j - 1], i) > 0) {
				busy[j] = busy[j - 1];
				j--;
			}
			busy[j] = i;
		}
	}
	if (count <= RUN)
		return;
	uint16_t scratch[PIRQSIM_MSI_PIRQS_MAX];
	uint16_t *from = busy, *to = scratch;
	for (unsigned width = RUN; width < count; width *= 2) {
		for (unsigned lo = 0; lo < count; lo += 2 * width) {
			unsigned mid = lo + width < count ? lo + width : count;
			unsigned hi = lo + 2 * width < count ? lo + 2 * width : count;
			unsigned a = lo, b = mid, k = lo;
			while (a < mid && b < hi)
				to[k++] = busy_compare(w, rank, from[a], from[b]) <= 0 ? from[a++] : from[b++];
			while (a < mid)
				to[k++] = from[a++];
			while (b < hi)
				to[k++] = from[b++];
		}
		uint16_t *t = from;
		from = to;
		to = t;
	}
	if (from != busy)
		memcpy(busy, from, count * sizeof(busy[0]));
}

static int16_t renamed(const struct config *cfg, const uint16_t to[], int16_t pirq)
{
	if (!pirq_in_msi_range(cfg, pirq))
		return pirq;
	return (int16_t)(cfg->nr_irqs_gsi + to[pirq - cfg->nr_irqs_gsi]);
}

/* out = w with MSI pirq i renamed to `to[i]` everywhere a field names it. */
void renumber_rename(const struct config *cfg, const uint16_t to[], const struct world *w, struct world *out)
{
	unsigned n = (unsigned)cfg->nr_msi_pirqs;
	world_copy(out, w, cfg);
	for (unsigned i = 0; i < n; i++) {
		out->pirq[to[i]] = w->pirq[i];
		out->pirq_to_irq[to[i]] = w->pirq_to_irq[i];
	}
	for (unsigned slot = 0; slot < cfg->slot_count; slot++) {
		out->entry[slot].phys_pirq = renamed(cfg, to, w->entry[slot].phys_pirq);
		out->entry[slot].dm_pirq = renamed(cfg, to, w->entry[slot].dm_pirq);
		out->entry[slot].msg_pirq = renamed(cfg, to, w->entry[slot].msg_pirq);
		out->girq[slot].pirq = renamed(cfg, to, w->girq[slot].pirq);
	}
	for (unsigned d = 0; d < cfg->device_count; d++)
		out->actor[d].pirq = renamed(cfg, to, w->actor[d].pirq);
}

/* The renaming `to` that puts the kept pirqs, in their order, at the top
 * of the range and ranks the rest below them by the first field naming
 * each; true if it is the identity. */
static bool renaming(const struct config *cfg, const bool keep[], const struct world *w, uint16_t to[])
{
	unsigned n = (unsigned)cfg->nr_msi_pirqs;
	/* Kept pirqs, in their order, take the top of the range. */
	unsigned top = n;
	for (unsigned i = n; i-- > 0;)
		if (keep[i])
			to[i] = (uint16_t)--top;
	/* The rest, ranked by the first field that names each. */
	uint16_t rank[PIRQSIM_MSI_PIRQS_MAX];
	for (unsigned i = 0; i < n; i++)
		rank[i] = UINT16_MAX;
	unsigned next = 0;
	for (unsigned slot = 0; slot < cfg->slot_count; slot++) {
		name_first(cfg, rank, &next, w->entry[slot].phys_pirq);
		name_first(cfg, rank, &next, w->entry[slot].dm_pirq);
		name_first(cfg, rank, &next, w->entry[slot].msg_pirq);
		name_first(cfg, rank, &next, w->girq[slot].pirq);
	}
	for (unsigned d = 0; d < cfg->device_count; d++)
		name_first(cfg, rank, &next, w->actor[d].pirq);
	uint16_t busy[PIRQSIM_MSI_PIRQS_MAX];
	unsigned count = 0;
	for (unsigned i = 0; i < n; i++)
		if (!keep[i])
			busy[count++] = (uint16_t)i;
	sort_busy(w, rank, busy, count);
	bool identity = true;
	for (unsigned k = 0; k < count; k++)
		to[busy[k]] = (uint16_t)(top - 1 - k);
	for (unsigned i = 0; i < n && identity; i++)
		identity = to[i] == i;
	return identity;
}

const struct world *renumber_view(const struct renumber *r, const struct world *w, struct world *out)
{
	bool keep[PIRQSIM_MSI_PIRQS_MAX];
	order_kept(r, w, keep);
	uint16_t to[PIRQSIM_MSI_PIRQS_MAX];
	if (renaming(r->cfg, keep, w, to))
		return w;
	renumber_rename(r->cfg, to, w, out);
	return out;
}

void renumber_keeping(const struct config *cfg, const bool keep[], const struct world *w, struct world *out)
{
	uint16_t to[PIRQSIM_MSI_PIRQS_MAX];
	if (renaming(cfg, keep, w, to))
		world_copy(out, w, cfg);
	else
		renumber_rename(cfg, to, w, out);
}

void renumber_canonical(const struct renumber *r, const struct world *w, struct world *out)
{
	const struct world *v = renumber_view(r, w, out);
	if (v != out)
		world_copy(out, w, r->cfg);
}

bool renumber_audit(const struct renumber *r, const struct world *w, struct world *scratch)
{
	const struct config *cfg = r->cfg;
	bool keep[PIRQSIM_MSI_PIRQS_MAX];
	order_kept(r, w, keep);
	for (unsigned a = 0; a < cfg->actor_count; a++) { /* drivers and faults */
		if (!actor_enabled(w, a))
			continue;
		world_copy(scratch, w, cfg);
		struct ctx c = {.w = scratch, .cfg = cfg, .actor = (int)a};
		if (step(&c, a) != 0)
			continue;
		for (unsigned i = 0; i < (unsigned)cfg->nr_msi_pirqs; i++)
			if (!keep[i] && hv_pirq_is_free(&scratch->pirq[i]))
				return true;
	}
	return false;
}

/*
 * Another member of w's class, for the audit (audit.c): the pirqs that keep
 * their order take the bottom of the range instead of the top, in the same
 * order, and the busy ones that do not take the top in the reverse of
 * their current order.  Where the renumbering is exact, this state and w
 * have the same canonical successors.  Returns false when there is nothing
 * to rearrange (no pirq is both busy and free of its order).
 */
bool renumber_shuffle(const struct renumber *r, const struct world *w, struct world *out)
{
	const struct config *cfg = r->cfg;
	unsigned n = (unsigned)cfg->nr_msi_pirqs;
	bool keep[PIRQSIM_MSI_PIRQS_MAX];
	order_kept(r, w, keep);
	uint16_t to[PIRQSIM_MSI_PIRQS_MAX];
	unsigned bottom = 0, top = n, moved = 0;
	for (unsigned i = 0; i < n; i++) {
		if (keep[i]) {
			to[i] = (uint16_t)bottom++;
		} else {
			to[i] = (uint16_t)--top;
			moved++;
		}
	}
	if (moved == 0)
		return false;
	renumber_rename(cfg, to, w, out);
	return true;
}
