/*
 * test_store.c - the tree-compressed store (src/search/tree_store.c) against
 * references.
 *
 * Unit cases (a table): random and near-duplicate vectors of several sizes
 * go into the tree store, each inserted from the tree of an earlier vector
 * (as the depth-first search does), from an unrelated one, or from none;
 * every answer must be the XOR-RLE store's, every tree must hold its
 * vector, and the number of new states must be the number of distinct
 * vectors (sorted, by brute force).  A small budget must end in
 * STORE_FULL, after which every stored vector is still found.
 *
 * Shared cases (a table): several threads insert one sequence of
 * near-duplicate vectors, each in its own order and from its own earlier
 * trees, into one shared tree store whose tables start small and double
 * under them (stop-the-world pauses): each distinct vector must be new to
 * exactly one insertion, every thread must get the same node indices for
 * equal vectors, every tree must hold its vector, and afterwards every
 * vector must be found.
 *
 * Search cases: the depth-first search must count exactly the same states,
 * matches, transitions and depth with the tree store as with the XOR-RLE
 * store, with and without symmetry and partial-order reduction, and a
 * small budget must end it as inconclusive.
 * Prints "N passed, M failed" last.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search/search.h"
#include "pirqsim.h"
#include "search/store.h"

static unsigned passed, failed;

static void check(int condition, const char *name, const char *what)
{
	if (condition) {
		passed++;
		printf("ok   %s: %s\n", name, what);
		return;
	}
	failed++;
	printf("FAIL %s: %s\n", name, what);
}

static uint64_t rng_state;

static uint64_t next_random(void) /* splitmix64 */
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* ---- unit cases ------------------------------------------------------------ */

struct unit_case {
	const char *name;
	unsigned state_size;
	unsigned inserts;
	unsigned changes;    /* bytes changed from the parent; 0: every vector random */
	unsigned values;     /* changed bytes take values 0 .. values-1 (few: many duplicates) */
	uint64_t memory_max; /* tree store budget */
	bool full;           /* must end full */
};

static const struct unit_case unit_cases[] = {
	{"random 333 B", 333, 20000, 0, 256, 64ull << 20, false},
	{"random 9 B", 9, 20000, 0, 256, 64ull << 20, false},
	{"near-duplicates 333 B, 1 byte", 333, 200000, 1, 4, 64ull << 20, false},
	{"near-duplicates 367 B, 3 bytes", 367, 200000, 3, 3, 64ull << 20, false},
	{"near-duplicates 64 B, 2 bytes", 64, 200000, 2, 2, 64ull << 20, false},
	{"near-duplicates 17 B, 1 byte", 17, 100000, 1, 8, 64ull << 20, false},
	{"near-duplicates 8 B, 1 byte", 8, 50000, 1, 64, 64ull << 20, false},
	{"near-duplicates 1 B", 1, 2000, 1, 256, 64ull << 20, false},
	{"near-duplicates 1000 B, 4 bytes", 1000, 100000, 4, 16, 64ull << 20, false},
	{"full: 256 KiB for 100000 states", 333, 100000, 2, 256, 256ull << 10, true},
	{"full: 16 KiB", 40, 100000, 0, 256, 16ull << 10, true},
};

#define POOL 64

static int compare_size;
static int compare_vectors(const void *a, const void *b) { return memcmp(a, b, (size_t)compare_size); }

static size_t distinct(uint8_t *vectors, size_t count, unsigned size)
{
	if (count == 0)
		return 0;
	compare_size = (int)size;
	qsort(vectors, count, size, compare_vectors);
	size_t n = 1;
	for (size_t i = 1; i < count; i++)
		if (memcmp(vectors + i * size, vectors + (n - 1) * size, size) != 0)
			memmove(vectors + n++ * size, vectors + i * size, size);
	return n;
}

struct unit_run {
	struct store tree, reference;
	uint8_t *base, *vector, *stored;  /* stored: every vector the tree store took as new */
	size_t stored_count;
	uint8_t *pool_memory;             /* POOL + 1 trees: the pool, and one to insert into */
	struct tree_ref pool[POOL + 1];
	uint8_t pool_vector[POOL + 1][1024];
	unsigned pool_size;
	uint64_t mismatches, bad_trees, full_at;
};

static bool tree_holds(const struct tree_ref *ref, const uint8_t *vector, unsigned size)
{
	return memcmp(ref->leaf, vector, size) == 0;
}

/* The next vector: random, or the vector of pool entry `from` with a few
 * bytes changed (maybe none: a self-loop). */
static void make_vector(const struct unit_case *c, struct unit_run *u, unsigned from)
{
	if (c->changes == 0 || u->pool_size == 0) {
		for (unsigned i = 0; i < c->state_size; i++)
			u->vector[i] = (uint8_t)next_random();
		return;
	}
	memcpy(u->vector, u->pool_vector[from], c->state_size);
	unsigned changes = (unsigned)(next_random() % (c->changes + 1));
	for (unsigned k = 0; k < changes; k++)
		u->vector[next_random() % c->state_size] = (uint8_t)(next_random() % c->values);
}

static void insert_one(const struct unit_case *c, struct unit_run *u)
{
	unsigned from = u->pool_size ? (unsigned)(next_random() % u->pool_size) : 0;
	make_vector(c, u, from);
	/* Mostly from the vector it came from; sometimes from another stored
	 * vector, or from nothing. */
	unsigned how = (unsigned)(next_random() % 8);
	const struct tree_ref *parent = u->pool_size == 0 || how == 0 ? NULL
	                                : how == 1 ? &u->pool[next_random() % u->pool_size] : &u->pool[from];
	struct tree_ref *out = &u->pool[POOL];
	enum store_result got = store_insert_tree(&u->tree, u->vector, parent, out);
	if (got == STORE_FULL) {
		if (!u->full_at)
			u->full_at = u->tree.count + 1;
		return;
	}
	enum store_result want = store_insert(&u->reference, u->vector);
	u->mismatches += got != want;
	u->bad_trees += !tree_holds(out, u->vector, c->state_size);
	if (got == STORE_NEW)
		memcpy(u->stored + u->stored_count++ * c->state_size, u->vector, c->state_size);
	/* Keep the new tree in the pool (a stored state's tree, as a frame). */
	unsigned slot = u->pool_size < POOL ? u->pool_size++ : (unsigned)(next_random() % POOL);
	struct tree_ref swap = u->pool[slot];
	u->pool[slot] = *out;
	u->pool[POOL] = swap;
	memcpy(u->pool_vector[slot], u->vector, c->state_size);
}

static void unit_case_run(const struct unit_case *c)
{
	struct unit_run u = {0};
	rng_state = c->state_size * 1000003ull + c->inserts;
	u.base = calloc(1, c->state_size);
	u.vector = malloc(c->state_size);
	u.stored = malloc((size_t)c->inserts * c->state_size);
	int rc = store_init_tree(&u.tree, c->state_size, c->memory_max);
	rc |= store_init(&u.reference, c->state_size, u.base, 1ull << 30, false);
	size_t ref_size = rc == 0 ? store_tree_ref_size(&u.tree) : 0;
	u.pool_memory = malloc(ref_size * (POOL + 1));
	if (rc != 0 || !u.base || !u.vector || !u.stored || !u.pool_memory || ref_size == 0) {
		check(0, c->name, "set up");
		return;
	}
	for (unsigned i = 0; i <= POOL; i++)
		store_tree_ref_bind(&u.tree, &u.pool[i], u.pool_memory + i * ref_size);
	for (unsigned i = 0; i < c->inserts; i++)
		insert_one(c, &u);
	char what[200];
	snprintf(what, sizeof(what), "%u inserts, %llu new, every answer the reference's (%llu differ), every tree its "
	         "vector's (%llu not)", c->inserts, (unsigned long long)u.tree.count, (unsigned long long)u.mismatches,
	         (unsigned long long)u.bad_trees);
	check(u.mismatches == 0 && u.bad_trees == 0 && u.tree.count == u.stored_count, c->name, what);
	if (c->full) {
		snprintf(what, sizeof(what), "full after %llu states", (unsigned long long)u.full_at);
		check(u.full_at > 0, c->name, what);
		/* Full: what is stored is still found. */
		uint64_t lost = 0;
		struct tree_ref *out = &u.pool[POOL];
		for (size_t i = 0; i < u.stored_count; i++)
			lost += store_insert_tree(&u.tree, u.stored + i * c->state_size, NULL, out) != STORE_SEEN;
		snprintf(what, sizeof(what), "still finds all %zu stored states (%llu not)", u.stored_count,
		         (unsigned long long)lost);
		check(lost == 0, c->name, what);
	} else {
		check(u.full_at == 0, c->name, "never full");
	}
	size_t n = distinct(u.stored, u.stored_count, c->state_size);
	snprintf(what, sizeof(what), "%zu new states, %zu distinct", u.stored_count, n);
	check(n == u.stored_count, c->name, what);
	store_free(&u.tree);
	store_free(&u.reference);
	free(u.base);
	free(u.vector);
	free(u.stored);
	free(u.pool_memory);
}

/* ---- shared cases ---------------------------------------------------------- */

struct shared_case {
	const char *name;
	unsigned state_size;
	unsigned vectors;
	unsigned changes;    /* bytes a vector changes from its parent vector */
	unsigned values;
	unsigned threads;
	uint64_t memory_max;
};

static const struct shared_case shared_cases[] = {
	{"2 threads, 333 B, 30000 vectors", 333, 30000, 2, 4, 2, 64ull << 20},
	{"4 threads, 64 B, 40000 vectors", 64, 40000, 2, 3, 4, 64ull << 20},
	{"3 threads, 1000 B, 8000 vectors", 1000, 8000, 3, 8, 3, 64ull << 20},
};

struct shared_run {
	const struct shared_case *c;
	struct store store;
	uint8_t *vectors;        /* vector k: vectors + k * state_size */
	unsigned *parent;        /* the vector it was made from (k for none) */
	size_t ref_size;
};

struct shared_thread {
	struct shared_run *run;
	unsigned id;
	struct tree_cursor cursor;
	uint8_t *trees;          /* this thread's tree of each vector, once inserted */
	uint8_t *done;           /* inserted by this thread */
	uint32_t (*root)[TREE_ROOT_FAN]; /* the root's children of each vector's tree */
	uint8_t *fresh;          /* the insertion found it new */
	uint64_t full, bad_trees;
	pthread_t thread;
};

/* Vector k's tree in `trees` (not bound: binding clears the leaves). */
static struct tree_ref tree_at(const struct shared_run *u, uint8_t *trees, unsigned k)
{
	struct tree_ref ref;
	ref.leaf = (uint64_t *)(void *)(trees + (size_t)k * u->ref_size);
	ref.node = (uint32_t *)(void *)(ref.leaf + u->store.tree->leaves);
	return ref;
}

/* Thread `id` inserts every vector in its own order (a stride through the
 * sequence), from its tree of the parent vector when it has one. */
static void *shared_thread_main(void *data)
{
	struct shared_thread *th = data;
	struct shared_run *u = th->run;
	const struct shared_case *c = u->c;
	/* A prime above the count: every vector once. */
	static const uint64_t stride[8] = {100003, 100019, 100043, 100049, 100057, 100069, 100103, 100109};
	for (unsigned n = 0; n < c->vectors; n++) {
		unsigned k = (unsigned)(((uint64_t)n * stride[th->id] + th->id * 7919u) % c->vectors);
		struct tree_ref out = tree_at(u, th->trees, k);
		struct tree_ref parent = tree_at(u, th->trees, u->parent[k]);
		bool from_parent = u->parent[k] != k && th->done[u->parent[k]];
		enum store_result r = store_insert_tree_with(&u->store, &th->cursor, u->vectors + (size_t)k * c->state_size,
		                                             from_parent ? &parent : NULL, &out);
		if (r == STORE_FULL) {
			th->full++;
			continue;
		}
		th->done[k] = 1;
		th->fresh[k] = r == STORE_NEW;
		for (unsigned j = 0; j < TREE_ROOT_FAN; j++)
			th->root[k][j] = out.node[u->store.tree->root_child[j]];
		th->bad_trees += memcmp(out.leaf, u->vectors + (size_t)k * c->state_size, c->state_size) != 0;
	}
	store_leave(&u->store, &th->cursor);
	return NULL;
}

static void shared_case_run(const struct shared_case *c)
{
	struct shared_run u = {.c = c};
	struct shared_thread th[8];
	char what[300];
	u.vectors = calloc(c->vectors, c->state_size);
	u.parent = calloc(c->vectors, sizeof(*u.parent));
	if (!u.vectors || !u.parent || store_init_tree(&u.store, c->state_size, c->memory_max) != 0) {
		check(0, c->name, "set-up");
		return;
	}
	store_share_tree(&u.store);
	u.ref_size = store_tree_ref_size(&u.store);
	rng_state = c->vectors;
	for (unsigned k = 0; k < c->vectors; k++) {
		uint8_t *v = u.vectors + (size_t)k * c->state_size;
		u.parent[k] = k ? (unsigned)(next_random() % k) : 0;
		memcpy(v, u.vectors + (size_t)u.parent[k] * c->state_size, c->state_size);
		for (unsigned j = 0; j < c->changes; j++)
			v[next_random() % c->state_size] = (uint8_t)(next_random() % c->values);
	}
	uint8_t *copy = malloc((size_t)c->vectors * c->state_size);
	memcpy(copy, u.vectors, (size_t)c->vectors * c->state_size);
	size_t distinct_count = distinct(copy, c->vectors, c->state_size);
	free(copy);
	unsigned started = 0;
	for (unsigned t = 0; t < c->threads; t++) {
		th[t] = (struct shared_thread){.run = &u, .id = t};
		th[t].trees = calloc(c->vectors, u.ref_size);
		th[t].done = calloc(c->vectors, 1);
		th[t].fresh = calloc(c->vectors, 1);
		th[t].root = calloc(c->vectors, sizeof(*th[t].root));
		if (!th[t].trees || !th[t].done || !th[t].fresh || !th[t].root || tree_cursor_init(u.store.tree, &th[t].cursor) != 0)
			break;
		store_join(&u.store, &th[t].cursor, t);
		started++;
	}
	for (unsigned t = 0; t < started; t++)
		pthread_create(&th[t].thread, NULL, shared_thread_main, &th[t]);
	for (unsigned t = 0; t < started; t++)
		pthread_join(th[t].thread, NULL);
	/* Each distinct vector new exactly once; equal vectors, equal roots. */
	uint64_t fresh = 0, root_mismatches = 0, bad_trees = 0, full = 0, not_found = 0;
	for (unsigned t = 0; t < started; t++) {
		bad_trees += th[t].bad_trees;
		full += th[t].full;
		for (unsigned k = 0; k < c->vectors; k++) {
			fresh += th[t].fresh[k];
			if (th[t].done[k] && th[0].done[k] && memcmp(th[t].root[k], th[0].root[k], sizeof(th[t].root[k])) != 0)
				root_mismatches++;
		}
	}
	struct tree_cursor after;
	tree_cursor_init(u.store.tree, &after);
	store_join(&u.store, &after, 0);
	for (unsigned k = 0; k < c->vectors; k++) {
		struct tree_ref out = tree_at(&u, th[0].trees, k);
		not_found += store_insert_tree_with(&u.store, &after, u.vectors + (size_t)k * c->state_size, NULL, &out) != STORE_SEEN;
	}
	store_leave(&u.store, &after);
	tree_cursor_free(&after);
	snprintf(what, sizeof(what), "%u threads x %u inserts, %llu new of %zu distinct, %llu root mismatches, "
	         "%llu bad trees, %llu full, %llu not found after",
	         started, c->vectors, (unsigned long long)fresh, distinct_count, (unsigned long long)root_mismatches,
	         (unsigned long long)bad_trees, (unsigned long long)full, (unsigned long long)not_found);
	check(started == c->threads && fresh == distinct_count && root_mismatches == 0 && bad_trees == 0 &&
	      full == 0 && not_found == 0, c->name, what);
	for (unsigned t = 0; t < started; t++) {
		tree_cursor_free(&th[t].cursor);
		free(th[t].trees);
		free(th[t].done);
		free(th[t].fresh);
		free(th[t].root);
	}
	store_free(&u.store);
	free(u.vectors);
	free(u.parent);
}

/* ---- search cases ------------------------------------------------------------ */

struct search_case {
	const char *builtin;               /* or versions and devices: */
	const char *kernel;
	unsigned nvme, queues;
	bool no_symmetry, no_por;
	uint64_t memory_max;               /* 0: default; else the search must end full */
};

static const struct search_case search_cases[] = {
	{NULL, "4.11", 2, 2, false, false, 0},
	{NULL, "4.11", 3, 2, false, false, 0},
	{NULL, "4.11", 4, 2, false, false, 0},
	{NULL, "4.11", 3, 2, true, false, 0},
	{NULL, "4.11", 3, 2, false, true, 0},
	{NULL, "4.11", 2, 2, true, true, 0},
	{NULL, "4.11", 2, 4, false, false, 0},
	{NULL, "4.10", 3, 1, false, false, 0},
	{NULL, "4.10", 3, 1, true, true, 0},
	{"nvme-2017", NULL, 0, 0, false, false, 0},
	{"nvme-2017", NULL, 0, 0, true, true, 0},
	{"nvme-2017-fixed", NULL, 0, 0, false, true, 0},
	{NULL, "4.11", 4, 2, true, true, 256ull << 10},
};

static pirqsim_model *search_model(const struct search_case *c)
{
	pirqsim_error *error = pirqsim_error_new();
	pirqsim_spec *spec = pirqsim_spec_new();
	if (c->builtin) {
		pirqsim_spec_builtin(spec, c->builtin, error);
	} else {
		pirqsim_spec_set_version(spec, "kernel", c->kernel, error);
		pirqsim_spec_set_version(spec, "qemu", "2.8", error);
		pirqsim_spec_set_version(spec, "xen", "4.8", error);
		pirqsim_spec_add_devices(spec, "nvme", c->nvme, c->queues, "msix", error);
	}
	pirqsim_model *model = pirqsim_model_new(spec, error);
	pirqsim_spec_free(spec);
	pirqsim_error_free(error);
	return model;
}

static void search_case_run(const struct search_case *c)
{
	char name[120], what[300];
	if (c->builtin)
		snprintf(name, sizeof(name), "search %s%s%s", c->builtin, c->no_symmetry ? " --no-symmetry" : "",
		         c->no_por ? " --no-por" : "");
	else
		snprintf(name, sizeof(name), "search Linux %s, %u nvme x %u%s%s", c->kernel, c->nvme, c->queues,
		         c->no_symmetry ? " --no-symmetry" : "", c->no_por ? " --no-por" : "");
	pirqsim_model *model = search_model(c);
	if (!model) {
		check(0, name, "model");
		return;
	}
	/* The tree store on one worker, the XOR-RLE store, the tree store on
	 * two and on three workers. */
	pirqsim_result *r[4];
	for (unsigned k = 0; k < 4; k++) {
		struct pirqsim_check_options o;
		pirqsim_check_options_init(&o);
		o.no_symmetry = c->no_symmetry;
		o.no_por = c->no_por;
		o.xor_rle_store = k == 1;
		o.threads = k < 2 ? 1 : k;
		if (c->memory_max)
			o.memory_max = c->memory_max;
		r[k] = pirqsim_check(model, &o);
	}
	if (!r[0] || !r[1] || !r[2] || !r[3]) {
		check(0, name, "search ran");
	} else if (c->memory_max) {
		const struct pirqsim_progress *s = pirqsim_result_statistics(r[0]);
		snprintf(what, sizeof(what), "%llu states in %llu bytes: inconclusive (\"%s\")",
		         (unsigned long long)s->states_stored, (unsigned long long)c->memory_max, pirqsim_result_limit(r[0]));
		check(pirqsim_result_verdict(r[0]) == PIRQSIM_INCONCLUSIVE &&
		      strstr(pirqsim_result_limit(r[0]), "store full") != NULL &&
		      pirqsim_result_verdict(r[2]) == PIRQSIM_INCONCLUSIVE &&
		      strstr(pirqsim_result_limit(r[2]), "store full") != NULL, name, what);
	} else {
		const struct pirqsim_progress *a = pirqsim_result_statistics(r[0]), *b = pirqsim_result_statistics(r[1]);
		snprintf(what, sizeof(what), "tree / xor-rle: verdict %d / %d, states %llu / %llu, matched %llu / %llu, "
		         "transitions %llu / %llu, depth %u / %u; %.1f / %.1f bytes a state",
		         pirqsim_result_verdict(r[0]), pirqsim_result_verdict(r[1]), (unsigned long long)a->states_stored,
		         (unsigned long long)b->states_stored, (unsigned long long)a->states_matched,
		         (unsigned long long)b->states_matched, (unsigned long long)a->transitions,
		         (unsigned long long)b->transitions, a->depth_max, b->depth_max,
		         a->states_stored ? (double)a->memory_bytes / (double)a->states_stored : 0.0,
		         b->states_stored ? (double)b->memory_bytes / (double)b->states_stored : 0.0);
		check(pirqsim_result_verdict(r[0]) == pirqsim_result_verdict(r[1]) &&
		      a->states_stored == b->states_stored && a->states_matched == b->states_matched &&
		      a->transitions == b->transitions && a->depth_max == b->depth_max &&
		      a->states_reduced == b->states_reduced &&
		      pirqsim_result_trail_length(r[0]) == pirqsim_result_trail_length(r[1]), name, what);
		/* More workers: the same states, matches and transitions when
		 * the search ends (which violation stops it first may differ). */
		for (unsigned k = 2; k < 4; k++) {
			const struct pirqsim_progress *m = pirqsim_result_statistics(r[k]);
			snprintf(what, sizeof(what), "%u workers / 1: verdict %d / %d, states %llu / %llu, matched %llu / %llu, "
			         "transitions %llu / %llu", k, pirqsim_result_verdict(r[k]), pirqsim_result_verdict(r[0]),
			         (unsigned long long)m->states_stored, (unsigned long long)a->states_stored,
			         (unsigned long long)m->states_matched, (unsigned long long)a->states_matched,
			         (unsigned long long)m->transitions, (unsigned long long)a->transitions);
			bool same_counts = pirqsim_result_verdict(r[0]) != PIRQSIM_HOLDS ||
			                   (m->states_stored == a->states_stored && m->states_matched == a->states_matched &&
			                    m->transitions == a->transitions);
			check(pirqsim_result_verdict(r[k]) == pirqsim_result_verdict(r[0]) && same_counts, name, what);
		}
	}
	for (unsigned k = 0; k < 4; k++)
		pirqsim_result_free(r[k]);
	pirqsim_model_free(model);
}

int main(void)
{
	for (size_t i = 0; i < sizeof(unit_cases) / sizeof(unit_cases[0]); i++)
		unit_case_run(&unit_cases[i]);
	for (size_t i = 0; i < sizeof(shared_cases) / sizeof(shared_cases[0]); i++)
		shared_case_run(&shared_cases[i]);
	for (size_t i = 0; i < sizeof(search_cases) / sizeof(search_cases[0]); i++)
		search_case_run(&search_cases[i]);
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
