/*
 * tree_store.c - tree compression of the visited states (see tree_store.h).
 * Hash: xxHash's XXH3 64-bit over a node's 8-byte key, inlined
 * (XXH_INLINE_ALL): a key is hashed for every lookup, and the library call
 * would cost more than the hash.
 */
#include "tree_store.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

/* Entries: node table key (8) | index (4), root table key (8).  An entry
 * is empty iff its last 4 bytes are zero: a node's index is never 0, and a
 * root key's high half is its right child's index. */
#define NODE_ENTRY 12u
#define ROOT_ENTRY 8u
#define BITS_START 16u
#define BITS_MAX 40u

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

/* A slot's home: the top bits of the hash, so that doubling sends the
 * entries of slot i to slots near 2i and a rehash in slot order writes the
 * new table nearly in order. */
static uint64_t home(uint64_t hash, unsigned bits) { return hash >> (64 - bits); }

/* Address space, reserved lazily as store.c's tables are: a page costs
 * memory only once touched. */
static void *reserve(size_t bytes)
{
	void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	/* Fewer, larger page faults and TLB misses: tables are touched at random. */
	(void)madvise(p, bytes, MADV_HUGEPAGE);
	return p;
}

static size_t table_bytes(const struct tree_table *a) { return (size_t)a->entry << a->bits; }

/* The table starts at 1 << bits slots; it may double while the old and
 * the new table fit in the budget together. */
static int table_init(struct tree_table *a, unsigned entry, unsigned bits, uint64_t memory_max)
{
	unsigned bits_max = bits;
	while (bits_max < BITS_MAX && ((uint64_t)entry << bits_max) * 3 <= memory_max)
		bits_max++;
	*a = (struct tree_table){.entry = entry, .bits = bits};
	a->region_bytes = (size_t)entry << bits_max;
	a->region[0] = reserve(a->region_bytes);
	a->region[1] = reserve(a->region_bytes);
	a->slot = a->region[0];
	a->grow_at = grow_at(bits);
	a->full_at = full_at(bits);
	return a->region[0] && a->region[1] ? 0 : -1;
}

static void table_free(struct tree_table *a)
{
	for (unsigned r = 0; r < 2; r++)
		if (a->region[r])
			munmap(a->region[r], a->region_bytes);
	a->region[0] = a->region[1] = NULL;
}

/* Double `a` into its other region, if the budget holds both copies and
 * `other` table; else it stays and fills to full_at.  The region left is
 * given back (MADV_DONTNEED: it reads as zeros again, i.e. empty).  Keys
 * are rehashed; indices stay as they are, so no tree changes. */
static void table_grow(struct tree_store *t, struct tree_table *a, const struct tree_table *other)
{
	size_t old = table_bytes(a), bytes = old * 2;
	if (bytes > a->region_bytes || old + bytes + table_bytes(other) > t->memory_max) {
		a->grow_at = UINT64_MAX;
		return;
	}
	unsigned bits = a->bits + 1, entry = a->entry;
	uint64_t mask = (1ull << bits) - 1;
	uint8_t *to = a->region[a->current ^ 1];
	for (const uint8_t *e = a->slot; e < a->slot + old; e += entry) {
		if (load32(e + entry - 4) == 0)
			continue;
		uint64_t i = home(hash_key(load64(e)), bits);
		while (load32(to + i * entry + entry - 4) != 0)
			i = (i + 1) & mask;
		memcpy(to + i * entry, e, entry);
	}
	(void)madvise(a->slot, old, MADV_DONTNEED);
	a->slot = to;
	a->current ^= 1;
	a->bits = bits;
	a->grow_at = grow_at(bits);
	a->full_at = full_at(bits);
}

/* The index of the node with `key`, added if new; 0 if the table is full
 * (or the 32-bit indices are used up). */
static uint32_t node_index(struct tree_store *t, uint64_t key)
{
	struct tree_table *a = &t->nodes;
	if (a->used >= a->grow_at)
		table_grow(t, a, &t->roots);
	uint64_t mask = (1ull << a->bits) - 1;
	uint8_t *e;
	for (uint64_t i = home(hash_key(key), a->bits);; i = (i + 1) & mask) {
		e = a->slot + i * NODE_ENTRY;
		uint32_t index = load32(e + 8);
		if (index == 0)
			break;
		if (load64(e) == key)
			return index;
	}
	if (a->used >= a->full_at || t->next_index == UINT32_MAX)
		return 0;
	uint32_t index = ++t->next_index;
	memcpy(e, &key, 8);
	memcpy(e + 8, &index, 4);
	a->used++;
	return index;
}

static enum tree_result root_insert(struct tree_store *t, uint64_t key)
{
	struct tree_table *a = &t->roots;
	if (a->used >= a->grow_at)
		table_grow(t, a, &t->nodes);
	uint64_t mask = (1ull << a->bits) - 1, *slot = (uint64_t *)(void *)a->slot;
	for (uint64_t i = home(hash_key(key), a->bits);; i = (i + 1) & mask) {
		if (slot[i] == key)
			return TREE_SEEN;
		if (slot[i] == 0) {
			if (a->used >= a->full_at)
				return TREE_FULL;
			slot[i] = key;
			a->used++;
			return TREE_NEW;
		}
	}
}

/* ---- shape ------------------------------------------------------------------ */

/* A balanced tree over leaves [first, first + count): the left half gets
 * the odd leaf.  Inner nodes are numbered in post-order, so a node's
 * children always come before it.  Returns the subtree's id. */
static uint32_t build(struct tree_store *t, unsigned first, unsigned count, unsigned *inner)
{
	if (count == 1)
		return first;
	unsigned left = (count + 1) / 2;
	uint32_t a = build(t, first, left, inner), b = build(t, first + left, count - left, inner);
	uint32_t id = t->leaves + (*inner)++;
	t->child[id - t->leaves][0] = a;
	t->child[id - t->leaves][1] = b;
	t->parent[a] = t->parent[b] = id;
	return id;
}

int tree_store_init(struct tree_store *t, unsigned state_size, uint64_t memory_max)
{
	memset(t, 0, sizeof(*t));
	t->state_size = state_size;
	t->memory_max = memory_max;
	t->leaves = state_size > 16 ? (state_size + 7) / 8 : 2;
	unsigned n = 2 * t->leaves - 1, inner = 0;
	t->child = malloc((t->leaves - 1) * sizeof(*t->child));
	t->parent = malloc(n * sizeof(*t->parent));
	t->dirty = calloc(n, 1);
	t->scratch_memory = malloc(tree_store_ref_size(t));
	/* Start small unless the budget is smaller still. */
	unsigned bits = BITS_START;
	while (bits > 4 && ((uint64_t)(NODE_ENTRY + ROOT_ENTRY) << bits) * 2 > memory_max)
		bits--;
	if (!t->child || !t->parent || !t->dirty || !t->scratch_memory ||
	    table_init(&t->nodes, NODE_ENTRY, bits, memory_max) != 0 ||
	    table_init(&t->roots, ROOT_ENTRY, bits, memory_max) != 0) {
		tree_store_free(t);
		return -1;
	}
	uint32_t root = build(t, 0, t->leaves, &inner);
	t->parent[root] = root; /* marking ancestors stops at a marked node */
	tree_store_ref_bind(t, &t->scratch, t->scratch_memory);
	return 0;
}

void tree_store_free(struct tree_store *t)
{
	table_free(&t->nodes);
	table_free(&t->roots);
	free(t->child);
	free(t->parent);
	free(t->dirty);
	free(t->scratch_memory);
	t->child = NULL;
	t->parent = NULL;
	t->dirty = NULL;
	t->scratch_memory = NULL;
}

size_t tree_store_ref_size(const struct tree_store *t)
{
	return t->leaves * sizeof(uint64_t) + (2 * t->leaves - 2) * sizeof(uint32_t);
}

void tree_store_ref_bind(const struct tree_store *t, struct tree_ref *ref, void *memory)
{
	ref->leaf = memory;
	ref->node = (uint32_t *)(void *)(ref->leaf + t->leaves);
	/* The padding past state_size stays zero: inserts copy state_size bytes. */
	memset(ref->leaf, 0, t->leaves * sizeof(uint64_t));
}

/* ---- insertion -------------------------------------------------------------- */

/* Mark leaf `id` and its ancestors up to the first already marked. */
static void mark(struct tree_store *t, uint32_t id)
{
	while (!t->dirty[id]) {
		t->dirty[id] = 1;
		id = t->parent[id];
	}
}

/* Look up the marked nodes, children before parents, unmarking them; the
 * root's key decides.  A state whose leaves all equal its parent's is its
 * parent, stored already. */
static enum tree_result rehash_marked(struct tree_store *t, struct tree_ref *out)
{
	unsigned leaves = t->leaves, root = 2 * leaves - 2;
	uint8_t *dirty = t->dirty;
	for (unsigned i = 0; i < leaves; i++) {
		if (!dirty[i])
			continue;
		dirty[i] = 0;
		if ((out->node[i] = node_index(t, out->leaf[i])) == 0)
			goto full;
	}
	for (unsigned id = leaves; id < root; id++) {
		if (!dirty[id])
			continue;
		dirty[id] = 0;
		const uint32_t *c = t->child[id - leaves];
		if ((out->node[id] = node_index(t, out->node[c[0]] | (uint64_t)out->node[c[1]] << 32)) == 0)
			goto full;
	}
	if (!dirty[root])
		return TREE_SEEN;
	dirty[root] = 0;
	const uint32_t *c = t->child[root - leaves];
	return root_insert(t, out->node[c[0]] | (uint64_t)out->node[c[1]] << 32);
full:
	memset(dirty, 0, root + 1);
	return TREE_FULL;
}

enum tree_result tree_store_insert(struct tree_store *t, const uint8_t *state, const struct tree_ref *parent,
                                   struct tree_ref *out)
{
	memcpy(out->leaf, state, t->state_size);
	if (!parent) {
		memset(t->dirty, 1, 2 * t->leaves - 1);
		return rehash_marked(t, out);
	}
	memcpy(out->node, parent->node, (2 * t->leaves - 2) * sizeof(uint32_t));
	for (unsigned i = 0; i < t->leaves; i++)
		if (out->leaf[i] != parent->leaf[i])
			mark(t, i);
	return rehash_marked(t, out);
}

uint64_t tree_store_count(const struct tree_store *t) { return t->roots.used; }

uint64_t tree_store_bytes_used(const struct tree_store *t)
{
	return t->nodes.used * NODE_ENTRY + t->roots.used * ROOT_ENTRY;
}
