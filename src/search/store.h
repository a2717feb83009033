/*
 * store.h - the visited-state set, lossless.  Open addressing over 64-bit
 * slots (24-bit hash tag | 40-bit arena offset).  Each state is kept in the
 * arena as its difference from the initial state (XOR), run-length coded for
 * zero bytes: most of a world (unused pirqs, idle devices) equals the
 * initial world, so a state costs a fraction of its packed size.  The coding
 * is canonical, so two states are equal iff their records are.
 * Everything is allocated once, at creation, from the memory budget;
 * insertion never allocates.  A full store is reported, never grown past
 * the budget.
 * Slots: 24-bit hash tag | 40-bit arena offset (offset 0 is never used, so
 * a slot is never 0); hash compaction: the 64-bit fingerprint itself.
 *
 * A store made by store_init_tree keeps states tree-compressed instead
 * (tree_store.h): the depth-first search's store, which passes each
 * successor's parent to store_insert_tree.
 */
#ifndef PIRQSIM_STORE_H
#define PIRQSIM_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "search/tree_store.h"

struct store {
	uint64_t *slot;        /* 0 = empty */
	uint8_t *arena;
	uint64_t slot_mask;
	unsigned table_bits;   /* slot_mask + 1 == 1 << table_bits */
	uint64_t count;        /* states stored */
	uint64_t arena_used, arena_size;
	unsigned state_size;
	const uint8_t *base;   /* the initial state, packed */
	uint8_t *scratch;      /* one encoded record */
	uint8_t *decoded;      /* one decoded state (store_grow) */
	uint64_t table_max;    /* slots the budget allows */
	bool compact;          /* hash compaction: keep only 64-bit fingerprints */
	uint64_t bytes;        /* allocated */
	struct tree_store *tree;  /* tree compression (store_init_tree), else NULL */
};

enum store_result { STORE_NEW = 0, STORE_SEEN, STORE_FULL };

/* `base` (state_size bytes, kept by the caller) is the reference state.
 * With `compact`, the store keeps only each state's 64-bit XXH3 fingerprint
 * (lossy: two states with one fingerprint are taken as one; see
 * store_omission_probability). */
int store_init(struct store *s, unsigned state_size, const uint8_t *base, uint64_t memory_max, bool compact);
/* Hash compaction: probability that at least one state was wrongly taken as
 * already visited, n(n-1)/2 / 2^64 for n stored fingerprints (upper bound by
 * the birthday argument, as SPIN reports for -DHC). */
double store_omission_probability(const struct store *s);
void store_free(struct store *s);
enum store_result store_insert(struct store *s, const uint8_t *state);

/* Tree compression (tree_store.h), for the depth-first search: lossless,
 * a few nodes per state.  Not for shared use.  store_insert works on it
 * too (without a parent: every node is looked up). */
int store_init_tree(struct store *s, unsigned state_size, uint64_t memory_max);
/* Bytes of one state's tree (struct tree_ref); 0 unless a tree store. */
size_t store_tree_ref_size(const struct store *s);
/* Point `ref` into `memory` (store_tree_ref_size bytes, 8-aligned). */
void store_tree_ref_bind(const struct store *s, struct tree_ref *ref, void *memory);
/* Insert `state` and write its tree to `out` (not `parent`'s storage).
 * `parent` is the tree of a stored state, ideally the one `state` was
 * reached from: then only the leaves that differ from it and their
 * ancestors are looked up.  NULL: every node.  On other stores this is
 * store_insert. */
enum store_result store_insert_tree(struct store *s, const uint8_t *state, const struct tree_ref *parent,
                                    struct tree_ref *out);

/* Shared use of a tree store by several threads (the depth-first search on
 * several threads): each inserts with its own cursor (tree_cursor_init);
 * the store locks one depth's table at a time (tree_store.h).  New states
 * are not added to `count` (a line every thread would write): the callers
 * count them and set `count` when they are done. */
void store_share_tree(struct store *s);
/* Each sharing thread joins with its cursor (member < TREE_MEMBERS_MAX)
 * before inserting and leaves when done; while not inserting for long it
 * calls store_safepoint now and then (tree_store_safepoint). */
void store_join(struct store *s, struct tree_cursor *cursor, unsigned member);
void store_leave(struct store *s, struct tree_cursor *cursor);
void store_safepoint(struct store *s, struct tree_cursor *cursor);
enum store_result store_insert_tree_with(struct store *s, struct tree_cursor *cursor, const uint8_t *state,
                                         const struct tree_ref *parent, struct tree_ref *out);

/* Shared use by several threads.  The table does not grow during shared
 * use: between rounds, one thread adds the round's new states to `count`
 * and calls store_reserve for as many states as the next round can add at
 * most.  Inserts are lock-free: a slot is claimed by compare-and-swap
 * after its record is written; arena space comes from per-thread chunks. */
int store_reserve(struct store *s, uint64_t states);
size_t store_scratch_size(const struct store *s);
/* One thread's own part of shared use: its scratch buffer
 * (store_scratch_size bytes) and its current arena chunk.  New states are
 * counted by the caller, and the arena bytes it used in `used`; add them to
 * the store's count between rounds. */
struct store_cursor {
	uint8_t *scratch;
	uint64_t next, end, used;
};
enum store_result store_insert_shared(struct store *s, const uint8_t *state, struct store_cursor *cursor);
/* Bytes per stored state: arena bytes used plus the table, per state;
 * tree stores: the bytes of the table entries in use, per state. */
double store_bytes_per_state(const struct store *s);

#endif
