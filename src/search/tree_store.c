/*
 * tree_store.c - tree compression of the visited states (see tree_store.h).
 * Hash: xxHash's XXH3 64-bit over a node's 8-byte key, inlined
 * (XXH_INLINE_ALL): a key is hashed for every lookup the cursor's cache of
 * nodes met last does not answer (recent_home), and the library call would
 * cost more than the hash.
 */
#include "search/tree_store.h"
#include "search/region.h"

#include <assert.h>
#include <stdlib.h>
#include <sched.h>
#include <string.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

/* Entries: node tables key (8) | index (4), root table key (the root's
 * children's indices).  An entry is empty iff its last 4 bytes are zero:
 * indices are never 0. */
#define NODE_ENTRY 12u
#define ROOT_ENTRY (TREE_ROOT_FAN * 4u)
_Static_assert(ROOT_ENTRY == 16, "root_insert compares a root key as two 8-byte words");
#define BITS_START 12u
#define BITS_MAX 40u
/* Probe sequences run up from their home and never wrap: a table has
 * TAIL slots past its 1 << bits homes.  Without wrapping, doubling can
 * rehash in place (table_grow). */
#define TAIL 1024u
/* Entries table_grow may set aside (twice the longest displacement). */
#define STASH_ENTRIES (2 * TAIL)
/* Entries of a cursor's caches of nodes and roots met last. */
#define RECENT_BITS 12u
#define RECENT_ROOT_BITS 11u

/* Linear probing stays short below 3/4 full; a table that may not double
 * (budget) fills on to 7/8 before the store reports itself full. */
static uint64_t grow_at(unsigned bits) { return (3ull << bits) / 4; }
static uint64_t full_at(unsigned bits) { return (7ull << bits) / 8; }

static uint64_t load64(const uint8_t *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}

static uint32_t load32(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

static uint64_t hash_key(uint64_t key) { return XXH3_64bits(&key, sizeof(key)); }

/* An entry's key: all of a root entry, the first 8 bytes of a node's. */
static size_t key_bytes(const struct tree_table *a) { return a->entry == NODE_ENTRY ? 8 : a->entry; }

static bool occupied(const struct tree_table *a, const uint8_t *e) { return load32(e + a->entry - 4) != 0; }

/* A slot's home: the top bits of the hash, so that doubling sends the
 * entries homed at slot i to homes 2i and 2i + 1. */
static uint64_t home(uint64_t hash, unsigned bits) { return hash >> (64 - bits); }

static uint64_t table_slots(unsigned bits) { return (1ull << bits) + TAIL; }
static size_t table_bytes(const struct tree_table *a) { return (size_t)a->entry * table_slots(a->bits); }

/* Address space for a table: region.h (reserved lazily; huge pages past
 * REGION_HUGE_FROM; small tables kept for the thread's next store). */
static void advise_huge(struct tree_table *a)
{
	if (!a->huge && table_bytes(a) >= REGION_HUGE_FROM) {
		region_advise_huge(a->slot, a->region_bytes);
		a->huge = true;
	}
}

/* The table starts at 1 << bits homes, in a region as large as the
 * largest table the budget could hold (a node table: that its 32-bit
 * indices could fill). */
static int table_init(struct tree_table *a, unsigned entry, unsigned bits, uint64_t memory_max)
{
	unsigned bits_max = bits, cap = entry == NODE_ENTRY ? 33 : BITS_MAX;
	while (bits_max < cap && entry * table_slots(bits_max + 1) <= memory_max)
		bits_max++;
	memset(a, 0, sizeof(*a));
	a->entry = entry;
	a->bits = bits;
	a->region_bytes = (size_t)entry * table_slots(bits_max);
	a->slot = region_reserve(a->region_bytes);
	a->stash = malloc(STASH_ENTRIES * (size_t)entry);
	a->grow_at = grow_at(bits);
	a->full_at = full_at(bits);
	if (a->slot)
		advise_huge(a);
	return a->slot && a->stash ? 0 : -1;
}

static void table_free(struct tree_table *a)
{
	if (a->slot)
		region_release(a->slot, a->region_bytes, table_bytes(a));
	free(a->stash);
	a->slot = NULL;
	a->stash = NULL;
}

/* Put entry `e` at the first empty slot from its home (a rehash: the
 * table has room, and `e` is not in it). */
static void place(struct tree_table *a, const uint8_t *e)
{
	uint64_t h = home(XXH3_64bits(e, key_bytes(a)), a->bits), i = h;
	while (occupied(a, a->slot + i * a->entry))
		i++;
	assert(i < table_slots(a->bits));
	memcpy(a->slot + i * a->entry, e, a->entry);
	if (i - h > a->displacement_max)
		a->displacement_max = i - h;
}

/* Double `a` in place, if the budget holds every table with it; else it
 * stays and fills to full_at.  Keys are rehashed; indices stay as they
 * are, so no tree changes.  In place, so that the table's old and new
 * copies never take memory together:
 * an entry at slot p >= 2D (D: the longest displacement) has its home h
 * >= p - D, so its new home 2h or 2h + 1 is >= p.  Moving the entries
 * from the top down, each new home lies in slots already emptied or new,
 * never in one still to be moved.  The entries below 2D are set aside
 * first and placed last. */
static void table_grow(struct tree_store *t, struct tree_table *a)
{
	unsigned entry = a->entry, bits = a->bits + 1;
	uint64_t old_slots = table_slots(a->bits), low = 2 * a->displacement_max;
	size_t old = table_bytes(a), bytes = entry * table_slots(bits);
	if (bytes > a->region_bytes || t->bytes - old + bytes > t->memory_max || low > STASH_ENTRIES) {
		a->grow_at = UINT64_MAX;
		return;
	}
	uint64_t stashed = 0;
	for (uint64_t p = 0; p < low && p < old_slots; p++) {
		uint8_t *e = a->slot + p * entry;
		if (occupied(a, e)) {
			memcpy(a->stash + stashed++ * entry, e, entry);
			memset(e, 0, entry);
		}
	}
	a->bits = bits;
	a->displacement_max = 0;
	for (uint64_t p = old_slots; p-- > low;) {
		uint8_t *e = a->slot + p * entry, moving[ROOT_ENTRY > NODE_ENTRY ? ROOT_ENTRY : NODE_ENTRY];
		if (!occupied(a, e))
			continue;
		memcpy(moving, e, entry);
		memset(e, 0, entry);
		place(a, moving);
	}
	for (uint64_t k = 0; k < stashed; k++)
		place(a, a->stash + k * entry);
	t->bytes += bytes - old;
	a->grow_at = grow_at(bits);
	a->full_at = full_at(bits);
	advise_huge(a);
}

static void prefetch(const struct tree_table *a, uint64_t hash)
{
	__builtin_prefetch(a->slot + home(hash, a->bits) * a->entry);
}

/* The index of the node with `key` in node table `a`, added if new; 0 if
 * the table is full (or its 32-bit indices are used up). */
static uint32_t node_index(struct tree_table *a, uint64_t key, uint64_t hash)
{
	uint64_t h = home(hash, a->bits), end = table_slots(a->bits), i;
	uint8_t *e = a->slot + h * NODE_ENTRY;
	for (i = h; i < end; i++, e += NODE_ENTRY) {
		uint32_t index = load32(e + 8);
		if (index == 0)
			break;
		if (load64(e) == key)
			return index;
	}
	if (i == end || a->used >= a->full_at || a->next_index == UINT32_MAX)
		return 0;
	uint32_t index = ++a->next_index;
	memcpy(e, &key, 8);
	memcpy(e + 8, &index, 4);
	a->used++;
	if (i - h > a->displacement_max)
		a->displacement_max = i - h;
	return index;
}

static enum tree_result root_insert(struct tree_store *t, const uint32_t key[TREE_ROOT_FAN])
{
	struct tree_table *a = &t->table[0];
	if (a->used >= a->grow_at)
		table_grow(t, a);
	uint64_t h = home(XXH3_64bits(key, ROOT_ENTRY), a->bits), end = table_slots(a->bits);
	const uint8_t *k = (const uint8_t *)key;
	for (uint64_t i = h; i < end; i++) {
		uint8_t *e = a->slot + i * ROOT_ENTRY;
		if (load64(e) == load64(k) && load64(e + 8) == load64(k + 8))
			return TREE_SEEN;
		if (!occupied(a, e)) {
			if (a->used >= a->full_at)
				return TREE_FULL;
			memcpy(e, key, ROOT_ENTRY);
			a->used++;
			if (i - h > a->displacement_max)
				a->displacement_max = i - h;
			return TREE_NEW;
		}
	}
	return TREE_FULL;
}

/* ---- shape ------------------------------------------------------------------ */

/* Split span k into `parts` near-equal spans (the first ones one leaf
 * longer) appended at `tail`; children's ids go to `child`. */
static unsigned split(struct tree_store *t, uint32_t (*span)[2], uint8_t *depth, unsigned k, unsigned tail,
                      unsigned parts, uint32_t *child)
{
	uint32_t id = t->nodes - 1 - k, first = span[k][0], count = span[k][1];
	for (unsigned j = 0; j < parts; j++, tail++) {
		uint32_t length = count / parts + (j < count % parts);
		span[tail][0] = first;
		span[tail][1] = length;
		depth[tail] = depth[k] + 1;
		first += length;
		child[j] = t->nodes - 1 - tail;
		t->parent[t->nodes - 1 - tail] = id;
	}
	return tail;
}

/* A balanced tree over the leaves (a 4-ary root, then halves, the left
 * one taking the odd leaf), listed breadth-first, so by depth; node k of
 * that list gets id nodes - 1 - k, which puts the deepest first and the
 * root last. */
static int build_shape(struct tree_store *t)
{
	unsigned n = t->nodes, tail = 1;
	uint32_t (*span)[2] = malloc(n * sizeof(*span)); /* first leaf, leaf count */
	uint8_t *depth = malloc(n);
	if (!span || !depth) {
		free(span);
		free(depth);
		return -1;
	}
	span[0][0] = 0;
	span[0][1] = t->leaves;
	depth[0] = 0;
	t->parent[n - 1] = n - 1;
	for (unsigned k = 0; k < n; k++) {
		uint32_t id = n - 1 - k, first = span[k][0], count = span[k][1];
		if (depth[k] + 1u > t->depths)
			t->depths = depth[k] + 1u;
		if (count == 1) {
			t->child[id][0] = first;
			t->child[id][1] = TREE_LEAF;
			t->leaf_node[first] = id;
		} else {
			tail = split(t, span, depth, k, tail, k == 0 ? TREE_ROOT_FAN : 2, k == 0 ? t->root_child : t->child[id]);
		}
	}
	if (t->depths > TREE_DEPTH_MAX) {
		free(span);
		free(depth);
		return -1;
	}
	for (unsigned d = 0; d <= t->depths; d++)
		t->level_first[d] = n;
	for (unsigned k = 0; k < n; k++) {
		t->depth[n - 1 - k] = depth[k];
		if (n - 1 - k < t->level_first[depth[k]])
			t->level_first[depth[k]] = n - 1 - k;
	}
	t->level_first[t->depths] = 0;
	free(span);
	free(depth);
	return 0;
}

int tree_cursor_init(const struct tree_store *t, struct tree_cursor *c)
{
	unsigned n = t->nodes;
	*c = (struct tree_cursor){0};
	c->dirty = calloc(n, 1);
	c->marked_list = malloc(n * sizeof(*c->marked_list));
	c->hash = malloc(n * sizeof(*c->hash));
	c->key = malloc(n * sizeof(*c->key));
	c->scratch_memory = malloc(tree_store_ref_size(t));
	c->recent = calloc(1u << RECENT_BITS, sizeof(*c->recent));
	c->recent_root = calloc(1u << RECENT_ROOT_BITS, sizeof(*c->recent_root));
	if (!c->dirty || !c->marked_list || !c->hash || !c->key || !c->scratch_memory || !c->recent || !c->recent_root) {
		tree_cursor_free(c);
		return -1;
	}
	tree_store_ref_bind(t, &c->scratch, c->scratch_memory);
	return 0;
}

void tree_cursor_free(struct tree_cursor *c)
{
	free(c->dirty);
	free(c->marked_list);
	free(c->hash);
	free(c->key);
	free(c->scratch_memory);
	free(c->recent);
	free(c->recent_root);
	*c = (struct tree_cursor){0};
}

int tree_store_init(struct tree_store *t, unsigned state_size, uint64_t memory_max)
{
	memset(t, 0, sizeof(*t));
	t->state_size = state_size;
	t->memory_max = memory_max;
	t->leaves = state_size > 8 * TREE_ROOT_FAN ? (state_size + 7) / 8 : TREE_ROOT_FAN;
	/* Each of the root's binary subtrees over m leaves has 2m - 1 nodes. */
	t->nodes = 2 * t->leaves - TREE_ROOT_FAN + 1;
	unsigned n = t->nodes;
	t->child = malloc(n * sizeof(*t->child));
	t->parent = malloc(n * sizeof(*t->parent));
	t->leaf_node = malloc(t->leaves * sizeof(*t->leaf_node));
	t->depth = malloc(n);
	if (!t->child || !t->parent || !t->leaf_node || !t->depth || build_shape(t) != 0 ||
	    tree_cursor_init(t, &t->own) != 0) {
		tree_store_free(t);
		return -1;
	}
	/* Start small unless the budget is smaller still. */
	unsigned bits = BITS_START;
	while (bits > 4 && (uint64_t)ROOT_ENTRY * t->depths * table_slots(bits) * 2 > memory_max)
		bits--;
	for (unsigned d = 0; d < t->depths; d++) {
		if (table_init(&t->table[d], d ? NODE_ENTRY : ROOT_ENTRY, bits, memory_max) != 0) {
			tree_store_free(t);
			return -1;
		}
		t->bytes += table_bytes(&t->table[d]);
	}
	return 0;
}


void tree_store_free(struct tree_store *t)
{
	for (unsigned d = 0; d < TREE_DEPTH_MAX; d++)
		table_free(&t->table[d]);
	tree_cursor_free(&t->own);
	free(t->child);
	free(t->parent);
	free(t->leaf_node);
	free(t->depth);
	t->child = NULL;
	t->parent = t->leaf_node = NULL;
	t->depth = NULL;
}

size_t tree_store_ref_size(const struct tree_store *t)
{
	return t->leaves * sizeof(uint64_t) + (t->nodes - 1) * sizeof(uint32_t);
}

void tree_store_ref_bind(const struct tree_store *t, struct tree_ref *ref, void *memory)
{
	ref->leaf = memory;
	ref->node = (uint32_t *)(void *)(ref->leaf + t->leaves);
	/* The padding past state_size stays zero: inserts copy state_size bytes. */
	memset(ref->leaf, 0, t->leaves * sizeof(uint64_t));
}

/* ---- insertion -------------------------------------------------------------- */

/* Mark node `id` and its ancestors up to the first already marked. */
static void mark(const struct tree_store *t, struct tree_cursor *c, uint32_t id)
{
	while (!c->dirty[id]) {
		unsigned d = t->depth[id];
		c->dirty[id] = 1;
		c->marked_list[t->level_first[d] + c->marked[d]++] = id;
		id = t->parent[id];
	}
}

static uint64_t key_of(const struct tree_store *t, const struct tree_ref *out, uint32_t id)
{
	const uint32_t *c = t->child[id];
	if (c[1] == TREE_LEAF)
		return out->leaf[c[0]];
	return out->node[c[0]] | (uint64_t)out->node[c[1]] << 32;
}

/* ---- shared use ------------------------------------------------------------ */

void tree_store_share(struct tree_store *t) { t->shared = true; }

static void count_added(struct tree_table *a, struct tree_cursor *c, unsigned d)
{
	if (++c->uncounted[d] >= 16) {
		__atomic_add_fetch(&a->used, c->uncounted[d], __ATOMIC_RELAXED);
		c->uncounted[d] = 0;
	}
}

static void count_all(struct tree_store *t, struct tree_cursor *c)
{
	for (unsigned d = 0; d < t->depths; d++) {
		if (c->uncounted[d])
			__atomic_add_fetch(&t->table[d].used, c->uncounted[d], __ATOMIC_RELAXED);
		c->uncounted[d] = 0;
	}
}

void tree_store_join(struct tree_store *t, struct tree_cursor *c, unsigned member)
{
	assert(member < TREE_MEMBERS_MAX);
	c->member = member;
	__atomic_add_fetch(&t->member_count, 1, __ATOMIC_RELAXED);
	__atomic_store_n(&t->members[member].present, true, __ATOMIC_RELEASE);
}

void tree_store_leave(struct tree_store *t, struct tree_cursor *c)
{
	count_all(t, c);
	__atomic_store_n(&t->members[c->member].present, false, __ATOMIC_RELEASE);
}

/* If a pause is asked for, count what this thread added and wait it out. */
void tree_store_safepoint(struct tree_store *t, struct tree_cursor *c)
{
	if (!t->shared)
		return;
	uint64_t pause = __atomic_load_n(&t->pause, __ATOMIC_ACQUIRE);
	if (!(pause & 1))
		return;
	count_all(t, c);
	__atomic_store_n(&t->members[c->member].parked, pause, __ATOMIC_RELEASE);
	for (unsigned spins = 0; __atomic_load_n(&t->pause, __ATOMIC_ACQUIRE) == pause; spins++)
		if (spins > 64)
			sched_yield();
}

/* Is table a due to double before `count` more entries?  Each member may
 * hold up to 15 entries it has not counted yet. */
static bool due(const struct tree_store *t, const struct tree_table *a, unsigned count)
{
	uint64_t slack = 16ull * __atomic_load_n(&t->member_count, __ATOMIC_RELAXED);
	return __atomic_load_n(&a->used, __ATOMIC_RELAXED) + count + slack >= a->grow_at;
}

/* Double the tables that are due (table `a` before `count` more entries),
 * every other member parked.  If another thread is pausing already, park
 * instead: the tables keep room past grow_at for what may come meanwhile. */
static void grow_paused(struct tree_store *t, struct tree_cursor *c, struct tree_table *a, unsigned count)
{
	uint64_t even = __atomic_load_n(&t->pause, __ATOMIC_ACQUIRE);
	if ((even & 1) || !__atomic_compare_exchange_n(&t->pause, &even, even + 1, false, __ATOMIC_ACQ_REL,
	                                                __ATOMIC_RELAXED)) {
		tree_store_safepoint(t, c);
		return;
	}
	count_all(t, c);
	for (unsigned m = 0; m < TREE_MEMBERS_MAX; m++) {
		if (m == c->member)
			continue;
		for (unsigned spins = 0; __atomic_load_n(&t->members[m].present, __ATOMIC_ACQUIRE) &&
		                         __atomic_load_n(&t->members[m].parked, __ATOMIC_ACQUIRE) != even + 1;
		     spins++)
			if (spins > 64)
				sched_yield();
	}
	for (unsigned d = 0; d < t->depths; d++)
		if (due(t, &t->table[d], &t->table[d] == a ? count : 0))
			table_grow(t, &t->table[d]);
	__atomic_store_n(&t->pause, even + 2, __ATOMIC_RELEASE);
}

/* Before a table operation of `count` entries at most: park if a pause is
 * asked for; pause to double the table if it is due. */
static void before_shared(struct tree_store *t, struct tree_cursor *c, struct tree_table *a, unsigned count)
{
	tree_store_safepoint(t, c);
	if (due(t, a, count))
		grow_paused(t, c, a, count);
}

static void note_displacement(struct tree_table *a, uint64_t distance)
{
	uint64_t seen = __atomic_load_n(&a->displacement_max, __ATOMIC_RELAXED);
	while (distance > seen && !__atomic_compare_exchange_n(&a->displacement_max, &seen, distance, true,
	                                                        __ATOMIC_RELAXED, __ATOMIC_RELAXED))
		;
}

/* The next index of this thread's block for table d (a new block of 64 when
 * it is used up); 0 if the table's 32-bit indices are. */
static uint32_t peek_index(struct tree_table *a, struct tree_cursor *c, unsigned d)
{
	if (c->index_next[d] == c->index_end[d]) {
		uint32_t first = __atomic_fetch_add(&a->next_index, 64, __ATOMIC_RELAXED);
		if (first >= UINT32_MAX - 128)
			return 0;
		c->index_next[d] = first + 1;
		c->index_end[d] = first + 65;
	}
	return c->index_next[d];
}

/* Wait while entry `e`'s last word says it is being written; returns it. */
static uint32_t settled(const struct tree_table *a, uint8_t *e)
{
	uint32_t *last = (uint32_t *)(void *)(e + a->entry - 4), word;
	for (unsigned spins = 0; (word = __atomic_load_n(last, __ATOMIC_ACQUIRE)) == TREE_CLAIMED; spins++)
		if (spins > 64)
			sched_yield();
	return word;
}

/* Claim empty entry `e` for writing; false if another thread got there. */
static bool claim(const struct tree_table *a, uint8_t *e)
{
	uint32_t empty = 0;
	return __atomic_compare_exchange_n((uint32_t *)(void *)(e + a->entry - 4), &empty, TREE_CLAIMED, false,
	                                   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

static void publish(const struct tree_table *a, uint8_t *e, uint32_t word)
{
	__atomic_store_n((uint32_t *)(void *)(e + a->entry - 4), word, __ATOMIC_RELEASE);
}

/* node_index for shared use: find `key` or add it; 0 if full. */
static uint32_t shared_node_index(struct tree_table *a, struct tree_cursor *c, unsigned d, uint64_t key,
                                  uint64_t hash)
{
	uint64_t h = home(hash, a->bits), end = table_slots(a->bits);
	for (uint64_t i = h; i < end; i++) {
		uint8_t *e = a->slot + i * NODE_ENTRY;
		uint32_t index = settled(a, e);
		if (index == 0) {
			uint32_t mine = peek_index(a, c, d);
			if (mine == 0 || __atomic_load_n(&a->used, __ATOMIC_RELAXED) >= a->full_at)
				return 0;
			if (!claim(a, e)) {
				i--; /* look at it again, once written */
				continue;
			}
			memcpy(e, &key, 8);
			publish(a, e, mine);
			c->index_next[d]++;
			count_added(a, c, d);
			note_displacement(a, i - h);
			return mine;
		}
		if (load64(e) == key)
			return index;
	}
	return 0;
}

/* root_insert for shared use. */
static enum tree_result shared_root_insert(struct tree_store *t, struct tree_cursor *c, const uint32_t key[TREE_ROOT_FAN])
{
	struct tree_table *a = &t->table[0];
	uint64_t h = home(XXH3_64bits(key, ROOT_ENTRY), a->bits), end = table_slots(a->bits);
	const uint8_t *k = (const uint8_t *)key;
	for (uint64_t i = h; i < end; i++) {
		uint8_t *e = a->slot + i * ROOT_ENTRY;
		uint32_t last = settled(a, e);
		if (last == 0) {
			if (__atomic_load_n(&a->used, __ATOMIC_RELAXED) >= a->full_at)
				return TREE_FULL;
			if (!claim(a, e)) {
				i--;
				continue;
			}
			memcpy(e, key, ROOT_ENTRY - 4);
			publish(a, e, key[TREE_ROOT_FAN - 1]);
			count_added(a, c, 0);
			note_displacement(a, i - h);
			return TREE_NEW;
		}
		/* The last word as settled() read it: other threads' claims
		 * touch only that word, and only with atomics. */
		if (last == key[TREE_ROOT_FAN - 1] && load64(e) == load64(k) && load32(e + 8) == load32(k + 8))
			return TREE_SEEN;
	}
	return TREE_FULL;
}

/* ---- insertion, continued ------------------------------------------------- */

/* A node's place in the cursor's cache of nodes met last.  Most lookups
 * end there (on 4 NVMe x 2, unreduced: 10 of every 12), so it is found by
 * a multiplicative hash of the key and depth (one multiply), and the
 * table's hash (XXH3) is computed only for a node the cache does not hold. */
static unsigned recent_home(uint64_t key, unsigned d)
{
	return (unsigned)(((key + d) * 0x9E3779B97F4A7C15ull) >> (64 - RECENT_BITS));
}

/* Look up the marked nodes of depth d (all independent of each other):
 * first hash every key and prefetch its home, so that their cache misses
 * overlap, then probe.  Returns -1 if the table is full. */
static int lookup_level(struct tree_store *t, struct tree_cursor *c, struct tree_ref *out, unsigned d)
{
	struct tree_table *a = &t->table[d];
	const uint32_t *list = c->marked_list + t->level_first[d];
	unsigned count = c->marked[d];
	c->marked[d] = 0;
	if (count == 0)
		return 0;
	if (t->shared)
		before_shared(t, c, a, count);
	else if (a->used + count >= a->grow_at)
		table_grow(t, a);
	for (unsigned k = 0; k < count; k++) {
		uint32_t id = list[k];
		c->key[id] = key_of(t, out, id);
		c->dirty[id] = 0;
		const struct tree_recent *r = &c->recent[recent_home(c->key[id], d)];
		out->node[id] = r->key == c->key[id] && r->depth == d ? r->index : 0;
		if (out->node[id] == 0) {
			c->hash[id] = hash_key(c->key[id]);
			prefetch(a, c->hash[id]);
		}
	}
	for (unsigned k = 0; k < count; k++) {
		uint32_t id = list[k];
		if (out->node[id] != 0)
			continue;
		out->node[id] = t->shared ? shared_node_index(a, c, d, c->key[id], c->hash[id])
		                          : node_index(a, c->key[id], c->hash[id]);
		if (out->node[id] == 0)
			return -1;
		c->recent[recent_home(c->key[id], d)] =
			(struct tree_recent){.key = c->key[id], .index = out->node[id], .depth = d};
	}
	return 0;
}

/* Look up the marked nodes, deepest first, unmarking them; the root's key
 * decides.  A state whose leaves all equal its parent's is its parent,
 * stored already. */
static enum tree_result lookup_marked(struct tree_store *t, struct tree_cursor *c, struct tree_ref *out)
{
	uint32_t root = t->nodes - 1;
	for (unsigned d = t->depths - 1; d >= 1; d--) {
		if (lookup_level(t, c, out, d) != 0) {
			memset(c->dirty, 0, t->nodes);
			memset(c->marked, 0, sizeof(c->marked));
			return TREE_FULL;
		}
	}
	if (!c->dirty[root])
		return TREE_SEEN;
	c->dirty[root] = 0;
	c->marked[0] = 0;
	uint32_t key[TREE_ROOT_FAN];
	for (unsigned j = 0; j < TREE_ROOT_FAN; j++)
		key[j] = out->node[t->root_child[j]];
	/* A root met lately is stored: the state is seen. */
	uint64_t k0 = (uint64_t)key[0] | (uint64_t)key[1] << 32, k1 = (uint64_t)key[2] | (uint64_t)key[3] << 32;
	uint64_t *recent = c->recent_root[((k0 * 0x9E3779B97F4A7C15ull) ^ (k1 * 0xC2B2AE3D27D4EB4Full)) >>
	                                  (64 - RECENT_ROOT_BITS)];
	if (recent[0] == k0 && recent[1] == k1)
		return TREE_SEEN;
	enum tree_result r;
	if (!t->shared) {
		r = root_insert(t, key);
	} else {
		before_shared(t, c, &t->table[0], 1);
		r = shared_root_insert(t, c, key);
	}
	if (r != TREE_FULL) {
		recent[0] = k0;
		recent[1] = k1;
	}
	return r;
}

/* Two leaves as one vector (GCC's and Clang's vector extensions: SSE2 on
 * x86-64, which the compiler does not use here by itself). */
typedef uint64_t leaf_pair __attribute__((vector_size(16)));

static leaf_pair leaf_pair_at(const uint64_t *p)
{
	leaf_pair v;
	memcpy(&v, p, sizeof(v));
	return v;
}

enum tree_result tree_store_insert_with(struct tree_store *t, struct tree_cursor *c, const uint8_t *state,
                                        const struct tree_ref *parent, struct tree_ref *out)
{
	if (state != (const uint8_t *)out->leaf)
		memcpy(out->leaf, state, t->state_size);
	if (!parent) {
		for (unsigned i = 0; i < t->leaves; i++)
			mark(t, c, t->leaf_node[i]);
		return lookup_marked(t, c, out);
	}
	memcpy(out->node, parent->node, (t->nodes - 1) * sizeof(uint32_t));
	/* The changed leaves as bit masks, 64 leaves at a time.  A step
	 * changes a few leaves of dozens: a group of 8 is tested at once (its
	 * leaves' differences or'ed, two at a time), and only a group
	 * that differs is looked at leaf by leaf, without a branch a leaf
	 * (which of them changed is unpredictable).  This test was the
	 * largest single cost of an insertion: 10 instructions a leaf. */
	const uint64_t *now = out->leaf, *was = parent->leaf;
	for (unsigned base = 0; base < t->leaves; base += 64) {
		unsigned end = t->leaves - base < 64 ? t->leaves - base : 64;
		uint64_t changed = 0;
		unsigned i = 0;
		for (; i + 8 <= end; i += 8) {
			leaf_pair x[4];
			for (unsigned k = 0; k < 4; k++)
				x[k] = leaf_pair_at(now + base + i + 2 * k) ^ leaf_pair_at(was + base + i + 2 * k);
			leaf_pair any = (x[0] | x[1]) | (x[2] | x[3]);
			if ((any[0] | any[1]) == 0)
				continue;
			for (unsigned k = 0; k < 4; k++)
				changed |= ((uint64_t)(x[k][0] != 0) | (uint64_t)(x[k][1] != 0) << 1) << (i + 2 * k);
		}
		for (; i < end; i++)
			changed |= (uint64_t)(now[base + i] != was[base + i]) << i;
		for (; changed; changed &= changed - 1)
			mark(t, c, t->leaf_node[base + (unsigned)__builtin_ctzll(changed)]);
	}
	return lookup_marked(t, c, out);
}

enum tree_result tree_store_insert(struct tree_store *t, const uint8_t *state, const struct tree_ref *parent,
                                   struct tree_ref *out)
{
	return tree_store_insert_with(t, &t->own, state, parent, out);
}

uint64_t tree_store_bytes_used(const struct tree_store *t)
{
	uint64_t bytes = t->table[0].used * ROOT_ENTRY;
	for (unsigned d = 1; d < t->depths; d++)
		bytes += t->table[d].used * NODE_ENTRY;
	return bytes;
}
