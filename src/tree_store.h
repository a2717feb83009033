/*
 * tree_store.h - the visited-state set of the depth-first search, lossless,
 * by tree compression (Blom, van de Pol, Weber, "Bridging the gap between
 * enumerative and symbolic model checkers", 2009; as LTSmin keeps it:
 * Laarman, van de Pol, Weber, "Parallel recursive state compression for
 * free", SPIN 2011, and Laarman et al., "Optimal compression of
 * combinatorial state spaces", 2013).
 *
 * The packed state, padded to whole 8-byte leaves, is the bottom row of a
 * balanced binary tree.  Every node is hash-consed: a leaf's key is its 8
 * bytes, an inner node's key its two children's indices (2 x 32 bits), and
 * equal keys get one index.  Equal subtrees are so kept once, and a state
 * costs only the nodes that no earlier state had: near the leaves almost
 * none, since a step changes a few fields.  The root's key goes to its own
 * table, which needs no indices: a state is new iff its root key is new.
 *
 * Indices are handed out in order (1, 2, ...) and kept in the node table's
 * entries next to their keys, rather than being slot positions as in
 * LTSmin: the tables can then start small and double (rehashing keys
 * only), so memory is touched as the search needs it instead of a
 * budget-sized table being touched at random from the first state on.
 *
 * Incremental insertion (Blom et al. sec. 4): the depth-first search
 * inserts each successor right after its step, and a step changes a few
 * leaves.  The caller keeps the parent's tree (struct tree_ref: its leaves
 * and node indices) and the store looks up only the changed leaves and
 * their ancestors: O(k log n) lookups for k changed leaves of n.
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

/* An open-addressing table of fixed-size entries whose first 8 bytes are
 * the key; an all-zero entry is empty.  It grows by doubling into the
 * other of two regions reserved at creation (ping-pong), and the region it
 * leaves is given back to the system. */
struct tree_table {
	uint8_t *slot;
	uint8_t *region[2];
	size_t region_bytes;
	unsigned current;      /* slot == region[current] */
	unsigned entry;        /* bytes an entry */
	unsigned bits;         /* 1 << bits slots */
	uint64_t used;
	uint64_t grow_at;      /* used count that makes it double */
	uint64_t full_at;      /* used count past which nothing is added */
};

struct tree_store {
	unsigned state_size;
	unsigned leaves;       /* 8-byte leaves, >= 2 */
	/* Shape: node ids 0 .. leaves-1 are the leaves, then the inner nodes
	 * in post-order (children before parents); the root is the last id. */
	uint32_t (*child)[2];  /* of inner node id leaves + j, j < leaves - 1 */
	uint32_t *parent;      /* of every id but the root */
	uint8_t *dirty;        /* scratch: nodes to look up */
	struct tree_table nodes;  /* key -> index: entries key (8) | index (4) */
	struct tree_table roots;  /* key only */
	uint32_t next_index;   /* last index handed out */
	uint64_t memory_max;
	struct tree_ref scratch;  /* tree_store_insert without a parent */
	void *scratch_memory;
};

enum tree_result { TREE_NEW = 0, TREE_SEEN, TREE_FULL };

int tree_store_init(struct tree_store *t, unsigned state_size, uint64_t memory_max);
void tree_store_free(struct tree_store *t);
size_t tree_store_ref_size(const struct tree_store *t);
/* Point `ref` into `memory` (tree_store_ref_size bytes, 8-aligned). */
void tree_store_ref_bind(const struct tree_store *t, struct tree_ref *ref, void *memory);
/* Insert `state` (state_size bytes) and write its tree to `out`.  `parent`
 * is the tree of a state already stored (any state: the nearer, the fewer
 * lookups), or NULL.  On TREE_FULL, `out` is not a tree. */
enum tree_result tree_store_insert(struct tree_store *t, const uint8_t *state, const struct tree_ref *parent,
                                   struct tree_ref *out);
/* States stored, and the bytes of the table entries in use. */
uint64_t tree_store_count(const struct tree_store *t);
uint64_t tree_store_bytes_used(const struct tree_store *t);

#endif
