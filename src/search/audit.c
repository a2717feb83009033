/*
 * audit.c - the reductions' audits from first principles (audit.h).
 *
 * The bookkeeping audits (por_audit, renumber_audit, canon_audit_dead)
 * check that the rules keep the records the reductions rely on.  These
 * check the reductions' claims themselves, by executing the model:
 *
 *  symmetry     permuting interchangeable devices does not change a
 *               state's successors (each in a true canonical form of its
 *               class, true_form);
 *  renumbering  another arrangement of the pirqs of a state's class
 *               (renumber_shuffle) has the same successors;
 *  commutation  where the partial-order reduction explores one driver's
 *               step x alone, x commutes with every other driver's step,
 *               executed in both orders, at every state of seeded random
 *               walks of the other drivers and the faults while x waits
 *               (the persistence
 *               of {x}, sampled: it needs no footprint, so it sees a
 *               dependency no footprint records, or one that only a third
 *               driver's moves create);
 *  reads        a step does not depend on anything outside its recorded
 *               footprint (por_audit_reads).
 *
 * Tests only (the check hooks' `audit`): nothing here is on a search's hot
 * path, and it allocates once in audit_init.
 */
#include "search/audit.h"

#include <stdlib.h>
#include <string.h>

#include "search/pool.h"

/* Successor sets: at most one successor per actor. */
static size_t set_bytes(const struct config *cfg)
{
	return (size_t)cfg->actor_count * world_packed_size(cfg);
}

int audit_init(struct audit *a, const struct config *cfg)
{
	memset(a, 0, sizeof(*a));
	a->cfg = cfg;
	a->size = world_packed_size(cfg);
	a->set_a = malloc(set_bytes(cfg));
	a->set_b = malloc(set_bytes(cfg));
	a->worlds = malloc(sizeof(*a->worlds) * AUDIT_WORLDS);
	if (!a->set_a || !a->set_b || !a->worlds) {
		audit_free(a);
		return -1;
	}
	for (unsigned i = 0; i < AUDIT_WORLDS; i++)
		world_init(&a->worlds[i], cfg);
	world_init(&a->initial, cfg);
	return 0;
}

void audit_free(struct audit *a)
{
	free(a->set_a);
	free(a->set_b);
	free(a->worlds);
	memset(a, 0, sizeof(*a));
}

static int compare_size;
static int compare_states(const void *x, const void *y) { return memcmp(x, y, (size_t)compare_size); }

/*
 * A true canonical form of w's class under the reductions k has on: the
 * least packed form, over every permutation of interchangeable devices, of
 * the renumbered form with dead shadows forgotten.  The search's own
 * representative (canon_apply) may leave two forms for one class where
 * devices tie (symmetry.h), which costs states, never correctness; an audit
 * that compared those would see differences that are not there.  Brute
 * force: the audited scenarios have few devices.
 */
static void least_form(struct audit *a, struct canon *k, const struct world *w, uint8_t to[], unsigned d,
                       bool used[], uint8_t *best)
{
	const struct config *cfg = a->cfg;
	if (d == cfg->device_count) {
		struct world *p = &a->worlds[8], *q = &a->worlds[9];
		symmetry_permute(w, cfg, to, p);
		if (k->dead_on)
			canon_forget_dead_shadows(k, p);
		const struct world *r = k->renumber_on ? renumber_view(&k->renumber, p, q) : p;
		uint8_t packed[sizeof(struct world) + 8];
		world_pack(r, cfg, packed);
		if (memcmp(packed, best, a->size) < 0)
			memcpy(best, packed, a->size);
		return;
	}
	for (unsigned t = 0; t < cfg->device_count; t++) {
		if (used[t] || (t != d && !(k->symmetry && k->class_of[t] == k->class_of[d])))
			continue;
		used[t] = true;
		to[d] = (uint8_t)t;
		least_form(a, k, w, to, d + 1, used, best);
		used[t] = false;
	}
}

static void true_form(struct audit *a, struct canon *k, const struct world *w, uint8_t *out)
{
	uint8_t to[PIRQSIM_DEVICES_MAX];
	bool used[PIRQSIM_DEVICES_MAX] = {false};
	memset(out, 0xff, a->size);
	least_form(a, k, w, to, 0, used, out);
}

/* The successors of w in true form, sorted, duplicates dropped: their count. */
static unsigned successor_set(struct audit *a, struct canon *k, const struct world *w, uint8_t *out)
{
	const struct config *cfg = a->cfg;
	struct world *child = &a->worlds[0];
	unsigned n = 0;
	for (unsigned actor = 0; actor < cfg->actor_count; actor++) {
		if (!actor_enabled(w, actor))
			continue;
		world_copy(child, w, cfg);
		struct ctx c = {.w = child, .cfg = cfg, .actor = (int)actor};
		if (step(&c, actor) != 0)
			continue; /* the search reports a model error */
		true_form(a, k, child, out + (size_t)n++ * a->size);
	}
	compare_size = (int)a->size;
	qsort(out, n, a->size, compare_states);
	unsigned distinct = 0;
	for (unsigned i = 0; i < n; i++)
		if (distinct == 0 || memcmp(out + (size_t)i * a->size, out + (size_t)(distinct - 1) * a->size, a->size) != 0)
			memmove(out + (size_t)distinct++ * a->size, out + (size_t)i * a->size, a->size);
	return distinct;
}

/* Do w and v have the same canonical successors? */
static bool same_successors(struct audit *a, struct canon *k, const struct world *w, const struct world *v)
{
	unsigned n = successor_set(a, k, w, a->set_a), m = successor_set(a, k, v, a->set_b);
	return n == m && memcmp(a->set_a, a->set_b, (size_t)n * a->size) == 0;
}

bool audit_symmetry(struct audit *a, struct canon *k, const struct world *w)
{
	const struct config *cfg = a->cfg;
	if (!k->symmetry || cfg->device_count > AUDIT_DEVICES_MAX)
		return false;
	struct world *permuted = &a->worlds[1];
	unsigned n = successor_set(a, k, w, a->set_a);
	for (unsigned i = 0; i < cfg->device_count; i++) {
		for (unsigned j = i + 1; j < cfg->device_count; j++) {
			if (k->class_of[i] != k->class_of[j])
				continue;
			uint8_t to[PIRQSIM_DEVICES_MAX];
			symmetry_transposition(cfg, i, j, to);
			symmetry_permute(w, cfg, to, permuted);
			unsigned m = successor_set(a, k, permuted, a->set_b);
			if (n != m || memcmp(a->set_a, a->set_b, (size_t)n * a->size) != 0)
				return true;
		}
	}
	return false;
}

bool audit_renumber(struct audit *a, struct canon *k, const struct world *w)
{
	if (!k->renumber_on || a->cfg->device_count > AUDIT_DEVICES_MAX)
		return false;
	struct world *other = &a->worlds[1];
	if (!renumber_shuffle(&k->renumber, w, other))
		return false;
	/* The shuffle must stay in w's class ... */
	uint8_t x[sizeof(struct world) + 8], y[sizeof(struct world) + 8];
	true_form(a, k, w, x);
	true_form(a, k, other, y);
	if (memcmp(x, y, a->size) != 0)
		return true;
	/* ... and behave as w does. */
	return !same_successors(a, k, w, other);
}

static uint64_t next_random(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull); /* splitmix64 */
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Are w and v the same state, or, with `renamed`, the same up to a
 * renaming of pirqs (pool.h)? */
static bool same_state(struct audit *a, const struct world *w, const struct world *v, bool renamed)
{
	const struct config *cfg = a->cfg;
	uint8_t p[sizeof(struct world) + 8], q[sizeof(struct world) + 8];
	if (renamed) {
		pool_form(cfg, w, &a->worlds[8]);
		pool_form(cfg, v, &a->worlds[9]);
		w = &a->worlds[8];
		v = &a->worlds[9];
	}
	world_pack(w, cfg, p);
	world_pack(v, cfg, q);
	return memcmp(p, q, a->size) == 0;
}

/* Do x's and y's steps from s commute (both orders, the same state, or
 * with `renamed` the same up to a renaming of pirqs)? */
static bool commute(struct audit *a, const struct world *s, unsigned x, unsigned y, bool renamed)
{
	const struct config *cfg = a->cfg;
	struct world *xy = &a->worlds[4], *yx = &a->worlds[5];
	world_copy(xy, s, cfg);
	world_copy(yx, s, cfg);
	struct ctx cx = {.w = xy, .cfg = cfg, .actor = (int)x}, cy = {.w = yx, .cfg = cfg, .actor = (int)y};
	if (step(&cx, x) != 0 || step(&cy, y) != 0)
		return true; /* a model error: the search reports it */
	if (!actor_enabled(xy, y) || !actor_enabled(yx, x))
		return false; /* one disabled the other */
	cx.actor = (int)y;
	cy.actor = (int)x;
	if (step(&cx, y) != 0 || step(&cy, x) != 0)
		return true;
	return same_state(a, xy, yx, renamed);
}

bool audit_commutation(struct audit *a, const struct world *w, unsigned x, bool renamed, uint64_t seed)
{
	const struct config *cfg = a->cfg;
	struct world *walk = &a->worlds[6], *next = &a->worlds[7];
	for (unsigned k = 0; k < AUDIT_WALKS; k++) {
		uint64_t random = seed + k;
		world_copy(walk, w, cfg);
		for (unsigned length = 0; length < PIRQSIM_TRAIL_MAX; length++) {
			unsigned others[PIRQSIM_ACTORS_MAX], n = 0;
			for (unsigned y = 0; y < cfg->actor_count; y++) /* drivers and faults */
				if (y != x && actor_enabled(walk, y))
					others[n++] = y;
			if (n == 0)
				break;
			for (unsigned i = 0; i < n; i++)
				if (!commute(a, walk, x, others[i], renamed))
					return true;
			unsigned y = others[next_random(&random) % n];
			world_copy(next, walk, cfg);
			struct ctx c = {.w = next, .cfg = cfg, .actor = (int)y};
			if (step(&c, y) != 0)
				break;
			world_copy(walk, next, cfg);
		}
	}
	return false;
}

bool audit_reads(struct audit *a, struct por *p, const struct world *w)
{
	struct world *scratch[3] = {&a->worlds[1], &a->worlds[2], &a->worlds[3]};
	return por_audit_reads(p, w, &a->initial, scratch) >= 0;
}

/* Same verdicts at two states just reached (the quiescent ones only where
 * nothing can move: a shut-down irq's pirq counts as an owner there). */
static bool same_verdicts(const struct config *cfg, struct world *x, struct world *y)
{
	struct ctx cx = {.w = x, .cfg = cfg, .actor = -1}, cy = {.w = y, .cfg = cfg, .actor = -1};
	bool quiescent = true;
	for (unsigned b = 0; b < cfg->actor_count; b++)
		quiescent = quiescent && !actor_enabled(x, b);
	return check_state(&cx, NULL) == check_state(&cy, NULL) &&
	       (!quiescent || check_quiescent(&cx, NULL) == check_quiescent(&cy, NULL));
}

/* Does each enabled actor's step from w and from v (not a->worlds[2] or
 * [3]) lead to the same state up to a renaming of pirqs (pool_form), with
 * the same verdicts? */
static bool steps_alike(struct audit *a, const struct world *w, const struct world *v)
{
	const struct config *cfg = a->cfg;
	struct world *c1 = &a->worlds[2], *c2 = &a->worlds[3];
	for (unsigned actor = 0; actor < cfg->actor_count; actor++) {
		if (!actor_enabled(w, actor))
			continue;
		world_copy(c1, w, cfg);
		world_copy(c2, v, cfg);
		struct ctx x = {.w = c1, .cfg = cfg, .actor = (int)actor}, y = {.w = c2, .cfg = cfg, .actor = (int)actor};
		if (step(&x, actor) != 0 || step(&y, actor) != 0)
			continue; /* the search reports a model error */
		if (!same_verdicts(cfg, c1, c2) || !same_state(a, c1, c2, true))
			return false;
	}
	return true;
}

/* Is a shadow the pool counts as dead (pool_shadow_dead) read after all?
 * With another pirq in each, every actor's successor must be the same once
 * they are forgotten (pool_form), with the same verdicts. */
static bool dead_shadow_read(struct audit *a, const struct world *w)
{
	const struct config *cfg = a->cfg;
	struct world *other = &a->worlds[1];
	world_copy(other, w, cfg);
	bool changed = false;
	for (unsigned slot = 0; slot < cfg->slot_count; slot++) {
		if (pool_shadow_dead(cfg, w, slot)) {
			other->entry[slot].msg_pirq = (int16_t)(cfg->nr_irqs_gsi + cfg->nr_msi_pirqs - 1);
			changed = true;
		}
	}
	return changed && !steps_alike(a, w, other);
}

/*
 * The pool (pool.h): no rule reads a dead shadow (dead_shadow_read), tells
 * two clean pirqs apart, or uses a pirq's number but to compare it.  Where
 * every free pirq of w is clean, w with the MSI range reversed (every pirq
 * i renamed n-1-i, in every field) must have, actor by actor, the
 * successors of w up to a renaming (pool_form), and the same verdicts:
 * get_free_pirq then takes another clean pirq than in w, which the
 * renaming absorbs; a rule that read a number, or a difference between
 * clean pirqs, shows.
 */
bool audit_pool(struct audit *a, const struct world *w)
{
	const struct config *cfg = a->cfg;
	if (!pool_applies(cfg))
		return false;
	if (dead_shadow_read(a, w))
		return true;
	if (pool_unclean(cfg, w))
		return false;
	struct world *reversed = &a->worlds[1];
	uint16_t to[PIRQSIM_MSI_PIRQS_MAX];
	unsigned n = (unsigned)cfg->nr_msi_pirqs;
	for (unsigned i = 0; i < n; i++)
		to[i] = (uint16_t)(n - 1 - i);
	renumber_rename(cfg, to, w, reversed);
	return !steps_alike(a, w, reversed);
}
