/*
 * test_reductions.c - every reduction must keep every verdict exact.  For
 * each scenario the search runs unreduced and then with symmetry reduction,
 * with partial-order reduction, and with both, exploring every state (not
 * stopping at violations); each reduced search must reach the same set of
 * quiescent states as the unreduced one up to a permutation of
 * interchangeable devices (each compared by its orbit's least form, found by
 * brute force over all permutations) and violate the same properties, with
 * the same kinds of violation (property, cause and mechanism: what
 * `check --all-violations` lists).  The
 * partial-order runs also audit every step's footprint (por_audit): what it
 * wrote lies inside what it recorded, and what it recorded inside the future
 * predicted for its actor.
 * Prints "N passed, M failed" last.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "model/model.h"
#include "pirqsim.h"
#include "search/canon.h"
#include "search/pool.h"
#include "search/renumber.h"
#include "search/symmetry.h"

#include "reduction_variants.h"

struct state_set {
	uint8_t *bytes;
	size_t count, capacity;
	unsigned size;
	const struct config *cfg;
	uint8_t class_of[PIRQSIM_DEVICES_MAX];
	struct renumber renumber;
	struct canon dead;  /* forgets dead message shadows, where that applies */
	uint8_t *scratch, *best;
};

/* The orbit's true representative: the least packed form over every
 * permutation within classes (brute force; tests have <= 4 devices). */
static void least_form(struct state_set *set, const struct world *w, uint8_t to[], unsigned d, bool used[])
{
	const struct config *cfg = set->cfg;
	if (d == cfg->device_count) {
		struct world p, q;
		world_init(&p, cfg);
		world_init(&q, cfg);
		symmetry_permute(w, cfg, to, &p);
		if (pool_applies(cfg)) {
			/* The pool (pool.h): the same up to any renaming of pirqs. */
			pool_form(cfg, &p, &q);
		} else {
			if (set->dead.dead_on)
				canon_forget_dead_shadows(&set->dead, &p);
			renumber_canonical(&set->renumber, &p, &q); /* quiescent: every busy pirq renamed by the fields naming it */
		}
		world_pack(&q, cfg, set->scratch);
		if (memcmp(set->scratch, set->best, set->size) < 0)
			memcpy(set->best, set->scratch, set->size);
		return;
	}
	for (unsigned t = 0; t < cfg->device_count; t++) {
		if (used[t] || set->class_of[t] != set->class_of[d])
			continue;
		used[t] = true;
		to[d] = (uint8_t)t;
		least_form(set, w, to, d + 1, used);
		used[t] = false;
	}
}

static void collect(const uint8_t *canonical, unsigned size, void *data)
{
	struct state_set *set = data;
	struct world w;
	world_init(&w, set->cfg);
	world_unpack(&w, set->cfg, canonical);
	uint8_t to[PIRQSIM_DEVICES_MAX];
	bool used[PIRQSIM_DEVICES_MAX] = {false};
	memset(set->best, 0xff, size);
	least_form(set, &w, to, 0, used);
	const uint8_t *packed = set->best;
	if (set->count == set->capacity) {
		set->capacity = set->capacity ? 2 * set->capacity : 256;
		set->bytes = realloc(set->bytes, set->capacity * size);
		if (!set->bytes)
			abort();
	}
	set->size = size;
	memcpy(set->bytes + set->count * size, packed, size);
	set->count++;
}

static unsigned compare_size;
static int compare_states(const void *a, const void *b) { return memcmp(a, b, compare_size); }

/* Sort and drop duplicates; returns the number of distinct states. */
static size_t distinct(struct state_set *set)
{
	if (set->count == 0)
		return 0;
	compare_size = set->size;
	qsort(set->bytes, set->count, set->size, compare_states);
	size_t n = 1;
	for (size_t i = 1; i < set->count; i++)
		if (memcmp(set->bytes + i * set->size, set->bytes + (n - 1) * set->size, set->size) != 0)
			memmove(set->bytes + n++ * set->size, set->bytes + i * set->size, set->size);
	set->count = n;
	return n;
}

struct scenario {
	const char *kernel, *qemu, *xen, *driver;
	unsigned count, vectors;
	const char *knob; /* NAME=VALUE or NULL */
	const char *type; /* "msix" (NULL) or "msi" */
	const char *fault; /* a fault on every device it can target, or NULL */
	unsigned extra_guest_irqs; /* 0: the default (32) */
};

static const struct scenario scenarios[] = {
	{"4.11", "2.8", "4.8", "nvme", 2, 2, NULL, NULL, NULL, 0},
	{"4.10", "2.8", "4.8", "nvme", 2, 2, NULL, NULL, NULL, 0},
	{"4.11", "2.8", "4.8", "nvme", 2, 1, NULL, NULL, NULL, 0},
	{"4.10", "2.8", "4.8", "nvme", 3, 1, NULL, NULL, NULL, 0},
	{"4.11", "2.0", "4.4", "nvme", 2, 2, NULL, NULL, NULL, 0},
	{"4.10", "2.8", "4.8", "nic", 3, 1, NULL, NULL, NULL, 0},
	{"4.11", "2.0", "4.4", "nic", 3, 1, NULL, NULL, NULL, 0},
	{"2.6.38", "2.8", "4.8", "nic", 3, 1, NULL, NULL, NULL, 0},
	{"4.11", "2.8", "4.8", "single", 4, 1, NULL, NULL, NULL, 0},
	{"4.10", "2.8", "4.8", "nic", 4, 1, NULL, NULL, NULL, 0},
	{"4.10", "2.8", "4.8", "nvme", 2, 2, "g-lookup=array", NULL, NULL, 0},
	{"4.11", "2.8", "4.19", "nvme", 2, 2, NULL, NULL, NULL, 0},
	/* Where step_op_rest_may_free answers from the state: entries that
	 * stay assigned across a disable (QEMU 2.0, qemu-xen-traditional),
	 * MSI (`mapped`, the first enable), several vectors on an old kernel. */
	{"4.10", "2.8", "4.8", "nvme", 2, 3, NULL, NULL, NULL, 0},
	{"4.10", "2.0", "4.4", "nic", 2, 2, NULL, NULL, NULL, 0},
	{"4.10", "traditional", "4.4", "nic", 2, 2, NULL, NULL, NULL, 0},
	{"4.11", "2.0", "4.4", "nvme", 2, 2, NULL, "msi", NULL, 0},
	{"4.10", "2.8", "4.8", "nic", 3, 1, NULL, "msi", NULL, 0},
	{"4.10", "2.0", "4.4", "nic", 3, 1, NULL, "msi", NULL, 0},
	/* Fixed kernels on QEMU >= 2.1, where dead message shadows are
	 * forgotten: pirqs released and handed to another device. */
	{"4.11", "2.8", "4.8", "nvme", 3, 2, NULL, NULL, NULL, 0},
	{"4.11", "2.8", "4.8", "nic", 3, 1, NULL, NULL, NULL, 0},
	{"4.11", "2.8", "4.8", "nic", 2, 2, NULL, NULL, NULL, 0},
	{"4.11", "2.8", "4.19", "nic", 3, 1, NULL, NULL, NULL, 0},
	{"4.11", "2.8", "4.8", "nic", 3, 1, NULL, "msi", NULL, 0},
	/* Faults (issue 17): symmetry over the devices a fault does not tell
	 * apart, and partial-order reduction against the faults' futures. */
	{"4.11", "2.8", "4.8", "nvme", 2, 2, NULL, NULL, "hot-unplug", 0},
	{"4.11", "2.8", "4.8", "nvme", 3, 1, NULL, NULL, "hot-unplug", 0},
	{"4.10", "2.8", "4.8", "nvme", 2, 2, NULL, NULL, "hot-unplug", 0},
	{"4.11", "2.8", "4.8", "nic", 3, 1, NULL, NULL, "hot-unplug", 0},
	{"4.11", "2.8", "4.8", "nvme", 2, 1, NULL, NULL, "reload", 0},
	{"4.10", "2.8", "4.8", "nic", 2, 1, NULL, NULL, "reload", 0},
	{"4.11", "2.8", "4.8", "nvme", 2, 1, NULL, NULL, "flr", 0},
	{"4.11", "2.8", "4.8", "nvme", 2, 1, NULL, NULL, "irq-during-setup", 0},
	{"4.11", "2.8", "4.8", "nvme", 2, 1, NULL, NULL, "flr@nvme0", 0},
	{"4.11", "2.8", "4.8", "nvme", 2, 1, NULL, NULL, "map-pirq-enomem", 0},
	{"4.11", "2.8", "4.8", "nic", 2, 1, NULL, NULL, "bind-pirq-enospc", 0},
	{"4.11", "2.0", "4.4", "nvme", 2, 1, NULL, NULL, "hot-unplug", 0},
	/* Past the first bounds (int8_t pirq handles, 120 MSI pirqs): pirqs
	 * numbered from the top of a range of 300, and pirq sets of five
	 * words in the partial-order reduction. */
	{"4.10", "2.8", "4.8", "nvme", 2, 2, NULL, NULL, NULL, 300},
	{"4.11", "2.8", "4.8", "nvme", 3, 2, NULL, NULL, NULL, 300},
};

struct outcome {
	unsigned mask;
	unsigned kinds;                /* kinds of violation, sorted in `kind` */
	struct violation kind[CHECK_KINDS_MAX];
	bool kinds_over;
	uint64_t stored, audit_failures;
	unsigned audit_flagged;
	size_t distinct;
};

static int kind_order(const void *a, const void *b)
{
	const struct violation *x = a, *y = b;
	int dx[3] = {(int)x->property, x->cause, x->mechanism}, dy[3] = {(int)y->property, y->cause, y->mechanism};
	for (unsigned i = 0; i < 3; i++)
		if (dx[i] != dy[i])
			return dx[i] < dy[i] ? -1 : 1;
	return 0;
}

static bool same_kinds(const struct outcome *a, const struct outcome *b)
{
	if (a->kinds != b->kinds || a->kinds_over || b->kinds_over)
		return false;
	for (unsigned i = 0; i < a->kinds; i++)
		if (!violation_same_kind(&a->kind[i], &b->kind[i]))
			return false;
	return true;
}

static int run(const pirqsim_model *model, unsigned reductions, struct state_set *set, struct outcome *out)
{
	struct check_hooks hooks = {.quiescent = collect, .data = set, .audit = reductions != 0};
	int rc = check_explore_all(model, reductions, &hooks, &out->stored);
	out->mask = hooks.violated_mask;
	out->kinds = hooks.kind_count;
	out->kinds_over = hooks.kinds_over;
	memcpy(out->kind, hooks.kind, sizeof(out->kind));
	qsort(out->kind, out->kinds, sizeof(out->kind[0]), kind_order);
	out->audit_failures = hooks.audit_failures;
	out->audit_flagged = hooks.audit_flagged;
	out->distinct = rc == 0 ? distinct(set) : 0;
	return rc;
}


/* With --quick (the sanitizer build's run), the scenarios of four devices
 * are left out: their unreduced searches (up to 2.7 million states) are
 * most of the test's time and add no code path the others miss. */
int main(int argc, char **argv)
{
	bool quick = argc > 1 && strcmp(argv[1], "--quick") == 0;
	unsigned passed = 0, failed = 0, skipped = 0;
	for (size_t i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++) {
		const struct scenario *s = &scenarios[i];
		if (quick && s->count >= 4) {
			skipped++;
			continue;
		}
		pirqsim_error *error = pirqsim_error_new();
		pirqsim_spec *spec = pirqsim_spec_new();
		pirqsim_spec_set_version(spec, "kernel", s->kernel, error);
		pirqsim_spec_set_version(spec, "qemu", s->qemu, error);
		pirqsim_spec_set_version(spec, "xen", s->xen, error);
		pirqsim_spec_add_devices(spec, s->driver, s->count, s->vectors, s->type ? s->type : "msix", error);
		if (s->extra_guest_irqs)
			pirqsim_spec_set_host(spec, "extra-guest-irqs", s->extra_guest_irqs, error);
		if (s->knob) {
			char name[32];
			const char *eq = strchr(s->knob, '=');
			snprintf(name, sizeof(name), "%.*s", (int)(eq - s->knob), s->knob);
			pirqsim_spec_set_knob(spec, name, eq + 1, error);
		}
		if (s->fault)
			pirqsim_spec_add_fault(spec, s->fault, error);
		pirqsim_model *model = pirqsim_model_new(spec, error);
		static uint8_t scratch[VARIANTS][16384], best[VARIANTS][16384]; /* packed states of the scenarios below fit */
		struct state_set set[VARIANTS];
		struct outcome out[VARIANTS];
		memset(out, 0, sizeof(out));
		for (unsigned k = 0; k < VARIANTS; k++) {
			set[k] = (struct state_set){.scratch = scratch[k], .best = best[k]};
			if (model) {
				set[k].cfg = model_config(model);
				set[k].size = pirqsim_model_state_bytes(model);
				symmetry_classes(set[k].cfg, set[k].class_of);
				renumber_init(&set[k].renumber, set[k].cfg);
				canon_init(&set[k].dead, set[k].cfg, REDUCE_DEAD);
			}
		}
		bool ran = model && run(model, 0, &set[0], &out[0]) == 0;
		for (unsigned k = 1; k < VARIANTS; k++) {
			bool ok = ran && run(model, variant[k].reductions, &set[k], &out[k]) == 0;
			ok = ok && out[k].mask == out[0].mask && same_kinds(&out[k], &out[0]) && out[k].distinct == out[0].distinct &&
			     out[k].audit_failures == 0 && memcmp(set[k].bytes, set[0].bytes, out[0].distinct * set[0].size) == 0;
			printf("%s Linux %s QEMU %s Xen %s %u x %s/%u%s%s%s%s, %s: states %llu -> %llu, quiescent orbits %zu / %zu, "
			       "violations %#x / %#x, kinds %u / %u, audit failures %llu (audits %#x)\n", ok ? "ok  " : "FAIL", s->kernel, s->qemu,
			       s->xen, s->count, s->driver, s->vectors, s->type ? " " : "", s->type ? s->type : "",
			       s->knob || s->fault ? " " : "", s->knob ? s->knob : s->fault ? s->fault : "",
			       variant[k].name, (unsigned long long)out[0].stored, (unsigned long long)out[k].stored,
			       out[0].distinct, out[k].distinct, out[0].mask, out[k].mask, out[0].kinds, out[k].kinds,
			       (unsigned long long)out[k].audit_failures, out[k].audit_flagged);
			passed += ok;
			failed += !ok;
		}
		for (unsigned k = 0; k < VARIANTS; k++)
			free(set[k].bytes);
		pirqsim_model_free(model);
		pirqsim_spec_free(spec);
		pirqsim_error_free(error);
	}
	if (skipped)
		printf("(--quick: %u scenarios of four devices left out)\n", skipped);
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
