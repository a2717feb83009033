/*
 * tree_store.h - the visited-state set of the depth-first search, lossless,
 * by tree compression (Blom, van de Pol, Weber, "Bridging the gap between
 * enumerative and symbolic model checkers", 2009; as LTSmin keeps it:
 * Laarman, van de Pol, Weber, "Parallel recursive state compression for
 * free", SPIN 2011, and Laarman et al., "Optimal compression of
 * combinatorial state spaces", 2013).
 *
 * The packed state, padded to whole 8-byte leaves, is the bottom row of a
 * balanced tree: binary, but for a root with four children.  Every node
 * is hash-consed: a leaf's key is its 8 bytes, an inner node's key its two
 * children's indices (2 x 32 bits), and equal keys get one index.  Equal
 * subtrees are so kept once, and a state costs only the nodes that no
 * earlier state had: near the leaves almost none, since a step changes a
 * few fields.  The root's key (its children's indices) goes to a table of
 * its own, which needs no indices: a state is new iff its root key is.
 *
 * Indices are handed out in order (1, 2, ...) and kept in the entries next
 * to their keys, rather than being slot positions as in LTSmin: the tables
 * can then start small and double (rehashing keys only), so memory is
 * touched as the search needs it instead of a budget-sized table being
 * touched at random from the first state on.  There is a table for each
 * depth, so the few nodes near the leaves are looked up in small tables
 * that stay in the caches.
 *
 * Incremental insertion (Laarman, van de Pol, Weber 2011): the
 * depth-first search inserts each successor right after its step, and a
 * step changes a few leaves.  The caller keeps the parent's tree (struct
 * tree_ref: its leaves and node indices) and the store looks up only the
 * changed leaves and their ancestors: O(k log n) lookups for k changed
 * leaves of n, one depth at a time so that one depth's cache misses
 * overlap.
 *
 * Everything is reserved once, at creation, from the memory budget; the
 * hot path never allocates.  A full store is reported, never grown past
 * the budget.
 */
#ifndef PIRQSIM_TREE_STORE_H
#define PIRQSIM_TREE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One state's tree: its leaves (the padded packed state) and the index of
 * every node but the root.  Storage comes from the caller
 * (tree_store_ref_size bytes, bound once by tree_store_ref_bind). */
struct tree_ref {
	uint64_t *leaf;
	uint32_t *node;
};

/* An open-addressing table of fixed-size entries keyed by their first 8
 * bytes (node tables) or all their bytes (the root table); an entry whose
 * last 4 bytes are zero is empty.  Linear probing without wrapping, so
 * that it can double in place, in a region reserved at creation for the
 * largest table the budget could hold. */
struct tree_table {
	/* Read by every lookup, written only when it doubles. */
	uint8_t *slot;
	size_t region_bytes;
	unsigned entry;        /* bytes an entry */
	unsigned bits;         /* 1 << bits homes */
	uint64_t grow_at;      /* used count that makes it double */
	uint64_t full_at;      /* used count past which nothing is added */
	uint8_t *stash;        /* entries set aside while it doubles */
	bool huge;             /* advised to use huge pages (tree_store.c) */
	/* Written by insertions, on a cache line of their own (shared use:
	 * another thread's lookups do not lose the line above). */
	uint64_t used __attribute__((aligned(64)));
	uint64_t displacement_max;  /* longest distance of an entry from its home */
	uint32_t next_index;   /* node tables: last index handed out */
} __attribute__((aligned(64)));

#define TREE_MEMBERS_MAX 64    /* threads that may share a store */
#define TREE_DEPTH_MAX 32
/* Children of the root.  Nearly every state has its own root and, with a
 * binary root, its own root children too (each spans half the state): a
 * root key (8 bytes) and about one new 12-byte child entry a state, and
 * one more dependent cache miss a lookup.  A 4-ary root costs one 16-byte
 * key instead (6 NVMe x 2: 21 rather than 26 bytes a state, ~15% more
 * states a second).  Below the root the tree is binary. */
#define TREE_ROOT_FAN 4

/* One inserting thread's scratch: the nodes to look up (marked), listed by
 * depth (depth d's list at marked_list + level_first[d]), so that the
 * lookups of one depth run without a branch on each node, and their keys
 * and hashes; a tree for insertions without a parent. */
struct tree_cursor {
	uint8_t *dirty;
	uint32_t *marked_list;
	uint32_t marked[TREE_DEPTH_MAX];
	uint64_t *hash;
	uint64_t *key;
	struct tree_ref scratch;
	void *scratch_memory;
	/* Shared use: this thread's member slot, the indices it has taken
	 * for each table and not used yet, and the entries it added and has
	 * not counted in the table's `used` yet. */
	unsigned member;
	uint32_t index_next[TREE_DEPTH_MAX], index_end[TREE_DEPTH_MAX];
	uint32_t uncounted[TREE_DEPTH_MAX];
	/* The nodes and roots this thread met last (tree_store.c: a node's
	 * index never changes once given, and nothing is ever removed, so
	 * they stay true): a depth-first search meets again what it met
	 * shortly before, and a hit spares a probe into a table much larger
	 * than the caches. */
	struct tree_recent { uint64_t key; uint32_t index, depth; } *recent;
	uint64_t (*recent_root)[2];
};

struct tree_store {
	unsigned state_size;
	unsigned leaves;       /* 8-byte leaves, >= TREE_ROOT_FAN */
	unsigned nodes;        /* the root included */
	unsigned depths;       /* the root is at depth 0, the deepest leaves at depths - 1 */
	/* Shape.  Node ids go by depth, deepest first: children come before
	 * their parents, and one depth's nodes are together (level_first[d]
	 * .. level_first[d - 1] - 1; level_first[0] is the root, the last
	 * id).  Inner node: child = its children's ids; leaf: child[0] = its
	 * leaf number, child[1] = TREE_LEAF.  The root has TREE_ROOT_FAN
	 * children (root_child), every other inner node two. */
	uint32_t (*child)[2];
	uint32_t root_child[TREE_ROOT_FAN];
	uint32_t *parent;      /* of every id; the root's is itself */
	uint32_t *leaf_node;   /* id of each leaf */
	uint32_t level_first[TREE_DEPTH_MAX + 1];
	uint8_t *depth;        /* of every id */
	/* One table per depth: table[0] holds root keys only (the root's
	 * children's indices, 4 x 4 bytes), table[d] maps the keys of depth
	 * d's nodes to indices (entries key (8) | index (4)).  Near the
	 * leaves few distinct nodes exist, so those tables stay small enough
	 * for the caches; only the top ones grow with the state count. */
	struct tree_table table[TREE_DEPTH_MAX];
	uint64_t memory_max;
	uint64_t bytes;        /* of all tables as they are now */
	struct tree_cursor own;   /* tree_store_insert's */
	/* Shared use (tree_store_share).  Threads add entries without locks:
	 * an empty entry is claimed by compare-and-swap of its last word (a
	 * node's index, a root key's last child) to TREE_CLAIMED, written,
	 * and published by storing that word last; a lookup that meets a
	 * claimed entry waits for it.  Indices come from per-thread blocks,
	 * so any thread can insert from any stored state's tree.  A table
	 * doubles only while every other member is parked outside the
	 * tables (a stop-the-world pause): `pause` is odd while one is
	 * asked for, and each member records the pause it parked for. */
	bool shared;
	unsigned member_count;   /* joined so far: each may hold up to 15 entries uncounted */
	uint64_t pause __attribute__((aligned(64)));
	struct {
		uint64_t parked;   /* the pause this member is parked for */
		bool present;      /* a member now (tree_store_join .. leave) */
	} __attribute__((aligned(64))) members[TREE_MEMBERS_MAX];
};

#define TREE_LEAF UINT32_MAX
#define TREE_CLAIMED UINT32_MAX /* an entry being written (shared use); never an index */

enum tree_result { TREE_NEW = 0, TREE_SEEN, TREE_FULL };

int tree_store_init(struct tree_store *t, unsigned state_size, uint64_t memory_max);
void tree_store_free(struct tree_store *t);
size_t tree_store_ref_size(const struct tree_store *t);
/* Point `ref` into `memory` (tree_store_ref_size bytes, 8-aligned). */
void tree_store_ref_bind(const struct tree_store *t, struct tree_ref *ref, void *memory);
/* Several threads will insert, each with its own cursor, which it makes a
 * member (slot `member` < TREE_MEMBERS_MAX) before inserting and takes out
 * when it is done.  Members call tree_store_safepoint now and then while
 * they do not insert (waiting, expanding states), so that a pause does not
 * wait long for them. */
void tree_store_share(struct tree_store *t);
void tree_store_join(struct tree_store *t, struct tree_cursor *c, unsigned member);
void tree_store_leave(struct tree_store *t, struct tree_cursor *c);
void tree_store_safepoint(struct tree_store *t, struct tree_cursor *c);
int tree_cursor_init(const struct tree_store *t, struct tree_cursor *c);
void tree_cursor_free(struct tree_cursor *c);
/* tree_store_insert with a thread's own cursor. */
enum tree_result tree_store_insert_with(struct tree_store *t, struct tree_cursor *c, const uint8_t *state,
                                        const struct tree_ref *parent, struct tree_ref *out);
/* Insert `state` (state_size bytes) and write its tree to `out`; `state`
 * may be out->leaf itself (packed in place: no copy).  `parent`
 * is the tree of a state already stored (any state: the nearer, the fewer
 * lookups), or NULL.  On TREE_FULL, `out` is not a tree. */
enum tree_result tree_store_insert(struct tree_store *t, const uint8_t *state, const struct tree_ref *parent,
                                   struct tree_ref *out);
/* The bytes of the table entries in use. */
uint64_t tree_store_bytes_used(const struct tree_store *t);

#endif
